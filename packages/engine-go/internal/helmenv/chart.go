package helmenv

// Chart source resolution shared by every method that takes a chart: a local directory or
// archive path, a repo/name, URL or oci:// reference (located as the CLI locates it, through
// ChartPathOptions.LocateChart), or an archive sent inline as bytes in chartData.

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/Masterminds/semver/v3"
	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/cli"
	"helm.sh/helm/v4/pkg/registry"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// ChartSource says where a chart comes from. Exactly one of Chart and ChartData is set. The
// remaining fields are Helm's chart path flags (`--version`, `--repo`, ...).
type ChartSource struct {
	Chart                 string `msgpack:"chart,omitempty" doc:"Chart path (directory or .tgz), repo/name, https URL or oci:// reference."`
	ChartData             []byte `msgpack:"chartData,omitempty" doc:"A chart archive (.tgz bytes); instead of chart."`
	Version               string `msgpack:"version,omitempty" doc:"--version constraint. Defaults to the latest."`
	Repo                  string `msgpack:"repo,omitempty" doc:"--repo: chart repository URL."`
	Username              string `msgpack:"username,omitempty" doc:"--username for the repository or registry."`
	Password              string `msgpack:"password,omitempty" doc:"--password for the repository or registry."`
	CaFile                string `msgpack:"caFile,omitempty" doc:"--ca-file."`
	CertFile              string `msgpack:"certFile,omitempty" doc:"--cert-file."`
	KeyFile               string `msgpack:"keyFile,omitempty" doc:"--key-file."`
	InsecureSkipTLSVerify bool   `msgpack:"insecureSkipTlsVerify,omitempty" doc:"--insecure-skip-tls-verify."`
	PlainHTTP             bool   `msgpack:"plainHttp,omitempty" doc:"--plain-http."`
	PassCredentials       bool   `msgpack:"passCredentials,omitempty" doc:"--pass-credentials: send credentials to all domains."`
	Verify                bool   `msgpack:"verify,omitempty" doc:"--verify the chart's provenance."`
	Keyring               string `msgpack:"keyring,omitempty" doc:"--keyring for --verify. Defaults to ~/.gnupg/pubring.gpg."`
	Devel                 bool   `msgpack:"devel,omitempty" doc:"--devel: accept pre-release versions (version '>0.0.0-0')."`
}

// Validate checks that exactly one source is given.
func (c *ChartSource) Validate() error {
	switch {
	case c.Chart == "" && len(c.ChartData) == 0:
		return protocol.Errorf(protocol.CodeInvalidArgument, "chart", "chart is required (a path, reference or URL), or chartData (archive bytes)")
	case c.Chart != "" && len(c.ChartData) > 0:
		return protocol.Errorf(protocol.CodeInvalidArgument, "chartData", "chart and chartData are exclusive; set one")
	}
	// A constraint Helm cannot parse otherwise surfaces as "version not found" from repositories.
	if c.Version != "" {
		if _, err := semver.NewConstraint(c.Version); err != nil {
			return protocol.Errorf(protocol.CodeInvalidArgument, "version", "invalid version constraint %q for %s: %v", c.Version, c.Chart, err)
		}
	}
	return nil
}

// PathOptions copies the source into an action's ChartPathOptions (the embedded struct of
// Install, Show, Pull...). Version follows runInstall/runShow: --devel without --version means
// ">0.0.0-0".
func (c *ChartSource) PathOptions(dst *action.ChartPathOptions) {
	dst.Version = c.Version
	if dst.Version == "" && c.Devel {
		dst.Version = ">0.0.0-0"
	}
	dst.RepoURL = c.Repo
	dst.Username = c.Username
	dst.Password = c.Password
	dst.CaFile = c.CaFile
	dst.CertFile = c.CertFile
	dst.KeyFile = c.KeyFile
	dst.InsecureSkipTLSVerify = c.InsecureSkipTLSVerify
	dst.PlainHTTP = c.PlainHTTP
	dst.PassCredentialsAll = c.PassCredentials
	dst.Verify = c.Verify
	dst.Keyring = c.Keyring
	if dst.Keyring == "" {
		dst.Keyring = defaultKeyring()
	}
}

