package helmenv

// TLS opt-outs the SDK cannot see (issue 7, Security). Core warns for every option of a call
// that weakens TLS, but two opt-outs live in files only the engine reads: a kubeconfig file whose
// cluster says `insecure-skip-tls-verify: true`, and a repository stored in repositories.yaml
// with `insecure_skip_tls_verify: true`. The engine warns for those on stderr (slog's default
// text handler, level=WARN), which core turns into a `warn` log entry of the Configuration
// (source `engine`): one per call and cluster or repository, naming the host only (never the
// URL's userinfo, never a credential).

import (
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	repo "helm.sh/helm/v4/pkg/repo/v1"
	"k8s.io/client-go/rest"
)

// WarnInsecureKubeconfig warns when the cluster getter talks to skips certificate verification
// because a kubeconfig file says so. kubeconfigData and kubeInsecureSkipTlsVerify are left out:
// the SDK sees and warns for those itself.
func (s *EngineSettings) WarnInsecureKubeconfig(method string, getter interface{ ToRESTConfig() (*rest.Config, error) }) {
	if s.KubeconfigData != "" || s.KubeInsecureSkipTLSVerify || getter == nil {
		return
	}
	rc, err := getter.ToRESTConfig()
	if err != nil || rc == nil || !rc.Insecure {
		return
	}
	slog.Warn(fmt.Sprintf("%s: the kubeconfig sets 'insecure-skip-tls-verify: true': does not verify the API server certificate (%s)",
		method, hostOnly(rc.Host)))
}

// WarnInsecureRepo warns when e, a repository of repositories.yaml, is stored with
// insecure_skip_tls_verify: true.
func WarnInsecureRepo(method string, e *repo.Entry) {
	if e == nil || !e.InsecureSkipTLSVerify {
		return
	}
	slog.Warn(fmt.Sprintf("%s: repository '%s' is stored with 'insecure_skip_tls_verify: true': does not verify the server certificate (%s)",
		method, e.Name, hostOnly(e.URL)))
}

// hostOnly is the host of a URL (userinfo, path and query dropped), or what is left of raw after
// any userinfo when it does not parse.
func hostOnly(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	if i := strings.LastIndexByte(raw, '@'); i >= 0 {
		raw = raw[i+1:]
	}
	if i := strings.IndexByte(raw, '/'); i >= 0 {
		raw = raw[:i]
	}
	return raw
}
