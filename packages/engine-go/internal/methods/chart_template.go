package methods

// chart.template reproduces `helm template` of Helm v4.3.1:
//   - pkg/cmd/template.go newTemplateCmd RunE (flags -> Install, hook assembly, --show-only),
//   - pkg/cmd/install.go runInstall (NameAndChart -> LocateChart -> MergeValues -> Load ->
//     checkIfInstallable -> CheckDependencies -> RunWithContext).
// The manifest must stay byte-identical to the CLI's stdout for the same inputs: when upgrading
// Helm, diff those two functions and mirror the change here. CLI-only behaviour left out:
// --post-renderer (a plugin executable) and the "Use --debug flag" hint (the partial manifest
// is in the error's details instead).
// --dry-run=server / --validate render against the cluster (lookup, the cluster's capabilities,
// manifests built against its API and checked against its resources); --output-dir writes the
// files exactly as the CLI does (the library writes the manifests, writeTemplateFile below the
// hooks), and the "wrote <file>" lines it prints go to stderr (the engine's os.Stdout).

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart"
	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/loader"
	"helm.sh/helm/v4/pkg/cli"
	"helm.sh/helm/v4/pkg/downloader"
	"helm.sh/helm/v4/pkg/getter"
	"helm.sh/helm/v4/pkg/kube"
	release "helm.sh/helm/v4/pkg/release/v1"
	releaseutil "helm.sh/helm/v4/pkg/release/v1/util"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// TemplateParams are `helm template`'s arguments and flags.
type TemplateParams struct {
	helmenv.ChartSource   `msgpack:",inline"`
	helmenv.ValuesOptions `msgpack:",inline"`

	ReleaseName          string         `msgpack:"releaseName,omitempty" doc:"NAME argument. Defaults to \"release-name\"."`
	GenerateName         bool           `msgpack:"generateName,omitempty" doc:"--generate-name. Like the CLI, template still names the release \"release-name\"; an error with releaseName."`
	NameTemplate         string         `msgpack:"nameTemplate,omitempty" doc:"--name-template: template used to name the release."`
	Namespace            string         `msgpack:"namespace,omitempty" doc:"--namespace. Defaults to the configured namespace."`
	KubeVersion          string         `msgpack:"kubeVersion,omitempty" doc:"--kube-version for Capabilities.KubeVersion."`
	APIVersions          []string       `msgpack:"apiVersions,omitempty" doc:"--api-versions added to Capabilities.APIVersions."`
	ShowOnly             []string       `msgpack:"showOnly,omitempty" doc:"--show-only: only manifests rendered from these templates (globs allowed)."`
	IncludeCRDs          bool           `msgpack:"includeCrds,omitempty" doc:"--include-crds. Defaults to false."`
	SkipCRDs             bool           `msgpack:"skipCrds,omitempty" doc:"--skip-crds (no effect on helm template's output, accepted for parity)."`
	SkipTests            bool           `msgpack:"skipTests,omitempty" doc:"--skip-tests: leave test hooks out. Defaults to false."`
	IsUpgrade            bool           `msgpack:"isUpgrade,omitempty" doc:"--is-upgrade: set .Release.IsUpgrade instead of .Release.IsInstall."`
	NoHooks              bool           `msgpack:"noHooks,omitempty" doc:"--no-hooks: leave hooks out. Defaults to false."`
	SkipSchemaValidation bool           `msgpack:"skipSchemaValidation,omitempty" doc:"--skip-schema-validation. Defaults to false."`
	EnableDNS            bool           `msgpack:"enableDns,omitempty" doc:"--enable-dns lookups when rendering. Defaults to false."`
	DependencyUpdate     bool           `msgpack:"dependencyUpdate,omitempty" doc:"--dependency-update: fetch missing dependencies into the chart's charts/ first."`
	DryRun               TemplateDryRun `msgpack:"dryRun,omitempty" doc:"--dry-run: client (default) renders without a cluster; server renders against the configured cluster (lookup, its capabilities, manifests validated by its API)."`
	Validate             bool           `msgpack:"validate,omitempty" doc:"--validate (deprecated in the CLI): the same as dryRun server; exclusive with dryRun."`
	OutputDir            string         `msgpack:"outputDir,omitempty" doc:"--output-dir: write each template to a file under this directory (relative to cwd) instead of returning it in manifest."`
	UseReleaseName       bool           `msgpack:"useReleaseName,omitempty" doc:"--release-name: with outputDir, write under outputDir/<release name>."`
	Cwd                  string         `msgpack:"cwd,omitempty" doc:"Directory relative paths are resolved against. Defaults to the engine's working directory."`
}

