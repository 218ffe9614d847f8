// Command helm-sdk-engine is the Go engine of helm-sdk: it links the Helm v4 library and serves
// the msgpack protocol of PROTOCOL.md on its stdin/stdout for one host process (@helm-sdk/core).
//
// Start-up guards the protocol stream before anything else runs: Helm writes to os.Stdout in
// places (download progress, "wrote <file>") and reads os.Stdin for `-f -` and passphrases, so
// the real fds 0 and 1 are kept for the protocol (dup'ed), os.Stdout is pointed at stderr and
// os.Stdin at /dev/null. Nothing but frames ever reaches the host's end of stdout.
package main

import (
	"fmt"
	"log/slog"
	"os"

	"helm.sh/helm/v4/pkg/kube"

	// Client-go auth plugins (exec, OIDC, ...), as the helm CLI imports them.
	_ "k8s.io/client-go/plugin/pkg/client/auth"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/buildinfo"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/methods"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/server"
)

func main() {
	in, out, err := takeStdio()
	if err != nil {
		fmt.Fprintf(os.Stderr, "helm-sdk-engine: cannot set up stdio: %v\n", err)
		os.Exit(1)
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))

	// Same field manager as the helm CLI (pkg/cmd/helm/helm.go), so releases made by the SDK and
	// by the CLI can upgrade each other without server-side-apply conflicts.
	kube.ManagedFieldsManager = "helm"

	maxFrame := protocol.MaxFrameFromEnv()
	info := protocol.EngineInfo{
		Protocol: protocol.Version,
		Engine:   buildinfo.EngineVersion,
		Helm:     buildinfo.HelmVersion(),
		Go:       buildinfo.GoVersion(),
		Pid:      os.Getpid(),
		MaxFrame: maxFrame,
	}
	// Lets the host's tests check its handling of a protocol mismatch.
	if v := os.Getenv("HELM_SDK_ENGINE_TEST_PROTOCOL"); v != "" {
		info.Protocol = v
	}
	engine := &methods.Engine{Info: info}
	registry := methods.NewRegistry(engine, os.Getenv("HELM_SDK_ENGINE_TEST") == "1")

	code := server.Serve(server.Options{
		In: in, Out: out, Hello: info, MaxFrame: maxFrame, Router: registry, Logger: slog.Default(),
	})
	os.Exit(code)
}
