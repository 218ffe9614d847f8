package methods

// release.list mirrors `helm list` of Helm v4.3.1 (pkg/cmd/list.go newListCmd + pkg/action/list.go
// List.Run): the state flags combine into a mask (none set = every state, List.SetStateMask),
// only the latest revision of each release is shown (except when only superseded ones are asked
// for), the filter is a Go regexp on the name, the selector a label query on the release's
// storage labels, sorting is by name unless sortBy is "date" (oldest first: releaseutil.SortByDate is ascending
// although List calls it ByDateDesc), and --max defaults to 256.

import (
	"context"
	"regexp"

	"helm.sh/helm/v4/pkg/action"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// ListSortBy is the sort key of release.list.
type ListSortBy string

// EnumValues lets cmd/protogen emit a string union.
func (ListSortBy) EnumValues() []string { return []string{"name", "date"} }

// defaultListMax is `helm list --max`'s default.
const defaultListMax = 256

// ListParams are `helm list`'s flags.
type ListParams struct {
	Namespace     string     `msgpack:"namespace,omitempty" doc:"--namespace. Defaults to the configured namespace."`
	AllNamespaces bool       `msgpack:"allNamespaces,omitempty" doc:"-A/--all-namespaces. Defaults to false."`
	Filter        string     `msgpack:"filter,omitempty" doc:"-f/--filter: a regular expression the release name must match."`
	Selector      string     `msgpack:"selector,omitempty" doc:"-l/--selector: label query on the release's labels (secret and configmap drivers)."`
	Deployed      bool       `msgpack:"deployed,omitempty" doc:"--deployed."`
	Failed        bool       `msgpack:"failed,omitempty" doc:"--failed."`
	Pending       bool       `msgpack:"pending,omitempty" doc:"--pending: pending-install, pending-upgrade and pending-rollback."`
	Superseded    bool       `msgpack:"superseded,omitempty" doc:"--superseded."`
	Uninstalled   bool       `msgpack:"uninstalled,omitempty" doc:"--uninstalled (after uninstall --keep-history)."`
	Uninstalling  bool       `msgpack:"uninstalling,omitempty" doc:"--uninstalling."`
	SortBy        ListSortBy `msgpack:"sortBy,omitempty" doc:"name (default) or date (-d/--date: by last deployed, oldest first, as the CLI)."`
	Reverse       bool       `msgpack:"reverse,omitempty" doc:"-r/--reverse. Defaults to false."`
	Limit         *int       `msgpack:"limit,omitempty" doc:"-m/--max. Defaults to 256; 0 means no limit."`
	Offset        int        `msgpack:"offset,omitempty" doc:"--offset. Defaults to 0."`
}

// ListResult is the matching releases, one revision each.
type ListResult struct {
	Releases []Release `msgpack:"releases"`
}

var releaseList = define("release.list", "List releases, as `helm list`.", runList)

// newListAction maps the params onto an action.List (split out for unit tests).
func newListAction(cfg *action.Configuration, p *ListParams) (*action.List, error) {
	l := action.NewList(cfg)
	l.AllNamespaces = p.AllNamespaces
	l.Deployed, l.Failed, l.Pending = p.Deployed, p.Failed, p.Pending
	l.Superseded, l.Uninstalled, l.Uninstalling = p.Superseded, p.Uninstalled, p.Uninstalling
	switch p.SortBy {
	case "", "name":
	case "date":
		l.ByDate = true
	default:
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "sortBy", "sortBy must be \"name\" or \"date\", got %q", p.SortBy)
	}
	l.SortReverse = p.Reverse
	if p.Filter != "" {
		if _, err := regexp.Compile(p.Filter); err != nil {
			return nil, protocol.Errorf(protocol.CodeInvalidArgument, "filter", "filter %q is not a valid regular expression: %v", p.Filter, err)
		}
	}
	l.Filter = p.Filter
	if p.Selector != "" {
		if _, err := labels.Parse(p.Selector); err != nil {
			return nil, protocol.Errorf(protocol.CodeInvalidArgument, "selector", "selector %q is not a valid label query: %v", p.Selector, err)
		}
	}
	l.Selector = p.Selector
	l.Limit = defaultListMax
	if p.Limit != nil {
		if *p.Limit < 0 {
			return nil, protocol.Errorf(protocol.CodeInvalidArgument, "limit", "limit must not be negative, got %d", *p.Limit)
		}
		l.Limit = *p.Limit
	}
	if p.Offset < 0 {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "offset", "offset must not be negative, got %d", p.Offset)
	}
	l.Offset = p.Offset
	l.SetStateMask()
	return l, nil
}

func runList(ctx context.Context, req *Request, p *ListParams) (*ListResult, error) {
	// As the CLI, allNamespaces wins over a namespace.
	cfg, _, err := readConfig(req, p.Namespace, p.AllNamespaces)
	if err != nil {
		return nil, err
	}
	l, err := newListAction(cfg, p)
	if err != nil {
		return nil, err
	}
	return runCtx(ctx, func() (*ListResult, error) { return doList(l) })
}

func doList(l *action.List) (*ListResult, error) {
	rels, err := l.Run()
	if err != nil {
		return nil, protocol.Classify(err)
	}
	out := &ListResult{Releases: make([]Release, 0, len(rels))}
	for _, ri := range rels {
		r, err := toV1(ri)
		if err != nil {
			return nil, err
		}
		if v := viewRelease(r, DetailSummary); v != nil {
			out.Releases = append(out.Releases, *v)
		}
	}
	return out, nil
}