// TemplateResult is the rendered output.
type TemplateResult struct {
	Manifest string `msgpack:"manifest" doc:"What helm template prints, byte for byte."`
	Notes    string `msgpack:"notes,omitempty" doc:"The chart's rendered NOTES.txt (helm template does not print it)."`
}

// TemplateDryRun is `helm template --dry-run`: always a dry run, so no "none".
type TemplateDryRun string

// EnumValues lets cmd/protogen emit a string union.
func (TemplateDryRun) EnumValues() []string {
	return []string{string(action.DryRunClient), string(action.DryRunServer)}
}

// strategy is cmdGetDryRunFlagStrategy(cmd, true) with --validate folded in.
func (p *TemplateParams) strategy() (action.DryRunStrategy, error) {
	if p.Validate && p.DryRun != "" {
		// cmd.MarkFlagsMutuallyExclusive("validate", "dry-run")
		return "", protocol.Errorf(protocol.CodeInvalidArgument, "validate", "validate and dryRun are exclusive (as --validate and --dry-run); validate means dryRun server")
	}
	switch p.DryRun {
	case "", TemplateDryRun(action.DryRunClient):
		if p.Validate {
			return action.DryRunServer, nil
		}
		return action.DryRunClient, nil
	case TemplateDryRun(action.DryRunServer):
		return action.DryRunServer, nil
	}
	return "", protocol.Errorf(protocol.CodeInvalidArgument, "dryRun", "invalid dry-run value (%q). Must be \"server\" or \"client\"", p.DryRun)
}

var chartTemplate = define("chart.template", "Render a chart locally, as `helm template`.", runTemplate)

