package main

// Interop with the reference helm CLI: every case of tools/fixtures/cases.json runs through the
// `helm` binary built by tools/helm-cli/build.sh and through this engine; template manifests,
// show texts and lint reports must match byte for byte, and failures must fail on both sides
// with the CLI's message. Skipped when no reference CLI is found (HELM_SDK_REFERENCE_HELM, or
// the build.sh cache).

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/methods"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

type fixtureCase struct {
	Name                   string    `json:"name"`
	Chart                  string    `json:"chart"`
	ReleaseName            string    `json:"releaseName"`
	Args                   []string  `json:"args"`
	ExpectError            bool      `json:"expectError"`
	NondeterministicStderr bool      `json:"nondeterministicStderr"`
	LintArgs               *[]string `json:"lintArgs"`
	LintExpectError        bool      `json:"lintExpectError"`
	Show                   []string  `json:"show"`
}

func referenceHelm(t *testing.T) string {
	if p := os.Getenv("HELM_SDK_REFERENCE_HELM"); p != "" {
		return p
	}
	home, _ := os.UserHomeDir()
	cache := os.Getenv("HELM_SDK_CACHE_DIR")
	if cache == "" {
		cache = filepath.Join(home, ".cache", "helm-sdk")
	}
	p := filepath.Join(cache, "helm", helmModVersion(t), "helm")
	if _, err := os.Stat(p); err != nil {
		// In CI the reference CLI is always built first (tools/run.sh): missing there is a failure.
		if os.Getenv("CI") != "" {
			t.Fatalf("no reference helm CLI at %s; tools/helm-cli/build.sh must run before the tests", p)
		}
		t.Skipf("no reference helm CLI (set HELM_SDK_REFERENCE_HELM or run tools/helm-cli/build.sh)")
	}
	return p
}

// flagsToParams turns CLI flags into method params (the same mapping the TS API documents).
func flagsToParams(t *testing.T, args []string, p map[string]any) {
	appendTo := func(key, v string) {
		l, _ := p[key].([]string)
		p[key] = append(l, v)
	}
	for i := 0; i < len(args); i++ {
		flag, val, hasVal := strings.Cut(args[i], "=")
		next := func() string {
			if hasVal {
				return val
			}
			i++
			return args[i]
		}
		switch flag {
		case "-n", "--namespace":
			p["namespace"] = next()
		case "-f", "--values":
			for _, f := range strings.Split(next(), ",") {
				appendTo("valueFiles", f)
			}
		case "--set":
			appendTo("set", next())
		case "--set-string":
			appendTo("setString", next())
		case "--set-json":
			appendTo("setJson", next())
		case "--set-file":
			appendTo("setFile", next())
		case "--set-literal":
			appendTo("setLiteral", next())
		case "-s", "--show-only":
			appendTo("showOnly", next())
		case "-a", "--api-versions":
			for _, a := range strings.Split(next(), ",") {
				appendTo("apiVersions", a)
			}
		case "--kube-version":
			p["kubeVersion"] = next()
		case "--include-crds":
			p["includeCrds"] = true
		case "--skip-tests":
			p["skipTests"] = true
		case "--is-upgrade":
			p["isUpgrade"] = true
		case "--no-hooks":
			p["noHooks"] = true
		case "--skip-schema-validation":
			p["skipSchemaValidation"] = true
		case "--strict":
			p["strict"] = true
		case "--with-subcharts":
			p["withSubcharts"] = true
		case "--quiet":
			p["quiet"] = true // the engine drops info messages; lintReport also skips quiet charts
		default:
			t.Fatalf("flag %s not mapped", args[i])
		}
	}
}

