package methods

// engine.version mirrors `helm version` of Helm v4.3.1 (pkg/cmd/version.go, internal/version
// Get): the linked Helm library's BuildInfo. internal/version cannot be imported from outside
// Helm, but chart/common.DefaultCapabilities carries the same BuildInfo value, computed by the same
// code, so both report what the ldflags stamped (scripts/build.sh stamps the version as
// tools/helm-cli/build.sh does for the reference CLI; git commit and tree state are stamped by
// neither, as a build from the Go module has no git checkout: both report them empty).

import (
	"context"

	"helm.sh/helm/v4/pkg/chart/common"
)

// VersionResult is `helm version`'s BuildInfo plus the engine's own version.
type VersionResult struct {
	Version           string `msgpack:"version" doc:"Helm's version (.Version), e.g. \"v4.3.1\"."`
	GitCommit         string `msgpack:"gitCommit" doc:"Helm's git commit (.GitCommit); empty when the build did not stamp it."`
	GitTreeState      string `msgpack:"gitTreeState" doc:"\"clean\" or \"dirty\" (.GitTreeState); empty when the build did not stamp it."`
	GoVersion         string `msgpack:"goVersion" doc:"Go runtime of the engine (.GoVersion)."`
	KubeClientVersion string `msgpack:"kubeClientVersion" doc:"Kubernetes version of the linked client-go, e.g. \"v1.37\" (.KubeClientVersion)."`
	Engine            string `msgpack:"engine" doc:"The engine's own version (not in helm version)."`
}

var engineVersion = define("engine.version", "Helm's build information, as `helm version`.",
	func(_ context.Context, req *Request, _ *NoParams) (*VersionResult, error) {
		bi := common.DefaultCapabilities.HelmVersion
		return &VersionResult{
			Version: bi.Version, GitCommit: bi.GitCommit, GitTreeState: bi.GitTreeState,
			GoVersion: bi.GoVersion, KubeClientVersion: bi.KubeClientVersion, Engine: req.Engine.Info.Engine,
		}, nil
	})
