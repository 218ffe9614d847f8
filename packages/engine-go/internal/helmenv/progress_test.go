package helmenv

import (
	"context"
	"errors"
	"io"
	"sync"
	"testing"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/kube"
	kubefake "helm.sh/helm/v4/pkg/kube/fake"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/cli-runtime/pkg/resource"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

type recorder struct {
	mu     sync.Mutex
	events []protocol.Event
}

func (r *recorder) Emit(e protocol.Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

func (r *recorder) summary() []string {
	var out []string
	for _, e := range r.events {
		switch e.Type {
		case protocol.EventPhase:
			out = append(out, "phase:"+e.Name)
		case protocol.EventHook:
			out = append(out, "hook:"+e.Name+":"+e.Phase+":"+e.Message)
		}
	}
	return out
}

func info(name string, hook string) *resource.Info {
	u := &unstructured.Unstructured{}
	u.SetAPIVersion("v1")
	u.SetKind("ConfigMap")
	u.SetName(name)
	if hook != "" {
		u.SetAnnotations(map[string]string{hookAnnotation: hook})
	}
	return &resource.Info{Name: name, Namespace: "ns", Object: u}
}

func TestProgressClient_ReportsPhasesAndHooks(t *testing.T) {
	rec := &recorder{}
	fake := &kubefake.FailingKubeClient{PrintingKubeClient: kubefake.PrintingKubeClient{Out: io.Discard}, WatchUntilReadyError: errors.New("job failed")}
	p := &ProgressClient{Interface: fake, ctx: context.Background(), emit: rec}

	hooks := kube.ResourceList{info("h", "post-install")}
	plain := kube.ResourceList{info("cm", "")}
	if _, err := p.Create(hooks); err != nil { // a hook's Create is not the apply phase
		t.Fatal(err)
	}
	if _, err := p.Create(plain); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Update(plain, plain); err != nil { // same phase: not repeated
		t.Fatal(err)
	}
	opt := kube.WithWaitContext(context.Background())
	w, err := p.GetWaiterWithOptions(kube.StatusWatcherStrategy, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(fake.RecordedWaitOptions) != 1 {
		t.Fatalf("wait options not forwarded: %d", len(fake.RecordedWaitOptions))
	}
	if err := w.Wait(plain, 0); err != nil {
		t.Fatal(err)
	}
	if err := w.WatchUntilReady(hooks, 0); err == nil {
		t.Fatal("the hook's failure must come through")
	}
	ho, _ := p.GetWaiterWithOptions(kube.HookOnlyStrategy)
	_ = ho.Wait(plain, 0) // hookOnly: nothing is waited for, nothing reported

	want := []string{"phase:apply", "phase:wait", "phase:hooks", "hook:h:running:post-install", "hook:h:failed:post-install"}
	got := rec.summary()
	if len(got) != len(want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("events %v, want %v", got, want)
		}
	}
}

func TestWithProgress_LeavesFakeClientsAlone(t *testing.T) {
	cfg := action.NewConfiguration()
	cfg.KubeClient = &kubefake.PrintingKubeClient{Out: io.Discard}
	if WithProgress(context.Background(), cfg, &recorder{}) != nil {
		t.Fatal("a non-*kube.Client must not be wrapped")
	}
	if _, ok := cfg.KubeClient.(*kubefake.PrintingKubeClient); !ok {
		t.Fatal("cfg.KubeClient replaced")
	}
}
