package methods

// release.history mirrors `helm history` of Helm v4.3.1 (pkg/cmd/history.go getHistory +
// pkg/action/history.go History.Run): every stored revision, the newest --max (default 256) of
// them, oldest first.

import (
	"context"

	"helm.sh/helm/v4/pkg/action"
	releasev1 "helm.sh/helm/v4/pkg/release/v1"
	releaseutil "helm.sh/helm/v4/pkg/release/v1/util"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// defaultHistoryMax is `helm history --max`'s default.
const defaultHistoryMax = 256

// HistoryParams are `helm history`'s argument and flags.
type HistoryParams struct {
	ReleaseName string `msgpack:"releaseName" doc:"The release (helm history RELEASE_NAME)."`
	Namespace   string `msgpack:"namespace,omitempty" doc:"--namespace. Defaults to the configured namespace."`
	Max         *int   `msgpack:"max,omitempty" doc:"--max: the newest revisions to return. Defaults to 256."`
}

// HistoryResult is the release's revisions, oldest first.
type HistoryResult struct {
	Releases []Release `msgpack:"releases"`
}

var releaseHistory = define("release.history", "Show a release's revisions, as `helm history`.", runHistory)

func runHistory(ctx context.Context, req *Request, p *HistoryParams) (*HistoryResult, error) {
	if err := checkReleaseName(p.ReleaseName); err != nil {
		return nil, err
	}
	limit := defaultHistoryMax
	if p.Max != nil {
		if *p.Max < 0 {
			return nil, protocol.Errorf(protocol.CodeInvalidArgument, "max", "max must not be negative, got %d", *p.Max)
		}
		limit = *p.Max
	}
	cfg, ns, err := readConfig(req, p.Namespace, false)
	if err != nil {
		return nil, err
	}
	h := action.NewHistory(cfg)
	h.Max = limit
	hist, err := runCtx(ctx, func() ([]*releasev1.Release, error) {
		ris, err := h.Run(p.ReleaseName)
		if err != nil {
			return nil, err
		}
		out := make([]*releasev1.Release, 0, len(ris))
		for _, ri := range ris {
			r, err := toV1(ri)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, nil
	})
	if err != nil {
		return nil, releaseErr(err, p.ReleaseName, ns, 0)
	}
	return &HistoryResult{Releases: newestRevisions(hist, limit)}, nil
}

// newestRevisions keeps the newest max revisions, oldest first (getHistory: reverse sort by
// revision, take max, print backwards).
func newestRevisions(hist []*releasev1.Release, limit int) []Release {
	releaseutil.Reverse(hist, releaseutil.SortByRevision)
	if len(hist) > limit {
		hist = hist[:limit]
	}
	out := make([]Release, 0, len(hist))
	for i := len(hist) - 1; i >= 0; i-- {
		if v := viewRelease(hist[i], DetailSummary); v != nil {
			out = append(out, *v)
		}
	}
	return out
}