func runTemplate(ctx context.Context, req *Request, p *TemplateParams) (*TemplateResult, error) {
	if err := p.ChartSource.Validate(); err != nil {
		return nil, err
	}
	settings := req.Settings.EnvSettings(p.Namespace)
	dryRun, err := p.strategy()
	if err != nil {
		return nil, err
	}

	// Client dry-run swaps the Configuration's kube client and storage for fakes, so this
	// Configuration belongs to this request alone and is dropped afterwards. A server dry run
	// needs the cluster: the request's own Configuration bound to the release namespace, as for
	// install.
	cfg := action.NewConfiguration(action.ConfigurationSetLogger(helmenv.NewEventLogHandler(req.Emit, req.Settings.Debug)))
	if dryRun == action.DryRunServer {
		if cfg, _, _, err = writeConfig(ctx, req, p.Namespace); err != nil {
			return nil, err
		}
	}
	client := action.NewInstall(cfg)
	p.ChartSource.PathOptions(&client.ChartPathOptions)
	client.WaitStrategy = kube.HookOnlyStrategy // the CLI's default; unused in client mode
	client.DisableHooks = p.NoHooks
	client.SkipSchemaValidation = p.SkipSchemaValidation
	client.EnableDNS = p.EnableDNS
	client.IsUpgrade = p.IsUpgrade
	client.NameTemplate = p.NameTemplate
	client.GenerateName = p.GenerateName
	client.SkipCRDs = p.SkipCRDs
	client.DependencyUpdate = p.DependencyUpdate

	// --- newTemplateCmd RunE ---
	if p.KubeVersion != "" {
		parsed, err := common.ParseKubeVersion(p.KubeVersion)
		if err != nil {
			return nil, protocol.Wrap(protocol.CodeInvalidArgument, "kubeVersion", fmt.Errorf("invalid kube version '%s': %w", p.KubeVersion, err))
		}
		client.KubeVersion = parsed
	}
	if p.ChartData == nil {
		rc, err := p.ChartSource.RegistryClient(settings)
		if err != nil {
			return nil, err
		}
		client.SetRegistryClient(rc)
	}
	client.DryRunStrategy = dryRun
	client.ReleaseName = "release-name"
	client.Replace = true // Skip the name check
	client.APIVersions = common.VersionSet(p.APIVersions)
	client.IncludeCRDs = p.IncludeCRDs
	client.UseReleaseName = p.UseReleaseName
	if p.OutputDir != "" {
		client.OutputDir = p.OutputDir
		if !filepath.IsAbs(p.OutputDir) && p.Cwd != "" {
			client.OutputDir = filepath.Join(p.Cwd, p.OutputDir)
		}
	} else if p.UseReleaseName {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "useReleaseName", "useReleaseName needs outputDir (as --release-name needs --output-dir)")
	}

	rel, err := templateInstall(ctx, req, p, client, settings)
	if err != nil {
		if rel != nil {
			// RunWithContext returns a release with an error only when rendering failed.
			return nil, protocol.Classify(renderError(err)).With("manifest", rel.Manifest)
		}
		if dryRun == action.DryRunServer {
			return nil, orUnreachable(cfg, templateServerError(err))
		}
		return nil, err
	}

	var manifests bytes.Buffer
	fmt.Fprintln(&manifests, strings.TrimSpace(rel.Manifest))
	if !client.DisableHooks {
		fileWritten := make(map[string]bool)
		for _, m := range rel.Hooks {
			if p.SkipTests && isTestHook(m) {
				continue
			}
			if client.OutputDir == "" {
				fmt.Fprintf(&manifests, "---\n# Source: %s\n%s\n", m.Path, m.Manifest)
				continue
			}
			newDir := client.OutputDir
			if client.UseReleaseName {
				newDir = filepath.Join(client.OutputDir, client.ReleaseName)
			}
			// A hook file that exists already (a manifest of the same template, or a file
			// left by an earlier run) is appended to, as the CLI does.
			if _, err := os.Stat(filepath.Join(newDir, m.Path)); err == nil {
				fileWritten[m.Path] = true
			}
			if err := writeTemplateFile(newDir, m.Path, m.Manifest, fileWritten[m.Path]); err != nil {
				return nil, protocol.Wrap(protocol.CodeInvalidArgument, "outputDir", err)
			}
		}
	}

	out, err := showOnly(manifests.String(), p.ShowOnly)
	if err != nil {
		return nil, err
	}
	return &TemplateResult{Manifest: out, Notes: rel.Info.Notes}, nil
}

