package methods

// repo.list mirrors `helm repo list` of Helm v4.3.1 (pkg/cmd/repo_list.go) as data: every entry
// of repositories.yaml without its password (hasPassword says whether one is stored). A missing
// file is an empty list, not the CLI's "no repositories to show" error.

import (
	"context"
	"errors"
	"io/fs"

	repo "helm.sh/helm/v4/pkg/repo/v1"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// RepoListParams has no flags beyond the Configuration's paths.
type RepoListParams struct{}

// RepoEntry is one configured repository, password left out.
type RepoEntry struct {
	Name                  string `msgpack:"name"`
	URL                   string `msgpack:"url"`
	Username              string `msgpack:"username,omitempty"`
	HasPassword           bool   `msgpack:"hasPassword" doc:"Whether a password is stored; the password itself is never returned."`
	CertFile              string `msgpack:"certFile,omitempty"`
	KeyFile               string `msgpack:"keyFile,omitempty"`
	CaFile                string `msgpack:"caFile,omitempty"`
	InsecureSkipTLSVerify bool   `msgpack:"insecureSkipTlsVerify"`
	PassCredentials       bool   `msgpack:"passCredentials"`
}

// RepoListResult lists the repositories in file order.
type RepoListResult struct {
	Repositories []RepoEntry `msgpack:"repositories"`
}

var repoList = define("repo.list", "List chart repositories, as `helm repo list` (without passwords).", runRepoList)

func runRepoList(_ context.Context, req *Request, _ *RepoListParams) (*RepoListResult, error) {
	settings := req.Settings.EnvSettings("")
	f, err := repo.LoadFile(settings.RepositoryConfig)
	res := &RepoListResult{Repositories: []RepoEntry{}}
	if errors.Is(err, fs.ErrNotExist) {
		return res, nil
	} else if err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidArgument, "repositoryConfig", err)
	}
	for _, e := range f.Repositories {
		res.Repositories = append(res.Repositories, RepoEntry{
			Name: e.Name, URL: e.URL, Username: e.Username, HasPassword: e.Password != "",
			CertFile: e.CertFile, KeyFile: e.KeyFile, CaFile: e.CAFile,
			InsecureSkipTLSVerify: e.InsecureSkipTLSVerify, PassCredentials: e.PassCredentialsAll,
		})
	}
	return res, nil
}
