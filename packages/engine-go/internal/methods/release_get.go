package methods

// release.getValues, getManifest, getHooks, getNotes, getMetadata mirror `helm get values|
// manifest|hooks|notes|metadata` of Helm v4.3.1 (pkg/cmd/get_*.go + pkg/action/get.go,
// get_values.go, get_metadata.go). Each reads one revision (--revision, 0 = latest). The CLI's
// text decorations ("USER-SUPPLIED VALUES:", "NOTES:", "---\n# Source:") are presentation and
// are left to the caller; the data is the same.

import (
	"context"
	"time"

	ci "helm.sh/helm/v4/pkg/chart"
	"helm.sh/helm/v4/pkg/chart/common/util"
	chartv2 "helm.sh/helm/v4/pkg/chart/v2"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// GetParams are the argument and flags every `helm get` subcommand shares.
type GetParams struct {
	ReleaseName string `msgpack:"releaseName" doc:"The release (helm get ... RELEASE_NAME)."`
	Namespace   string `msgpack:"namespace,omitempty" doc:"--namespace. Defaults to the configured namespace."`
	Revision    int    `msgpack:"revision,omitempty" doc:"--revision. Defaults to 0: the latest revision."`
}

// GetValuesParams are `helm get values`' argument and flags.
type GetValuesParams struct {
	GetParams `msgpack:",inline"`
	All       bool `msgpack:"all,omitempty" doc:"-a/--all: all computed values (chart defaults coalesced with the user's). Defaults to false."`
}

// GetValuesResult is the values.
type GetValuesResult struct {
	Values map[string]any `msgpack:"values" doc:"User-supplied values, or all computed values with all."`
}

// GetManifestResult is the rendered manifest.
type GetManifestResult struct {
	Manifest string `msgpack:"manifest" doc:"The manifest as stored (helm get manifest prints it plus a newline)."`
}

// GetHooksResult is the release's hooks.
type GetHooksResult struct {
	Hooks []ReleaseHook `msgpack:"hooks"`
}

// GetNotesResult is the rendered NOTES.txt.
type GetNotesResult struct {
	Notes string `msgpack:"notes" doc:"Empty when the chart has none."`
}

// ReleaseDependency is a dependency of the released chart (Chart.yaml dependencies).
type ReleaseDependency struct {
	Name         string   `msgpack:"name"`
	Version      string   `msgpack:"version,omitempty"`
	Repository   string   `msgpack:"repository"`
	Condition    string   `msgpack:"condition,omitempty"`
	Tags         []string `msgpack:"tags,omitempty"`
	Enabled      bool     `msgpack:"enabled,omitempty"`
	ImportValues []any    `msgpack:"importValues,omitempty" doc:"import-values."`
	Alias        string   `msgpack:"alias,omitempty"`
}

// ReleaseMetadata is `helm get metadata -o json` (action.Metadata) with a real date.
type ReleaseMetadata struct {
	Name         string              `msgpack:"name"`
	Chart        string              `msgpack:"chart"`
	Version      string              `msgpack:"version"`
	AppVersion   string              `msgpack:"appVersion"`
	Annotations  map[string]string   `msgpack:"annotations,omitempty" doc:"Chart.yaml annotations."`
	Labels       map[string]string   `msgpack:"labels,omitempty" doc:"The release's storage labels."`
	Dependencies []ReleaseDependency `msgpack:"dependencies,omitempty"`
	Namespace    string              `msgpack:"namespace"`
	Revision     int                 `msgpack:"revision"`
	Status       ReleaseStatus       `msgpack:"status"`
	DeployedAt   time.Time           `msgpack:"deployedAt" doc:"Last deployed (the CLI prints it as RFC 3339)."`
	ApplyMethod  string              `msgpack:"applyMethod,omitempty" doc:"ssa or csa."`
}

var (
	releaseGetValues   = define("release.getValues", "A release's values, as `helm get values`.", runGetValues)
	releaseGetManifest = define("release.getManifest", "A release's manifest, as `helm get manifest`.", runGetManifest)
	releaseGetHooks    = define("release.getHooks", "A release's hooks, as `helm get hooks`.", runGetHooks)
	releaseGetNotes    = define("release.getNotes", "A release's notes, as `helm get notes`.", runGetNotes)
	releaseGetMetadata = define("release.getMetadata", "A release's metadata, as `helm get metadata`.", runGetMetadata)
)

func runGetValues(ctx context.Context, req *Request, p *GetValuesParams) (*GetValuesResult, error) {
	rel, _, _, err := getRelease(ctx, req, p.ReleaseName, p.Namespace, p.Revision)
	if err != nil {
		return nil, err
	}
	vals := rel.Config
	if p.All {
		// As GetValues.Run with AllValues.
		all, err := util.CoalesceValues(rel.Chart, rel.Config)
		if err != nil {
			return nil, protocol.Classify(err)
		}
		vals = all
	}
	if vals == nil {
		vals = map[string]any{}
	}
	return &GetValuesResult{Values: vals}, nil
}

func runGetManifest(ctx context.Context, req *Request, p *GetParams) (*GetManifestResult, error) {
	rel, _, _, err := getRelease(ctx, req, p.ReleaseName, p.Namespace, p.Revision)
	if err != nil {
		return nil, err
	}
	return &GetManifestResult{Manifest: rel.Manifest}, nil
}

func runGetHooks(ctx context.Context, req *Request, p *GetParams) (*GetHooksResult, error) {
	rel, _, _, err := getRelease(ctx, req, p.ReleaseName, p.Namespace, p.Revision)
	if err != nil {
		return nil, err
	}
	out := &GetHooksResult{Hooks: []ReleaseHook{}}
	for _, h := range rel.Hooks {
		if h != nil {
			out.Hooks = append(out.Hooks, viewHook(h))
		}
	}
	return out, nil
}

func runGetNotes(ctx context.Context, req *Request, p *GetParams) (*GetNotesResult, error) {
	rel, _, _, err := getRelease(ctx, req, p.ReleaseName, p.Namespace, p.Revision)
	if err != nil {
		return nil, err
	}
	out := &GetNotesResult{}
	if rel.Info != nil {
		out.Notes = rel.Info.Notes
	}
	return out, nil
}

func runGetMetadata(ctx context.Context, req *Request, p *GetParams) (*ReleaseMetadata, error) {
	rel, _, _, err := getRelease(ctx, req, p.ReleaseName, p.Namespace, p.Revision)
	if err != nil {
		return nil, err
	}
	// As GetMetadata.Run, from the release already read (no second storage round trip).
	m := &ReleaseMetadata{Name: rel.Name, Namespace: rel.Namespace, Revision: rel.Version, Labels: rel.Labels, ApplyMethod: rel.ApplyMethod}
	if rel.Info != nil {
		m.Status = ReleaseStatus(rel.Info.Status.String())
		m.DeployedAt = rel.Info.LastDeployed
	}
	if c := rel.Chart; c != nil && c.Metadata != nil {
		m.Chart, m.Version, m.AppVersion, m.Annotations = c.Metadata.Name, c.Metadata.Version, c.Metadata.AppVersion, c.Metadata.Annotations
		ac, err := ci.NewAccessor(c)
		if err != nil {
			return nil, protocol.Classify(err)
		}
		for _, d := range ac.MetaDependencies() {
			if dep, ok := d.(*chartv2.Dependency); ok && dep != nil {
				m.Dependencies = append(m.Dependencies, ReleaseDependency{
					Name: dep.Name, Version: dep.Version, Repository: dep.Repository, Condition: dep.Condition,
					Tags: dep.Tags, Enabled: dep.Enabled, ImportValues: dep.ImportValues, Alias: dep.Alias,
				})
			}
		}
	}
	return m, nil
}
