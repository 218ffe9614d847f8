package methods

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"helm.sh/helm/v4/pkg/action"
	kubefake "helm.sh/helm/v4/pkg/kube/fake"
	rcommon "helm.sh/helm/v4/pkg/release/common"
	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

func configFor(server string) *action.Configuration {
	flags := genericclioptions.NewConfigFlags(false)
	flags.APIServer = &server
	return &action.Configuration{RESTClientGetter: flags}
}

// apiServers gives the URL of a port nothing listens on (connection refused) and of a server that
// answers /version like an API server (closed when the test ends).
func apiServers(t *testing.T) (dead, alive string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead = "http://" + l.Addr().String()
	l.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"major":"1","minor":"37","gitVersion":"v1.37.1"}`))
	}))
	t.Cleanup(srv.Close)
	return dead, srv.URL
}

func TestOrUnreachable(t *testing.T) {
	dead, alive := apiServers(t)

	cases := []struct {
		name   string
		server string
		code   protocol.Code
		want   protocol.Code
	}{
		{"internal, server gone", dead, protocol.CodeInternal, protocol.CodeKubeUnreachable},
		{"internal, server answers", alive, protocol.CodeInternal, protocol.CodeInternal},
		{"typed errors are kept", dead, protocol.CodeTimeout, protocol.CodeTimeout},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := protocol.Wrap(c.code, "", errors.New("resource ConfigMap/ns/x not ready. status: Unknown"))
			var got *protocol.Error
			if !errors.As(orUnreachable(configFor(c.server), in), &got) || got.Code != c.want {
				t.Fatalf("code %v, want %v", got, c.want)
			}
			if c.want == protocol.CodeKubeUnreachable && !strings.Contains(got.Message, "not ready") {
				t.Errorf("the original message is lost: %q", got.Message)
			}
		})
	}
}

// TestUninstall_Unreachable: uninstall gets the same reclassification. Its wait for the deletions
// fails with a bare error (what the watcher reports once the API server is gone): INTERNAL while
// the server answers, KUBE_UNREACHABLE when it does not.
func TestUninstall_Unreachable(t *testing.T) {
	dead, alive := apiServers(t)

	for _, c := range []struct {
		name   string
		server string
		want   protocol.Code
	}{
		{"server gone", dead, protocol.CodeKubeUnreachable},
		{"server answers", alive, protocol.CodeInternal},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := fakeConfig(t)
			cfg.KubeClient = &kubefake.FailingKubeClient{
				PrintingKubeClient: kubefake.PrintingKubeClient{Out: io.Discard},
				WaitForDeleteError: errors.New("resource ConfigMap/ns/x not ready. status: Unknown"),
			}
			cfg.RESTClientGetter = configFor(c.server).RESTClientGetter
			storeRelease(t, cfg, "r", 1, rcommon.StatusDeployed)
			_, err := uninstall(action.NewUninstall(cfg), cfg, "r", "ns")
			var got *protocol.Error
			if !errors.As(err, &got) || got.Code != c.want {
				t.Fatalf("error %v, want code %v", err, c.want)
			}
			if !strings.Contains(got.Message, "not ready") {
				t.Errorf("the original message is lost: %q", got.Message)
			}
		})
	}
}
