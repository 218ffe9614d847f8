package helmenv

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	repo "helm.sh/helm/v4/pkg/repo/v1"
	"k8s.io/client-go/rest"
)

type restConfig rest.Config

func (c *restConfig) ToRESTConfig() (*rest.Config, error) { return (*rest.Config)(c), nil }

// captureDefault routes slog's default logger (the engine's stderr) to a buffer for the test.
func captureDefault(t *testing.T) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })
	return &buf
}

func TestWarnInsecureKubeconfig(t *testing.T) {
	insecure := &restConfig{Host: "https://user:pw@10.0.0.1:6443/prefix", TLSClientConfig: rest.TLSClientConfig{Insecure: true}}
	secure := &restConfig{Host: "https://10.0.0.1:6443"}
	for _, c := range []struct {
		name     string
		settings EngineSettings
		cfg      *restConfig
		want     bool
	}{
		{"file says insecure", EngineSettings{}, insecure, true},
		{"verified", EngineSettings{}, secure, false},
		{"kubeconfigData: the SDK warns", EngineSettings{KubeconfigData: "x"}, insecure, false},
		{"kubeInsecureSkipTlsVerify: the SDK warns", EngineSettings{KubeInsecureSkipTLSVerify: true}, insecure, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			buf := captureDefault(t)
			c.settings.WarnInsecureKubeconfig("release.list", c.cfg)
			out := buf.String()
			if !c.want {
				if out != "" {
					t.Fatalf("unexpected warning: %s", out)
				}
				return
			}
			if strings.Count(out, "level=WARN") != 1 || !strings.Contains(out, "(10.0.0.1:6443)") || !strings.Contains(out, "release.list: ") {
				t.Fatalf("warning: %s", out)
			}
			if strings.Contains(out, "pw") || strings.Contains(out, "user") {
				t.Fatalf("userinfo in the warning: %s", out)
			}
		})
	}
}

func TestWarnInsecureRepo(t *testing.T) {
	buf := captureDefault(t)
	WarnInsecureRepo("repo.update", &repo.Entry{Name: "ok", URL: "https://a.example"})
	if buf.Len() != 0 {
		t.Fatalf("unexpected warning: %s", buf)
	}
	WarnInsecureRepo("repo.update", &repo.Entry{Name: "bad", URL: "https://u:secret@b.example:8443/charts", Password: "secret", InsecureSkipTLSVerify: true})
	out := buf.String()
	if strings.Count(out, "level=WARN") != 1 || !strings.Contains(out, "repository 'bad'") || !strings.Contains(out, "(b.example:8443)") || strings.Contains(out, "secret") {
		t.Fatalf("warning: %s", out)
	}
}
