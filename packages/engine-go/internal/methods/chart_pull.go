package methods

// chart.pull mirrors `helm pull` of Helm v4.3.1 (pkg/cmd/pull.go RunE, pkg/action/pull.go
// Pull.Run) for one chart: repo/name, a repository URL (--repo), an oci:// reference or an https
// URL; version constraint, devel, verify with a keyring, untar into untarDir. It inlines Pull.Run
// because the action does not return where it saved the archive; the result gives the path, or
// with returnBytes the archive bytes (then nothing is written to destination).

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
	"helm.sh/helm/v4/pkg/downloader"
	"helm.sh/helm/v4/pkg/getter"
	"helm.sh/helm/v4/pkg/registry"
	repo "helm.sh/helm/v4/pkg/repo/v1"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// ChartPullParams are `helm pull`'s argument and flags.
type ChartPullParams struct {
	helmenv.ChartSource `msgpack:",inline"`

	Destination string `msgpack:"destination,omitempty" doc:"-d/--destination directory. Defaults to the working directory."`
	Untar       bool   `msgpack:"untar,omitempty" doc:"--untar: unpack the chart after downloading. Defaults to false."`
	UntarDir    string `msgpack:"untarDir,omitempty" doc:"--untardir, relative to destination. Defaults to \".\"."`
	Prov        bool   `msgpack:"prov,omitempty" doc:"--prov: also fetch the provenance file (verify later). Defaults to false."`
	ReturnBytes bool   `msgpack:"returnBytes,omitempty" doc:"Return the archive bytes instead of writing to destination. Defaults to false."`
	Cwd         string `msgpack:"cwd,omitempty" doc:"Directory relative paths are resolved against."`
}

// ChartPullResult is where the chart went.
type ChartPullResult struct {
	Path        string   `msgpack:"path,omitempty" doc:"The saved archive, or with untar the unpacked chart directory."`
	Data        []byte   `msgpack:"data,omitempty" doc:"The archive bytes (returnBytes only)."`
	Name        string   `msgpack:"name" doc:"Chart name."`
	Version     string   `msgpack:"version" doc:"Chart version pulled."`
	SignedBy    []string `msgpack:"signedBy,omitempty" doc:"With verify: identities of the signing key."`
	Fingerprint string   `msgpack:"fingerprint,omitempty" doc:"With verify: signing key fingerprint."`
	FileHash    string   `msgpack:"fileHash,omitempty" doc:"With verify: the archive's verified hash."`
}

var chartPull = define("chart.pull", "Download a chart from a repository or registry, as `helm pull`.", runChartPull)