// templateInstall is runInstall.
func templateInstall(ctx context.Context, req *Request, p *TemplateParams, client *action.Install, env *cli.EnvSettings) (*release.Release, error) {
	args := []string{p.Chart}
	if p.ReleaseName != "" {
		args = []string{p.ReleaseName, p.Chart}
	}
	name, _, err := client.NameAndChart(args)
	if err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidArgument, "releaseName", err)
	}
	client.ReleaseName = name

	var chrt any
	if p.ChartData != nil {
		c, err := loader.LoadArchive(bytes.NewReader(p.ChartData))
		if err != nil {
			return nil, protocol.Wrap(protocol.CodeInvalidChart, "chartData", err)
		}
		chrt = c
	}
	cp := ""
	if chrt == nil {
		cp, err = p.ChartSource.Locate(client.LocateChart, env, p.Cwd)
		if err != nil {
			return nil, err
		}
	}

	vals, err := p.ValuesOptions.Merge(getter.All(env), p.Cwd)
	if err != nil {
		return nil, err
	}

	if chrt == nil {
		c, err := loader.Load(cp)
		if err != nil {
			code := protocol.CodeInvalidChart
			if errors.Is(err, fs.ErrNotExist) {
				code = protocol.CodeChartNotFound
			}
			return nil, protocol.Wrap(code, "chart", err)
		}
		chrt = c
	}
	charter := chrt.(chart.Charter)

	ac, err := chart.NewAccessor(charter)
	if err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidChart, "chart", err)
	}
	if err := checkIfInstallable(ac); err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidChart, "chart", err)
	}
	if ac.Deprecated() {
		req.Emit.Emit(protocol.Event{Type: protocol.EventLog, Level: "warn", Message: "this chart is deprecated"})
	}
	if reqs := ac.MetaDependencies(); len(reqs) > 0 {
		if err := action.CheckDependencies(charter, reqs); err != nil {
			if !client.DependencyUpdate {
				return nil, protocol.Wrap(protocol.CodeInvalidChart, "chart", fmt.Errorf("an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: %w", err))
			}
			if cp == "" {
				return nil, protocol.Errorf(protocol.CodeInvalidArgument, "dependencyUpdate", "dependencyUpdate needs a chart directory; chartData is missing dependencies: %v", err)
			}
			if charter, err = updateDependencies(client, env, cp); err != nil {
				return nil, err
			}
		}
	}

	// settings.Namespace() in the CLI: -n, else the kubeconfig context's namespace, else "default".
	client.Namespace = req.Settings.ResolveNamespace(p.Namespace)

	ri, err := client.RunWithContext(ctx, charter, vals)
	rel, rerr := toV1Release(ri)
	if rerr != nil {
		return nil, rerr
	}
	if err != nil && rel == nil {
		return nil, installError(err)
	}
	return rel, err
}

// updateDependencies is runInstall's --dependency-update branch: downloader.Manager.Update, then
// a reload. Its progress output goes to stderr (the CLI prints it on stdout, before the manifest).
func updateDependencies(client *action.Install, env *cli.EnvSettings, cp string) (chart.Charter, error) {
	sourceDateEpoch, err := sourceDateEpochFromEnv()
	if err != nil {
		return nil, err
	}
	man := &downloader.Manager{
		Out:              os.Stderr,
		ChartPath:        cp,
		Keyring:          client.Keyring,
		SkipUpdate:       false,
		Getters:          getter.All(env),
		RepositoryConfig: env.RepositoryConfig,
		RepositoryCache:  env.RepositoryCache,
		ContentCache:     env.ContentCache,
		Debug:            env.Debug,
		RegistryClient:   client.GetRegistryClient(),
		SourceDateEpoch:  sourceDateEpoch,
	}
	if err := man.Update(); err != nil {
		return nil, protocol.Wrap(protocol.CodeChartNotFound, "dependencyUpdate", err)
	}
	c, err := loader.Load(cp)
	if err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidChart, "chart", fmt.Errorf("failed reloading chart after repo update: %w", err))
	}
	return c, nil
}

// sourceDateEpochFromEnv is pkg/cmd/source_date_epoch.go (reproducible archive timestamps).
func sourceDateEpochFromEnv() (*time.Time, error) {
	epochStr, ok := os.LookupEnv("SOURCE_DATE_EPOCH")
	if !ok || epochStr == "" {
		return nil, nil
	}
	epoch, err := strconv.ParseInt(epochStr, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("invalid SOURCE_DATE_EPOCH: %w", err)
	}
	if epoch < 0 {
		return nil, errors.New("invalid SOURCE_DATE_EPOCH: must not be negative")
	}
	t := time.Unix(epoch, 0).UTC()
	return &t, nil
}

