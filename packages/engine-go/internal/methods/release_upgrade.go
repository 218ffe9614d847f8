package methods

// release.upgrade reproduces `helm upgrade` of Helm v4.3.1: pkg/cmd/upgrade.go newUpgradeCmd
// RunE, including `--install`, which is CLI logic, not an action: History(max 1), and when the
// release is missing or its last revision is uninstalled, an Install built from the upgrade's
// flags (the ~25 copied fields of RunE; Replace=true when it was uninstalled) run as runInstall.
// When upgrading Helm, diff RunE and mirror the change here (installFromUpgrade must copy every
// field RunE copies). Left out as for install: --output, --post-renderer, the SIGTERM handler.

import (
	"context"
	"errors"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/getter"
	"helm.sh/helm/v4/pkg/registry"
	ri "helm.sh/helm/v4/pkg/release"
	rcommon "helm.sh/helm/v4/pkg/release/common"
	"helm.sh/helm/v4/pkg/storage/driver"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// UpgradeParams are `helm upgrade`'s arguments and flags. The install-only flags
// (createNamespace, replace, generateName, ...) take effect only when install creates the release.
type UpgradeParams struct {
	InstallParams `msgpack:",inline"`

	Install              bool `msgpack:"install,omitempty" doc:"--install: install when no release by this name exists (or it was uninstalled). Defaults to false."`
	ReuseValues          bool `msgpack:"reuseValues,omitempty" doc:"--reuse-values: merge the last release's values with the new ones. Defaults to false."`
	ResetValues          bool `msgpack:"resetValues,omitempty" doc:"--reset-values: start from the chart's values. Defaults to false."`
	ResetThenReuseValues bool `msgpack:"resetThenReuseValues,omitempty" doc:"--reset-then-reuse-values. Defaults to false."`
	MaxHistory           *int `msgpack:"maxHistory,omitempty" doc:"--history-max: revisions kept; 0 for no limit. Defaults to the Configuration's maxHistory (10)."`
	CleanupOnFail        bool `msgpack:"cleanupOnFail,omitempty" doc:"--cleanup-on-fail: delete resources this upgrade created when it fails. Defaults to false."`
}

var releaseUpgrade = define("release.upgrade", "Upgrade a release, as `helm upgrade` (with install: `helm upgrade --install`).", runReleaseUpgrade)

func runReleaseUpgrade(ctx context.Context, req *Request, p *UpgradeParams) (*Release, error) {
	if err := checkName(p.ReleaseName); err != nil {
		return nil, err
	}
	if p.GenerateName {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "generateName", "generateName is an install option; upgrade needs releaseName")
	}
	if err := p.ChartSource.Validate(); err != nil {
		return nil, err
	}
	if p.MaxHistory != nil && *p.MaxHistory < 0 {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "maxHistory", "maxHistory must not be negative, got %d", *p.MaxHistory)
	}
	cfg, progress, ns, err := writeConfig(ctx, req, p.Namespace)
	if err != nil {
		return nil, err
	}
	env := req.Settings.EnvSettings(p.Namespace)

	if p.Install {
		// RunE: "If a release does not exist, install it."
		hist := action.NewHistory(cfg)
		hist.Max = 1
		versions, err := hist.Run(p.ReleaseName)
		uninstalled := isReleaseUninstalled(versions)
		if missing, herr := upgradeInstalls(err, uninstalled); herr != nil {
			return nil, orUnreachable(cfg, writeError(herr, nil, p.ReleaseName, ns))
		} else if missing {
			ip := installFromUpgrade(p, uninstalled)
			client, err := newInstallClient(ctx, cfg, ip, ns)
			if err != nil {
				return nil, err
			}
			rel, err := installChart(ctx, req, progress, client, ip, env)
			if err != nil {
				return nil, orUnreachable(cfg, writeError(err, rel, p.ReleaseName, ns))
			}
			return resultRelease(rel, p.HideNotes), nil
		}
	}

	client, err := newUpgradeClient(ctx, cfg, p, ns, req.Settings.EnvSettings(p.Namespace).MaxHistory)
	if err != nil {
		return nil, err
	}
	var rc *registry.Client
	if p.ChartData == nil {
		if rc, err = p.ChartSource.RegistryClient(env); err != nil {
			return nil, err
		}
		client.SetRegistryClient(rc)
	}
	chrt, err := loadChart(req, &p.ChartSource, client.LocateChart, env, p.Cwd, p.DependencyUpdate, client.Keyring, rc, false)
	if err != nil {
		return nil, err
	}
	vals, err := p.ValuesOptions.Merge(getter.All(env), p.Cwd)
	if err != nil {
		return nil, err
	}
	progress.Phase(helmenv.PhaseRender)
	res, err := client.RunWithContext(ctx, p.ReleaseName, chrt, vals)
	rel, rerr := toV1Release(res)
	if rerr != nil {
		return nil, rerr
	}
	if err != nil {
		return nil, orUnreachable(cfg, writeError(err, rel, p.ReleaseName, ns))
	}
	return resultRelease(rel, p.HideNotes), nil
}

