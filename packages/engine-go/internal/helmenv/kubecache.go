package helmenv

// A per-engine cache of what is costly and safe to share between requests for one kube context
// (DESIGN.md section 4): the REST config, the discovery client and the REST mapper. Without it,
// every request reloads the kubeconfig and decodes the whole discovery document (from ~/.kube/cache
// for the CLI's getter) before its first API call: ~45 ms of a ~70 ms `release.status`.
//
// What stays per request: the action.Configuration, the kube client and factory, the storage
// driver. A cached entry is keyed by the settings, the namespace and the kubeconfig files' mtimes
// and sizes (so an edited kubeconfig is re-read), and lives at most cacheTTL.
//
// Discovery is held in memory. client-go's memory cache says it is always "fresh" once filled,
// which would make a REST mapper miss a CRD installed after the fill forever; freshDiscovery
// reports fresh only for a moment after a (re)fill, so a miss on an older cache resets and
// refetches, as the CLI's disk cache does (DeferredDiscoveryRESTMapper.KindFor). Helm's own
// Invalidate/Reset calls after installing CRDs reach the shared instances too.

import (
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/storage/driver"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
)

const (
	cacheTTL        = 5 * time.Minute
	cacheMaxEntries = 64
	// freshFor is how long after a (re)fill a discovery miss is trusted without refetching.
	freshFor = 2 * time.Second
)

type cacheEntry struct {
	getter  *cachedGetter
	created time.Time
}

var getterCache = struct {
	sync.Mutex
	m map[string]cacheEntry
}{m: map[string]cacheEntry{}}

// ActionConfigCached is ActionConfig over a cached getter: the same fresh action.Configuration per
// request, without re-reading the kubeconfig and discovery each time.
func (s *EngineSettings) ActionConfigCached(namespace string, log slog.Handler, mem *driver.Memory) (*action.Configuration, error) {
	getter, err := s.CachedRESTClientGetter(namespace)
	if err != nil {
		return nil, err
	}
	return s.actionConfigFor(getter, namespace, log, mem)
}

// CachedRESTClientGetter returns RESTClientGetter(namespace) wrapped so that its REST config,
// discovery client and REST mapper are built once and shared by later requests with the same
// settings and namespace.
func (s *EngineSettings) CachedRESTClientGetter(namespace string) (genericclioptions.RESTClientGetter, error) {
	key := s.cacheKey(namespace)
	now := time.Now()
	getterCache.Lock()
	defer getterCache.Unlock()
	if e, ok := getterCache.m[key]; ok && now.Sub(e.created) < cacheTTL {
		return e.getter, nil
	}
	base, err := s.RESTClientGetter(namespace)
	if err != nil {
		return nil, err
	}
	if len(getterCache.m) >= cacheMaxEntries {
		clear(getterCache.m)
	}
	g := &cachedGetter{base: base}
	getterCache.m[key] = cacheEntry{getter: g, created: now}
	return g, nil
}

// cacheKey identifies settings + namespace + the kubeconfig files as they are now.
func (s *EngineSettings) cacheKey(namespace string) string {
	key := fmt.Sprintf("%q|%#v", namespace, *s)
	if s.KubeconfigData == "" {
		rules := clientcmd.NewDefaultClientConfigLoadingRules()
		rules.ExplicitPath = s.Kubeconfig
		files := rules.GetLoadingPrecedence()
		if s.Kubeconfig != "" {
			files = []string{s.Kubeconfig}
		}
		for _, f := range files {
			if st, err := os.Stat(f); err == nil {
				key += fmt.Sprintf("|%s:%d:%d", f, st.ModTime().UnixNano(), st.Size())
			}
		}
	}
	return key
}

// cachedGetter builds each costly object once. ToRESTConfig hands out copies: callers (the kubectl
// factory) set defaults on the config they get.
type cachedGetter struct {
	base genericclioptions.RESTClientGetter

	cfgOnce sync.Once
	cfg     *rest.Config
	cfgErr  error

	discOnce sync.Once
	disc     *freshDiscovery
	discErr  error

	mapOnce sync.Once
	mapper  meta.RESTMapper
	mapErr  error
}

func (g *cachedGetter) ToRESTConfig() (*rest.Config, error) {
	g.cfgOnce.Do(func() { g.cfg, g.cfgErr = g.base.ToRESTConfig() })
	if g.cfgErr != nil {
		return nil, g.cfgErr
	}
	return rest.CopyConfig(g.cfg), nil
}

func (g *cachedGetter) ToDiscoveryClient() (discovery.CachedDiscoveryInterface, error) {
	g.discOnce.Do(func() {
		c, err := g.ToRESTConfig()
		if err != nil {
			g.discErr = err
			return
		}
		c.Burst = max(c.Burst, 300) // discovery fans out; ConfigFlags raises its burst the same way
		dc, err := discovery.NewDiscoveryClientForConfig(c)
		if err != nil {
			g.discErr = err
			return
		}
		g.disc = &freshDiscovery{CachedDiscoveryInterface: memory.NewMemCacheClient(dc), filled: time.Now()}
	})
	if g.discErr != nil {
		return nil, g.discErr
	}
	return g.disc, nil
}

func (g *cachedGetter) ToRESTMapper() (meta.RESTMapper, error) {
	g.mapOnce.Do(func() {
		dc, err := g.ToDiscoveryClient()
		if err != nil {
			g.mapErr = err
			return
		}
		g.mapper = restmapper.NewShortcutExpander(restmapper.NewDeferredDiscoveryRESTMapper(dc), dc, nil)
	})
	return g.mapper, g.mapErr
}

func (g *cachedGetter) ToRawKubeConfigLoader() clientcmd.ClientConfig {
	return g.base.ToRawKubeConfigLoader()
}

// freshDiscovery is a memory discovery cache that is "fresh" only shortly after a (re)fill.
type freshDiscovery struct {
	discovery.CachedDiscoveryInterface
	mu     sync.Mutex
	filled time.Time
}

func (d *freshDiscovery) Fresh() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return time.Since(d.filled) < freshFor
}

func (d *freshDiscovery) Invalidate() {
	d.CachedDiscoveryInterface.Invalidate()
	d.mu.Lock()
	d.filled = time.Now()
	d.mu.Unlock()
}
