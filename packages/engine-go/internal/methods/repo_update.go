package methods

// repo.update mirrors `helm repo update` of Helm v4.3.1 (pkg/cmd/repo_update.go): all repositories
// or the named ones (each name must exist), every index downloaded in parallel into the
// repository cache. Unlike the CLI, which fails the whole command, each repository gets its own
// result: a failing repository is reported with its error and the others go on.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sync"
	"time"

	"helm.sh/helm/v4/pkg/getter"
	repo "helm.sh/helm/v4/pkg/repo/v1"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// RepoUpdateParams are `helm repo update`'s arguments and flags.
type RepoUpdateParams struct {
	Names          []string `msgpack:"names,omitempty" doc:"Repositories to update. Defaults to all."`
	TimeoutSeconds int      `msgpack:"timeoutSeconds,omitempty" doc:"--timeout per index download, in seconds. Defaults to 120."`
}

// RepoUpdateOutcome is one repository's result.
type RepoUpdateOutcome struct {
	Name  string          `msgpack:"name"`
	URL   string          `msgpack:"url"`
	OK    bool            `msgpack:"ok"`
	Error *protocol.Error `msgpack:"error,omitempty" doc:"Why this repository failed ({code, message, details})."`
}

// RepoUpdateResult has one outcome per repository, in repositories.yaml order.
type RepoUpdateResult struct {
	OK           bool                `msgpack:"ok" doc:"True when every repository was updated."`
	Repositories []RepoUpdateOutcome `msgpack:"repositories"`
}

var repoUpdate = define("repo.update", "Update repository indexes in parallel, as `helm repo update`.", runRepoUpdate)

func runRepoUpdate(ctx context.Context, req *Request, p *RepoUpdateParams) (*RepoUpdateResult, error) {
	settings := req.Settings.EnvSettings("")
	f, err := repo.LoadFile(settings.RepositoryConfig)
	switch {
	case errors.Is(err, fs.ErrNotExist), err == nil && len(f.Repositories) == 0:
		return nil, protocol.Errorf(protocol.CodeChartNotFound, "names", "no repositories found. You must add one before updating")
	case err != nil:
		return nil, protocol.Wrap(protocol.CodeInvalidArgument, "repositoryConfig", fmt.Errorf("failed loading file: %s: %w", settings.RepositoryConfig, err))
	}
	for _, n := range p.Names {
		if !f.Has(n) {
			return nil, protocol.Errorf(protocol.CodeChartNotFound, "names", "no repositories found matching '%s'.  Nothing will be updated", n)
		}
	}
	timeout := getter.DefaultHTTPTimeout * time.Second
	if p.TimeoutSeconds > 0 {
		timeout = time.Duration(p.TimeoutSeconds) * time.Second
	}
	var entries []*repo.Entry
	for _, e := range f.Repositories {
		if len(p.Names) == 0 || slices.Contains(p.Names, e.Name) {
			entries = append(entries, e)
		}
	}
	res := &RepoUpdateResult{OK: true, Repositories: make([]RepoUpdateOutcome, len(entries))}
	var wg sync.WaitGroup
	for i, e := range entries {
		helmenv.WarnInsecureRepo(req.Method, e)
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := RepoUpdateOutcome{Name: e.Name, URL: e.URL, OK: true}
			r, err := repo.NewChartRepository(e, getter.All(settings, getter.WithTimeout(timeout)))
			if err == nil {
				err = downloadIndex(ctx, r, settings.RepositoryCache)
			}
			if err != nil {
				out.OK = false
				out.Error = helmenv.ClassifyRemote(err, "names", e.URL, e.Password)
			}
			res.Repositories[i] = out
		}()
	}
	wg.Wait()
	for _, o := range res.Repositories {
		res.OK = res.OK && o.OK
	}
	return res, nil
}
