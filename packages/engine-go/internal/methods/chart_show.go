package methods

// chart.show mirrors `helm show all|chart|values|readme|crds` of Helm v4.3.1 (pkg/cmd/show.go
// runShow + addRegistryClient, pkg/action/show.go Show.Run). text is byte-identical to the CLI's
// stdout, which prints the action's output with fmt.Fprint.

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"

	"helm.sh/helm/v4/pkg/action"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// ShowWhat selects the `helm show` subcommand.
type ShowWhat string

// The subcommands, as action.ShowOutputFormat.
const (
	ShowAll    ShowWhat = ShowWhat(action.ShowAll)
	ShowChart  ShowWhat = ShowWhat(action.ShowChart)
	ShowValues ShowWhat = ShowWhat(action.ShowValues)
	ShowReadme ShowWhat = ShowWhat(action.ShowReadme)
	ShowCRDs   ShowWhat = ShowWhat(action.ShowCRDs)
)

// EnumValues lets cmd/protogen emit a string union.
func (ShowWhat) EnumValues() []string {
	return []string{string(ShowAll), string(ShowChart), string(ShowValues), string(ShowReadme), string(ShowCRDs)}
}

// ShowParams are `helm show <what>`'s argument and flags.
type ShowParams struct {
	helmenv.ChartSource `msgpack:",inline"`

	What     ShowWhat `msgpack:"what" doc:"Which subcommand: all, chart, values, readme or crds."`
	JSONPath string   `msgpack:"jsonpath,omitempty" doc:"--jsonpath filter (values only)."`
	Cwd      string   `msgpack:"cwd,omitempty" doc:"Directory relative paths are resolved against."`
}

// ShowResult is the command's output.
type ShowResult struct {
	Text string `msgpack:"text" doc:"What helm show prints, byte for byte."`
}

var chartShow = define("chart.show", "Show information about a chart, as `helm show`.", runShow)

func runShow(_ context.Context, req *Request, p *ShowParams) (*ShowResult, error) {
	switch p.What {
	case ShowAll, ShowChart, ShowValues, ShowReadme, ShowCRDs:
	default:
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "what", "what must be one of all, chart, values, readme, crds; got %q", p.What)
	}
	if p.JSONPath != "" && p.What != ShowValues {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "jsonpath", "jsonpath applies to what=values only")
	}
	if err := p.ChartSource.Validate(); err != nil {
		return nil, err
	}
	settings := req.Settings.EnvSettings("")
	client := action.NewShow(action.ShowOutputFormat(p.What), action.NewConfiguration())
	client.JSONPathTemplate = p.JSONPath
	p.ChartSource.PathOptions(&client.ChartPathOptions)

	var cp string
	if p.ChartData != nil {
		// Show.Run only takes a path: hand it a private copy of the archive.
		tmp, dir, err := p.ChartSource.WriteTemp()
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		cp = tmp
	} else {
		rc, err := p.ChartSource.RegistryClient(settings)
		if err != nil {
			return nil, err
		}
		client.SetRegistryClient(rc)
		if cp, err = p.ChartSource.Locate(client.LocateChart, settings, p.Cwd); err != nil {
			return nil, err
		}
	}
	text, err := client.Run(cp)
	if err != nil {
		code := protocol.CodeInvalidChart
		if errors.Is(err, fs.ErrNotExist) {
			code = protocol.CodeChartNotFound
		}
		input := "chart"
		if p.JSONPath != "" && strings.HasPrefix(err.Error(), "error parsing jsonpath") {
			code, input = protocol.CodeInvalidArgument, "jsonpath"
		} else if p.ChartData != nil {
			input = "chartData"
		}
		return nil, protocol.Wrap(code, input, err)
	}
	return &ShowResult{Text: text}, nil
}