// lintReport rebuilds the CLI's lint stdout from a LintResult (pkg/cmd/lint.go).
func lintReport(r *methods.LintResult, quiet bool) string {
	var b strings.Builder
	warnOrErr, failed := 0, 0
	for _, ch := range r.Charts {
		var msgs []methods.LintMessage
		has := ch.Error != ""
		for _, m := range r.Messages {
			if m.Chart == ch.Chart {
				msgs = append(msgs, m)
				has = has || m.Severity != methods.SeverityInfo
			}
		}
		if !ch.OK {
			failed++
		}
		if has {
			warnOrErr++
		}
		if quiet && !has {
			continue
		}
		fmt.Fprintf(&b, "==> Linting %s\n", ch.Chart)
		if ch.Error != "" {
			fmt.Fprintf(&b, "Error %s\n", ch.Error)
		} else {
			for _, m := range msgs {
				if !quiet || m.Severity != methods.SeverityInfo {
					fmt.Fprintf(&b, "[%s] %s: %s\n", strings.ToUpper(string(m.Severity)), m.Path, m.Message)
				}
			}
		}
		b.WriteString("\n")
	}
	if r.OK && (!quiet || warnOrErr > 0) {
		fmt.Fprintf(&b, "%d chart(s) linted, %d chart(s) failed\n", len(r.Charts), failed)
	}
	return b.String()
}

// cliError extracts the "Error: ..." text of a failed CLI run.
func cliError(stderr string) string {
	i := strings.Index(stderr, "Error: ")
	if i < 0 {
		return ""
	}
	return strings.TrimSuffix(stderr[i+len("Error: "):], "\n")
}

func TestInterop_FixtureCasesMatchTheCLI(t *testing.T) {
	helm := referenceHelm(t)
	root, _ := filepath.Abs("../../../..")
	data, err := os.ReadFile(filepath.Join(root, "tools/fixtures/cases.json"))
	if err != nil {
		t.Fatalf("no fixtures: %v", err)
	}
	var cases []fixtureCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}

	home := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "KUBECONFIG=" + filepath.Join(home, "no-kubeconfig"),
		"HELM_CACHE_HOME=" + filepath.Join(home, "cache"), "HELM_CONFIG_HOME=" + filepath.Join(home, "config"),
		"HELM_DATA_HOME=" + filepath.Join(home, "data")}
	runCLI := func(args ...string) (string, string, error) {
		cmd := exec.Command(helm, args...)
		cmd.Dir, cmd.Env = root, env
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		return out.String(), errb.String(), err
	}

	c := startEngine(t, env...)
	var id uint64
	next := func() uint64 { id++; return id }
	if err := c.Call(next(), "engine.configure", map[string]any{"kubeconfig": filepath.Join(home, "no-kubeconfig")}, nil); err != nil {
		t.Fatal(err)
	}

	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			// helm template
			args := []string{"template"}
			if tc.ReleaseName != "" {
				args = append(args, tc.ReleaseName)
			}
			args = append(append(args, tc.Chart), tc.Args...)
			stdout, stderr, cliErr := runCLI(args...)
			if (cliErr != nil) != tc.ExpectError {
				t.Fatalf("reference CLI: err=%v, expectError=%v\n%s", cliErr, tc.ExpectError, stderr)
			}
			p := map[string]any{"chart": tc.Chart, "cwd": root}
			if tc.ReleaseName != "" {
				p["releaseName"] = tc.ReleaseName
			}
			flagsToParams(t, tc.Args, p)
			var res methods.TemplateResult
			err := c.Call(next(), "chart.template", p, &res)
			switch {
			case cliErr == nil && err != nil:
				t.Errorf("template: engine failed where the CLI succeeded: %v", err)
			case cliErr == nil && res.Manifest != stdout:
				t.Errorf("template: manifest differs from the CLI\n--- engine\n%s\n--- helm\n%s", res.Manifest, stdout)
			case cliErr != nil && err == nil:
				t.Errorf("template: engine succeeded where the CLI failed with %s", stderr)
			case cliErr != nil && !tc.NondeterministicStderr:
				want := strings.TrimSuffix(cliError(stderr), "\n\nUse --debug flag to render out invalid YAML")
				if got := err.(*protocol.Error).Message; got != want {
					t.Errorf("template: error text differs\n--- engine\n%s\n--- helm\n%s", got, want)
				}
			}

			// helm lint
			if tc.LintArgs != nil {
				stdout, stderr, cliErr := runCLI(append([]string{"lint", tc.Chart}, *tc.LintArgs...)...)
				p := map[string]any{"chart": tc.Chart, "cwd": root}
				flagsToParams(t, *tc.LintArgs, p)
				quiet := p["quiet"] == true
				var lr methods.LintResult
				if err := c.Call(next(), "chart.lint", p, &lr); err != nil {
					t.Fatalf("lint: %v", err)
				}
				for _, m := range lr.Messages {
					if quiet && m.Severity == methods.SeverityInfo {
						t.Errorf("lint --quiet: info message %q in the result", m.Message)
					}
				}
				if lr.OK != (cliErr == nil) {
					t.Errorf("lint: ok=%v but CLI err=%v\n%s", lr.OK, cliErr, stderr)
				}
				if got := lintReport(&lr, quiet); got != stdout {
					t.Errorf("lint: report differs\n--- engine\n%s\n--- helm\n%s", got, stdout)
				}
			}

			// helm show
			for _, what := range tc.Show {
				stdout, stderr, cliErr := runCLI("show", what, tc.Chart)
				var sr methods.ShowResult
				err := c.Call(next(), "chart.show", map[string]any{"chart": tc.Chart, "what": what, "cwd": root}, &sr)
				switch {
				case (cliErr != nil) != (err != nil):
					t.Errorf("show %s: CLI err=%v (%s), engine err=%v", what, cliErr, stderr, err)
				case err == nil && sr.Text != stdout:
					t.Errorf("show %s: text differs\n--- engine\n%q\n--- helm\n%q", what, sr.Text, stdout)
				case err != nil && err.(*protocol.Error).Message != cliError(stderr):
					t.Errorf("show %s: error text differs\n--- engine\n%s\n--- helm\n%s", what, err, cliError(stderr))
				}
			}
		})
	}
}

