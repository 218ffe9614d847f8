package methods

// The wire shape of a release, shared by every release.* method. Helm's *v1.Release carries the
// whole chart (templates, files) and untyped runtime.Objects; the SDK sends a trimmed, typed view:
// chart metadata instead of the chart, and nothing heavy unless the method is about it
// (DESIGN.md section 4: "Releases are returned without the chart's templates and files").

import (
	"slices"
	"time"

	chartv2 "helm.sh/helm/v4/pkg/chart/v2"
	releasev1 "helm.sh/helm/v4/pkg/release/v1"
	"helm.sh/helm/v4/pkg/storage/driver"
)

// ReleaseStatus is Helm's release status (pkg/release/common.Status).
type ReleaseStatus string

// EnumValues lets cmd/protogen emit a string union.
func (ReleaseStatus) EnumValues() []string {
	return []string{"unknown", "deployed", "uninstalled", "superseded", "failed", "uninstalling",
		"pending-install", "pending-upgrade", "pending-rollback"}
}

// ReleaseChart is the released chart's metadata (Chart.yaml), without templates or files.
type ReleaseChart struct {
	Name        string            `msgpack:"name"`
	Version     string            `msgpack:"version"`
	AppVersion  string            `msgpack:"appVersion,omitempty"`
	Description string            `msgpack:"description,omitempty"`
	APIVersion  string            `msgpack:"apiVersion,omitempty"`
	Type        string            `msgpack:"type,omitempty"`
	KubeVersion string            `msgpack:"kubeVersion,omitempty"`
	Home        string            `msgpack:"home,omitempty"`
	Icon        string            `msgpack:"icon,omitempty"`
	Keywords    []string          `msgpack:"keywords,omitempty"`
	Sources     []string          `msgpack:"sources,omitempty"`
	Annotations map[string]string `msgpack:"annotations,omitempty"`
	Deprecated  bool              `msgpack:"deprecated,omitempty"`
}

// ReleaseHook is one hook of a release and how it last ran.
type ReleaseHook struct {
	Name           string    `msgpack:"name"`
	Kind           string    `msgpack:"kind"`
	Path           string    `msgpack:"path"`
	Manifest       string    `msgpack:"manifest,omitempty"`
	Events         []string  `msgpack:"events"`
	Weight         int       `msgpack:"weight"`
	DeletePolicies []string  `msgpack:"deletePolicies,omitempty"`
	LastRunStarted time.Time `msgpack:"lastRunStarted,omitempty"`
	LastRunEnded   time.Time `msgpack:"lastRunCompleted,omitempty"`
	LastRunPhase   string    `msgpack:"lastRunPhase,omitempty"`
}

// Release is a release as the SDK returns it.
type Release struct {
	Name          string            `msgpack:"name"`
	Namespace     string            `msgpack:"namespace"`
	Revision      int               `msgpack:"revision"`
	Status        ReleaseStatus     `msgpack:"status"`
	Chart         ReleaseChart      `msgpack:"chart"`
	FirstDeployed time.Time         `msgpack:"firstDeployed,omitempty"`
	LastDeployed  time.Time         `msgpack:"lastDeployed,omitempty"`
	Deleted       time.Time         `msgpack:"deleted,omitempty"`
	Description   string            `msgpack:"description,omitempty"`
	Notes         string            `msgpack:"notes,omitempty"`
	Manifest      string            `msgpack:"manifest,omitempty"`
	Config        map[string]any    `msgpack:"config,omitempty" doc:"The user-supplied values (helm get values)."`
	Hooks         []ReleaseHook     `msgpack:"hooks,omitempty"`
	Labels        map[string]string `msgpack:"labels,omitempty" doc:"The release's own labels (--labels), without the storage driver's (name, owner, status, version, createdAt, modifiedAt)."`
	ApplyMethod   string            `msgpack:"applyMethod,omitempty" doc:"ssa or csa."`
	// RollbackRevision is the revision a rollback restored; 0 when this revision is no rollback.
	RollbackRevision int `msgpack:"rollbackRevision,omitempty"`
}

// ReleaseDetail says how much of a release to put on the wire.
type ReleaseDetail int

const (
	// DetailSummary: identity, status, chart metadata, dates, description (list, history).
	DetailSummary ReleaseDetail = iota
	// DetailFull: also notes, manifest, config, hooks (install, upgrade, status, get).
	DetailFull
)

// viewRelease converts Helm's release into the wire shape. A nil release gives nil.
func viewRelease(r *releasev1.Release, detail ReleaseDetail) *Release {
	if r == nil {
		return nil
	}
	v := &Release{
		Name: r.Name, Namespace: r.Namespace, Revision: r.Version,
		Labels: userLabels(r.Labels), ApplyMethod: r.ApplyMethod,
	}
	if r.Chart != nil && r.Chart.Metadata != nil {
		v.Chart = viewChart(r.Chart.Metadata)
	}
	if i := r.Info; i != nil {
		v.Status = ReleaseStatus(i.Status.String())
		v.FirstDeployed, v.LastDeployed, v.Deleted = i.FirstDeployed, i.LastDeployed, i.Deleted
		v.Description = i.Description
		v.RollbackRevision = i.RollbackRevision
		if detail == DetailFull {
			v.Notes = i.Notes
		}
	}
	if detail == DetailFull {
		v.Manifest = r.Manifest
		v.Config = r.Config
		for _, h := range r.Hooks {
			if h != nil {
				v.Hooks = append(v.Hooks, viewHook(h))
			}
		}
	}
	return v
}

func viewChart(m *chartv2.Metadata) ReleaseChart {
	return ReleaseChart{
		Name: m.Name, Version: m.Version, AppVersion: m.AppVersion, Description: m.Description,
		APIVersion: m.APIVersion, Type: m.Type, KubeVersion: m.KubeVersion, Home: m.Home, Icon: m.Icon,
		Keywords: m.Keywords, Sources: m.Sources, Annotations: m.Annotations, Deprecated: m.Deprecated,
	}
}

func viewHook(h *releasev1.Hook) ReleaseHook {
	v := ReleaseHook{
		Name: h.Name, Kind: h.Kind, Path: h.Path, Manifest: h.Manifest, Weight: h.Weight,
		LastRunStarted: h.LastRun.StartedAt, LastRunEnded: h.LastRun.CompletedAt,
		LastRunPhase: string(h.LastRun.Phase),
	}
	for _, e := range h.Events {
		v.Events = append(v.Events, string(e))
	}
	for _, p := range h.DeletePolicies {
		v.DeletePolicies = append(v.DeletePolicies, string(p))
	}
	return v
}

// userLabels drops the storage driver's own labels. Helm's drivers filter them out when they
// read one revision (Get) but not when they list (Query, List), so the labels of one release
// depended on how it was read: install returned {team}, status {team, name, owner, status, ...}.
func userLabels(labels map[string]string) map[string]string {
	var out map[string]string
	for k, v := range labels {
		if slices.Contains(driver.GetSystemLabels(), k) {
			continue
		}
		if out == nil {
			out = make(map[string]string, len(labels))
		}
		out[k] = v
	}
	return out
}
