package methods

// chart.create mirrors `helm create` of Helm v4.3.1 (pkg/cmd/create.go run, createV2Chart,
// createV3Chart): a new chart named after the last path element, from Helm's scaffold or from a
// starter (a name under $HELM_DATA_HOME/starters or an absolute path).
//
// --chart-api-version v3 is behind Helm's feature gate HELM_EXPERIMENTAL_CHART_V3 (internal/
// gates), read from the engine's environment as the CLI reads its own (Configuration's env
// option); without it the request fails with the gate's own message. Helm's v3 scaffold lives in
// internal/chart/v3/util, which cannot be imported from outside Helm, so a v3 chart is Helm's v2
// scaffold (the same templates) with apiVersion v3 in Chart.yaml: Chart.yaml and templates/ are
// what the CLI writes; a few comments in values.yaml are worded as in the v2 scaffold.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	chart "helm.sh/helm/v4/pkg/chart/v2"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
	"helm.sh/helm/v4/pkg/helmpath"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// ChartCreateParams are `helm create`'s argument and flags.
type ChartCreateParams struct {
	Name    string `msgpack:"name" doc:"NAME: the chart directory to create (its last element is the chart name)."`
	Starter string `msgpack:"starter,omitempty" doc:"--starter: a starter name or absolute path."`
	// ChartAPIVersion is "v2" (the default) or "v3" (needs HELM_EXPERIMENTAL_CHART_V3).
	ChartAPIVersion string `msgpack:"chartApiVersion,omitempty" doc:"--chart-api-version: v2 (default) or v3; v3 needs HELM_EXPERIMENTAL_CHART_V3 set in the engine's environment."`
	Cwd             string `msgpack:"cwd,omitempty" doc:"Directory relative paths are resolved against."`
}

// ChartCreateResult names the created directory.
type ChartCreateResult struct {
	Path string `msgpack:"path" doc:"The chart directory created."`
}

var chartCreate = define("chart.create", "Create a new chart, as `helm create`.", runChartCreate)

func runChartCreate(_ context.Context, _ *Request, p *ChartCreateParams) (*ChartCreateResult, error) {
	if p.Name == "" {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "name", "name is required")
	}
	apiVersion := chart.APIVersionV2
	switch p.ChartAPIVersion {
	case chart.APIVersionV2, "":
	case chartAPIVersionV3:
		if os.Getenv(chartV3Gate) == "" {
			// gates.Gate.Error's text.
			return nil, protocol.Errorf(protocol.CodeInvalidArgument, "chartApiVersion",
				"this feature has been marked as experimental and is not enabled by default. Please set %s=1 in your environment to use this feature", chartV3Gate)
		}
		apiVersion = chartAPIVersionV3
	default:
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "chartApiVersion", "unsupported chart API version: %s (supported: v2, v3)", p.ChartAPIVersion)
	}
	name := helmenv.ResolvePath(p.Cwd, p.Name)
	chartname := filepath.Base(name)
	dir := filepath.Dir(name)
	if p.Starter != "" {
		cfile := &chart.Metadata{
			Name: chartname, Description: "A Helm chart for Kubernetes", Type: "application",
			Version: "0.1.0", AppVersion: "0.1.0", APIVersion: apiVersion,
		}
		starter := p.Starter
		if !filepath.IsAbs(starter) {
			starter = filepath.Join(helmpath.DataPath("starters"), starter)
		}
		if _, err := os.Stat(starter); err != nil {
			return nil, protocol.Errorf(protocol.CodeChartNotFound, "starter", "starter %q not found: %v", p.Starter, err)
		}
		if err := chartutil.CreateFrom(cfile, dir, starter); err != nil {
			return nil, protocol.Wrap(protocol.CodeInvalidChart, "starter", err)
		}
		return &ChartCreateResult{Path: name}, nil
	}
	path, err := chartutil.Create(chartname, dir)
	if err != nil {
		return nil, protocol.Wrap(protocol.CodeInvalidArgument, "name", err)
	}
	if apiVersion == chartAPIVersionV3 {
		if err := setChartAPIVersion(path, apiVersion); err != nil {
			return nil, protocol.Wrap(protocol.CodeInternal, "name", err)
		}
	}
	return &ChartCreateResult{Path: path}, nil
}

const (
	// chartAPIVersionV3 is internal/chart/v3.APIVersionV3.
	chartAPIVersionV3 = "v3"
	// chartV3Gate is internal/gates.ChartV3.
	chartV3Gate = "HELM_EXPERIMENTAL_CHART_V3"
)

// setChartAPIVersion rewrites the scaffold's first line, "apiVersion: v2", which is where Helm's
// v2 and v3 Chart.yaml scaffolds differ.
func setChartAPIVersion(dir, apiVersion string) error {
	file := filepath.Join(dir, chartutil.ChartfileName)
	st, err := os.Stat(file)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	old := []byte("apiVersion: " + chart.APIVersionV2 + "\n")
	if !bytes.HasPrefix(b, old) {
		return fmt.Errorf("%s does not start with %q", file, old)
	}
	return os.WriteFile(file, append([]byte("apiVersion: "+apiVersion+"\n"), b[len(old):]...), st.Mode().Perm())
}
