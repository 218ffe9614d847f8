package methods

// release.install reproduces `helm install` of Helm v4.3.1: pkg/cmd/install.go newInstallCmd
// RunE + runInstall (NameAndChart -> LocateChart -> MergeValues -> Load -> checkIfInstallable ->
// CheckDependencies [-> dependency update] -> RunWithContext), with addInstallFlags' defaults.
// When upgrading Helm, diff those functions and mirror the change here. Left out: --output
// (the SDK returns data), --post-renderer (a plugin executable), the SIGTERM handler (the
// request's cancel does that job: the context reaches RunWithContext and the waits).
//
// Wait strategy, timeout and cancellation follow DESIGN.md section 4: WaitStrategy is always
// set (hookOnly unless asked), the request context goes to RunWithContext and, through
// kube.WithWaitContext, to every wait, so an aborted call stops waiting in the engine and the
// release ends `failed` (or is uninstalled with rollbackOnFailure), as with Ctrl-C on the CLI.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart"
	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/loader"
	"helm.sh/helm/v4/pkg/cli"
	"helm.sh/helm/v4/pkg/downloader"
	"helm.sh/helm/v4/pkg/getter"
	"helm.sh/helm/v4/pkg/registry"
	releasev1 "helm.sh/helm/v4/pkg/release/v1"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// InstallParams are `helm install`'s arguments and flags.
type InstallParams struct {
	helmenv.ChartSource   `msgpack:",inline"`
	helmenv.ValuesOptions `msgpack:",inline"`
	WaitParams            `msgpack:",inline"`

	ReleaseName              string            `msgpack:"releaseName,omitempty" doc:"NAME argument; required unless generateName."`
	GenerateName             bool              `msgpack:"generateName,omitempty" doc:"--generate-name. Defaults to false."`
	NameTemplate             string            `msgpack:"nameTemplate,omitempty" doc:"--name-template: template used to name the release."`
	Namespace                string            `msgpack:"namespace,omitempty" doc:"--namespace. Defaults to the configured namespace."`
	CreateNamespace          bool              `msgpack:"createNamespace,omitempty" doc:"--create-namespace. Defaults to false."`
	Description              string            `msgpack:"description,omitempty" doc:"--description."`
	Labels                   map[string]string `msgpack:"labels,omitempty" doc:"--labels added to the release metadata."`
	DependencyUpdate         bool              `msgpack:"dependencyUpdate,omitempty" doc:"--dependency-update. Defaults to false."`
	WaitForJobs              bool              `msgpack:"waitForJobs,omitempty" doc:"--wait-for-jobs. Defaults to false."`
	RollbackOnFailure        bool              `msgpack:"rollbackOnFailure,omitempty" doc:"--rollback-on-failure: uninstall on failure (implies waitStrategy watcher). Defaults to false."`
	DryRun                   DryRunMode        `msgpack:"dryRun,omitempty" doc:"--dry-run: none (default), client or server."`
	HideSecret               bool              `msgpack:"hideSecret,omitempty" doc:"--hide-secret (with dryRun). Defaults to false."`
	DisableHooks             bool              `msgpack:"disableHooks,omitempty" doc:"--no-hooks. Defaults to false."`
	SkipCRDs                 bool              `msgpack:"skipCrds,omitempty" doc:"--skip-crds. Defaults to false."`
	SkipSchemaValidation     bool              `msgpack:"skipSchemaValidation,omitempty" doc:"--skip-schema-validation. Defaults to false."`
	DisableOpenAPIValidation bool              `msgpack:"disableOpenApiValidation,omitempty" doc:"--disable-openapi-validation. Defaults to false."`
	TakeOwnership            bool              `msgpack:"takeOwnership,omitempty" doc:"--take-ownership. Defaults to false."`
	ServerSideApply          ServerSideApply   `msgpack:"serverSideApply,omitempty" doc:"--server-side. Defaults to true (auto means true for install)."`
	ForceConflicts           bool              `msgpack:"forceConflicts,omitempty" doc:"--force-conflicts (server-side apply only). Defaults to false."`
	ForceReplace             bool              `msgpack:"forceReplace,omitempty" doc:"--force-replace. Defaults to false."`
	Replace                  bool              `msgpack:"replace,omitempty" doc:"--replace: reuse the name of an uninstalled or failed release. Defaults to false."`
	EnableDNS                bool              `msgpack:"enableDns,omitempty" doc:"--enable-dns. Defaults to false."`
	HideNotes                bool              `msgpack:"hideNotes,omitempty" doc:"--hide-notes: leave notes out of the result. Defaults to false."`
	SubNotes                 bool              `msgpack:"subNotes,omitempty" doc:"--render-subchart-notes. Defaults to false."`
	KubeVersion              string            `msgpack:"kubeVersion,omitempty" doc:"Capabilities.KubeVersion for dryRun client (as helm template --kube-version)."`
	APIVersions              []string          `msgpack:"apiVersions,omitempty" doc:"Capabilities.APIVersions for dryRun client (as helm template --api-versions)."`
	Cwd                      string            `msgpack:"cwd,omitempty" doc:"Directory relative paths are resolved against. Defaults to the engine's working directory."`
}

