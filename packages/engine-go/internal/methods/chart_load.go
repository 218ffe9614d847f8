package methods

// chart.load loads a chart from any chart source (path, repo/name, URL, oci://, archive bytes) and
// returns what it declares: Chart.yaml metadata, default values, values schema, dependencies and
// the list of files. Nothing is rendered. Uses pkg/chart/v2/loader of Helm v4.3.1, as
// `helm show` does under the hood.

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"sort"
	"strings"

	"helm.sh/helm/v4/pkg/action"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/chart/v2/loader"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// ChartLoadParams says which chart to load.
type ChartLoadParams struct {
	helmenv.ChartSource `msgpack:",inline"`
	Cwd                 string `msgpack:"cwd,omitempty" doc:"Directory relative paths are resolved against."`
}

// ChartMaintainer is one Chart.yaml maintainer.
type ChartMaintainer struct {
	Name  string `msgpack:"name"`
	Email string `msgpack:"email,omitempty"`
	URL   string `msgpack:"url,omitempty"`
}

// ChartDependency is one Chart.yaml dependency.
type ChartDependency struct {
	Name       string   `msgpack:"name"`
	Version    string   `msgpack:"version,omitempty"`
	Repository string   `msgpack:"repository"`
	Condition  string   `msgpack:"condition,omitempty"`
	Tags       []string `msgpack:"tags,omitempty"`
	Alias      string   `msgpack:"alias,omitempty"`
}

// ChartLoadResult is the loaded chart, without rendering.
type ChartLoadResult struct {
	Metadata     ReleaseChart      `msgpack:"metadata" doc:"Chart.yaml."`
	Maintainers  []ChartMaintainer `msgpack:"maintainers"`
	Dependencies []ChartDependency `msgpack:"dependencies" doc:"Chart.yaml dependencies."`
	Values       OrderedValues     `msgpack:"values" doc:"The chart's default values (values.yaml), keys in the file's order."`
	Schema       map[string]any    `msgpack:"schema,omitempty" doc:"values.schema.json, parsed; absent when the chart has none."`
	Templates    []string          `msgpack:"templates" doc:"Template file names, e.g. templates/deployment.yaml."`
	Files        []string          `msgpack:"files" doc:"Every file of the chart (Chart.yaml, values, templates, others), sorted."`
	Subcharts    []string          `msgpack:"subcharts" doc:"Names of the charts bundled under charts/."`
}

var chartLoad = define("chart.load", "Load a chart and return its metadata, values, schema, dependencies and files.", runChartLoad)

func runChartLoad(_ context.Context, req *Request, p *ChartLoadParams) (*ChartLoadResult, error) {
	ch, cleanup, err := loadChartSource(req, &p.ChartSource, p.Cwd)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	res := &ChartLoadResult{
		Metadata: viewChart(ch.Metadata), Maintainers: []ChartMaintainer{}, Dependencies: []ChartDependency{},
		Values: OrderedValues{Map: ch.Values}, Templates: []string{}, Files: []string{}, Subcharts: []string{},
	}
	for _, f := range ch.Raw {
		if f != nil && f.Name == "values.yaml" {
			res.Values.order = valuesOrder(f.Data)
		}
	}
	for _, m := range ch.Metadata.Maintainers {
		if m != nil {
			res.Maintainers = append(res.Maintainers, ChartMaintainer{Name: m.Name, Email: m.Email, URL: m.URL})
		}
	}
	for _, d := range ch.Metadata.Dependencies {
		if d != nil {
			res.Dependencies = append(res.Dependencies, ChartDependency{Name: d.Name, Version: d.Version, Repository: d.Repository, Condition: d.Condition, Tags: d.Tags, Alias: d.Alias})
		}
	}
	if len(ch.Schema) > 0 {
		var s map[string]any
		if err := json.Unmarshal(ch.Schema, &s); err != nil {
			return nil, protocol.Errorf(protocol.CodeInvalidChart, "chart", "values.schema.json of %s is not valid JSON: %v", ch.Name(), err)
		}
		res.Schema = s
	}
	for _, t := range ch.Templates {
		res.Templates = append(res.Templates, t.Name)
	}
	for _, f := range ch.Raw {
		res.Files = append(res.Files, f.Name)
	}
	sort.Strings(res.Files)
	for _, d := range ch.Dependencies() {
		res.Subcharts = append(res.Subcharts, d.Name())
	}
	return res, nil
}

// loadChartSource locates (downloading when needed) and loads a chart. A path that is not a
// chart, or a corrupt archive, is INVALID_CHART; a missing one is CHART_NOT_FOUND.
func loadChartSource(req *Request, src *helmenv.ChartSource, cwd string) (*chart.Chart, func(), error) {
	if err := src.Validate(); err != nil {
		return nil, nil, err
	}
	cleanup := func() {}
	var path, input string
	if src.ChartData != nil {
		tmp, dir, err := src.WriteTemp()
		if err != nil {
			return nil, nil, err
		}
		cleanup = func() { os.RemoveAll(dir) }
		path, input = tmp, "chartData"
	} else {
		settings := req.Settings.EnvSettings("")
		client := action.NewShow(action.ShowChart, action.NewConfiguration())
		src.PathOptions(&client.ChartPathOptions)
		rc, err := src.RegistryClient(settings)
		if err != nil {
			return nil, nil, err
		}
		client.SetRegistryClient(rc)
		if path, err = src.Locate(client.LocateChart, settings, cwd); err != nil {
			return nil, nil, err
		}
		input = "chart"
	}
	ch, err := loader.Load(path)
	if err != nil {
		cleanup()
		code := protocol.CodeInvalidChart
		if errors.Is(err, fs.ErrNotExist) {
			code = protocol.CodeChartNotFound
		}
		name := src.Chart
		if src.ChartData != nil {
			name = "chartData"
		}
		msg := helmenv.RedactSecrets(err.Error(), src.Password)
		if src.ChartData != nil {
			msg = strings.ReplaceAll(msg, path, "chartData")
		}
		return nil, nil, protocol.Errorf(code, input, "%s: %s", name, msg)
	}
	return ch, cleanup, nil
}
