package methods

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// recorder collects the events of a call.
type recorder struct{ events []protocol.Event }

func (r *recorder) Emit(e protocol.Event) { r.events = append(r.events, e) }

// call runs a method the way the server does: params encoded to msgpack, then routed.
func call[R any](t *testing.T, method string, params any) (*R, error) {
	t.Helper()
	raw, err := protocol.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	h, ok := NewRegistry(&Engine{}, true).Route(method)
	if !ok {
		t.Fatalf("no method %s", method)
	}
	res, err := h(context.Background(), raw, &recorder{})
	if err != nil {
		return nil, err
	}
	return res.(*R), nil
}

// wantCode fails unless err is a protocol error with code.
func wantCode(t *testing.T, err error, code protocol.Code) *protocol.Error {
	t.Helper()
	pe := protocol.Classify(err)
	if err == nil || pe.Code != code {
		t.Fatalf("got error %v (code %v), want code %s", err, pe, code)
	}
	return pe
}

// createChart makes a `helm create` chart named name in a temp dir and returns its path.
func createChart(t *testing.T, name string) string {
	t.Helper()
	dir, err := chartutil.Create(name, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeFiles writes files (path -> content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRegistry_TestMethodsOnlyWhenAsked(t *testing.T) {
	if _, ok := NewRegistry(&Engine{}, false).Route("test.panic"); ok {
		t.Fatal("test.panic routed without HELM_SDK_ENGINE_TEST")
	}
	if _, ok := NewRegistry(&Engine{}, true).Route("test.panic"); !ok {
		t.Fatal("test.panic not routed in test mode")
	}
}

func TestRegistry_UnknownParamIsInvalidArgument(t *testing.T) {
	_, err := call[PingResult](t, "engine.ping", map[string]any{"payolad": 1})
	wantCode(t, err, protocol.CodeInvalidArgument)
}

func TestEngineConfigure_ValidatesAndResolvesNamespace(t *testing.T) {
	res, err := call[ConfigureResult](t, "engine.configure", map[string]any{"namespace": "team-a", "driver": "configmap"})
	if err != nil || res.Namespace != "team-a" {
		t.Fatalf("got %+v %v", res, err)
	}
	kc := "apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts:\n- name: c\n  context: {cluster: k, user: u, namespace: from-kubeconfig}\nclusters:\n- name: k\n  cluster: {server: 'https://127.0.0.1:1'}\nusers:\n- name: u\n  user: {token: t}\n"
	res, err = call[ConfigureResult](t, "engine.configure", map[string]any{"kubeconfigData": kc})
	if err != nil || res.Namespace != "from-kubeconfig" {
		t.Fatalf("kubeconfigData namespace: got %+v %v", res, err)
	}
	for _, bad := range []map[string]any{
		{"driver": "etcd"}, {"qps": -2}, {"burst": -2}, {"maxHistory": -1}, {"driver": "sql"},
		{"kubeconfig": "/x", "kubeconfigData": kc}, {"kubeconfigData": "{not yaml"},
	} {
		_, err := call[ConfigureResult](t, "engine.configure", bad)
		wantCode(t, err, protocol.CodeInvalidArgument)
	}
	// -1 is the CLI's "no client-side limit" (--qps -1 --burst-limit -1); maxHistory 0 is "no limit".
	if _, err := call[ConfigureResult](t, "engine.configure", map[string]any{"qps": -1, "burst": -1, "maxHistory": 0}); err != nil {
		t.Fatalf("qps -1, burst -1, maxHistory 0 refused: %v", err)
	}
}
