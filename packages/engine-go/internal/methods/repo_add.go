package methods

// repo.add mirrors `helm repo add` of Helm v4.3.1 (pkg/cmd/repo_add.go repoAddOptions.run): file
// lock on repositories.lock, no '/' in names, same name with the same config is a no-op, a
// different config needs forceUpdate, the index is downloaded into the repository cache before the
// entry is written, and repositories.yaml is written with mode 0600. The password comes only from
// params (never a prompt or stdin); deprecated-repo checks are left out (they name URLs that
// no longer exist).

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"helm.sh/helm/v4/pkg/getter"
	repo "helm.sh/helm/v4/pkg/repo/v1"
	"sigs.k8s.io/yaml"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// RepoAddParams are `helm repo add`'s arguments and flags.
type RepoAddParams struct {
	Name                  string `msgpack:"name" doc:"Repository name (NAME); must not contain '/'."`
	URL                   string `msgpack:"url" doc:"Repository URL (URL)."`
	Username              string `msgpack:"username,omitempty" doc:"--username."`
	Password              string `msgpack:"password,omitempty" doc:"--password. Stored in repositories.yaml as the CLI does; never returned."`
	PassCredentials       bool   `msgpack:"passCredentials,omitempty" doc:"--pass-credentials: send credentials to all domains. Defaults to false."`
	CertFile              string `msgpack:"certFile,omitempty" doc:"--cert-file."`
	KeyFile               string `msgpack:"keyFile,omitempty" doc:"--key-file."`
	CaFile                string `msgpack:"caFile,omitempty" doc:"--ca-file."`
	InsecureSkipTLSVerify bool   `msgpack:"insecureSkipTlsVerify,omitempty" doc:"--insecure-skip-tls-verify. Defaults to false."`
	ForceUpdate           bool   `msgpack:"forceUpdate,omitempty" doc:"--force-update: replace an existing entry. Defaults to false."`
	TimeoutSeconds        int    `msgpack:"timeoutSeconds,omitempty" doc:"--timeout for the index download, in seconds. Defaults to 120."`
}

// RepoAddResult says what happened.
type RepoAddResult struct {
	Added     bool `msgpack:"added" doc:"False when the same entry already existed (a no-op, as the CLI's 'skipping')."`
	Unchanged bool `msgpack:"unchanged" doc:"True when the repository existed with the same configuration."`
}

var repoAdd = define("repo.add", "Add a chart repository, as `helm repo add`.", runRepoAdd)

func runRepoAdd(ctx context.Context, req *Request, p *RepoAddParams) (*RepoAddResult, error) {
	if p.Name == "" {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "name", "name is required")
	}
	if p.URL == "" {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "url", "url is required")
	}
	if strings.Contains(p.Name, "/") {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "name", "repository name (%s) contains '/', please specify a different name without '/'", p.Name)
	}
	settings := req.Settings.EnvSettings("")
	repoFile := settings.RepositoryConfig

	unlock, err := helmenv.LockRepoFile(ctx, repoFile)
	if err != nil {
		return nil, protocol.Wrap(protocol.CodeInternal, "repositoryConfig", err)
	}
	defer unlock()

	b, err := os.ReadFile(repoFile)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, protocol.Wrap(protocol.CodeInternal, "repositoryConfig", err)
	}
	var f repo.File
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "repositoryConfig", "%s: %v", repoFile, err)
	}

	c := repo.Entry{
		Name: p.Name, URL: p.URL, Username: p.Username, Password: p.Password,
		PassCredentialsAll: p.PassCredentials, CertFile: p.CertFile, KeyFile: p.KeyFile, CAFile: p.CaFile,
		InsecureSkipTLSVerify: p.InsecureSkipTLSVerify,
	}
	if !p.ForceUpdate && f.Has(p.Name) {
		if existing := f.Get(p.Name); c != *existing {
			return nil, protocol.Errorf(protocol.CodeInvalidArgument, "name", "repository name (%s) already exists, please specify a different name", p.Name)
		}
		return &RepoAddResult{Added: false, Unchanged: true}, nil
	}

	timeout := getter.DefaultHTTPTimeout * time.Second
	if p.TimeoutSeconds > 0 {
		timeout = time.Duration(p.TimeoutSeconds) * time.Second
	}
	r, err := repo.NewChartRepository(&c, getter.All(settings, getter.WithTimeout(timeout)))
	if err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidArgument, "url", err)
	}
	if err := downloadIndex(ctx, r, settings.RepositoryCache); err != nil {
		e := helmenv.ClassifyRemote(fmt.Errorf("looks like %q is not a valid chart repository or cannot be reached: %w", p.URL, err), "url", p.URL, p.Password)
		if e.Code == protocol.CodeInternal || e.Code == protocol.CodeChartNotFound {
			e.Code = protocol.CodeInvalidArgument
		}
		return nil, e
	}
	f.Update(&c)
	if err := f.WriteFile(repoFile, 0o600); err != nil {
		return nil, protocol.Wrap(protocol.CodeInternal, "repositoryConfig", err)
	}
	return &RepoAddResult{Added: true}, nil
}
