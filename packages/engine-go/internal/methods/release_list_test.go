package methods

import (
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"helm.sh/helm/v4/pkg/action"
	chartv2 "helm.sh/helm/v4/pkg/chart/v2"
	kubefake "helm.sh/helm/v4/pkg/kube/fake"
	"helm.sh/helm/v4/pkg/release/common"
	releasev1 "helm.sh/helm/v4/pkg/release/v1"
	"helm.sh/helm/v4/pkg/storage"
	"helm.sh/helm/v4/pkg/storage/driver"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// fakeReleases is an action.Configuration over Helm's memory driver and printing kube client,
// holding these revisions in namespace "ns" (and "other" for names starting with "o-").
func fakeReleases(t *testing.T, rels ...*releasev1.Release) *action.Configuration {
	t.Helper()
	mem := driver.NewMemory()
	mem.SetNamespace("ns")
	cfg := &action.Configuration{
		Releases:   storage.Init(mem),
		KubeClient: &kubefake.PrintingKubeClient{Out: io.Discard},
	}
	for _, r := range rels {
		mem.SetNamespace(r.Namespace)
		if err := cfg.Releases.Create(r); err != nil {
			t.Fatal(err)
		}
	}
	mem.SetNamespace("ns")
	return cfg
}

var base = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

func rel(name string, version int, status common.Status, minute int, labels map[string]string) *releasev1.Release {
	ns := "ns"
	if name[:2] == "o-" {
		ns = "other"
	}
	return &releasev1.Release{
		Name: name, Namespace: ns, Version: version, Labels: labels,
		Info:  &releasev1.Info{Status: status, LastDeployed: base.Add(time.Duration(minute) * time.Minute)},
		Chart: &chartv2.Chart{Metadata: &chartv2.Metadata{Name: "c", Version: "1.0.0", AppVersion: "2"}},
	}
}

func intp(i int) *int { return &i }

func fixture(t *testing.T) *action.Configuration {
	return fakeReleases(t,
		rel("alpha", 1, common.StatusSuperseded, 1, nil),
		rel("alpha", 2, common.StatusDeployed, 5, map[string]string{"team": "a"}),
		rel("bravo", 1, common.StatusFailed, 3, nil),
		rel("charlie", 1, common.StatusUninstalled, 2, nil),
		rel("delta", 1, common.StatusPendingUpgrade, 4, map[string]string{"team": "b"}),
		rel("echo", 1, common.StatusUninstalling, 6, nil),
	)
}

func TestList_OptionsAndFilters(t *testing.T) {
	tests := []struct {
		name string
		p    ListParams
		want []string // name@revision
	}{
		{"default: every state, latest revisions, by name", ListParams{}, []string{"alpha@2", "bravo@1", "charlie@1", "delta@1", "echo@1"}},
		{"deployed", ListParams{Deployed: true}, []string{"alpha@2"}},
		{"deployed + failed", ListParams{Deployed: true, Failed: true}, []string{"alpha@2", "bravo@1"}},
		{"superseded alone shows old revisions", ListParams{Superseded: true}, []string{"alpha@1"}},
		{"superseded with deployed: latest only", ListParams{Superseded: true, Deployed: true}, []string{"alpha@2"}},
		{"uninstalled", ListParams{Uninstalled: true}, []string{"charlie@1"}},
		{"uninstalling", ListParams{Uninstalling: true}, []string{"echo@1"}},
		{"pending", ListParams{Pending: true}, []string{"delta@1"}},
		{"filter regexp", ListParams{Filter: "^(a|d)"}, []string{"alpha@2", "delta@1"}},
		{"selector", ListParams{Selector: "team=b"}, []string{"delta@1"}},
		{"selector !=", ListParams{Selector: "team!=b", Deployed: true}, []string{"alpha@2"}},
		{"reverse", ListParams{Reverse: true}, []string{"echo@1", "delta@1", "charlie@1", "bravo@1", "alpha@2"}},
		// helm list -d sorts oldest first (releaseutil.SortByDate is ascending, despite the name ByDateDesc).
		{"by date: oldest first, as helm list -d", ListParams{SortBy: "date"}, []string{"charlie@1", "bravo@1", "delta@1", "alpha@2", "echo@1"}},
		{"by date reversed: latest first", ListParams{SortBy: "date", Reverse: true}, []string{"echo@1", "alpha@2", "delta@1", "bravo@1", "charlie@1"}},
		{"limit", ListParams{Limit: intp(2)}, []string{"alpha@2", "bravo@1"}},
		{"limit + offset", ListParams{Limit: intp(2), Offset: 2}, []string{"charlie@1", "delta@1"}},
		{"limit 0 is no limit", ListParams{Limit: intp(0)}, []string{"alpha@2", "bravo@1", "charlie@1", "delta@1", "echo@1"}},
		{"offset past the end", ListParams{Offset: 9}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p
			l, err := newListAction(fixture(t), &p)
			if err != nil {
				t.Fatal(err)
			}
			res, err := doList(l)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, r := range res.Releases {
				got = append(got, fmt.Sprintf("%s@%d", r.Name, r.Revision))
				if r.Manifest != "" || r.Config != nil || r.Hooks != nil {
					t.Errorf("%s: list returns summaries only", r.Name)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestList_DefaultLimitIsTheCLIs(t *testing.T) {
	l, err := newListAction(fixture(t), &ListParams{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Limit != 256 || l.StateMask != action.ListAll || l.ByDate || l.SortReverse {
		t.Errorf("defaults: limit %d mask %v byDate %v reverse %v", l.Limit, l.StateMask, l.ByDate, l.SortReverse)
	}
}

func TestList_InvalidArguments(t *testing.T) {
	tests := []struct {
		p     ListParams
		input string
	}{
		{ListParams{Filter: "(unclosed"}, "filter"},
		{ListParams{Selector: "a in (b"}, "selector"},
		{ListParams{SortBy: "size"}, "sortBy"},
		{ListParams{Limit: intp(-1)}, "limit"},
		{ListParams{Offset: -1}, "offset"},
	}
	for _, tt := range tests {
		p := tt.p
		_, err := newListAction(fixture(t), &p)
		var pe *protocol.Error
		if !errors.As(err, &pe) || pe.Code != protocol.CodeInvalidArgument || pe.Details["input"] != tt.input {
			t.Errorf("%+v: got %v, want INVALID_ARGUMENT on %s", tt.p, err, tt.input)
		}
	}
}

func TestHistory_NewestRevisionsOldestFirst(t *testing.T) {
	var hist []*releasev1.Release
	for _, v := range []int{3, 1, 4, 2} {
		hist = append(hist, rel("alpha", v, common.StatusSuperseded, v, nil))
	}
	for _, tt := range []struct {
		max  int
		want string
	}{{256, "[1 2 3 4]"}, {2, "[3 4]"}, {0, "[]"}} {
		got := []int{}
		for _, r := range newestRevisions(append([]*releasev1.Release(nil), hist...), tt.max) {
			got = append(got, r.Revision)
		}
		if fmt.Sprint(got) != tt.want {
			t.Errorf("max %d: got %v, want %s", tt.max, got, tt.want)
		}
	}
}

func TestReleaseErr_NamesReleaseAndRevision(t *testing.T) {
	err := releaseErr(fmt.Errorf("get: %w", driver.ErrReleaseNotFound), "alpha", "ns", 0)
	var pe *protocol.Error
	if !errors.As(err, &pe) || pe.Code != protocol.CodeReleaseNotFound || pe.Details["releaseName"] != "alpha" || pe.Details["input"] != "releaseName" {
		t.Fatalf("got %#v", err)
	}
	err = releaseErr(driver.ErrReleaseNotFound, "alpha", "ns", 7)
	if !errors.As(err, &pe) || pe.Details["revision"] != 7 || pe.Details["input"] != "revision" {
		t.Fatalf("got %#v", err)
	}
	if !errors.Is(err, driver.ErrReleaseNotFound) {
		t.Error("the cause is kept")
	}
	// The real storage error for a missing revision is classified the same way.
	cfg := fixture(t)
	_, gerr := cfg.Releases.Get("alpha", 9)
	if err := releaseErr(gerr, "alpha", "ns", 9); !errors.As(err, &pe) || pe.Code != protocol.CodeReleaseNotFound {
		t.Errorf("missing revision: %v", err)
	}
}

func TestParseTestFilters(t *testing.T) {
	got, err := parseTestFilters([]string{"name=a,name=b", "!name=c", "! name=d"})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got[action.IncludeNameFilter]) != "[a b]" || fmt.Sprint(got[action.ExcludeNameFilter]) != "[c d]" {
		t.Errorf("got %v", got)
	}
	if _, err := parseTestFilters([]string{"kind=Pod"}); err == nil {
		t.Error("unknown attribute accepted")
	}
}
