package methods

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// repoEnv is an engine whose repository files live in a temp dir, and a chart repository server.
type repoEnv struct {
	engine   *Engine
	repoFile string
	cache    string
	url      string
}

func newRepoEnv(t *testing.T) *repoEnv {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/broken/index.yaml" {
			fmt.Fprint(w, "entries: [not an index")
			return
		}
		fmt.Fprint(w, "apiVersion: v1\nentries: {}\n")
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	e := &Engine{}
	env := &repoEnv{engine: e, repoFile: filepath.Join(dir, "repositories.yaml"), cache: filepath.Join(dir, "cache"), url: srv.URL}
	e.setSettings(helmenv.EngineSettings{RepositoryConfig: env.repoFile, RepositoryCache: env.cache})
	return env
}

func callOn[R any](t *testing.T, e *Engine, method string, params any) (*R, error) {
	t.Helper()
	raw, err := protocol.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	h, ok := NewRegistry(e, true).Route(method)
	if !ok {
		t.Fatalf("no method %s", method)
	}
	res, err := h(context.Background(), raw, &recorder{})
	if err != nil {
		return nil, err
	}
	return res.(*R), nil
}

func TestRepoAdd_CLIRules(t *testing.T) {
	env := newRepoEnv(t)
	add := func(p RepoAddParams) (*RepoAddResult, error) {
		return callOn[RepoAddResult](t, env.engine, "repo.add", p)
	}
	if r, err := add(RepoAddParams{Name: "a", URL: env.url}); err != nil || !r.Added {
		t.Fatalf("add: %v %+v", err, r)
	}
	st, err := os.Stat(env.repoFile)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("repositories.yaml mode %v (%v), want 0600", st.Mode().Perm(), err)
	}
	if _, err := os.Stat(filepath.Join(env.cache, "a-index.yaml")); err != nil {
		t.Fatalf("index not cached: %v", err)
	}
	cases := []struct {
		name string
		p    RepoAddParams
		code protocol.Code // "" = success
		want string
	}{
		{"same config is a no-op", RepoAddParams{Name: "a", URL: env.url}, "", ""},
		{"different config", RepoAddParams{Name: "a", URL: env.url + "/other"}, protocol.CodeInvalidArgument, "already exists"},
		{"forceUpdate replaces", RepoAddParams{Name: "a", URL: env.url + "/other", ForceUpdate: true}, "", ""},
		{"slash in name", RepoAddParams{Name: "a/b", URL: env.url}, protocol.CodeInvalidArgument, "contains '/'"},
		{"bad index", RepoAddParams{Name: "b", URL: env.url + "/broken"}, protocol.CodeInvalidArgument, env.url + "/broken"},
		{"unreachable", RepoAddParams{Name: "c", URL: "http://127.0.0.1:1"}, protocol.CodeInvalidArgument, "http://127.0.0.1:1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := add(c.p)
			if c.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			pe := wantCode(t, err, c.code)
			if !strings.Contains(pe.Message, c.want) {
				t.Fatalf("message %q does not contain %q", pe.Message, c.want)
			}
		})
	}
}

func TestRepoAdd_ParallelAddsAllLand(t *testing.T) {
	env := newRepoEnv(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := callOn[RepoAddResult](t, env.engine, "repo.add", RepoAddParams{Name: fmt.Sprintf("r%d", i), URL: env.url}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	list, err := callOn[RepoListResult](t, env.engine, "repo.list", RepoListParams{})
	if err != nil || len(list.Repositories) != 8 {
		t.Fatalf("got %v repositories (%v), want 8", list, err)
	}
}

func TestRepoRemoveAndUpdate(t *testing.T) {
	env := newRepoEnv(t)
	for _, n := range []string{"a", "b"} {
		if _, err := callOn[RepoAddResult](t, env.engine, "repo.add", RepoAddParams{Name: n, URL: env.url, Password: "pw-123"}); err != nil {
			t.Fatal(err)
		}
	}
	list, _ := callOn[RepoListResult](t, env.engine, "repo.list", RepoListParams{})
	if !list.Repositories[0].HasPassword {
		t.Fatal("hasPassword false")
	}
	if _, err := callOn[RepoRemoveResult](t, env.engine, "repo.remove", RepoRemoveParams{Names: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(env.cache, "a-index.yaml")); !os.IsNotExist(err) {
		t.Fatalf("cached index of a still there: %v", err)
	}
	_, err := callOn[RepoRemoveResult](t, env.engine, "repo.remove", RepoRemoveParams{Names: []string{"a"}})
	wantCode(t, err, protocol.CodeChartNotFound)

	f, _ := os.ReadFile(env.repoFile)
	f = append(f, []byte("- name: gone\n  url: http://127.0.0.1:1\n")...)
	if err := os.WriteFile(env.repoFile, f, 0o600); err != nil {
		t.Fatal(err)
	}
	up, err := callOn[RepoUpdateResult](t, env.engine, "repo.update", RepoUpdateParams{})
	if err != nil {
		t.Fatal(err)
	}
	if up.OK || len(up.Repositories) != 2 || !up.Repositories[0].OK || up.Repositories[1].OK || up.Repositories[1].Error == nil {
		t.Fatalf("update result %+v", up)
	}
}