func runChartPull(ctx context.Context, req *Request, p *ChartPullParams) (*ChartPullResult, error) {
	if p.Chart == "" {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "chart", "chart is required (repo/name, oci:// reference or URL)")
	}
	if len(p.ChartData) > 0 {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "chartData", "pull downloads a chart; chartData is not accepted")
	}
	if err := p.ChartSource.Validate(); err != nil {
		return nil, err
	}
	settings := req.Settings.EnvSettings("")
	version := p.Version
	if version == "" && p.Devel {
		version = ">0.0.0-0"
	}
	ref := strings.TrimSpace(p.Chart)
	target := ref
	if p.Repo != "" {
		target = p.Repo
	} else if !registry.IsOCI(ref) && !strings.Contains(ref, "://") {
		if i := strings.IndexByte(ref, '/'); i > 0 {
			target = "" // repo/name: the repository's URL is in repositories.yaml
		}
	}
	if registry.IsOCI(ref) {
		if err := validateOCIRef(ref); err != nil {
			return nil, err
		}
		target = helmenv.RegistryHost(ref)
	}
	rc, err := p.ChartSource.RegistryClient(settings)
	if err != nil {
		return nil, err
	}
	keyring := or(p.Keyring, helmenv.DefaultKeyring())
	c := downloader.ChartDownloader{
		Out:     os.Stderr,
		Keyring: keyring,
		Verify:  downloader.VerifyNever,
		Getters: getter.All(settings),
		Options: []getter.Option{
			getter.WithBasicAuth(p.Username, p.Password),
			getter.WithPassCredentialsAll(p.PassCredentials),
			getter.WithTLSClientConfig(p.CertFile, p.KeyFile, p.CaFile),
			getter.WithInsecureSkipVerifyTLS(p.InsecureSkipTLSVerify),
			getter.WithPlainHTTP(p.PlainHTTP),
		},
		RegistryClient:   rc,
		RepositoryConfig: settings.RepositoryConfig,
		RepositoryCache:  settings.RepositoryCache,
		ContentCache:     settings.ContentCache,
	}
	if registry.IsOCI(ref) {
		c.Options = append(c.Options, getter.WithRegistryClient(rc))
	}
	if p.Verify {
		c.Verify = downloader.VerifyAlways
	} else if p.Prov {
		c.Verify = downloader.VerifyLater
	}

	destDir := helmenv.ResolvePath(p.Cwd, p.Destination)
	if destDir == "" {
		if destDir, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	if !p.Untar && !p.ReturnBytes {
		if err := os.MkdirAll(destDir, 0o755); err != nil {
			return nil, protocol.Wrap(protocol.CodeInvalidArgument, "destination", err)
		}
	}
	// Helm downloads into a private directory first; only a complete download that the caller
	// still waits for reaches the destination (moveInto below). Helm's getters take no context,
	// so a download the caller gave up on (timeout, abort) may still finish afterwards: it must
	// not appear in the destination then (issue 7, pull-faults.integ.test.ts).
	dest, err := os.MkdirTemp("", "helm-sdk-pull-")
	if err != nil {
		return nil, fmt.Errorf("creating a download directory: %w", err)
	}
	defer os.RemoveAll(dest)

	source := ref
	if p.Repo != "" {
		chartURL, err := repo.FindChartInRepoURL(p.Repo, ref, getter.All(settings),
			repo.WithChartVersion(version),
			repo.WithClientTLS(p.CertFile, p.KeyFile, p.CaFile),
			repo.WithUsernamePassword(p.Username, p.Password),
			repo.WithInsecureSkipTLSVerify(p.InsecureSkipTLSVerify),
			repo.WithPassCredentialsAll(p.PassCredentials),
		)
		if err != nil {
			return nil, classifyPull(err, p, target)
		}
		source = chartURL
	}
	saved, v, err := c.DownloadTo(source, version, dest)
	if err != nil {
		return nil, classifyPull(err, p, target)
	}
	if err := ctx.Err(); err != nil {
		return nil, classifyPull(err, p, target)
	}
	res := &ChartPullResult{Path: saved}
	if ch, err := loadArchiveMeta(saved); err == nil {
		res.Name, res.Version = ch[0], ch[1]
	}
	if p.Verify && v != nil && v.SignedBy != nil {
		for name := range v.SignedBy.Identities {
			res.SignedBy = append(res.SignedBy, name)
		}
		res.Fingerprint = fmt.Sprintf("%X", v.SignedBy.PrimaryKey.Fingerprint)
		res.FileHash = v.FileHash
	}
	if p.ReturnBytes && !p.Untar {
		if res.Data, err = os.ReadFile(saved); err != nil {
			return nil, err
		}
		res.Path = ""
		return res, nil
	}
	if !p.Untar {
		if err := moveInto(dest, destDir); err != nil {
			return nil, protocol.Wrap(protocol.CodeInvalidArgument, "destination", err)
		}
		res.Path = filepath.Join(destDir, filepath.Base(saved))
		return res, nil
	}
	ud := or(p.UntarDir, ".")
	if !filepath.IsAbs(ud) {
		ud = filepath.Join(destDir, ud)
	}
	chartName := res.Name
	if chartName == "" {
		_, chartName = filepath.Split(ref)
	}
	udCheck := filepath.Join(ud, chartName)
	if _, err := os.Stat(udCheck); err == nil {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "untarDir", "failed to untar: a file or directory with the name %s already exists", udCheck)
	}
	if err := os.MkdirAll(ud, 0o755); err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidArgument, "untarDir", fmt.Errorf("failed to untar (mkdir): %w", err))
	}
	if err := chartutil.ExpandFile(ud, saved); err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidChart, "chart", err)
	}
	res.Path = udCheck
	return res, nil
}

func loadArchiveMeta(path string) ([2]string, error) {
	ch, err := loader.LoadFile(path)
	if err != nil {
		return [2]string{}, err
	}
	return [2]string{ch.Name(), ch.Metadata.Version}, nil
}

// classifyPull names what was pulled and from where; a bad version constraint is
// INVALID_ARGUMENT naming the version.
func classifyPull(err error, p *ChartPullParams, target string) error {
	low := strings.ToLower(err.Error())
	if p.Version != "" && (strings.Contains(low, "improper constraint") || strings.Contains(low, "invalid semantic version")) {
		return protocol.Errorf(protocol.CodeInvalidArgument, "version", "invalid version constraint %q for %s: %v", p.Version, p.Chart, err)
	}
	if p.Repo != "" {
		// The repository answered plain HTTP to its https:// URL: the repo option is at fault.
		if pe := helmenv.PlainHTTPError(err, "repo", p.Repo, p.Password); pe != nil {
			return pe
		}
	}
	e := helmenv.ClassifyRemote(err, "chart", target, p.Password)
	if e.Code == protocol.CodeInternal {
		e.Code = protocol.CodeChartNotFound
	}
	if !strings.Contains(e.Message, p.Chart) {
		e.Message = fmt.Sprintf("%s: %s", p.Chart, e.Message)
	}
	return e
}

// validateOCIRef rejects references the registry client cannot parse, before any network call.
func validateOCIRef(ref string) error {
	rest := strings.TrimPrefix(ref, "oci://")
	if rest == "" || strings.HasPrefix(rest, "/") || !strings.Contains(rest, "/") || strings.ContainsAny(rest, " \t\n") {
		return protocol.Errorf(protocol.CodeInvalidArgument, "chart", "invalid OCI reference %q: want oci://host[:port]/path/name[:tag]", ref)
	}
	return nil
}