// upgradeInstalls is RunE's decision for --install: install when History says the release is
// not found or its last revision is uninstalled; any other History error is the upgrade's error.
func upgradeInstalls(histErr error, uninstalled bool) (bool, error) {
	if errors.Is(histErr, driver.ErrReleaseNotFound) || uninstalled {
		return true, nil
	}
	return false, histErr
}

// isReleaseUninstalled is pkg/cmd/upgrade.go isReleaseUninstalled.
func isReleaseUninstalled(versions []ri.Releaser) bool {
	if len(versions) == 0 {
		return false
	}
	last, err := toV1Release(versions[len(versions)-1])
	return err == nil && last != nil && last.Info != nil && last.Info.Status == rcommon.StatusUninstalled
}

// installFromUpgrade is the Install RunE builds from the upgrade's flags. Only what RunE copies
// is kept; install-only flags the upgrade command does not have (generateName, nameTemplate,
// replace) are not copied, and Replace is set when the release was uninstalled.
func installFromUpgrade(p *UpgradeParams, uninstalled bool) *InstallParams {
	src := &p.InstallParams
	return &InstallParams{
		ChartSource:              src.ChartSource, // ChartPathOptions, Devel
		ValuesOptions:            src.ValuesOptions,
		WaitParams:               src.WaitParams, // Timeout, WaitStrategy (WaitOptions are rebuilt)
		ReleaseName:              src.ReleaseName,
		Namespace:                src.Namespace,
		CreateNamespace:          src.CreateNamespace,
		ForceReplace:             src.ForceReplace,
		DryRun:                   src.DryRun,
		DisableHooks:             src.DisableHooks,
		SkipCRDs:                 src.SkipCRDs,
		WaitForJobs:              src.WaitForJobs,
		RollbackOnFailure:        src.RollbackOnFailure,
		DisableOpenAPIValidation: src.DisableOpenAPIValidation,
		SubNotes:                 src.SubNotes,
		HideNotes:                src.HideNotes,
		SkipSchemaValidation:     src.SkipSchemaValidation,
		Description:              src.Description,
		DependencyUpdate:         src.DependencyUpdate,
		Labels:                   src.Labels,
		EnableDNS:                src.EnableDNS,
		HideSecret:               src.HideSecret,
		TakeOwnership:            src.TakeOwnership,
		ForceConflicts:           src.ForceConflicts,
		ServerSideApply:          installSSA(src.ServerSideApply), // RunE: client.ServerSideApply != "false"
		Replace:                  uninstalled,
		Cwd:                      src.Cwd,
	}
}

func installSSA(s ServerSideApply) ServerSideApply {
	if s == "false" {
		return "false"
	}
	return "true"
}

// newUpgradeClient maps the params onto action.NewUpgrade as newUpgradeCmd's flags do.
func newUpgradeClient(ctx context.Context, cfg *action.Configuration, p *UpgradeParams, ns string, defaultMaxHistory int) (*action.Upgrade, error) {
	apply, err := checkApply(&p.WaitParams, p.DryRun, p.ServerSideApply, p.ForceConflicts, p.ForceReplace)
	if err != nil {
		return nil, err
	}
	client := action.NewUpgrade(cfg)
	p.ChartSource.PathOptions(&client.ChartPathOptions) // --devel: Version ">0.0.0-0" as RunE
	client.Namespace = ns
	client.Install = p.Install
	client.Devel = p.Devel
	client.WaitStrategy = apply.wait
	client.WaitOptions = waitOptions(ctx)
	client.Timeout = apply.timeout
	client.WaitForJobs = p.WaitForJobs
	client.DryRunStrategy = apply.dry
	client.HideSecret = p.HideSecret
	client.ForceReplace = p.ForceReplace
	client.ForceConflicts = p.ForceConflicts
	if p.ServerSideApply != "" {
		client.ServerSideApply = string(p.ServerSideApply)
	}
	client.DisableHooks = p.DisableHooks
	client.DisableOpenAPIValidation = p.DisableOpenAPIValidation
	client.SkipCRDs = p.SkipCRDs
	client.ResetValues = p.ResetValues
	client.ReuseValues = p.ReuseValues
	client.ResetThenReuseValues = p.ResetThenReuseValues
	client.RollbackOnFailure = p.RollbackOnFailure
	client.MaxHistory = defaultMaxHistory
	if p.MaxHistory != nil {
		client.MaxHistory = *p.MaxHistory
	}
	client.CleanupOnFail = p.CleanupOnFail
	client.SubNotes = p.SubNotes
	client.HideNotes = p.HideNotes
	client.SkipSchemaValidation = p.SkipSchemaValidation
	client.Labels = p.Labels
	client.Description = p.Description
	client.DependencyUpdate = p.DependencyUpdate
	client.EnableDNS = p.EnableDNS
	client.TakeOwnership = p.TakeOwnership
	return client, nil
}
