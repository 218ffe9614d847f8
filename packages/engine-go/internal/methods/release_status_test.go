package methods

import (
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

func obj(m map[string]any) *unstructured.Unstructured { return &unstructured.Unstructured{Object: m} }

func TestViewResource_KstatusSummary(t *testing.T) {
	tests := []struct {
		name  string
		o     *unstructured.Unstructured
		want  ResourceStatus
		ready bool
	}{
		{"configmap is always ready", obj(map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "c", "namespace": "ns"}}), "Current", true},
		{"deployment not yet available", obj(map[string]any{
			"apiVersion": "apps/v1", "kind": "Deployment",
			"metadata": map[string]any{"name": "d", "namespace": "ns", "generation": int64(1)},
			"spec":     map[string]any{"replicas": int64(2)},
			"status":   map[string]any{"observedGeneration": int64(1), "replicas": int64(2), "updatedReplicas": int64(2), "readyReplicas": int64(1), "availableReplicas": int64(1)},
		}), "InProgress", false},
		{"pod running and ready", obj(map[string]any{
			"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": "p", "namespace": "ns"},
			"status": map[string]any{"phase": "Running", "conditions": []any{map[string]any{"type": "Ready", "status": "True"}}},
		}), "Current", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := viewResource(tt.o)
			if r.Status != tt.want || r.Ready != tt.ready || r.Kind != tt.o.GetKind() || r.Name != tt.o.GetName() || r.Namespace != "ns" {
				t.Errorf("got %+v, want status %s ready %v", r, tt.want, tt.ready)
			}
		})
	}
}

func TestRelatedSelector_AsHelmsGetSelectorFromObject(t *testing.T) {
	sel := map[string]any{"matchLabels": map[string]any{"app": "x"}}
	tests := []struct {
		kind string
		spec map[string]any
		want string
	}{
		{"Deployment", map[string]any{"selector": sel}, "map[app:x]"},
		{"StatefulSet", map[string]any{"selector": sel}, "map[app:x]"},
		{"Job", map[string]any{"selector": sel}, "map[app:x]"},
		{"ReplicationController", map[string]any{"selector": map[string]any{"app": "y"}}, "map[app:y]"},
		{"Service", map[string]any{"selector": map[string]any{"app": "x"}}, "map[]"},
		{"Deployment", map[string]any{}, "map[]"},
	}
	for _, tt := range tests {
		got := relatedSelector(obj(map[string]any{"kind": tt.kind, "spec": tt.spec}))
		if s := fmtMap(got); s != tt.want {
			t.Errorf("%s: got %s, want %s", tt.kind, s, tt.want)
		}
	}
}

func fmtMap(m map[string]string) string {
	if m == nil {
		return "map[]"
	}
	out := "map["
	for k, v := range m {
		out += k + ":" + v
	}
	return out + "]"
}