// writeTemplateFile is pkg/cmd/template.go writeToFile (with createOrOpenFile and
// ensureDirectoryForFile): <outputDir>/<name>, created or appended to, each document behind a
// "---" and "# Source:" line.
func writeTemplateFile(outputDir, name, data string, appendData bool) error {
	outfileName := outputDir + string(filepath.Separator) + name
	baseDir := filepath.Dir(outfileName)
	if _, err := os.Stat(baseDir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(baseDir, 0o755); err != nil {
		return err
	}
	var f *os.File
	var err error
	if appendData {
		f, err = os.OpenFile(outfileName, os.O_APPEND|os.O_WRONLY, 0o600)
	} else {
		f, err = os.Create(outfileName)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := fmt.Fprintf(f, "---\n# Source: %s\n%s\n", name, data); err != nil {
		return err
	}
	fmt.Fprintf(os.Stdout, "wrote %s\n", outfileName) // os.Stdout is the engine's stderr
	return nil
}

// templateServerError codes the failures only a server dry run has: resources the cluster
// cannot map (unknown kinds) or that exist outside the release.
func templateServerError(err error) error {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "unable to build kubernetes objects from release manifest"):
		return protocol.Wrap(protocol.CodeInvalidChart, "chart", err)
	case strings.Contains(msg, "cannot be imported into the current release"):
		// An object the chart renders exists in the cluster outside this release (Helm's
		// message names the release it would have to belong to).
		return protocol.Wrap(protocol.CodeResourceConflict, "releaseName", err)
	}
	return err
}

// renderError marks a render failure as RENDER unless it is more specific.
func renderError(err error) error {
	if c := protocol.Classify(err); c.Code != protocol.CodeInternal {
		return c
	}
	return protocol.Wrap(protocol.CodeRender, "", err)
}

// installError codes the errors RunWithContext returns without a release.
func installError(err error) error {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "release name check failed"):
		return protocol.Wrap(protocol.CodeInvalidArgument, "releaseName", err)
	case msg == "invalid chart apiVersion", strings.HasPrefix(msg, "chart dependencies processing failed"):
		return protocol.Wrap(protocol.CodeInvalidChart, "chart", err)
	case strings.HasPrefix(msg, "user supplied labels"):
		return protocol.Wrap(protocol.CodeInvalidArgument, "labels", err)
	}
	return protocol.Classify(err)
}

// toV1Release is pkg/cmd/root.go releaserToV1Release.
func toV1Release(r any) (*release.Release, error) {
	switch rel := r.(type) {
	case nil:
		return nil, nil
	case release.Release:
		return &rel, nil
	case *release.Release:
		return rel, nil
	}
	return nil, fmt.Errorf("unsupported release type: %T", r)
}

// checkIfInstallable is pkg/cmd/install.go checkIfInstallable.
func checkIfInstallable(ch chart.Accessor) error {
	meta := ch.MetadataAsMap()
	switch meta["Type"] {
	case "", "application":
		return nil
	}
	return fmt.Errorf("%s charts are not installable", meta["Type"])
}

// isTestHook is pkg/cmd/template.go isTestHook.
func isTestHook(h *release.Hook) bool {
	return slices.Contains(h.Events, release.HookTest)
}

var manifestNameRegex = regexp.MustCompile("# Source: [^/]+/(.+)")

// showOnly applies --show-only exactly as newTemplateCmd does, including its ordering and its
// "could not find template" error.
func showOnly(all string, showFiles []string) (string, error) {
	if len(showFiles) == 0 {
		return all, nil
	}
	splitManifests := releaseutil.SplitManifests(all)
	manifestsKeys := make([]string, 0, len(splitManifests))
	for k := range splitManifests {
		manifestsKeys = append(manifestsKeys, k)
	}
	sort.Sort(releaseutil.BySplitManifestsOrder(manifestsKeys))

	var manifestsToRender []string
	for _, f := range showFiles {
		missing := true
		f = filepath.ToSlash(f)
		for _, manifestKey := range manifestsKeys {
			manifest := splitManifests[manifestKey]
			submatch := manifestNameRegex.FindStringSubmatch(manifest)
			if len(submatch) == 0 {
				continue
			}
			manifestPath := strings.Join(strings.Split(submatch[1], "/"), "/")
			if matched, _ := filepath.Match(f, manifestPath); !matched {
				continue
			}
			manifestsToRender = append(manifestsToRender, manifest)
			missing = false
		}
		if missing {
			return "", protocol.Errorf(protocol.CodeInvalidArgument, "showOnly", "could not find template %s in chart", f).With("template", f)
		}
	}
	var out strings.Builder
	for _, m := range manifestsToRender {
		fmt.Fprintf(&out, "---\n%s\n", m)
	}
	return out.String(), nil
}
