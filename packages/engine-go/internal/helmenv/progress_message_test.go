package helmenv

import (
	"context"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/cli-runtime/pkg/resource"
	dynfake "k8s.io/client-go/dynamic/fake"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

func deployment(ready int64) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": "web", "namespace": "ns", "generation": int64(1)},
		"spec":     map[string]any{"replicas": int64(3)},
		"status": map[string]any{
			"observedGeneration": int64(1), "replicas": int64(3), "updatedReplicas": int64(3),
			"readyReplicas": ready, "availableReplicas": ready,
		},
	}}
}

// TestProgressClient_ResourceMessageChanges pins what issue 11 decided about `resource` events: a
// change of kstatus' message alone (a Deployment going from 1/3 to 2/3 ready, InProgress
// throughout) is an event, because a progress display draws it; a poll that sees nothing new
// sends nothing. Printing one line per status change is the reader's choice (README, tools/demo).
func TestProgressClient_ResourceMessageChanges(t *testing.T) {
	old := PollInterval
	PollInterval = 10 * time.Millisecond
	defer func() { PollInterval = old }()

	gvr := schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}
	dc := dynfake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(), map[schema.GroupVersionResource]string{gvr: "DeploymentList"}, deployment(1))
	rec := &recorder{}
	p := &ProgressClient{ctx: context.Background(), emit: rec}
	p.dynOnce.Do(func() { p.dyn = dc })

	info := &resource.Info{Name: "web", Namespace: "ns", Object: deployment(1),
		Mapping: &meta.RESTMapping{Resource: gvr, GroupVersionKind: gvr.GroupVersion().WithKind("Deployment"), Scope: meta.RESTScopeNamespace}}
	stop := p.poll([]*resource.Info{info}, false)

	resources := func() []protocol.Event {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		var out []protocol.Event
		for _, e := range rec.events {
			if e.Type == protocol.EventResource {
				out = append(out, e)
			}
		}
		return out
	}
	waitFor := func(n int) {
		// Polled, not slept: each tick is 10 ms; 5 s is only a bound for a stalled machine.
		for deadline := time.Now().Add(5 * time.Second); len(resources()) < n; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("waiting for %d resource events, got %+v", n, resources())
			}
		}
	}
	waitFor(1)
	// Several ticks see the same state: still one event. Absence cannot be polled for, so this
	// waits a window of ~5 ticks; on a loaded machine fewer ticks run, which only weakens it.
	time.Sleep(50 * time.Millisecond)
	if got := len(resources()); got != 1 {
		t.Fatalf("unchanged resource sent %d events: %+v", got, resources())
	}
	if _, err := dc.Resource(gvr).Namespace("ns").Update(context.Background(), deployment(2), metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(2)
	stop()
	ev := resources()
	if len(ev) != 2 || ev[0].Status != "InProgress" || ev[1].Status != "InProgress" || ev[0].Message == ev[1].Message {
		t.Fatalf("want two InProgress events with different messages, got %+v", ev)
	}
}
