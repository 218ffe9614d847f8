package methods

// release.uninstall reproduces `helm uninstall` of Helm v4.3.1 for one release
// (pkg/cmd/uninstall.go newUninstallCmd RunE: validateCascadeFlag, then Uninstall.Run). The CLI
// takes several names and prints "release ... uninstalled"; the SDK takes one and returns the
// uninstalled release and the "kept resources" note. Uninstall.Run takes no context: the request
// context reaches the waits through kube.WithWaitContext, so an abort stops waiting for deletions.

import (
	"context"

	"helm.sh/helm/v4/pkg/action"
	releasev1 "helm.sh/helm/v4/pkg/release/v1"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// Cascade is `--cascade`: the deletion propagation of the release's resources.
type Cascade string

// EnumValues lets cmd/protogen emit a string union.
func (Cascade) EnumValues() []string { return []string{"background", "orphan", "foreground"} }

// UninstallParams are `helm uninstall`'s argument and flags.
type UninstallParams struct {
	WaitParams `msgpack:",inline"`

	ReleaseName    string  `msgpack:"releaseName" doc:"RELEASE_NAME argument."`
	Namespace      string  `msgpack:"namespace,omitempty" doc:"--namespace. Defaults to the configured namespace."`
	KeepHistory    bool    `msgpack:"keepHistory,omitempty" doc:"--keep-history: keep the release record, marked uninstalled. Defaults to false."`
	IgnoreNotFound bool    `msgpack:"ignoreNotFound,omitempty" doc:"--ignore-not-found: a missing release is a success (no release in the result). Defaults to false."`
	Cascade        Cascade `msgpack:"cascade,omitempty" doc:"--cascade: background (default), orphan or foreground."`
	DryRun         bool    `msgpack:"dryRun,omitempty" doc:"--dry-run: simulate. Defaults to false."`
	DisableHooks   bool    `msgpack:"disableHooks,omitempty" doc:"--no-hooks. Defaults to false."`
	Description    string  `msgpack:"description,omitempty" doc:"--description."`
}

// UninstallResult is what was uninstalled.
type UninstallResult struct {
	Release *Release `msgpack:"release,omitempty" doc:"The uninstalled release (absent when ignoreNotFound found none)."`
	Info    string   `msgpack:"info,omitempty" doc:"Resources kept because of their resource policy, as the CLI prints them."`
}

var releaseUninstall = define("release.uninstall", "Uninstall a release, as `helm uninstall`.", runReleaseUninstall)

func runReleaseUninstall(ctx context.Context, req *Request, p *UninstallParams) (*UninstallResult, error) {
	if err := checkName(p.ReleaseName); err != nil {
		return nil, err
	}
	client, cfg, ns, err := newUninstallClient(ctx, req, p)
	if err != nil {
		return nil, err
	}
	return uninstall(client, cfg, p.ReleaseName, ns)
}

// uninstall runs client for name. A failure Classify leaves INTERNAL is KUBE_UNREACHABLE when
// the API server of cfg does not answer (it went away during the deletions or their wait), as
// for install/upgrade/rollback (release_unreachable.go).
func uninstall(client *action.Uninstall, cfg *action.Configuration, name, ns string) (*UninstallResult, error) {
	res, err := client.Run(name)
	var rel *releasev1.Release
	out := &UninstallResult{}
	if res != nil {
		if r, cerr := toV1Release(res.Release); cerr == nil {
			rel = r
		}
		out.Info = res.Info
	}
	if err != nil {
		return nil, orUnreachable(cfg, writeError(err, rel, name, ns))
	}
	out.Release = viewRelease(rel, DetailFull)
	return out, nil
}

func newUninstallClient(ctx context.Context, req *Request, p *UninstallParams) (*action.Uninstall, *action.Configuration, string, error) {
	ws, err := p.strategy()
	if err != nil {
		return nil, nil, "", err
	}
	timeout, err := p.timeout()
	if err != nil {
		return nil, nil, "", err
	}
	cascade := string(p.Cascade)
	switch cascade {
	case "":
		cascade = "background"
	case "background", "orphan", "foreground":
	default: // validateCascadeFlag
		return nil, nil, "", protocol.Errorf(protocol.CodeInvalidArgument, "cascade", "invalid cascade value (%s). Must be \"background\", \"foreground\", or \"orphan\"", p.Cascade)
	}
	cfg, _, ns, err := writeConfig(ctx, req, p.Namespace)
	if err != nil {
		return nil, nil, ns, err
	}
	client := action.NewUninstall(cfg)
	client.WaitStrategy = ws
	client.WaitOptions = waitOptions(ctx)
	client.Timeout = timeout
	client.KeepHistory = p.KeepHistory
	client.IgnoreNotFound = p.IgnoreNotFound
	client.DeletionPropagation = cascade
	client.DryRun = p.DryRun
	client.DisableHooks = p.DisableHooks
	client.Description = p.Description
	return client, cfg, ns, nil
}
