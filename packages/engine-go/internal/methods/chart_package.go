package methods

// chart.package mirrors `helm package` of Helm v4.3.1 (pkg/cmd/package.go RunE, pkg/action/
// package.go Package.Run and Clearsign) for one chart directory: optional dependency update,
// version/appVersion overrides, SOURCE_DATE_EPOCH-style time stamps (sourceDateEpoch), and
// signing. Signing never prompts: the passphrase comes from params (never logged) and an
// encrypted key without one is an INVALID_ARGUMENT error. The archive is byte-identical to
// `helm package`'s for the same chart and time stamps (gzip header time is left zero by Helm).

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/Masterminds/semver/v3"
	"helm.sh/helm/v4/pkg/action"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/downloader"
	"helm.sh/helm/v4/pkg/getter"
	"helm.sh/helm/v4/pkg/provenance"
	"sigs.k8s.io/yaml"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// ChartPackageParams are `helm package`'s argument and flags.
type ChartPackageParams struct {
	Chart            string `msgpack:"chart" doc:"CHART_PATH: the chart directory."`
	Destination      string `msgpack:"destination,omitempty" doc:"-d/--destination. Defaults to the working directory."`
	Version          string `msgpack:"version,omitempty" doc:"--version: set the chart version (semver)."`
	AppVersion       string `msgpack:"appVersion,omitempty" doc:"--app-version: set the appVersion."`
	DependencyUpdate bool   `msgpack:"dependencyUpdate,omitempty" doc:"-u/--dependency-update before packaging. Defaults to false."`
	Sign             bool   `msgpack:"sign,omitempty" doc:"--sign with a PGP private key. Defaults to false."`
	Key              string `msgpack:"key,omitempty" doc:"--key: name of the signing key (required with sign)."`
	Keyring          string `msgpack:"keyring,omitempty" doc:"--keyring holding the secret key. Defaults to ~/.gnupg/pubring.gpg."`
	Passphrase       string `msgpack:"passphrase,omitempty" doc:"Passphrase of the signing key (instead of --passphrase-file). Never logged."`
	SourceDateEpoch  int64  `msgpack:"sourceDateEpoch,omitempty" doc:"SOURCE_DATE_EPOCH: seconds since 1970 stamped on every archive entry. Defaults to the files' times."`
	ReturnBytes      bool   `msgpack:"returnBytes,omitempty" doc:"Return the archive (and .prov) bytes and write nothing to destination. Defaults to false."`

	// Credentials for dependencyUpdate downloads.
	Username              string `msgpack:"username,omitempty" doc:"--username for dependency downloads."`
	Password              string `msgpack:"password,omitempty" doc:"--password for dependency downloads. Never logged."`
	CertFile              string `msgpack:"certFile,omitempty" doc:"--cert-file."`
	KeyFile               string `msgpack:"keyFile,omitempty" doc:"--key-file."`
	CaFile                string `msgpack:"caFile,omitempty" doc:"--ca-file."`
	InsecureSkipTLSVerify bool   `msgpack:"insecureSkipTlsVerify,omitempty" doc:"--insecure-skip-tls-verify."`
	PlainHTTP             bool   `msgpack:"plainHttp,omitempty" doc:"--plain-http."`
	Cwd                   string `msgpack:"cwd,omitempty" doc:"Directory relative paths are resolved against."`
}

// ChartPackageResult is the archive written (or its bytes).
type ChartPackageResult struct {
	Path     string `msgpack:"path,omitempty" doc:"The archive written (absent with returnBytes)."`
	Data     []byte `msgpack:"data,omitempty" doc:"The archive bytes (returnBytes only)."`
	ProvPath string `msgpack:"provPath,omitempty" doc:"The .prov file written when signing."`
	ProvData []byte `msgpack:"provData,omitempty" doc:"The .prov bytes when signing with returnBytes."`
	Name     string `msgpack:"name" doc:"Chart name."`
	Version  string `msgpack:"version" doc:"Chart version packaged."`
}

var chartPackage = define("chart.package", "Package a chart directory into an archive, as `helm package`.", runChartPackage)

