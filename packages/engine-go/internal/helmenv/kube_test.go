package helmenv

import (
	"log/slog"
	"testing"

	"helm.sh/helm/v4/pkg/kube"
	"helm.sh/helm/v4/pkg/storage/driver"
)

const testKubeconfig = `apiVersion: v1
kind: Config
current-context: one
contexts:
- name: one
  context: {cluster: c1, user: u1, namespace: ns-one}
- name: two
  context: {cluster: c2, user: u1}
clusters:
- name: c1
  cluster: {server: 'https://one.example:6443'}
- name: c2
  cluster: {server: 'https://two.example:6443'}
users:
- name: u1
  user: {token: from-file}
`

func TestRESTClientGetter_InMemoryKubeconfig(t *testing.T) {
	s := EngineSettings{KubeconfigData: testKubeconfig, Context: "two", KubeToken: "override", QPS: 7, Burst: 9}
	g, err := s.RESTClientGetter("req-ns")
	if err != nil {
		t.Fatal(err)
	}
	c, err := g.ToRESTConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.Host != "https://two.example:6443" || c.BearerToken != "override" || c.QPS != 7 || c.Burst != 9 || c.UserAgent == "" {
		t.Fatalf("rest config: host %s token %s qps %v burst %d ua %q", c.Host, c.BearerToken, c.QPS, c.Burst, c.UserAgent)
	}
	if ns, _, _ := g.ToRawKubeConfigLoader().Namespace(); ns != "req-ns" {
		t.Fatalf("namespace %q", ns)
	}
	if ns := (&EngineSettings{KubeconfigData: testKubeconfig}).ResolveNamespace(""); ns != "ns-one" {
		t.Fatalf("context namespace %q", ns)
	}
}

func TestActionConfig_BindsNamespaceAndSharesMemoryDriver(t *testing.T) {
	mem := driver.NewMemory()
	s := EngineSettings{KubeconfigData: testKubeconfig, Driver: DriverMemory, MaxHistory: ptr(3)}
	cfg, err := s.ActionConfig("apps", slog.DiscardHandler, mem)
	if err != nil {
		t.Fatal(err)
	}
	if kc, ok := cfg.KubeClient.(*kube.Client); !ok || kc.Namespace != "apps" {
		t.Fatalf("kube client namespace not bound: %#v", cfg.KubeClient)
	}
	if cfg.Releases.Driver != mem || cfg.Releases.MaxHistory != 3 {
		t.Fatalf("storage: driver %T maxHistory %d", cfg.Releases.Driver, cfg.Releases.MaxHistory)
	}
}
