package methods

// repo.remove mirrors `helm repo remove` of Helm v4.3.1 (pkg/cmd/repo_remove.go): each name must
// exist; repositories.yaml is rewritten (0600) and the repository's cached index and chart list
// are deleted. Unlike the CLI it also takes the repositories.lock that repo add takes, so a
// concurrent add is not lost.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"helm.sh/helm/v4/pkg/helmpath"
	repo "helm.sh/helm/v4/pkg/repo/v1"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// RepoRemoveParams are `helm repo remove`'s arguments.
type RepoRemoveParams struct {
	Names []string `msgpack:"names" doc:"Repository names to remove."`
}

// RepoRemoveResult lists what was removed.
type RepoRemoveResult struct {
	Removed []string `msgpack:"removed" doc:"The names removed, in order."`
}

var repoRemove = define("repo.remove", "Remove chart repositories, as `helm repo remove`.", runRepoRemove)

func runRepoRemove(ctx context.Context, req *Request, p *RepoRemoveParams) (*RepoRemoveResult, error) {
	if len(p.Names) == 0 {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "names", "at least one repository name is required")
	}
	settings := req.Settings.EnvSettings("")
	unlock, err := helmenv.LockRepoFile(ctx, settings.RepositoryConfig)
	if err != nil {
		return nil, protocol.Wrap(protocol.CodeInternal, "repositoryConfig", err)
	}
	defer unlock()
	r, err := repo.LoadFile(settings.RepositoryConfig)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(r.Repositories) == 0) {
		return nil, protocol.Errorf(protocol.CodeChartNotFound, "names", "no repositories configured")
	} else if err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidArgument, "repositoryConfig", err)
	}
	res := &RepoRemoveResult{Removed: []string{}}
	for _, name := range p.Names {
		if !r.Remove(name) {
			return nil, protocol.Errorf(protocol.CodeChartNotFound, "names", "no repo named %q found", name).With("removed", res.Removed)
		}
		if err := r.WriteFile(settings.RepositoryConfig, 0o600); err != nil {
			return nil, protocol.Wrap(protocol.CodeInternal, "repositoryConfig", err)
		}
		if err := removeRepoCache(settings.RepositoryCache, name); err != nil {
			return nil, protocol.Wrap(protocol.CodeInternal, "repositoryCache", err)
		}
		res.Removed = append(res.Removed, name)
	}
	return res, nil
}

// removeRepoCache is pkg/cmd/repo_remove.go removeRepoCache.
func removeRepoCache(root, name string) error {
	idx := filepath.Join(root, helmpath.CacheChartsFile(name))
	if _, err := os.Stat(idx); err == nil {
		_ = os.Remove(idx)
	}
	idx = filepath.Join(root, helmpath.CacheIndexFile(name))
	if _, err := os.Stat(idx); errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("can't remove index file %s: %w", idx, err)
	}
	return os.Remove(idx)
}
