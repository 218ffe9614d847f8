package methods

// repo.index mirrors `helm repo index` of Helm v4.3.1 (pkg/cmd/repo_index.go index): index the
// chart archives of a directory into <dir>/index.yaml (or index.json with json), optionally
// merged with an existing index.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	repo "helm.sh/helm/v4/pkg/repo/v1"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// RepoIndexParams are `helm repo index`'s argument and flags.
type RepoIndexParams struct {
	Dir   string `msgpack:"dir" doc:"Directory of chart archives (DIR)."`
	URL   string `msgpack:"url,omitempty" doc:"--url: base URL of the charts."`
	Merge string `msgpack:"merge,omitempty" doc:"--merge: an index to merge into the generated one."`
	JSON  bool   `msgpack:"json,omitempty" doc:"--json: write the index as JSON. Defaults to false."`
	Cwd   string `msgpack:"cwd,omitempty" doc:"Directory relative paths are resolved against."`
}

// RepoIndexResult names the written index.
type RepoIndexResult struct {
	Path    string `msgpack:"path" doc:"The index file written."`
	Entries int    `msgpack:"entries" doc:"Number of chart versions in it."`
}

var repoIndex = define("repo.index", "Generate an index file for a directory of charts, as `helm repo index`.", runRepoIndex)

func runRepoIndex(_ context.Context, _ *Request, p *RepoIndexParams) (*RepoIndexResult, error) {
	if p.Dir == "" {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "dir", "dir is required")
	}
	dir := helmenv.ResolvePath(p.Cwd, p.Dir)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "dir", "%s is not a directory", p.Dir)
	}
	out := filepath.Join(dir, "index.yaml")
	i, err := repo.IndexDirectory(dir, p.URL)
	if err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidChart, "dir", err)
	}
	if p.Merge != "" {
		mergeTo := helmenv.ResolvePath(p.Cwd, p.Merge)
		var i2 *repo.IndexFile
		if _, err := os.Stat(mergeTo); errors.Is(err, fs.ErrNotExist) {
			i2 = repo.NewIndexFile()
			_ = writeIndexFile(i2, mergeTo, p.JSON)
		} else {
			i2, err = repo.LoadIndexFile(mergeTo)
			if err != nil {
				return nil, protocol.Wrap(protocol.CodeInvalidArgument, "merge", fmt.Errorf("merge failed: %w", err))
			}
		}
		i.Merge(i2)
	}
	i.SortEntries()
	if err := writeIndexFile(i, out, p.JSON); err != nil {
		return nil, protocol.Wrap(protocol.CodeInternal, "dir", err)
	}
	n := 0
	for _, vs := range i.Entries {
		n += len(vs)
	}
	return &RepoIndexResult{Path: out, Entries: n}, nil
}

func writeIndexFile(i *repo.IndexFile, out string, json bool) error {
	if json {
		return i.WriteJSONFile(out, 0o644)
	}
	return i.WriteFile(out, 0o644)
}
