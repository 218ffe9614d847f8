package methods

// release.rollback reproduces `helm rollback` of Helm v4.3.1 (pkg/cmd/rollback.go newRollbackCmd
// RunE: revision argument, description length check, dry-run strategy, Rollback.Run). Run
// returns only an error; the SDK answers with the revision it created (or, on failure, attaches
// it to the error). Rollback is also the way out of a release left pending-install/upgrade by a
// killed engine: it does not check for pending operations, and supersedes what was deployed.
// Run takes no context: the request context reaches the waits through kube.WithWaitContext.

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"helm.sh/helm/v4/pkg/action"
	releasev1 "helm.sh/helm/v4/pkg/release/v1"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// RollbackParams are `helm rollback`'s arguments and flags.
type RollbackParams struct {
	WaitParams `msgpack:",inline"`

	ReleaseName     string          `msgpack:"releaseName" doc:"RELEASE argument."`
	Revision        int             `msgpack:"revision,omitempty" doc:"REVISION argument; 0 (default) rolls back to the previous revision."`
	Namespace       string          `msgpack:"namespace,omitempty" doc:"--namespace. Defaults to the configured namespace."`
	WaitForJobs     bool            `msgpack:"waitForJobs,omitempty" doc:"--wait-for-jobs. Defaults to false."`
	CleanupOnFail   bool            `msgpack:"cleanupOnFail,omitempty" doc:"--cleanup-on-fail. Defaults to false."`
	ForceReplace    bool            `msgpack:"forceReplace,omitempty" doc:"--force-replace. Defaults to false."`
	ForceConflicts  bool            `msgpack:"forceConflicts,omitempty" doc:"--force-conflicts (server-side apply only). Defaults to false."`
	ServerSideApply ServerSideApply `msgpack:"serverSideApply,omitempty" doc:"--server-side: true, false or auto (default: as the target revision was applied)."`
	MaxHistory      *int            `msgpack:"maxHistory,omitempty" doc:"--history-max; 0 for no limit. Defaults to the Configuration's maxHistory (10)."`
	DryRun          DryRunMode      `msgpack:"dryRun,omitempty" doc:"--dry-run: none (default), client or server."`
	Description     string          `msgpack:"description,omitempty" doc:"--description (at most 256 characters)."`
	DisableHooks    bool            `msgpack:"disableHooks,omitempty" doc:"--no-hooks. Defaults to false."`
}

var releaseRollback = define("release.rollback", "Roll a release back to a revision, as `helm rollback`.", runReleaseRollback)

func runReleaseRollback(ctx context.Context, req *Request, p *RollbackParams) (*Release, error) {
	if err := checkName(p.ReleaseName); err != nil {
		return nil, err
	}
	if p.Revision < 0 {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "revision", "revision must not be negative, got %d", p.Revision)
	}
	if n := utf8.RuneCountInString(p.Description); n > action.MaxDescriptionLength {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "description", "description must be %d characters or less, got %d", action.MaxDescriptionLength, n)
	}
	if p.MaxHistory != nil && *p.MaxHistory < 0 {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "maxHistory", "maxHistory must not be negative, got %d", *p.MaxHistory)
	}
	apply, err := checkApply(&p.WaitParams, p.DryRun, p.ServerSideApply, p.ForceConflicts, p.ForceReplace)
	if err != nil {
		return nil, err
	}
	cfg, _, ns, err := writeConfig(ctx, req, p.Namespace)
	if err != nil {
		return nil, err
	}
	client := action.NewRollback(cfg)
	client.Version = p.Revision
	client.WaitStrategy = apply.wait
	client.WaitOptions = waitOptions(ctx)
	client.Timeout = apply.timeout
	client.WaitForJobs = p.WaitForJobs
	client.DisableHooks = p.DisableHooks
	client.DryRunStrategy = apply.dry
	client.ForceReplace = p.ForceReplace
	client.ForceConflicts = p.ForceConflicts
	if p.ServerSideApply != "" {
		client.ServerSideApply = string(p.ServerSideApply)
	}
	client.CleanupOnFail = p.CleanupOnFail
	client.MaxHistory = req.Settings.EnvSettings(p.Namespace).MaxHistory
	if p.MaxHistory != nil {
		client.MaxHistory = *p.MaxHistory
	}
	client.Description = p.Description

	// The revision this rollback creates is the one after the latest.
	var before int
	if last, err := cfg.Releases.Last(p.ReleaseName); err == nil {
		if r, err := toV1Release(last); err == nil && r != nil {
			before = r.Version
		}
	}
	runErr := client.Run(p.ReleaseName)
	var rel *releasev1.Release
	if !isDryRun(apply.dry) && before > 0 {
		if got, err := cfg.Releases.Get(p.ReleaseName, before+1); err == nil {
			rel, _ = toV1Release(got)
		}
	}
	if runErr != nil {
		if strings.HasPrefix(runErr.Error(), "release has no ") {
			return nil, protocol.Wrap(protocol.CodeReleaseNotFound, "revision", runErr).
				With("releaseName", p.ReleaseName).With("namespace", ns).With("revision", p.Revision)
		}
		return nil, orUnreachable(cfg, writeError(runErr, rel, p.ReleaseName, ns))
	}
	if rel == nil {
		// Dry run: nothing was stored; report the revision that would be restored.
		target := p.Revision
		if target == 0 {
			target = before - 1
		}
		got, err := cfg.Releases.Get(p.ReleaseName, target)
		if err != nil {
			return nil, writeError(fmt.Errorf("reading revision %d after rollback: %w", target, err), nil, p.ReleaseName, ns)
		}
		rel, _ = toV1Release(got)
	}
	return viewRelease(rel, DetailFull), nil
}

func isDryRun(s action.DryRunStrategy) bool {
	return s == action.DryRunClient || s == action.DryRunServer
}
