package methods

// chart.dependencyList, chart.dependencyUpdate and chart.dependencyBuild mirror `helm dependency
// list|update|build` of Helm v4.3.1 (pkg/cmd/dependency*.go, pkg/action/dependency.go,
// downloader.Manager Update/Build). List returns the CLI's table as data: each Chart.yaml
// dependency with its status, plus the CLI's warnings about stray files in charts/. The status is
// computed as action.Dependency's unexported dependencyStatus does, not read back from its printed
// table (whose columns are cut at 80 characters, so a long repository URL broke the parse).

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/downloader"
	"helm.sh/helm/v4/pkg/getter"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// ChartDependencyListParams are `helm dependency list`'s argument.
type ChartDependencyListParams struct {
	Chart string `msgpack:"chart" doc:"CHART: chart directory or archive."`
	Cwd   string `msgpack:"cwd,omitempty" doc:"Directory relative paths are resolved against."`
}

// ChartDependencyStatus is one row of `helm dependency list`.
type ChartDependencyStatus struct {
	Name       string `msgpack:"name"`
	Version    string `msgpack:"version"`
	Repository string `msgpack:"repository"`
	Status     string `msgpack:"status" doc:"ok, missing, unpacked, wrong version, misnamed, corrupt, invalid version, too many matches."`
}

// ChartDependencyListResult is the table as data.
type ChartDependencyListResult struct {
	Dependencies []ChartDependencyStatus `msgpack:"dependencies"`
	Warnings     []string                `msgpack:"warnings" doc:"The CLI's WARNING lines (files in charts/ that are not dependencies, ...)."`
}

// ChartDependencyUpdateParams are `helm dependency update|build`'s argument and flags.
type ChartDependencyUpdateParams struct {
	Chart                 string `msgpack:"chart" doc:"CHART: the chart directory."`
	Verify                bool   `msgpack:"verify,omitempty" doc:"--verify the packages against signatures. Defaults to false."`
	Keyring               string `msgpack:"keyring,omitempty" doc:"--keyring. Defaults to ~/.gnupg/pubring.gpg."`
	SkipRefresh           bool   `msgpack:"skipRefresh,omitempty" doc:"--skip-refresh: do not refresh the repository cache. Defaults to false."`
	Username              string `msgpack:"username,omitempty" doc:"--username."`
	Password              string `msgpack:"password,omitempty" doc:"--password. Never logged."`
	CertFile              string `msgpack:"certFile,omitempty" doc:"--cert-file."`
	KeyFile               string `msgpack:"keyFile,omitempty" doc:"--key-file."`
	CaFile                string `msgpack:"caFile,omitempty" doc:"--ca-file."`
	InsecureSkipTLSVerify bool   `msgpack:"insecureSkipTlsVerify,omitempty" doc:"--insecure-skip-tls-verify."`
	PlainHTTP             bool   `msgpack:"plainHttp,omitempty" doc:"--plain-http."`
	SourceDateEpoch       int64  `msgpack:"sourceDateEpoch,omitempty" doc:"SOURCE_DATE_EPOCH for Chart.lock's generated time."`
	Cwd                   string `msgpack:"cwd,omitempty" doc:"Directory relative paths are resolved against."`
}

// ChartDependencyUpdateResult lists what is now in charts/.
type ChartDependencyUpdateResult struct {
	Output string   `msgpack:"output" doc:"What the CLI prints (Saving 1 charts, Downloading ...)."`
	Charts []string `msgpack:"charts" doc:"Archives in charts/ afterwards."`
}

var (
	chartDependencyList   = define("chart.dependencyList", "List a chart's dependencies and their status, as `helm dependency list`.", runDependencyList)
	chartDependencyUpdate = define("chart.dependencyUpdate", "Update charts/ from Chart.yaml, as `helm dependency update`.", runDependencyUpdate)
	chartDependencyBuild  = define("chart.dependencyBuild", "Rebuild charts/ from Chart.lock, as `helm dependency build`.", runDependencyBuild)
)

