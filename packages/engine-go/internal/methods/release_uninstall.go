package methods

// release.uninstall reproduces `helm uninstall` of Helm v4.3.1 for one release
// (pkg/cmd/uninstall.go newUninstallCmd RunE: validateCascadeFlag, then Uninstall.Run). The CLI
// takes several names and prints "release ... uninstalled"; the SDK takes one (releaseName) or
// several (releaseNames) and returns each uninstalled release and its "kept resources" note.
// Several names run as the CLI's loop does: in order, with one client, stopping at the first
// failure; the releases before it stay uninstalled and the error lists them (details.uninstalled)
// and those not attempted (details.notAttempted). Unlike the CLI, every name is checked before
// the first uninstall, so a typo in the list uninstalls nothing. Uninstall.Run takes no context:
// the request context reaches the waits through kube.WithWaitContext, so an abort stops waiting
// for deletions.

import (
	"context"
	"errors"

	"helm.sh/helm/v4/pkg/action"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
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

	ReleaseName    string   `msgpack:"releaseName,omitempty" doc:"RELEASE_NAME argument; exclusive with releaseNames."`
	ReleaseNames   []string `msgpack:"releaseNames,omitempty" doc:"RELEASE_NAME... arguments: several releases, uninstalled in order (the result lists each in releases)."`
	Namespace      string   `msgpack:"namespace,omitempty" doc:"--namespace. Defaults to the configured namespace."`
	KeepHistory    bool     `msgpack:"keepHistory,omitempty" doc:"--keep-history: keep the release record, marked uninstalled. Defaults to false."`
	IgnoreNotFound bool     `msgpack:"ignoreNotFound,omitempty" doc:"--ignore-not-found: a missing release is a success (no release in the result). Defaults to false."`
	Cascade        Cascade  `msgpack:"cascade,omitempty" doc:"--cascade: background (default), orphan or foreground."`
	DryRun         bool     `msgpack:"dryRun,omitempty" doc:"--dry-run: simulate. Defaults to false."`
	DisableHooks   bool     `msgpack:"disableHooks,omitempty" doc:"--no-hooks. Defaults to false."`
	Description    string   `msgpack:"description,omitempty" doc:"--description."`
}

// UninstallResult is what was uninstalled.
type UninstallResult struct {
	Release *Release `msgpack:"release,omitempty" doc:"The uninstalled release (absent when ignoreNotFound found none)."`
	Info    string   `msgpack:"info,omitempty" doc:"Resources kept because of their resource policy, as the CLI prints them."`
	// Releases is set for releaseNames only: one entry per name, in order.
	Releases []UninstalledRelease `msgpack:"releases,omitempty" doc:"With releaseNames: each release's outcome, in the order given."`
}

// UninstalledRelease is the outcome for one of several releaseNames.
type UninstalledRelease struct {
	ReleaseName string   `msgpack:"releaseName"`
	Release     *Release `msgpack:"release,omitempty" doc:"Absent when ignoreNotFound found none."`
	Info        string   `msgpack:"info,omitempty"`
}

var releaseUninstall = define("release.uninstall", "Uninstall a release, as `helm uninstall`.", runReleaseUninstall)

func runReleaseUninstall(ctx context.Context, req *Request, p *UninstallParams) (*UninstallResult, error) {
	if p.ReleaseNames != nil {
		return uninstallMany(ctx, req, p)
	}
	if err := checkName(p.ReleaseName); err != nil {
		return nil, err
	}
	client, cfg, ns, err := newUninstallClient(ctx, req, p)
	if err != nil {
		return nil, err
	}
	return uninstall(client, cfg, p.ReleaseName, ns)
}

// uninstallMany is the CLI's loop over its arguments (see the file comment).
func uninstallMany(ctx context.Context, req *Request, p *UninstallParams) (*UninstallResult, error) {
	if p.ReleaseName != "" {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "releaseNames", "releaseName and releaseNames are exclusive; set one")
	}
	if len(p.ReleaseNames) == 0 {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "releaseNames", "releaseNames must name at least one release")
	}
	for i, name := range p.ReleaseNames {
		if name == "" {
			return nil, protocol.Errorf(protocol.CodeInvalidArgument, "releaseNames", "releaseNames[%d] is empty", i)
		}
		if err := chartutil.ValidateReleaseName(name); err != nil {
			return nil, protocol.Errorf(protocol.CodeInvalidArgument, "releaseNames", "releaseNames[%d]: release name %q is invalid: %v", i, name, err)
		}
	}
	client, cfg, ns, err := newUninstallClient(ctx, req, p)
	if err != nil {
		return nil, err
	}
	out := &UninstallResult{Releases: []UninstalledRelease{}}
	done := []string{}
	for i, name := range p.ReleaseNames {
		res, err := uninstall(client, cfg, name, ns)
		if err != nil {
			var e *protocol.Error
			if errors.As(err, &e) {
				e.Details["input"] = "releaseNames"
				e.With("uninstalled", done).With("notAttempted", append([]string{}, p.ReleaseNames[i+1:]...))
			}
			return nil, err
		}
		out.Releases = append(out.Releases, UninstalledRelease{ReleaseName: name, Release: res.Release, Info: res.Info})
		done = append(done, name)
	}
	return out, nil
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
