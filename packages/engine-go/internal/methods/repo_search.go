package methods

// repo.search mirrors `helm search repo` of Helm v4.3.1 (pkg/cmd/search_repo.go run, buildIndex,
// applyConstraint, with the importable pkg/cmd/search index): the cached indexes of the
// configured repositories, searched by keyword (or regexp), sorted by score, filtered by the
// version constraint (">0.0.0", or ">0.0.0-0" with devel, when none is given). A repository whose
// cached index is missing or corrupt is skipped (and reported in skipped), as the CLI warns.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/Masterminds/semver/v3"
	"helm.sh/helm/v4/pkg/cmd/search"
	"helm.sh/helm/v4/pkg/helmpath"
	repo "helm.sh/helm/v4/pkg/repo/v1"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// searchMaxScore is pkg/cmd/search_repo.go searchMaxScore.
const searchMaxScore = 25

// RepoSearchParams are `helm search repo`'s argument and flags.
type RepoSearchParams struct {
	Keyword  string `msgpack:"keyword,omitempty" doc:"KEYWORD; all charts when empty."`
	Regexp   bool   `msgpack:"regexp,omitempty" doc:"--regexp: keyword is a regular expression. Defaults to false."`
	Versions bool   `msgpack:"versions,omitempty" doc:"--versions: every version, not only the latest. Defaults to false."`
	Version  string `msgpack:"version,omitempty" doc:"--version constraint. Defaults to the latest stable."`
	Devel    bool   `msgpack:"devel,omitempty" doc:"--devel: include pre-releases (version '>0.0.0-0'). Defaults to false."`
	// FailOnNoResult turns an empty result into CHART_NOT_FOUND, as the CLI's "no results found".
	FailOnNoResult bool `msgpack:"failOnNoResult,omitempty" doc:"--fail-on-no-result: nothing found is an error (CHART_NOT_FOUND). Defaults to false."`
}

// RepoSearchHit is one chart version found.
type RepoSearchHit struct {
	Name        string       `msgpack:"name" doc:"repo/chart, as the CLI's NAME column."`
	Version     string       `msgpack:"version"`
	AppVersion  string       `msgpack:"appVersion"`
	Description string       `msgpack:"description"`
	Score       int          `msgpack:"score" doc:"Search distance; lower is closer (0 for an exact or listing hit)."`
	Chart       ReleaseChart `msgpack:"chart" doc:"The version's metadata from the index."`
	URLs        []string     `msgpack:"urls"`
	Digest      string       `msgpack:"digest,omitempty"`
}

// RepoSearchResult lists the hits in the CLI's order.
type RepoSearchResult struct {
	Charts  []RepoSearchHit `msgpack:"charts"`
	Skipped []string        `msgpack:"skipped" doc:"Repositories whose cached index is missing or corrupt (run updateRepos)."`
}

var repoSearch = define("repo.search", "Search the configured repositories' indexes, as `helm search repo`.", runRepoSearch)

func runRepoSearch(_ context.Context, req *Request, p *RepoSearchParams) (*RepoSearchResult, error) {
	settings := req.Settings.EnvSettings("")
	version := p.Version
	if version == "" {
		version = ">0.0.0"
		if p.Devel {
			version = ">0.0.0-0"
		}
	}
	constraint, err := semver.NewConstraint(version)
	if err != nil {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "version", "an invalid version/constraint format %q: %v", p.Version, err)
	}
	rf, err := repo.LoadFile(settings.RepositoryConfig)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(rf.Repositories) == 0) {
		return nil, protocol.Errorf(protocol.CodeChartNotFound, "keyword", "no repositories configured")
	} else if err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidArgument, "repositoryConfig", err)
	}
	res := &RepoSearchResult{Charts: []RepoSearchHit{}, Skipped: []string{}}
	i := search.NewIndex()
	for _, re := range rf.Repositories {
		ind, err := repo.LoadIndexFile(filepath.Join(settings.RepositoryCache, helmpath.CacheIndexFile(re.Name)))
		if err != nil {
			res.Skipped = append(res.Skipped, re.Name)
			continue
		}
		// The CLI always has a version (setupSearchedVersion), so it always adds every version.
		i.AddRepo(re.Name, ind, true)
	}
	var hits []*search.Result
	if strings.TrimSpace(p.Keyword) == "" {
		hits = i.All()
	} else if hits, err = i.Search(p.Keyword, searchMaxScore, p.Regexp); err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidArgument, "keyword", fmt.Errorf("invalid regexp %q: %w", p.Keyword, err))
	}
	search.SortScore(hits)
	seen := map[string]bool{}
	for _, r := range hits {
		if !p.Versions && seen[r.Name] {
			continue
		}
		v, err := semver.NewVersion(r.Chart.Version)
		if err != nil || !constraint.Check(v) {
			continue
		}
		seen[r.Name] = true
		md := r.Chart.Metadata
		res.Charts = append(res.Charts, RepoSearchHit{
			Name: r.Name, Version: md.Version, AppVersion: md.AppVersion, Description: md.Description,
			Score: r.Score, Chart: viewChart(md), URLs: r.Chart.URLs, Digest: r.Chart.Digest,
		})
	}
	if p.FailOnNoResult && len(res.Charts) == 0 {
		return nil, noResults("keyword", p.Keyword)
	}
	return res, nil
}

// noResults is the CLI's "no results found" of --fail-on-no-result, naming what was searched.
func noResults(input, keyword string) error {
	return protocol.Errorf(protocol.CodeChartNotFound, input, "no results found for keyword %q", keyword).With("keyword", keyword)
}