func runDependencyList(_ context.Context, _ *Request, p *ChartDependencyListParams) (*ChartDependencyListResult, error) {
	if p.Chart == "" {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "chart", "chart is required")
	}
	path := filepath.Clean(helmenv.ResolvePath(p.Cwd, p.Chart))
	c, err := loader.Load(path)
	if err != nil {
		code := protocol.CodeInvalidChart
		if errors.Is(err, fs.ErrNotExist) {
			code = protocol.CodeChartNotFound
		}
		return nil, protocol.Errorf(code, "chart", "%s: %v", p.Chart, err)
	}
	res := &ChartDependencyListResult{Dependencies: []ChartDependencyStatus{}, Warnings: []string{}}
	// As Dependency.List.
	if c.Metadata.Dependencies == nil {
		res.Warnings = append(res.Warnings, fmt.Sprintf("WARNING: no dependencies at %s", filepath.Join(path, "charts")))
		return res, nil
	}
	for _, d := range c.Metadata.Dependencies {
		res.Dependencies = append(res.Dependencies, ChartDependencyStatus{
			Name: d.Name, Version: d.Version, Repository: d.Repository, Status: dependencyStatus(path, d, c),
		})
	}
	res.Warnings = append(res.Warnings, strayDependencies(path, c.Metadata.Dependencies)...)
	return res, nil
}

func runDependencyUpdate(_ context.Context, req *Request, p *ChartDependencyUpdateParams) (*ChartDependencyUpdateResult, error) {
	return runDependencyManager(req, p, false)
}

func runDependencyBuild(_ context.Context, req *Request, p *ChartDependencyUpdateParams) (*ChartDependencyUpdateResult, error) {
	return runDependencyManager(req, p, true)
}

func runDependencyManager(req *Request, p *ChartDependencyUpdateParams, build bool) (*ChartDependencyUpdateResult, error) {
	if p.Chart == "" {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "chart", "chart is required")
	}
	path := filepath.Clean(helmenv.ResolvePath(p.Cwd, p.Chart))
	if st, err := os.Stat(path); err != nil {
		return nil, protocol.Errorf(protocol.CodeChartNotFound, "chart", "%s: %v", p.Chart, err)
	} else if !st.IsDir() {
		return nil, protocol.Errorf(protocol.CodeInvalidChart, "chart", "%s is not a chart directory", p.Chart)
	}
	settings := req.Settings.EnvSettings("")
	src := helmenv.ChartSource{Username: p.Username, Password: p.Password, CertFile: p.CertFile, KeyFile: p.KeyFile, CaFile: p.CaFile, InsecureSkipTLSVerify: p.InsecureSkipTLSVerify, PlainHTTP: p.PlainHTTP}
	rc, err := src.RegistryClient(settings)
	if err != nil {
		return nil, err
	}
	var epoch *time.Time
	if p.SourceDateEpoch > 0 {
		t := time.Unix(p.SourceDateEpoch, 0).UTC()
		epoch = &t
	}
	var out bytes.Buffer
	man := &downloader.Manager{
		Out: &out, ChartPath: path, Keyring: or(p.Keyring, helmenv.DefaultKeyring()), SkipUpdate: p.SkipRefresh,
		Getters: getter.All(settings), RegistryClient: rc, RepositoryConfig: settings.RepositoryConfig,
		RepositoryCache: settings.RepositoryCache, ContentCache: settings.ContentCache, Debug: settings.Debug,
		SourceDateEpoch: epoch,
	}
	if build {
		if p.Verify {
			man.Verify = downloader.VerifyIfPossible
		}
		err = man.Build()
		if e, ok := errors.AsType[downloader.ErrRepoNotFound](err); ok {
			err = fmt.Errorf("%s. Please add the missing repos via 'helm repo add'", e.Error())
		}
	} else {
		if p.Verify {
			man.Verify = downloader.VerifyAlways
		}
		err = man.Update()
	}
	if err != nil {
		// The manager reports a repository it could not refresh on Out and then fails with "no
		// cached repository for helm-manager-<hash>": add the lines that name the repository.
		var unreachable []string
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.Contains(l, "Unable to get an update") {
				unreachable = append(unreachable, strings.TrimSpace(strings.TrimPrefix(l, "...")))
			}
		}
		if len(unreachable) > 0 {
			err = fmt.Errorf("%w (%s)", err, strings.Join(unreachable, "; "))
		}
		e := helmenv.ClassifyRemote(err, "chart", "", p.Password)
		if e.Code == protocol.CodeInternal {
			e.Code = protocol.CodeChartNotFound
		}
		return nil, e
	}
	res := &ChartDependencyUpdateResult{Output: helmenv.RedactSecrets(out.String(), p.Password), Charts: []string{}}
	matches, _ := filepath.Glob(filepath.Join(path, "charts", "*.tgz"))
	for _, m := range matches {
		res.Charts = append(res.Charts, filepath.Base(m))
	}
	return res, nil
}
