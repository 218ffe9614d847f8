package methods

// chart.lint mirrors `helm lint` of Helm v4.3.1 (pkg/cmd/lint.go newLintCmd RunE, pkg/action/
// lint.go) for one chart, plus its subcharts with withSubcharts. Messages carry the text the
// CLI prints after "[SEVERITY] path: ", and ok follows the CLI's exit status: a chart fails on
// errors, and with strict on warnings too. quiet drops the info messages, as --quiet prints only
// warnings and errors (and the "Error ..." line of a chart that could not be linted at all).

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/v2/lint/support"
	"helm.sh/helm/v4/pkg/getter"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// LintParams are `helm lint`'s argument and flags.
type LintParams struct {
	Chart                 string `msgpack:"chart,omitempty" doc:"Chart directory or .tgz path."`
	ChartData             []byte `msgpack:"chartData,omitempty" doc:"A chart archive (.tgz bytes); instead of chart."`
	helmenv.ValuesOptions `msgpack:",inline"`

	Strict               bool   `msgpack:"strict,omitempty" doc:"--strict: fail on warnings. Defaults to false."`
	Quiet                bool   `msgpack:"quiet,omitempty" doc:"--quiet: only warnings and errors in messages. Defaults to false."`
	Namespace            string `msgpack:"namespace,omitempty" doc:"--namespace. Defaults to the configured namespace."`
	KubeVersion          string `msgpack:"kubeVersion,omitempty" doc:"--kube-version for capabilities and deprecation checks."`
	WithSubcharts        bool   `msgpack:"withSubcharts,omitempty" doc:"--with-subcharts: lint dependent charts too. Defaults to false."`
	SkipSchemaValidation bool   `msgpack:"skipSchemaValidation,omitempty" doc:"--skip-schema-validation. Defaults to false."`
	Cwd                  string `msgpack:"cwd,omitempty" doc:"Directory relative paths are resolved against."`
}

// LintSeverity is a lint message's severity.
type LintSeverity string

// Severities, from support.InfoSev..ErrorSev.
const (
	SeverityInfo    LintSeverity = "info"
	SeverityWarning LintSeverity = "warning"
	SeverityError   LintSeverity = "error"
)

// EnumValues lets cmd/protogen emit a string union.
func (LintSeverity) EnumValues() []string {
	return []string{string(SeverityInfo), string(SeverityWarning), string(SeverityError)}
}

// LintMessage is one finding.
type LintMessage struct {
	Severity LintSeverity `msgpack:"severity"`
	// Path is the file inside the chart the message is about (support.Message.Path); "" for a
	// chart that could not be linted at all.
	Path    string `msgpack:"path" doc:"File in the chart the message is about, e.g. \"templates/\"."`
	Message string `msgpack:"message" doc:"The finding, as the CLI prints it after \"[SEVERITY] path: \"."`
	Chart   string `msgpack:"chart" doc:"The chart path this message belongs to (differs for subcharts)."`
}

// LintChart is the verdict on one chart (the chart itself, then each subchart).
type LintChart struct {
	Chart string `msgpack:"chart" doc:"The chart path, as given (subcharts: under it)."`
	OK    bool   `msgpack:"ok" doc:"False when this chart failed."`
	// Error is set when the chart could not be linted at all (the CLI prints "Error <text>").
	Error string `msgpack:"error,omitempty" doc:"Set when the chart could not be linted at all (not a chart, unreadable archive)."`
}

// LintResult is the outcome of linting.
type LintResult struct {
	OK       bool          `msgpack:"ok" doc:"False when helm lint would exit non-zero."`
	Messages []LintMessage `msgpack:"messages" doc:"Findings of all charts, in the CLI's order."`
	Charts   []LintChart   `msgpack:"charts" doc:"Charts linted, in order; the CLI's \"N chart(s) linted, M chart(s) failed\"."`
}

var chartLint = define("chart.lint", "Examine a chart for possible issues, as `helm lint`.", runLint)

func runLint(_ context.Context, req *Request, p *LintParams) (*LintResult, error) {
	src := helmenv.ChartSource{Chart: p.Chart, ChartData: p.ChartData}
	if err := src.Validate(); err != nil {
		return nil, err
	}
	client := action.NewLint()
	client.Strict = p.Strict
	client.WithSubcharts = p.WithSubcharts
	client.SkipSchemaValidation = p.SkipSchemaValidation

	if p.KubeVersion != "" {
		parsed, err := common.ParseKubeVersion(p.KubeVersion)
		if err != nil {
			return nil, protocol.Wrap(protocol.CodeInvalidArgument, "kubeVersion", fmt.Errorf("invalid kube version '%s': %w", p.KubeVersion, err))
		}
		client.KubeVersion = parsed
	}

	// path is what Helm sees; display is what the user gave us (messages name it).
	path, display := helmenv.ResolvePath(p.Cwd, p.Chart), p.Chart
	if p.ChartData != nil {
		tmp, dir, err := src.WriteTemp()
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		path, display = tmp, "chartData"
	}
	type target struct{ path, display string }
	targets := []target{{path, display}}
	if client.WithSubcharts {
		// The CLI's walk: every Chart.yaml dir and every archive under <chart>/charts.
		_ = filepath.Walk(filepath.Join(path, "charts"), func(sub string, info os.FileInfo, _ error) error {
			if info != nil {
				shown := display + strings.TrimPrefix(sub, path)
				if info.Name() == "Chart.yaml" {
					targets = append(targets, target{filepath.Dir(sub), filepath.Dir(shown)})
				} else if strings.HasSuffix(sub, ".tgz") || strings.HasSuffix(sub, ".tar.gz") {
					targets = append(targets, target{sub, shown})
				}
			}
			return nil
		})
	}

	client.Namespace = req.Settings.ResolveNamespace(p.Namespace)
	settings := req.Settings.EnvSettings(p.Namespace)
	vals, err := p.ValuesOptions.Merge(getter.All(settings), p.Cwd)
	if err != nil {
		return nil, err
	}

	res := &LintResult{OK: true, Messages: []LintMessage{}, Charts: []LintChart{}}
	for _, t := range targets {
		result := client.Run([]string{t.path}, vals)
		verdict := LintChart{Chart: t.display, OK: len(result.Errors) == 0}
		// As the CLI: errors are listed on their own only when there are no messages (a chart
		// that could not be linted at all); otherwise they are already among the messages.
		if len(result.Messages) == 0 && len(result.Errors) > 0 {
			texts := make([]string, len(result.Errors))
			for i, e := range result.Errors {
				// Name the chart as the user did, not by the cwd-joined path Helm saw.
				texts[i] = strings.ReplaceAll(e.Error(), t.path, t.display)
				res.Messages = append(res.Messages, LintMessage{Severity: SeverityError, Message: texts[i], Chart: t.display})
			}
			verdict.Error = strings.Join(texts, "\n")
		}
		for _, m := range result.Messages {
			if p.Quiet && m.Severity <= support.InfoSev {
				continue
			}
			res.Messages = append(res.Messages, LintMessage{Severity: severity(m.Severity), Path: m.Path, Message: m.Err.Error(), Chart: t.display})
		}
		res.Charts = append(res.Charts, verdict)
		res.OK = res.OK && verdict.OK
	}
	return res, nil
}

// severity maps support's levels; UnknownSev (never produced by Helm's rules) counts as info.
func severity(s int) LintSeverity {
	switch s {
	case support.ErrorSev:
		return SeverityError
	case support.WarningSev:
		return SeverityWarning
	}
	return SeverityInfo
}
