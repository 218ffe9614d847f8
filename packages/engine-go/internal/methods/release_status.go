package methods

// release.status mirrors `helm status` of Helm v4.3.1 (pkg/cmd/status.go + pkg/action/status.go
// Status.Run): the release (latest or --revision) with its live resources, which the CLI always
// fetches (kube.Client.Get with related pods; reproduced below with parallel reads). Instead of kubectl's printed tables or whole
// objects (`-o json`), the SDK returns one typed entry per object with a kstatus summary, the
// same computation Helm's watcher wait uses.

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"sort"
	"sync"

	"github.com/fluxcd/cli-utils/pkg/kstatus/status"
	"helm.sh/helm/v4/pkg/action"
	releasev1 "helm.sh/helm/v4/pkg/release/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// StatusParams are `helm status`'s argument and flags.
type StatusParams struct {
	ReleaseName string `msgpack:"releaseName" doc:"The release (helm status RELEASE_NAME)."`
	Namespace   string `msgpack:"namespace,omitempty" doc:"--namespace. Defaults to the configured namespace."`
	Revision    int    `msgpack:"revision,omitempty" doc:"--revision. Defaults to 0: the latest revision."`
	// NoResources is the SDK's way to skip the live lookup (the CLI has no such flag).
	NoResources bool `msgpack:"noResources,omitempty" doc:"Skip reading the live resources. Defaults to false."`
}

// ResourceStatus is a kstatus status (github.com/fluxcd/cli-utils/pkg/kstatus/status), plus
// NotFound for an object of the manifest that is not in the cluster.
type ResourceStatus string

// EnumValues lets cmd/protogen emit a string union.
func (ResourceStatus) EnumValues() []string {
	return []string{"InProgress", "Failed", "Current", "Terminating", "NotFound", "Unknown"}
}

// ReleaseResource is one live object of a release.
type ReleaseResource struct {
	APIVersion string         `msgpack:"apiVersion"`
	Kind       string         `msgpack:"kind"`
	Name       string         `msgpack:"name"`
	Namespace  string         `msgpack:"namespace,omitempty" doc:"Empty for cluster-scoped objects."`
	Status     ResourceStatus `msgpack:"status" doc:"kstatus summary: Current means reconciled and ready."`
	Ready      bool           `msgpack:"ready" doc:"status is Current."`
	Message    string         `msgpack:"message,omitempty" doc:"kstatus message, e.g. \"Deployment is available. Replicas: 2\"."`
	Related    bool           `msgpack:"related,omitempty" doc:"A pod found through a workload's selector, not in the manifest (helm status lists these as Pod(related))."`
}

// StatusResult is the release with its live resources.
type StatusResult struct {
	Release   `msgpack:",inline"`
	Resources []ReleaseResource `msgpack:"resources" doc:"Live objects: the manifest's, then related pods."`
}

var releaseStatus = define("release.status", "Show a release's status and live resources, as `helm status`.", runStatus)

func runStatus(ctx context.Context, req *Request, p *StatusParams) (*StatusResult, error) {
	rel, cfg, ns, err := getRelease(ctx, req, p.ReleaseName, p.Namespace, p.Revision)
	if err != nil {
		return nil, err
	}
	out := &StatusResult{Release: *viewRelease(rel, DetailFull), Resources: []ReleaseResource{}}
	if p.NoResources {
		return out, nil
	}
	res, err := liveResources(ctx, cfg, rel)
	if err != nil {
		return nil, releaseErr(err, p.ReleaseName, ns, p.Revision)
	}
	out.Resources = res
	return out, nil
}