// Locate returns a local path for the chart: the user's path as the CLI would see it, or the
// downloaded archive in the content cache. locate is the action's LocateChart (it carries the
// registry client, which ChartPathOptions keeps unexported). Relative paths are resolved against
// cwd when it is set, never against the engine's own working directory by accident.
func (c *ChartSource) Locate(locate func(string, *cli.EnvSettings) (string, error), settings *cli.EnvSettings, cwd string) (string, error) {
	given := strings.TrimSpace(c.Chart)
	name := given
	if c.Repo == "" && cwd != "" && !filepath.IsAbs(name) && !registry.IsOCI(name) && !strings.Contains(name, "://") {
		joined := filepath.Join(cwd, name)
		if _, err := os.Stat(joined); err == nil || strings.HasPrefix(name, ".") {
			name = joined
		}
	}
	p, err := locate(name, settings)
	if err != nil {
		if name != given {
			// Say `path "./x" not found` as the CLI run in cwd would, not the joined path.
			err = &renamedError{err: err, msg: strings.ReplaceAll(err.Error(), name, given)}
		}
		if c.Repo == "" && registry.IsOCI(given) {
			if pe := PlainHTTPError(err, "chart", RegistryHost(given), c.Password); pe != nil {
				return "", pe
			}
		}
		if c.Repo == "" {
			// An untrusted server or a refused client certificate is the TLS options' fault, not
			// a missing chart. (With --repo, ClassifyRemote below does the same.)
			target := ""
			if registry.IsOCI(given) {
				target = RegistryHost(given)
			} else if strings.Contains(given, "://") {
				target = given
			}
			if pe := TLSError(err, target, c.Password); pe != nil {
				return "", pe
			}
		}
		if c.Repo != "" && !IsAuthFailure(err.Error()) {
			// A --repo URL that is malformed or unreachable is the URL's fault: name it (details.url).
			return "", ClassifyRemote(err, "repo", c.Repo, c.Password)
		}
		return "", classifyLocate(err)
	}
	return p, nil
}

// renamedError is err with a rewritten message; errors.Is/As still see err.
type renamedError struct {
	err error
	msg string
}

func (e *renamedError) Error() string { return e.msg }
func (e *renamedError) Unwrap() error { return e.err }

// classifyLocate gives LocateChart's errors their codes. Its errors are mostly plain errors.New
// and fmt.Errorf values, so the stable parts of their text are what can be matched.
func classifyLocate(err error) error {
	msg := err.Error()
	switch {
	// Auth first: "basic credential not found" is an auth failure, not a missing chart. Status
	// codes are matched as words, never inside a port number (127.0.0.1:40401).
	case IsAuthFailure(msg):
		return protocol.Wrap(protocol.CodeRegistryAuth, "chart", err)
	case errors.Is(err, os.ErrNotExist), strings.Contains(msg, "not found"), strings.Contains(msg, "no chart version found"),
		strings.Contains(msg, "no chart name found"), statusRE(404).MatchString(msg):
		return protocol.Wrap(protocol.CodeChartNotFound, "chart", err)
	}
	return protocol.Wrap(protocol.CodeChartNotFound, "chart", err)
}

