// Package helmenv turns the engine's configuration and a request's parameters into the Helm
// library objects a method needs: cli.EnvSettings, action.Configuration, a located chart, merged
// values. Everything here is built fresh per request (DESIGN.md section 4): Helm's objects are not
// safe to share between concurrent actions, and a request must never see another's state.
package helmenv

import (
	"fmt"

	"helm.sh/helm/v4/pkg/cli"
	"helm.sh/helm/v4/pkg/helmpath"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// Driver is a Helm storage driver name (HELM_DRIVER).
type Driver string

// Storage drivers Helm knows.
const (
	DriverSecret    Driver = "secret"
	DriverConfigMap Driver = "configmap"
	DriverMemory    Driver = "memory"
	DriverSQL       Driver = "sql"
)

// EnumValues lets cmd/protogen emit a string union.
func (Driver) EnumValues() []string {
	return []string{string(DriverSecret), string(DriverConfigMap), string(DriverMemory), string(DriverSQL)}
}

// EngineSettings are the params of engine.configure: what a Configuration on the TS side holds,
// the SDK's equivalent of Helm's global flags and HELM_* variables. The host sends them after each
// engine (re)start; each configure replaces the previous settings as a whole.
type EngineSettings struct {
	// Kubeconfig is a kubeconfig file path (`--kubeconfig`). Defaults to $KUBECONFIG, then ~/.kube/config.
	Kubeconfig string `msgpack:"kubeconfig,omitempty" doc:"Path to a kubeconfig file (--kubeconfig). Defaults to $KUBECONFIG, then ~/.kube/config."`
	// KubeconfigData is kubeconfig content held in memory; never written to disk.
	KubeconfigData string `msgpack:"kubeconfigData,omitempty" doc:"Kubeconfig content held in memory; exclusive with kubeconfig."`
	Context        string `msgpack:"context,omitempty" doc:"--kube-context. Defaults to the kubeconfig's current context."`
	Namespace      string `msgpack:"namespace,omitempty" doc:"--namespace. Defaults to the context's namespace, then \"default\"."`
	Driver         Driver `msgpack:"driver,omitempty" doc:"Release storage driver (HELM_DRIVER). Defaults to \"secret\"."`
	// SQLConnectionString is the PostgreSQL connection string of driver sql. It holds a password:
	// never logged, never echoed in an error (see sqlError).
	SQLConnectionString string `msgpack:"sqlConnectionString,omitempty" doc:"HELM_DRIVER_SQL_CONNECTION_STRING: PostgreSQL connection string of driver sql (URL or key=value form). Never logged."`
	// Paths of Helm's own files; each defaults to Helm's default location.
	RegistryConfig            string   `msgpack:"registryConfig,omitempty" doc:"--registry-config."`
	RepositoryConfig          string   `msgpack:"repositoryConfig,omitempty" doc:"--repository-config."`
	RepositoryCache           string   `msgpack:"repositoryCache,omitempty" doc:"--repository-cache."`
	ContentCache              string   `msgpack:"contentCache,omitempty" doc:"--content-cache."`
	QPS                       float64  `msgpack:"qps,omitempty" doc:"--qps. Defaults to 0 (client-go's default); -1 turns client-side throttling off, as the CLI's --qps -1."`
	Burst                     int      `msgpack:"burst,omitempty" doc:"--burst-limit. Defaults to 100; -1 is passed on as the CLI passes it (with qps -1: no client-side limit)."`
	KubeToken                 string   `msgpack:"kubeToken,omitempty" doc:"--kube-token."`
	KubeAPIServer             string   `msgpack:"kubeApiServer,omitempty" doc:"--kube-apiserver."`
	KubeCaFile                string   `msgpack:"kubeCaFile,omitempty" doc:"--kube-ca-file."`
	KubeInsecureSkipTLSVerify bool     `msgpack:"kubeInsecureSkipTlsVerify,omitempty" doc:"--kube-insecure-skip-tls-verify."`
	KubeTLSServerName         string   `msgpack:"kubeTlsServerName,omitempty" doc:"--kube-tls-server-name."`
	KubeAsUser                string   `msgpack:"kubeAsUser,omitempty" doc:"--kube-as-user."`
	KubeAsGroups              []string `msgpack:"kubeAsGroups,omitempty" doc:"--kube-as-group."`
	// MaxHistory is a pointer because 0 is a value ("no limit", as HELM_MAX_HISTORY=0), not "unset".
	MaxHistory *int `msgpack:"maxHistory,omitempty" doc:"HELM_MAX_HISTORY: revisions kept by upgrade and rollback; 0 for no limit. Defaults to 10."`
	Debug                     bool     `msgpack:"debug,omitempty" doc:"--debug: also emit debug-level log events."`
}

// Validate checks the settings without touching the cluster.
func (s *EngineSettings) Validate() error {
	if s.Kubeconfig != "" && s.KubeconfigData != "" {
		return protocol.Errorf(protocol.CodeInvalidArgument, "kubeconfigData", "kubeconfig and kubeconfigData are exclusive; set one")
	}
	if s.KubeconfigData != "" {
		if _, err := clientcmd.Load([]byte(s.KubeconfigData)); err != nil {
			return protocol.Errorf(protocol.CodeInvalidArgument, "kubeconfigData", "kubeconfigData is not a valid kubeconfig: %v", err)
		}
	}
	switch s.Driver {
	case "", DriverSecret, "secrets", DriverConfigMap, "configmaps", DriverMemory, DriverSQL:
	default:
		return protocol.Errorf(protocol.CodeInvalidArgument, "driver", "unknown storage driver %q (want secret, configmap, memory or sql)", s.Driver)
	}
	if s.Driver == DriverSQL && s.SQLConnectionString == "" {
		return protocol.Errorf(protocol.CodeInvalidArgument, "sqlConnectionString", "driver sql needs sqlConnectionString (HELM_DRIVER_SQL_CONNECTION_STRING)")
	}
	// -1 is the CLI's way to say "no client-side limit" (--qps -1 --burst-limit -1); it accepts
	// any negative number, the SDK only -1 so a typo such as -10 is caught.
	if s.QPS < 0 && s.QPS != -1 {
		return protocol.Errorf(protocol.CodeInvalidArgument, "qps", "qps must be -1 or not negative, got %v", s.QPS)
	}
	if s.Burst < -1 {
		return protocol.Errorf(protocol.CodeInvalidArgument, "burst", "burst must be -1 or not negative, got %d", s.Burst)
	}
	if s.MaxHistory != nil && *s.MaxHistory < 0 {
		return protocol.Errorf(protocol.CodeInvalidArgument, "maxHistory", "maxHistory must not be negative, got %d", *s.MaxHistory)
	}
	return nil
}

// EnvSettings builds Helm's cli.EnvSettings from s alone. cli.New() reads HELM_* variables once;
// every field it read is overwritten here, so an engine started from a shell with HELM_NAMESPACE
// or HELM_KUBECONTEXT set does not silently pick them up. Defaults are Helm's defaults (helmpath
// still honours HELM_CONFIG_HOME/XDG_* for the base directories, as it does for the CLI).
//
// With KubeconfigData, KubeConfig stays empty: the kube client getter (see Kube) reads the
// in-memory config; nothing that reads settings.KubeConfig may be used for cluster access.
func (s *EngineSettings) EnvSettings(namespace string) *cli.EnvSettings {
	env := cli.New()
	env.KubeConfig = s.Kubeconfig
	env.KubeContext = s.Context
	env.KubeToken = s.KubeToken
	env.KubeAsUser = s.KubeAsUser
	env.KubeAsGroups = append([]string(nil), s.KubeAsGroups...)
	env.KubeAPIServer = s.KubeAPIServer
	env.KubeCaFile = s.KubeCaFile
	env.KubeTLSServerName = s.KubeTLSServerName
	env.KubeInsecureSkipTLSVerify = s.KubeInsecureSkipTLSVerify
	env.Debug = s.Debug
	env.RegistryConfig = or(s.RegistryConfig, helmpath.ConfigPath("registry/config.json"))
	env.RepositoryConfig = or(s.RepositoryConfig, helmpath.ConfigPath("repositories.yaml"))
	env.RepositoryCache = or(s.RepositoryCache, helmpath.CachePath("repository"))
	env.ContentCache = or(s.ContentCache, helmpath.CachePath("content"))
	env.PluginsDirectory = helmpath.DataPath("plugins")
	env.MaxHistory = 10
	if s.MaxHistory != nil {
		env.MaxHistory = *s.MaxHistory // 0: no limit, as HELM_MAX_HISTORY=0
	}
	env.BurstLimit = burstOr(s.Burst)
	env.QPS = float32(s.QPS)
	env.ColorMode = "never"
	env.SetNamespace(or(namespace, s.Namespace))
	return env
}

// ResolveNamespace mirrors cli.EnvSettings.Namespace(): an explicit namespace (the request's,
// else the configured one, like `-n`), else the kubeconfig context's namespace, else "default".
// It reads the in-memory kubeconfig when there is one.
func (s *EngineSettings) ResolveNamespace(requested string) string {
	if ns := or(requested, s.Namespace); ns != "" {
		return ns
	}
	cc, err := s.clientConfig()
	if err == nil {
		if ns, _, err := cc.Namespace(); err == nil && ns != "" {
			return ns
		}
	}
	return "default"
}

// clientConfig returns the client-go view of the kubeconfig with the configured overrides.
func (s *EngineSettings) clientConfig() (clientcmd.ClientConfig, error) {
	overrides := &clientcmd.ConfigOverrides{CurrentContext: s.Context}
	overrides.Context.Namespace = s.Namespace
	if s.KubeconfigData != "" {
		cfg, err := clientcmd.Load([]byte(s.KubeconfigData))
		if err != nil {
			return nil, fmt.Errorf("kubeconfigData: %w", err)
		}
		return clientcmd.NewNonInteractiveClientConfig(*cfg, s.Context, overrides, nil), nil
	}
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = s.Kubeconfig
	return clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides), nil
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