// liveResources does what Status.Run does after loading the release (Build the manifest, then
// kube.Client.Get with related pods), but with the GETs in parallel and under the request's
// context: kube.Client.Get reads one object after the other, which made a status of a
// five-object release cost five round trips more than it needs. Pods are related to a workload
// by its selector as kube.Client.getSelectRelationPod does (same kinds, same fields, each
// selector once).
func liveResources(ctx context.Context, cfg *action.Configuration, rel *releasev1.Release) ([]ReleaseResource, error) {
	infos, err := cfg.KubeClient.Build(bytes.NewBufferString(rel.Manifest), false)
	if err != nil {
		return nil, protocol.Classify(err)
	}
	// Related pods: one List per distinct selector (getSelectRelationPod's dedup). The selector
	// is taken from the manifest rather than the live object so that the Lists run alongside the
	// GETs; workload selectors are immutable in apps/v1 and batch/v1.
	type query struct {
		ns  string
		sel map[string]string
	}
	var queries []query
	for _, info := range infos {
		u, ok := info.Object.(*unstructured.Unstructured)
		if !ok {
			continue
		}
		sel := relatedSelector(u)
		if sel == nil || slices.ContainsFunc(queries, func(q query) bool { return q.ns == info.Namespace && reflect.DeepEqual(q.sel, sel) }) {
			continue
		}
		queries = append(queries, query{info.Namespace, sel})
	}
	var cs kubernetes.Interface
	if len(queries) > 0 {
		if cs, err = cfg.KubernetesClientSet(); err != nil {
			return nil, protocol.Classify(err)
		}
	}

	main := make([]ReleaseResource, len(infos))
	found := make([][]ReleaseResource, len(queries))
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i, info := range infos {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			gvk := info.Mapping.GroupVersionKind
			// resource.Helper.Get, with the request's context.
			scoped := info.Mapping.Scope.Name() == meta.RESTScopeNameNamespace
			obj, err := info.Client.Get().NamespaceIfScoped(info.Namespace, scoped).
				Resource(info.Mapping.Resource.Resource).Name(info.Name).Do(ctx).Get()
			if err != nil {
				r := ReleaseResource{APIVersion: gvk.GroupVersion().String(), Kind: gvk.Kind, Name: info.Name, Namespace: info.Namespace, Status: "NotFound", Message: "not found in the cluster"}
				if !apierrors.IsNotFound(err) {
					r.Status, r.Message = "Unknown", err.Error()
				}
				main[i] = r
				return
			}
			main[i] = viewResource(obj)
		})
	}
	for i, q := range queries {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			pods, err := cs.CoreV1().Pods(q.ns).List(ctx, metav1.ListOptions{LabelSelector: labels.Set(q.sel).AsSelector().String()})
			if err != nil {
				return // as Helm: a failed related-pod lookup is only logged
			}
			for j := range pods.Items {
				m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(&pods.Items[j])
				if err != nil {
					continue
				}
				u := &unstructured.Unstructured{Object: m}
				u.SetAPIVersion("v1")
				u.SetKind("Pod")
				r := viewResource(u)
				r.Related = true
				found[i] = append(found[i], r)
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var related []ReleaseResource
	for _, f := range found {
		related = append(related, f...)
	}
	order := func(rs []ReleaseResource) {
		sort.SliceStable(rs, func(i, j int) bool {
			a, b := rs[i], rs[j]
			if a.Kind != b.Kind {
				return a.Kind < b.Kind
			}
			if a.Namespace != b.Namespace {
				return a.Namespace < b.Namespace
			}
			return a.Name < b.Name
		})
	}
	order(main)
	order(related)
	return append(main, related...), nil
}

// relatedSelector is kube's getSelectorFromObject: the pod selector of a workload, or nil.
func relatedSelector(u *unstructured.Unstructured) map[string]string {
	var sel map[string]string
	var ok bool
	switch u.GetKind() {
	case "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job":
		sel, ok, _ = unstructured.NestedStringMap(u.Object, "spec", "selector", "matchLabels")
	case "ReplicationController":
		sel, ok, _ = unstructured.NestedStringMap(u.Object, "spec", "selector")
	}
	if !ok || len(sel) == 0 {
		return nil
	}
	return sel
}

func viewResource(o runtime.Object) ReleaseResource {
	u, ok := o.(*unstructured.Unstructured)
	if !ok {
		m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(o)
		if err != nil {
			gvk := o.GetObjectKind().GroupVersionKind()
			return ReleaseResource{APIVersion: gvk.GroupVersion().String(), Kind: gvk.Kind, Status: "Unknown", Message: err.Error()}
		}
		u = &unstructured.Unstructured{Object: m}
	}
	r := ReleaseResource{APIVersion: u.GetAPIVersion(), Kind: u.GetKind(), Name: u.GetName(), Namespace: u.GetNamespace()}
	res, err := status.Compute(u)
	if err != nil {
		r.Status, r.Message = "Unknown", err.Error()
		return r
	}
	r.Status = ResourceStatus(res.Status.String())
	r.Message = res.Message
	r.Ready = res.Status == status.CurrentStatus
	return r
}
