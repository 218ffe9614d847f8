package methods

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

func TestChartLint_CleanChart(t *testing.T) {
	res, err := call[LintResult](t, "chart.lint", map[string]any{"chart": createChart(t, "web")})
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK || len(res.Charts) != 1 || !res.Charts[0].OK {
		t.Fatalf("got %+v", res)
	}
	// helm create's chart has no icon: the CLI prints "[INFO] Chart.yaml: icon is recommended".
	if len(res.Messages) != 1 || res.Messages[0].Severity != SeverityInfo || res.Messages[0].Path != "Chart.yaml" || res.Messages[0].Message != "icon is recommended" {
		t.Fatalf("messages %+v", res.Messages)
	}
}

func TestChartLint_WarningsFailOnlyWithStrict(t *testing.T) {
	dir := createChart(t, "web")
	writeFiles(t, dir, map[string]string{"Chart.yaml": "apiVersion: v2\nname: web\nversion: \"1.0\"\n"})
	res, err := call[LintResult](t, "chart.lint", map[string]any{"chart": dir})
	if err != nil {
		t.Fatal(err)
	}
	hasWarning := false
	for _, m := range res.Messages {
		hasWarning = hasWarning || m.Severity == SeverityWarning
	}
	if !hasWarning {
		t.Fatalf("expected a warning: %+v", res.Messages)
	}
	if !res.OK {
		t.Fatalf("warnings alone failed lint: %+v", res)
	}
	res, err = call[LintResult](t, "chart.lint", map[string]any{"chart": dir, "strict": true})
	if err != nil || res.OK {
		t.Fatalf("strict: %+v %v", res, err)
	}
}

func TestChartLint_ErrorsFail(t *testing.T) {
	dir := createChart(t, "web")
	writeFiles(t, dir, map[string]string{"templates/bad.yaml": "{{ if }}"})
	res, err := call[LintResult](t, "chart.lint", map[string]any{"chart": dir})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK {
		t.Fatalf("lint passed a chart that does not parse: %+v", res)
	}
	found := false
	for _, m := range res.Messages {
		found = found || (m.Severity == SeverityError && m.Path == "templates/" && strings.Contains(m.Message, "parse error at (web/templates/bad.yaml:1)"))
	}
	if !found {
		t.Fatalf("no parse error message: %+v", res.Messages)
	}
}

func TestChartLint_NotAChart(t *testing.T) {
	dir := t.TempDir()
	res, err := call[LintResult](t, "chart.lint", map[string]any{"chart": "nope", "cwd": dir})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || res.Charts[0].Error == "" || !strings.HasPrefix(res.Charts[0].Error, "unable to check Chart.yaml file in chart: stat nope/Chart.yaml") {
		t.Fatalf("got %+v", res)
	}
	if filepath.IsAbs(res.Charts[0].Chart) {
		t.Fatalf("chart shown as %q, want the path as given", res.Charts[0].Chart)
	}
}

func TestChartLint_BadValuesIsAnError(t *testing.T) {
	_, err := call[LintResult](t, "chart.lint", map[string]any{"chart": createChart(t, "web"), "set": []string{"a"}})
	wantCode(t, err, protocol.CodeInvalidValues)
}
