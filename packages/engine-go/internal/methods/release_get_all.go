package methods

// release.getAll mirrors `helm get all` of Helm v4.3.1 (pkg/cmd/get_all.go: action.Get, then the
// statusPrinter of pkg/cmd/status.go with debug and showMetadata on). The SDK returns the data as
// fields (the release with its notes, manifest, user-supplied values and hooks, plus the computed
// values the CLI prints under COMPUTED VALUES) and, in text, the very text the CLI prints, for
// callers that want to show or diff it. The text has no colours (the CLI's output to a pipe), and
// its dates are time.ANSIC in the zone stored with the release (the writer's), as the CLI prints
// them whatever its own zone: the text matches the CLI's byte for byte.

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/cli/output"
	releasev1 "helm.sh/helm/v4/pkg/release/v1"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// GetAllResult is everything `helm get all` prints, as data and as its text.
type GetAllResult struct {
	Release        `msgpack:",inline"`
	ComputedValues map[string]any `msgpack:"computedValues" doc:"The chart's defaults coalesced with the user-supplied values (COMPUTED VALUES; helm get values --all)."`
	Text           string         `msgpack:"text" doc:"What helm get all prints (no colours; dates in the zone stored with the release)."`
}

var releaseGetAll = define("release.getAll", "Everything about a release (values, computed values, hooks, manifest, notes), as `helm get all`.", runGetAll)

func runGetAll(ctx context.Context, req *Request, p *GetParams) (*GetAllResult, error) {
	rel, _, _, err := getRelease(ctx, req, p.ReleaseName, p.Namespace, p.Revision)
	if err != nil {
		return nil, err
	}
	computed, err := util.CoalesceValues(rel.Chart, rel.Config)
	if err != nil {
		return nil, protocol.Classify(err)
	}
	text, err := getAllText(rel, computed.AsMap())
	if err != nil {
		return nil, protocol.Classify(err)
	}
	out := &GetAllResult{Release: *viewRelease(rel, DetailFull), ComputedValues: computed.AsMap(), Text: text}
	if out.ComputedValues == nil {
		out.ComputedValues = map[string]any{}
	}
	return out, nil
}

// getAllText writes what statusPrinter.WriteTable writes for `helm get all` (debug, metadata,
// notes shown, no colour). Info.Resources is never set by action.Get, so there is no RESOURCES
// section, as with the CLI.
func getAllText(rel *releasev1.Release, computed map[string]any) (string, error) {
	var b bytes.Buffer
	info := rel.Info
	if info == nil {
		info = &releasev1.Info{}
	}
	fmt.Fprintf(&b, "NAME: %s\n", rel.Name)
	if !info.LastDeployed.IsZero() {
		fmt.Fprintf(&b, "LAST DEPLOYED: %s\n", info.LastDeployed.Format(time.ANSIC))
	}
	fmt.Fprintf(&b, "NAMESPACE: %s\n", rel.Namespace)
	fmt.Fprintf(&b, "STATUS: %s\n", info.Status.String())
	fmt.Fprintf(&b, "REVISION: %d\n", rel.Version)
	if rel.Chart != nil && rel.Chart.Metadata != nil {
		fmt.Fprintf(&b, "CHART: %s\n", rel.Chart.Metadata.Name)
		fmt.Fprintf(&b, "VERSION: %s\n", rel.Chart.Metadata.Version)
		fmt.Fprintf(&b, "APP_VERSION: %s\n", rel.Chart.Metadata.AppVersion)
	}
	fmt.Fprintf(&b, "DESCRIPTION: %s\n", info.Description)

	// executionsByHookEvent, for the test hooks only.
	var tests []*releasev1.Hook
	for _, h := range rel.Hooks {
		for _, e := range h.Events {
			if e == releasev1.HookTest {
				tests = append(tests, h)
			}
		}
	}
	if len(tests) == 0 {
		fmt.Fprintln(&b, "TEST SUITE: None")
	}
	for _, h := range tests {
		if h.LastRun.StartedAt.IsZero() {
			continue
		}
		fmt.Fprintf(&b, "TEST SUITE:     %s\nLast Started:   %s\nLast Completed: %s\nPhase:          %s\n",
			h.Name, h.LastRun.StartedAt.Format(time.ANSIC), h.LastRun.CompletedAt.Format(time.ANSIC), h.LastRun.Phase)
	}

	fmt.Fprintln(&b, "USER-SUPPLIED VALUES:")
	if err := output.EncodeYAML(&b, rel.Config); err != nil {
		return "", err
	}
	fmt.Fprintln(&b)
	fmt.Fprintln(&b, "COMPUTED VALUES:")
	if err := output.EncodeYAML(&b, computed); err != nil {
		return "", err
	}
	fmt.Fprintln(&b)

	fmt.Fprintln(&b, "HOOKS:")
	for _, h := range rel.Hooks {
		fmt.Fprintf(&b, "---\n# Source: %s\n%s\n", h.Path, h.Manifest)
	}
	fmt.Fprintf(&b, "MANIFEST:\n%s\n", rel.Manifest)
	if info.Notes != "" {
		fmt.Fprintf(&b, "NOTES:\n%s\n", strings.TrimSpace(info.Notes))
	}
	return b.String(), nil
}
