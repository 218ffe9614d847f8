package methods

import (
	"strings"
	"testing"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

func TestChartShow(t *testing.T) {
	dir := smallChart(t)
	writeFiles(t, dir, map[string]string{"README.md": "# Small\n"})
	tests := []struct {
		what string
		want string
	}{
		{"chart", "apiVersion: v2\nname: small\nversion: 0.1.0\n\n"},
		{"values", "greeting: hello\ncount: 1\n\n"},
		{"readme", "# Small\n\n"},
		{"crds", "---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things.example.com\n\n"},
		{"all", "apiVersion: v2\nname: small\nversion: 0.1.0\n\n---\ngreeting: hello\ncount: 1\n\n---\n# Small\n\n---\napiVersion"},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			res, err := call[ShowResult](t, "chart.show", map[string]any{"chart": dir, "what": tt.what})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(res.Text, tt.want) || (tt.what != "all" && res.Text != tt.want) {
				t.Fatalf("got %q, want %q", res.Text, tt.want)
			}
		})
	}
}

func TestChartShow_JSONPathAndErrors(t *testing.T) {
	dir := smallChart(t)
	res, err := call[ShowResult](t, "chart.show", map[string]any{"chart": dir, "what": "values", "jsonpath": "{.greeting}"})
	if err != nil || res.Text != "hello" {
		t.Fatalf("got %+v %v", res, err)
	}
	_, err = call[ShowResult](t, "chart.show", map[string]any{"chart": dir, "what": "everything"})
	wantCode(t, err, protocol.CodeInvalidArgument)
	_, err = call[ShowResult](t, "chart.show", map[string]any{"chart": dir + "/nope", "what": "chart"})
	wantCode(t, err, protocol.CodeChartNotFound)
	_, err = call[ShowResult](t, "chart.show", map[string]any{"chart": dir, "what": "values", "jsonpath": "{.x"})
	wantCode(t, err, protocol.CodeInvalidArgument)
}
