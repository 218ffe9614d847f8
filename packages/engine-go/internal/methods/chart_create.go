package methods

// chart.create mirrors `helm create` of Helm v4.3.1 (pkg/cmd/create.go createV2Chart): a new v2
// chart named after the last path element, from Helm's scaffold or from a starter (a name under
// $HELM_DATA_HOME/starters or an absolute path).

import (
	"context"
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
	Cwd     string `msgpack:"cwd,omitempty" doc:"Directory relative paths are resolved against."`
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
	name := helmenv.ResolvePath(p.Cwd, p.Name)
	chartname := filepath.Base(name)
	dir := filepath.Dir(name)
	if p.Starter != "" {
		cfile := &chart.Metadata{
			Name: chartname, Description: "A Helm chart for Kubernetes", Type: "application",
			Version: "0.1.0", AppVersion: "0.1.0", APIVersion: chart.APIVersionV2,
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
	return &ChartCreateResult{Path: path}, nil
}