// .Capabilities (HelmVersion above all, which comes from ldflags and build info) and the
// `helm create` chart render identically in the CLI and the engine.
func TestInterop_CapabilitiesAndHelmCreateChart(t *testing.T) {
	helm := referenceHelm(t)
	dir := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "KUBECONFIG=" + filepath.Join(dir, "none"),
		"HELM_CACHE_HOME=" + filepath.Join(dir, "cache"), "HELM_CONFIG_HOME=" + filepath.Join(dir, "config"),
		"HELM_DATA_HOME=" + filepath.Join(dir, "data")}
	run := func(args ...string) string {
		cmd := exec.Command(helm, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("helm %v: %v", args, err)
		}
		return string(out)
	}
	run("create", "web")
	caps := filepath.Join(dir, "caps")
	if err := os.MkdirAll(filepath.Join(caps, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(caps, "Chart.yaml"), []byte("apiVersion: v2\nname: caps\nversion: 1.0.0\n"), 0o644)
	_ = os.WriteFile(filepath.Join(caps, "templates", "caps.yaml"), []byte(
		"helm: {{ toJson .Capabilities.HelmVersion }}\nkube: {{ toJson .Capabilities.KubeVersion }}\n"+
			"apis: {{ len .Capabilities.APIVersions }}\n"), 0o644)

	c := startEngine(t, env...)
	if err := c.Call(1, "engine.configure", map[string]any{"kubeconfig": filepath.Join(dir, "none")}, nil); err != nil {
		t.Fatal(err)
	}
	for i, chart := range []string{"web", "caps"} {
		want := run("template", chart)
		var res methods.TemplateResult
		if err := c.Call(uint64(i+2), "chart.template", map[string]any{"chart": chart, "cwd": dir}, &res); err != nil {
			t.Fatal(err)
		}
		if res.Manifest != want {
			t.Errorf("%s: manifest differs\n--- engine\n%s\n--- helm\n%s", chart, res.Manifest, want)
		}
	}
}