var releaseInstall = define("release.install", "Install a chart, as `helm install`.", runReleaseInstall)

func runReleaseInstall(ctx context.Context, req *Request, p *InstallParams) (*Release, error) {
	cfg, progress, ns, err := writeConfig(ctx, req, p.Namespace)
	if err != nil {
		return nil, err
	}
	client, err := newInstallClient(ctx, cfg, p, ns)
	if err != nil {
		return nil, err
	}
	env := req.Settings.EnvSettings(p.Namespace)
	rel, err := installChart(ctx, req, progress, client, p, env)
	if err != nil {
		return nil, orUnreachable(cfg, writeError(err, rel, client.ReleaseName, ns))
	}
	return resultRelease(rel, p.HideNotes), nil
}

// newInstallClient maps the params onto action.NewInstall as addInstallFlags and RunE do.
func newInstallClient(ctx context.Context, cfg *action.Configuration, p *InstallParams, ns string) (*action.Install, error) {
	if err := p.ChartSource.Validate(); err != nil {
		return nil, err
	}
	if p.ReleaseName == "" && !p.GenerateName {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "releaseName", "releaseName is required (or set generateName)")
	}
	apply, err := checkApply(&p.WaitParams, p.DryRun, p.ServerSideApply, p.ForceConflicts, p.ForceReplace)
	if err != nil {
		return nil, err
	}

	client := action.NewInstall(cfg)
	p.ChartSource.PathOptions(&client.ChartPathOptions)
	client.WaitStrategy = apply.wait
	client.WaitOptions = waitOptions(ctx)
	client.Timeout = apply.timeout
	client.WaitForJobs = p.WaitForJobs
	client.DryRunStrategy = apply.dry
	client.CreateNamespace = p.CreateNamespace
	client.ForceReplace = p.ForceReplace
	client.ForceConflicts = p.ForceConflicts
	client.ServerSideApply = p.ServerSideApply != "false"
	client.DisableHooks = p.DisableHooks
	client.Replace = p.Replace
	client.GenerateName = p.GenerateName
	client.NameTemplate = p.NameTemplate
	client.Description = p.Description
	client.Devel = p.Devel
	client.DependencyUpdate = p.DependencyUpdate
	client.DisableOpenAPIValidation = p.DisableOpenAPIValidation
	client.RollbackOnFailure = p.RollbackOnFailure
	client.SkipCRDs = p.SkipCRDs
	client.SubNotes = p.SubNotes
	client.SkipSchemaValidation = p.SkipSchemaValidation
	client.Labels = p.Labels
	client.EnableDNS = p.EnableDNS
	client.HideNotes = p.HideNotes
	client.TakeOwnership = p.TakeOwnership
	client.HideSecret = p.HideSecret
	client.Namespace = ns
	if p.KubeVersion != "" {
		kv, err := common.ParseKubeVersion(p.KubeVersion)
		if err != nil {
			return nil, protocol.Wrap(protocol.CodeInvalidArgument, "kubeVersion", fmt.Errorf("invalid kube version '%s': %w", p.KubeVersion, err))
		}
		client.KubeVersion = kv
	}
	client.APIVersions = common.VersionSet(p.APIVersions)
	return client, nil
}