// RegistryClient mirrors pkg/cmd/root.go newRegistryClient (v4.3.1): TLS options select a custom
// HTTP client; credentials come from the registry config file. Registry output goes to stderr.
func (c *ChartSource) RegistryClient(settings *cli.EnvSettings) (*registry.Client, error) {
	opts := []registry.ClientOption{
		registry.ClientOptDebug(settings.Debug),
		registry.ClientOptEnableCache(true),
		registry.ClientOptWriter(os.Stderr),
		registry.ClientOptCredentialsFile(settings.RegistryConfig),
	}
	if c.CertFile != "" && c.KeyFile != "" || c.CaFile != "" || c.InsecureSkipTLSVerify {
		tlsConf, input, err := tlsConfig(c.CertFile, c.KeyFile, c.CaFile, c.InsecureSkipTLSVerify)
		if err != nil {
			return nil, protocol.Wrap(protocol.CodeInvalidArgument, input, fmt.Errorf("can't create TLS config for client: %w", err))
		}
		opts = append(opts, registry.ClientOptHTTPClient(&http.Client{
			Transport: &http.Transport{TLSClientConfig: tlsConf, Proxy: http.ProxyFromEnvironment},
		}))
	} else if c.PlainHTTP {
		opts = append(opts, registry.ClientOptPlainHTTP())
	}
	opts = append(opts, registry.ClientOptBasicAuth(c.Username, c.Password))
	rc, err := registry.NewClient(opts...)
	if err != nil {
		// NewClient reads the credentials file; a broken one is the user's input to fix.
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "registryConfig",
			"cannot use registry config %s: %v", settings.RegistryConfig, err)
	}
	return rc, nil
}

// tlsConfig is Helm's internal/tlsutil.NewTLSConfig, which is not importable. On failure it also
// says which option is at fault: certFile or keyFile for the pair (keyFile when Go's text is about
// the private key), caFile for the CA bundle.
func tlsConfig(certFile, keyFile, caFile string, insecure bool) (cfg *tls.Config, input string, err error) {
	cfg = &tls.Config{InsecureSkipVerify: insecure} //nolint:gosec // the user asked for it
	if certFile != "" && keyFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, keyPairInput(err, keyFile), fmt.Errorf("unable to load cert from key pair: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, "caFile", err
		}
		cp := x509.NewCertPool()
		if !cp.AppendCertsFromPEM(pem) {
			return nil, "caFile", errors.New("failed to append certificates from pem block")
		}
		cfg.RootCAs = cp
	}
	return cfg, "", nil
}

// keyPairInput tells which file of a pair tls.LoadX509KeyPair failed on: the one an unreadable
// path names, else what crypto/tls's text says (tlsFileInput).
func keyPairInput(err error, keyFile string) string {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		if pathErr.Path == keyFile {
			return "keyFile"
		}
		return "certFile"
	}
	return tlsFileInput(err.Error())
}

// defaultKeyring is pkg/cmd/dependency_build.go defaultKeyring (v4.3.1): pubring.gpg, else
// pubring.kbx, under $GNUPGHOME or ~/.gnupg; pubring.gpg when neither exists.
func defaultKeyring() string {
	home, _ := os.UserHomeDir()
	gnupgHome := filepath.Join(home, ".gnupg")
	if v, ok := os.LookupEnv("GNUPGHOME"); ok {
		gnupgHome = v
	}
	legacy := filepath.Join(gnupgHome, "pubring.gpg")
	if _, err := os.Stat(legacy); !errors.Is(err, fs.ErrNotExist) {
		return legacy
	}
	keybox := filepath.Join(gnupgHome, "pubring.kbx")
	if _, err := os.Stat(keybox); !errors.Is(err, fs.ErrNotExist) {
		return keybox
	}
	return legacy
}

// WriteTemp writes chartData to a private temporary .tgz for the Helm APIs that only take a path
// (lint, show). The caller removes the returned directory.
func (c *ChartSource) WriteTemp() (path, dir string, err error) {
	dir, err = os.MkdirTemp("", "helm-sdk-chart-")
	if err != nil {
		return "", "", err
	}
	path = filepath.Join(dir, "chart.tgz")
	if err := os.WriteFile(path, c.ChartData, 0o600); err != nil {
		os.RemoveAll(dir)
		return "", "", err
	}
	return path, dir, nil
}

// DefaultKeyring is the keyring the CLI's --keyring flag defaults to.
func DefaultKeyring() string { return defaultKeyring() }