func runChartPackage(_ context.Context, req *Request, p *ChartPackageParams) (*ChartPackageResult, error) {
	if p.Chart == "" {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "chart", "chart is required (a chart directory)")
	}
	if p.Sign && p.Key == "" {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "key", "key is required for signing a package")
	}
	settings := req.Settings.EnvSettings("")
	path, err := filepath.Abs(helmenv.ResolvePath(p.Cwd, p.Chart))
	if err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidArgument, "chart", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, protocol.Errorf(protocol.CodeChartNotFound, "chart", "%s: %v", p.Chart, err)
	}
	if !st.IsDir() {
		return nil, protocol.Errorf(protocol.CodeInvalidChart, "chart", "%s is not a chart directory", p.Chart)
	}
	var epoch *time.Time
	if p.SourceDateEpoch > 0 {
		t := time.Unix(p.SourceDateEpoch, 0).UTC()
		epoch = &t
	}
	if p.DependencyUpdate {
		src := helmenv.ChartSource{Username: p.Username, Password: p.Password, CertFile: p.CertFile, KeyFile: p.KeyFile, CaFile: p.CaFile, InsecureSkipTLSVerify: p.InsecureSkipTLSVerify, PlainHTTP: p.PlainHTTP}
		rc, err := src.RegistryClient(settings)
		if err != nil {
			return nil, err
		}
		man := &downloader.Manager{
			Out: io.Discard, ChartPath: path, Keyring: or(p.Keyring, helmenv.DefaultKeyring()),
			Getters: getter.All(settings), Debug: settings.Debug, RegistryClient: rc,
			RepositoryConfig: settings.RepositoryConfig, RepositoryCache: settings.RepositoryCache,
			ContentCache: settings.ContentCache, SourceDateEpoch: epoch,
		}
		if err := man.Update(); err != nil {
			return nil, helmenv.ClassifyRemote(err, "dependencyUpdate", "", p.Password)
		}
	}

	dest := helmenv.ResolvePath(p.Cwd, p.Destination)
	tmpDir := ""
	if p.ReturnBytes {
		if tmpDir, err = os.MkdirTemp("", "helm-sdk-package-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmpDir)
		dest = tmpDir
	} else if dest == "" {
		if dest, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	client := action.NewPackage()
	client.Version, client.AppVersion, client.Destination = p.Version, p.AppVersion, dest
	client.SourceDateEpoch = epoch
	client.RepositoryConfig, client.RepositoryCache = settings.RepositoryConfig, settings.RepositoryCache
	if p.Version != "" {
		if _, err := semver.NewVersion(p.Version); err != nil {
			return nil, protocol.Errorf(protocol.CodeInvalidArgument, "version", "version %q is not a semantic version: %v", p.Version, err)
		}
	}
	name, err := client.Run(path, nil)
	if err != nil {
		return nil, classifyPackage(err, p.Chart)
	}
	res := &ChartPackageResult{Path: name}
	ch, err := loader.LoadFile(name)
	if err == nil {
		res.Name, res.Version = ch.Name(), ch.Metadata.Version
	}
	if p.Sign {
		if err := clearsign(name, or(p.Keyring, helmenv.DefaultKeyring()), p.Key, p.Passphrase, ch); err != nil {
			os.Remove(name)
			return nil, protocol.Errorf(protocol.CodeInvalidArgument, "key", "signing %s with key %q: %s", filepath.Base(name), p.Key, helmenv.RedactSecrets(err.Error(), p.Passphrase))
		}
		res.ProvPath = name + ".prov"
	}
	if p.ReturnBytes {
		if res.Data, err = os.ReadFile(name); err != nil {
			return nil, err
		}
		if p.Sign {
			if res.ProvData, err = os.ReadFile(name + ".prov"); err != nil {
				return nil, err
			}
		}
		res.Path, res.ProvPath = "", ""
	}
	return res, nil
}

// clearsign is pkg/action/package.go Clearsign with the passphrase from params instead of a
// prompt or a passphrase file.
func clearsign(filename, keyring, key, passphrase string, ch *chart.Chart) error {
	signer, err := provenance.NewFromKeyring(keyring, key)
	if err != nil {
		return err
	}
	if err := signer.DecryptKey(func(string) ([]byte, error) {
		if passphrase == "" {
			return nil, errors.New("the signing key is encrypted and no passphrase was given")
		}
		return []byte(passphrase), nil
	}); err != nil {
		return err
	}
	if ch == nil {
		return errors.New("failed to load chart for signing")
	}
	metadataBytes, err := yaml.Marshal(ch.Metadata)
	if err != nil {
		return fmt.Errorf("failed to marshal chart metadata: %w", err)
	}
	archiveData, err := os.ReadFile(filename)
	if err != nil {
		return fmt.Errorf("failed to read chart archive: %w", err)
	}
	sig, err := signer.ClearSign(archiveData, filepath.Base(filename), metadataBytes)
	if err != nil {
		return err
	}
	return os.WriteFile(filename+".prov", []byte(sig), 0o644)
}

// classifyPackage: anything Package.Run rejects after the path was found to be a directory is a
// problem of the chart (no Chart.yaml, bad metadata, missing dependencies).
func classifyPackage(err error, input string) error {
	return protocol.Errorf(protocol.CodeInvalidChart, "chart", "%s: %v", input, err)
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
