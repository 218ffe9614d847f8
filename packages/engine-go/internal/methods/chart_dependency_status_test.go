package methods

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
)

// depListChart makes a parent chart whose dependencies cover every status of `helm dependency
// list`, each with repository url, and returns its path and the expected status per dependency.
func depListChart(t *testing.T, url string) (string, map[string]string) {
	t.Helper()
	parent := createChart(t, "parent")
	charts := filepath.Join(parent, "charts")
	if err := os.MkdirAll(charts, 0o755); err != nil {
		t.Fatal(err)
	}
	pack := func(name string) {
		c, err := loader.Load(createChart(t, name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := chartutil.Save(c, charts); err != nil {
			t.Fatal(err)
		}
	}
	pack("sub")   // sub-0.1.0.tgz
	pack("older") // older-0.1.0.tgz, wanted ^2.0.0
	pack("extra") // not in Chart.yaml
	if err := os.Rename(createChart(t, "unp"), filepath.Join(charts, "unp")); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, parent, map[string]string{"Chart.yaml": fmt.Sprintf(`apiVersion: v2
name: parent
version: 0.1.0
dependencies:
  - {name: sub, version: 0.1.0, repository: %[1]q}
  - {name: gone, version: 1.0.0, repository: %[1]q}
  - {name: older, version: ^2.0.0, repository: %[1]q}
  - {name: unp, version: 0.1.0, repository: %[1]q}
  - {name: badver, version: not-a-constraint, repository: %[1]q}
`, url)})
	if err := os.Rename(createChart(t, "badver"), filepath.Join(charts, "badver")); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, filepath.Join(charts, "badver"), map[string]string{"Chart.yaml": "apiVersion: v2\nname: badver\nversion: 0.2.0\n"})
	return parent, map[string]string{"sub": "ok", "gone": "missing", "older": "wrong version", "unp": "unpacked", "badver": "invalid version"}
}

func dependencyList(t *testing.T, path string) *ChartDependencyListResult {
	t.Helper()
	res, err := call[ChartDependencyListResult](t, "chart.dependencyList", &ChartDependencyListParams{Chart: path})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestDependencyList_StatusAsHelm: with short URLs Helm's own table is readable, and every
// status (and warning) the engine computes is the one Helm printed.
func TestDependencyList_StatusAsHelm(t *testing.T) {
	path, want := depListChart(t, "https://c.example/r")
	res := dependencyList(t, path)
	var buf bytes.Buffer
	if err := action.NewDependency().List(path, &buf); err != nil {
		t.Fatal(err)
	}
	table := buf.String()
	if len(res.Dependencies) != len(want) {
		t.Fatalf("got %d dependencies, want %d", len(res.Dependencies), len(want))
	}
	for _, d := range res.Dependencies {
		if d.Status != want[d.Name] {
			t.Errorf("%s: status %q, want %q", d.Name, d.Status, want[d.Name])
		}
		row := strings.Join(strings.Fields(fmt.Sprintf("%s %s %s %s", d.Name, d.Version, d.Repository, d.Status)), " ")
		found := false
		for _, l := range strings.Split(table, "\n") {
			found = found || strings.Join(strings.Fields(l), " ") == row
		}
		if !found {
			t.Errorf("row %q not in Helm's table:\n%s", row, table)
		}
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "extra-0.1.0.tgz\" is not in Chart.yaml") || !strings.Contains(table, res.Warnings[0]) {
		t.Errorf("warnings %q, want the one line about extra-0.1.0.tgz of Helm's output:\n%s", res.Warnings, table)
	}
}

// TestDependencyList_LongRepositoryURL: a repository URL longer than Helm's 80-column table used
// to leave part of the URL in the parsed status.
func TestDependencyList_LongRepositoryURL(t *testing.T) {
	url := "https://charts.example.com/" + strings.Repeat("very-long-path-segment/", 6) + "stable"
	path, want := depListChart(t, url)
	for _, d := range dependencyList(t, path).Dependencies {
		if d.Repository != url || d.Status != want[d.Name] {
			t.Errorf("%s: repository %q status %q, want %q and %q", d.Name, d.Repository, d.Status, url, want[d.Name])
		}
	}
}
