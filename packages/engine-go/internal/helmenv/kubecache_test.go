package helmenv

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"helm.sh/helm/v4/pkg/kube"
)

func TestCachedRESTClientGetter_SharedPerSettingsAndNamespace(t *testing.T) {
	s := EngineSettings{KubeconfigData: testKubeconfig}
	a, err := s.CachedRESTClientGetter("ns-a")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := s.CachedRESTClientGetter("ns-a")
	other, _ := s.CachedRESTClientGetter("ns-b")
	ctx := EngineSettings{KubeconfigData: testKubeconfig, Context: "two"}
	otherCtx, _ := ctx.CachedRESTClientGetter("ns-a")
	if a != again {
		t.Error("same settings and namespace: not shared")
	}
	if a == other || a == otherCtx {
		t.Error("different namespace or context: shared")
	}
	// The REST config is built once but handed out as copies (the kubectl factory mutates it).
	c1, _ := a.ToRESTConfig()
	c1.Host = "mutated"
	c2, _ := a.ToRESTConfig()
	if c2.Host != "https://one.example:6443" {
		t.Errorf("a caller's change leaked into the cache: %s", c2.Host)
	}
	d1, _ := a.ToDiscoveryClient()
	d2, _ := a.ToDiscoveryClient()
	_, _ = a.ToRESTMapper()
	if d1 != d2 || a.(*cachedGetter).mapper == nil {
		t.Error("discovery and REST mapper are not shared")
	}
}

func TestCachedRESTClientGetter_RereadsAnEditedKubeconfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte(testKubeconfig), 0o600); err != nil {
		t.Fatal(err)
	}
	s := EngineSettings{Kubeconfig: path}
	g1, _ := s.CachedRESTClientGetter("x")
	later := time.Now().Add(time.Minute)
	if err := os.WriteFile(path, []byte(testKubeconfig+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_ = os.Chtimes(path, later, later)
	g2, _ := s.CachedRESTClientGetter("x")
	if g1 == g2 {
		t.Error("kubeconfig changed on disk but the cached getter was reused")
	}
}

func TestFreshDiscovery_FreshOnlyRightAfterAFill(t *testing.T) {
	d := &freshDiscovery{filled: time.Now()}
	if !d.Fresh() {
		t.Error("just filled: should be fresh")
	}
	d.filled = time.Now().Add(-time.Minute)
	if d.Fresh() {
		t.Error("an old cache must not be trusted on a miss")
	}
}

func TestActionConfigCached_BindsNamespace(t *testing.T) {
	s := EngineSettings{KubeconfigData: testKubeconfig}
	cfg, err := s.ActionConfigCached("apps", slog.DiscardHandler, nil)
	if err != nil {
		t.Fatal(err)
	}
	if kc, ok := cfg.KubeClient.(*kube.Client); !ok || kc.Namespace != "apps" {
		t.Fatalf("kube client namespace not bound: %#v", cfg.KubeClient)
	}
}
