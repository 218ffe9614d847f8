package methods

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// smallChart is a chart whose output is easy to assert on.
func smallChart(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "small")
	writeFiles(t, dir, map[string]string{
		"Chart.yaml":  "apiVersion: v2\nname: small\nversion: 0.1.0\n",
		"values.yaml": "greeting: hello\ncount: 1\n",
		"templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\n" +
			"data:\n  greeting: {{ .Values.greeting | quote }}\n  count: {{ .Values.count | quote }}\n  upgrade: {{ .Release.IsUpgrade | quote }}\n" +
			"  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n  api: {{ .Capabilities.APIVersions.Has \"example.com/v1\" | quote }}\n",
		"templates/tests/test.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n",
		"templates/hook.yaml":       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: h\n  annotations:\n    helm.sh/hook: pre-install\n",
		"templates/NOTES.txt":       "Thanks for installing {{ .Release.Name }}.",
		"crds/crd.yaml":             "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things.example.com\n",
	})
	return dir
}

func TestChartTemplate_RendersLikeTheCLI(t *testing.T) {
	res, err := call[TemplateResult](t, "chart.template", map[string]any{"chart": smallChart(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"---\n# Source: small/templates/cm.yaml\n", "name: release-name\n", "namespace: default\n",
		"greeting: \"hello\"\n", "upgrade: \"false\"\n",
		"---\n# Source: small/templates/hook.yaml\n", "---\n# Source: small/templates/tests/test.yaml\n",
	} {
		if !strings.Contains(res.Manifest, want) {
			t.Errorf("manifest lacks %q:\n%s", want, res.Manifest)
		}
	}
	if strings.Contains(res.Manifest, "CustomResourceDefinition") {
		t.Error("CRDs rendered without includeCrds")
	}
	if res.Notes != "Thanks for installing release-name." {
		t.Errorf("notes: %q", res.Notes)
	}
}

func TestChartTemplate_Flags(t *testing.T) {
	dir := smallChart(t)
	res, err := call[TemplateResult](t, "chart.template", map[string]any{
		"chart": dir, "releaseName": "rel", "namespace": "ns", "includeCrds": true, "skipTests": true,
		"isUpgrade": true, "kubeVersion": "1.29.3", "apiVersions": []string{"example.com/v1"},
		"values": map[string]any{"greeting": "from-object", "count": 2, "nested": map[string]any{"n": 1}}, "set": []string{"count=3"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"name: rel\n", "namespace: ns\n", "CustomResourceDefinition", "upgrade: \"true\"",
		"kube: \"v1.29.3\"", "api: \"true\"", "greeting: \"from-object\"", "count: \"3\""} {
		if !strings.Contains(res.Manifest, want) {
			t.Errorf("manifest lacks %q:\n%s", want, res.Manifest)
		}
	}
	if strings.Contains(res.Manifest, "tests/test.yaml") {
		t.Error("skipTests left the test hook in")
	}
	res, err = call[TemplateResult](t, "chart.template", map[string]any{"chart": dir, "noHooks": true})
	if err != nil || strings.Contains(res.Manifest, "hook.yaml") {
		t.Fatalf("noHooks: %v\n%s", err, res.Manifest)
	}
}

func TestChartTemplate_ShowOnly(t *testing.T) {
	dir := smallChart(t)
	res, err := call[TemplateResult](t, "chart.template", map[string]any{"chart": dir, "showOnly": []string{"templates/cm.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(res.Manifest, "---\n# Source: small/templates/cm.yaml\n") || strings.Count(res.Manifest, "# Source:") != 1 {
		t.Fatalf("show-only output:\n%s", res.Manifest)
	}
	_, err = call[TemplateResult](t, "chart.template", map[string]any{"chart": dir, "showOnly": []string{"templates/nope.yaml"}})
	pe := wantCode(t, err, protocol.CodeInvalidArgument)
	if pe.Message != "could not find template templates/nope.yaml in chart" {
		t.Fatalf("message %q", pe.Message)
	}
}

func TestChartTemplate_ChartDataArchive(t *testing.T) {
	dir := smallChart(t)
	ch, err := loader.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	tgz, err := chartutil.Save(ch, out)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(tgz)
	fromPath, err := call[TemplateResult](t, "chart.template", map[string]any{"chart": dir})
	if err != nil {
		t.Fatal(err)
	}
	fromData, err := call[TemplateResult](t, "chart.template", map[string]any{"chartData": data})
	if err != nil {
		t.Fatal(err)
	}
	if fromData.Manifest != fromPath.Manifest {
		t.Fatalf("archive and directory render differently:\n%s\n---vs---\n%s", fromData.Manifest, fromPath.Manifest)
	}
	_, err = call[TemplateResult](t, "chart.template", map[string]any{"chartData": []byte("not a tgz")})
	wantCode(t, err, protocol.CodeInvalidChart)
}

func TestChartTemplate_RelativePathsUseCwd(t *testing.T) {
	dir := smallChart(t)
	writeFiles(t, filepath.Dir(dir), map[string]string{"over.yaml": "greeting: from-file\n"})
	res, err := call[TemplateResult](t, "chart.template", map[string]any{
		"chart": "./small", "valueFiles": []string{"over.yaml"}, "cwd": filepath.Dir(dir)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Manifest, "greeting: \"from-file\"") {
		t.Fatalf("values file not applied:\n%s", res.Manifest)
	}
}

func TestChartTemplate_Errors(t *testing.T) {
	dir := smallChart(t)
	tests := []struct {
		name   string
		params map[string]any
		code   protocol.Code
	}{
		{"no chart", map[string]any{}, protocol.CodeInvalidArgument},
		{"missing path", map[string]any{"chart": filepath.Join(dir, "nope")}, protocol.CodeChartNotFound},
		{"bad --set", map[string]any{"chart": dir, "set": []string{"a[x]=1"}}, protocol.CodeInvalidValues},
		{"missing values file", map[string]any{"chart": dir, "valueFiles": []string{filepath.Join(dir, "none.yaml")}}, protocol.CodeInvalidValues},
		{"stdin values", map[string]any{"chart": dir, "valueFiles": []string{"-"}}, protocol.CodeInvalidValues},
		{"bad kube version", map[string]any{"chart": dir, "kubeVersion": "banana"}, protocol.CodeInvalidArgument},
		{"bad release name", map[string]any{"chart": dir, "releaseName": "Not_Valid"}, protocol.CodeInvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := call[TemplateResult](t, "chart.template", tt.params)
			wantCode(t, err, tt.code)
		})
	}
}

func TestChartTemplate_RenderErrorKeepsPartialManifest(t *testing.T) {
	dir := smallChart(t)
	writeFiles(t, dir, map[string]string{"templates/bad.yaml": "{{ fail \"nope\" }}"})
	_, err := call[TemplateResult](t, "chart.template", map[string]any{"chart": dir})
	pe := wantCode(t, err, protocol.CodeRender)
	if !strings.Contains(pe.Message, "nope") {
		t.Fatalf("message %q", pe.Message)
	}
	if _, ok := pe.Details["manifest"]; !ok {
		t.Fatal("partial manifest not attached")
	}
}

func TestChartTemplate_SchemaValidation(t *testing.T) {
	dir := smallChart(t)
	writeFiles(t, dir, map[string]string{"values.schema.json": `{"type":"object","properties":{"count":{"type":"integer","maximum":5}}}`})
	_, err := call[TemplateResult](t, "chart.template", map[string]any{"chart": dir, "set": []string{"count=9"}})
	wantCode(t, err, protocol.CodeSchemaValidation)
	if _, err := call[TemplateResult](t, "chart.template", map[string]any{"chart": dir, "set": []string{"count=9"}, "skipSchemaValidation": true}); err != nil {
		t.Fatal(err)
	}
}

func TestChartTemplate_HelmCreateChart(t *testing.T) {
	res, err := call[TemplateResult](t, "chart.template", map[string]any{"chart": createChart(t, "web")})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains([]byte(res.Manifest), []byte("# Source: web/templates/deployment.yaml")) {
		t.Fatalf("manifest:\n%s", res.Manifest)
	}
}

func TestChartTemplate_DependencyUpdate(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"child/Chart.yaml":         "apiVersion: v2\nname: child\nversion: 0.1.0\n",
		"child/templates/cm.yaml":  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: child\n",
		"parent/Chart.yaml":        "apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n- name: child\n  version: 0.1.0\n  repository: file://../child\n",
		"parent/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: parent\n",
	})
	settings := map[string]any{"chart": filepath.Join(root, "parent")}
	_, err := call[TemplateResult](t, "chart.template", settings)
	pe := wantCode(t, err, protocol.CodeInvalidChart)
	if !strings.HasPrefix(pe.Message, "an error occurred while checking for chart dependencies") {
		t.Fatalf("message %q", pe.Message)
	}
	settings["dependencyUpdate"] = true
	h := t.TempDir()
	t.Setenv("HELM_CONFIG_HOME", h)
	t.Setenv("HELM_CACHE_HOME", h)
	res, err := call[TemplateResult](t, "chart.template", settings)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Manifest, "# Source: parent/charts/child/templates/cm.yaml") {
		t.Fatalf("manifest:\n%s", res.Manifest)
	}
}

// Requests run concurrently in the engine; each builds its own Helm objects.
func TestChartTemplate_ConcurrentRequestsAgree(t *testing.T) {
	dir := createChart(t, "web")
	want, err := call[TemplateResult](t, "chart.template", map[string]any{"chart": dir})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			got, err := call[TemplateResult](t, "chart.template", map[string]any{"chart": dir})
			if err == nil && got.Manifest != want.Manifest {
				err = errors.New("manifests differ between concurrent requests")
			}
			errs <- err
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

func TestChartTemplate_MissingRelativeChartNamedAsGiven(t *testing.T) {
	_, err := call[TemplateResult](t, "chart.template", map[string]any{"chart": "./nope", "cwd": t.TempDir()})
	pe := wantCode(t, err, protocol.CodeChartNotFound)
	if pe.Message != `path "./nope" not found` {
		t.Fatalf("message %q", pe.Message)
	}
}

func TestTemplateParams_DryRunStrategy(t *testing.T) {
	cases := []struct {
		p         TemplateParams
		want      action.DryRunStrategy
		wantInput string
	}{
		{TemplateParams{}, action.DryRunClient, ""},
		{TemplateParams{DryRun: "client"}, action.DryRunClient, ""},
		{TemplateParams{DryRun: "server"}, action.DryRunServer, ""},
		{TemplateParams{Validate: true}, action.DryRunServer, ""},
		{TemplateParams{DryRun: "none"}, "", "dryRun"}, // helm template is always a dry run
		{TemplateParams{DryRun: "client", Validate: true}, "", "validate"},
	}
	for _, c := range cases {
		got, err := c.p.strategy()
		if c.wantInput != "" {
			var pe *protocol.Error
			if !errors.As(err, &pe) || pe.Code != protocol.CodeInvalidArgument || pe.Details["input"] != c.wantInput {
				t.Errorf("%+v: got %v, want INVALID_ARGUMENT on %s", c.p, err, c.wantInput)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%+v: got %q, %v; want %q", c.p, got, err, c.want)
		}
	}
}

func TestTemplate_UseReleaseNameNeedsOutputDir(t *testing.T) {
	_, err := call[TemplateResult](t, "chart.template", map[string]any{"chart": smallChart(t), "useReleaseName": true})
	var pe *protocol.Error
	if !errors.As(err, &pe) || pe.Details["input"] != "useReleaseName" {
		t.Fatalf("got %v", err)
	}
}

func TestArchiveChartName(t *testing.T) {
	ch, err := loader.LoadDir(smallChart(t))
	if err != nil {
		t.Fatal(err)
	}
	tgz, err := chartutil.Save(ch, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(tgz)
	// install's generateName with chartData: "<name>-<unix time>", as for a chart directory.
	if got := archiveChartName(data); got != "small" {
		t.Fatalf("archiveChartName = %q, want small", got)
	}
	if got := archiveChartName([]byte("not a tgz")); got != "chart" {
		t.Fatalf("archiveChartName(garbage) = %q, want NameAndChart's fallback chart", got)
	}
}
