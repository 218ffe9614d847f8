package helmenv

// Cluster access for the release methods (install, upgrade, list, ...): a RESTClientGetter that
// honours an in-memory kubeconfig (helm/helm#7377) as well as a path, and a per-request
// action.Configuration with the release namespace bound to the kube client explicitly (the
// library does not do it for a custom getter). Not used by chart.* methods, which never touch
// a cluster.

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/kube"
	"helm.sh/helm/v4/pkg/kubeenv"
	"helm.sh/helm/v4/pkg/storage"
	"helm.sh/helm/v4/pkg/storage/driver"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/buildinfo"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// RESTClientGetter returns the getter for namespace. With a kubeconfig path it is the CLI's own
// (cli.EnvSettings: same loading rules, disk discovery cache, QPS/burst, retrying transport);
// with kubeconfigData an in-memory equivalent whose discovery cache lives in memory.
func (s *EngineSettings) RESTClientGetter(namespace string) (genericclioptions.RESTClientGetter, error) {
	if s.Kubeconfig != "" {
		// client-go would report a missing file deep inside the first request; say it up front.
		if _, err := os.Stat(s.Kubeconfig); err != nil {
			return nil, protocol.Errorf(protocol.CodeKubeUnreachable, "kubeconfig", "kubeconfig %s cannot be read: %v", s.Kubeconfig, err)
		}
	}
	if s.KubeconfigData == "" {
		return s.EnvSettings(namespace).RESTClientGetter(), nil
	}
	cfg, err := clientcmd.Load([]byte(s.KubeconfigData))
	if err != nil {
		return nil, fmt.Errorf("kubeconfigData: %w", err)
	}
	return &memoryGetter{
		clientConfig: clientcmd.NewNonInteractiveClientConfig(*cfg, s.Context, s.overrides(namespace), nil),
		qps:          float32(s.QPS), burst: burstOr(s.Burst),
	}, nil
}

// overrides are the kube flags of the settings as client-go overrides (what ConfigFlags does).
func (s *EngineSettings) overrides(namespace string) *clientcmd.ConfigOverrides {
	o := &clientcmd.ConfigOverrides{CurrentContext: s.Context}
	o.Context.Namespace = or(namespace, s.Namespace)
	o.AuthInfo.Token = s.KubeToken
	o.AuthInfo.Impersonate = s.KubeAsUser
	o.AuthInfo.ImpersonateGroups = s.KubeAsGroups
	o.ClusterInfo.Server = s.KubeAPIServer
	o.ClusterInfo.CertificateAuthority = s.KubeCaFile
	o.ClusterInfo.InsecureSkipTLSVerify = s.KubeInsecureSkipTLSVerify
	o.ClusterInfo.TLSServerName = s.KubeTLSServerName
	return o
}

// burstOr is the burst client-go gets: 100 when unset, else the value as given (-1 included, as
// the CLI passes --burst-limit -1 on).
func burstOr(b int) int {
	if b != 0 {
		return b
	}
	return 100
}

// memoryGetter is a genericclioptions.RESTClientGetter over an in-memory kubeconfig.
type memoryGetter struct {
	clientConfig clientcmd.ClientConfig
	qps          float32
	burst        int
}

func (g *memoryGetter) ToRESTConfig() (*rest.Config, error) {
	c, err := g.clientConfig.ClientConfig()
	if err != nil {
		return nil, err
	}
	// As cli.EnvSettings' WrapConfigFn.
	c.Burst, c.QPS = g.burst, g.qps
	c.Wrap(func(rt http.RoundTripper) http.RoundTripper { return &kubeenv.RetryingRoundTripper{Wrapped: rt} })
	c.UserAgent = "Helm/" + strings.TrimPrefix(buildinfo.HelmVersion(), "v")
	return c, nil
}

func (g *memoryGetter) ToDiscoveryClient() (discovery.CachedDiscoveryInterface, error) {
	c, err := g.ToRESTConfig()
	if err != nil {
		return nil, err
	}
	c.Burst = max(c.Burst, 300) // discovery fans out; ConfigFlags raises its burst the same way
	dc, err := discovery.NewDiscoveryClientForConfig(c)
	if err != nil {
		return nil, err
	}
	return memory.NewMemCacheClient(dc), nil
}

func (g *memoryGetter) ToRESTMapper() (meta.RESTMapper, error) {
	dc, err := g.ToDiscoveryClient()
	if err != nil {
		return nil, err
	}
	return restmapper.NewShortcutExpander(restmapper.NewDeferredDiscoveryRESTMapper(dc), dc, nil), nil
}

func (g *memoryGetter) ToRawKubeConfigLoader() clientcmd.ClientConfig { return g.clientConfig }

// ActionConfig builds a fresh action.Configuration for one request against the cluster, with
// namespace bound to the kube client. mem is the engine's shared memory driver, used when the
// storage driver is "memory" (a fresh one per request would forget every release).
func (s *EngineSettings) ActionConfig(namespace string, log slog.Handler, mem *driver.Memory) (*action.Configuration, error) {
	getter, err := s.RESTClientGetter(namespace)
	if err != nil {
		return nil, err
	}
	return s.actionConfigFor(getter, namespace, log, mem)
}

// actionConfigFor is ActionConfig over a given getter (see ActionConfigCached).
func (s *EngineSettings) actionConfigFor(getter genericclioptions.RESTClientGetter, namespace string, log slog.Handler, mem *driver.Memory) (*action.Configuration, error) {
	cfg := action.NewConfiguration(action.ConfigurationSetLogger(log))
	if s.Driver == DriverMemory && mem != nil {
		cfg.Releases = storage.Init(mem) // Init reuses a memory driver it finds here
	}
	helmDriver := string(s.Driver)
	if s.Driver == DriverSQL {
		// Helm's Init reads the connection string from the process environment; the engine's
		// comes from the settings, so Init gets a lazy driver it never uses and the SQL store is
		// put in its place below.
		helmDriver = string(DriverSecret)
	}
	if err := cfg.Init(getter, namespace, helmDriver); err != nil {
		return nil, err
	}
	if s.Driver == DriverSQL {
		d, err := sqlDriver(s.SQLConnectionString, namespace)
		if err != nil {
			return nil, err
		}
		cfg.Releases = storage.Init(d)
	}
	if kc, ok := cfg.KubeClient.(*kube.Client); ok {
		kc.Namespace = namespace
	}
	cfg.Releases.MaxHistory = s.EnvSettings(namespace).MaxHistory
	return cfg, nil
}