// installChart is runInstall from NameAndChart on. The returned release may come with an error
// (a failed install); the caller keeps both.
func installChart(ctx context.Context, req *Request, progress *helmenv.ProgressClient, client *action.Install, p *InstallParams, env *cli.EnvSettings) (*releasev1.Release, error) {
	args := []string{p.Chart}
	if p.ReleaseName != "" {
		args = []string{p.ReleaseName, p.Chart}
	}
	if p.ChartData != nil && p.Chart == "" {
		// NameAndChart wants a chart argument, and generates a name from its base name. For an
		// archive sent as bytes that is the chart's own name, as `helm install --generate-name
		// ./<chart>` gives: a fixed stand-in ("chartData") made names like "chartData-1764..."
		// that fail Helm's lowercase release name rule (issue 11).
		args[len(args)-1] = "chart"
		if p.ReleaseName == "" && p.NameTemplate == "" {
			args[len(args)-1] = archiveChartName(p.ChartData)
		}
	}
	name, _, err := client.NameAndChart(args)
	if err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidArgument, "releaseName", err)
	}
	client.ReleaseName = name

	if p.ChartData == nil {
		rc, err := p.ChartSource.RegistryClient(env)
		if err != nil {
			return nil, err
		}
		client.SetRegistryClient(rc)
	}
	chrt, err := loadChart(req, &p.ChartSource, client.LocateChart, env, p.Cwd, p.DependencyUpdate, client.Keyring, client.GetRegistryClient(), true)
	if err != nil {
		return nil, err
	}
	vals, err := p.ValuesOptions.Merge(getter.All(env), p.Cwd)
	if err != nil {
		return nil, err
	}

	progress.Phase(helmenv.PhaseRender)
	ri, err := client.RunWithContext(ctx, chrt, vals)
	rel, rerr := toV1Release(ri)
	if rerr != nil {
		return nil, rerr
	}
	return rel, err
}

// archiveChartName is the name in an archive's Chart.yaml, or "chart" (NameAndChart's own
// fallback) when the archive cannot be read: loadChart reports that error right after.
func archiveChartName(data []byte) string {
	c, err := loader.LoadArchive(bytes.NewReader(data))
	if err != nil {
		return "chart"
	}
	ac, err := chart.NewAccessor(c)
	if err != nil || ac.Name() == "" {
		return "chart"
	}
	return ac.Name()
}

// loadChart is the chart half of runInstall and of upgrade's RunE: locate (or take chartData),
// load, check installable (install only), check dependencies and update them when asked.
func loadChart(req *Request, src *helmenv.ChartSource, locate func(string, *cli.EnvSettings) (string, error),
	env *cli.EnvSettings, cwd string, dependencyUpdate bool, keyring string, rc *registry.Client, install bool,
) (chart.Charter, error) {
	var charter chart.Charter
	cp := ""
	if src.ChartData != nil {
		c, err := loader.LoadArchive(bytes.NewReader(src.ChartData))
		if err != nil {
			return nil, protocol.Wrap(protocol.CodeInvalidChart, "chartData", err)
		}
		charter = c
	} else {
		var err error
		if cp, err = src.Locate(locate, env, cwd); err != nil {
			return nil, err
		}
		c, err := loader.Load(cp)
		if err != nil {
			code := protocol.CodeInvalidChart
			if errors.Is(err, fs.ErrNotExist) {
				code = protocol.CodeChartNotFound
			}
			return nil, protocol.Wrap(code, "chart", err)
		}
		charter = c
	}

	ac, err := chart.NewAccessor(charter)
	if err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidChart, "chart", err)
	}
	if install {
		if err := checkIfInstallable(ac); err != nil {
			return nil, protocol.Wrap(protocol.CodeInvalidChart, "chart", err)
		}
	}
	if ac.Deprecated() {
		req.Emit.Emit(protocol.Event{Type: protocol.EventLog, Level: "warn", Message: "this chart is deprecated"})
	}
	reqs := ac.MetaDependencies()
	if len(reqs) == 0 {
		return charter, nil
	}
	if err := action.CheckDependencies(charter, reqs); err != nil {
		err = fmt.Errorf("an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: %w", err)
		if !dependencyUpdate {
			return nil, protocol.Wrap(protocol.CodeInvalidChart, "chart", err)
		}
		if cp == "" {
			return nil, protocol.Errorf(protocol.CodeInvalidArgument, "dependencyUpdate", "dependencyUpdate needs a chart directory; chartData is missing dependencies: %v", err)
		}
		sourceDateEpoch, err := sourceDateEpochFromEnv()
		if err != nil {
			return nil, err
		}
		man := &downloader.Manager{
			Out:              os.Stderr, // the CLI prints this progress on stdout; stdout is the protocol here
			ChartPath:        cp,
			Keyring:          keyring,
			SkipUpdate:       false,
			Getters:          getter.All(env),
			RepositoryConfig: env.RepositoryConfig,
			RepositoryCache:  env.RepositoryCache,
			ContentCache:     env.ContentCache,
			Debug:            env.Debug,
			RegistryClient:   rc,
			SourceDateEpoch:  sourceDateEpoch,
		}
		if err := man.Update(); err != nil {
			return nil, protocol.Wrap(protocol.CodeChartNotFound, "dependencyUpdate", err)
		}
		c, err := loader.Load(cp)
		if err != nil {
			return nil, protocol.Wrap(protocol.CodeInvalidChart, "chart", fmt.Errorf("failed reloading chart after repo update: %w", err))
		}
		charter = c
	}
	return charter, nil
}
