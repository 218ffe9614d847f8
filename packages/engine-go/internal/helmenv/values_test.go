package helmenv

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"helm.sh/helm/v4/pkg/getter"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

func TestValuesOptions_MergePrecedence(t *testing.T) {
	dir := t.TempDir()
	_ = os.WriteFile(filepath.Join(dir, "a.yaml"), []byte("a: file1\nb: file1\nc: file1\nd: file1\ne: file1\nf: file1\nkeep: file1\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "b.yaml"), []byte("b: file2\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "f.txt"), []byte("from-set-file"), 0o644)
	o := ValuesOptions{
		Values:     map[string]any{"a": "object", "obj": "only", "keep": "object", "n": int64(3)},
		ValueFiles: []string{"a.yaml", "b.yaml"},
		SetJSON:    []string{`c={"j":1}`},
		Set:        []string{"d=set", "e=set"},
		SetString:  []string{"e=set-string"},
		SetFile:    []string{"f=f.txt"},
		SetLiteral: []string{"g=a,b"},
	}
	got, err := o.Merge(getter.Providers{}, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"a": "file1", "b": "file2", "c": map[string]any{"j": float64(1)}, "d": "set", "e": "set-string",
		"f": "from-set-file", "g": "a,b", "keep": "file1", "obj": "only", "n": float64(3),
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %#v\nwant %#v", got, want)
	}
}

func TestValuesOptions_ErrorsNameTheOption(t *testing.T) {
	for input, o := range map[string]ValuesOptions{
		"set":        {Set: []string{"a"}},
		"setString":  {SetString: []string{"a[x]=1"}},
		"setJson":    {SetJSON: []string{"a={"}},
		"setFile":    {SetFile: []string{"a=/does/not/exist"}},
		"setLiteral": {SetLiteral: []string{"a"}},
		"valueFiles": {ValueFiles: []string{"/does/not/exist.yaml"}},
	} {
		_, err := o.Merge(getter.Providers{}, "")
		pe, ok := err.(*protocol.Error)
		if !ok || pe.Code != protocol.CodeInvalidValues || pe.Details["input"] != input {
			t.Errorf("%s: got %#v", input, err)
		}
	}
}

func TestEngineSettings_IgnoreHelmEnvironment(t *testing.T) {
	t.Setenv("HELM_NAMESPACE", "from-env")
	t.Setenv("HELM_KUBECONTEXT", "env-ctx")
	t.Setenv("HELM_MAX_HISTORY", "99")
	s := EngineSettings{Kubeconfig: filepath.Join(t.TempDir(), "none")}
	env := s.EnvSettings("")
	if env.KubeContext != "" || env.MaxHistory != 10 {
		t.Fatalf("HELM_* leaked into settings: context %q, maxHistory %d", env.KubeContext, env.MaxHistory)
	}
	if ns := s.ResolveNamespace(""); ns != "default" {
		t.Fatalf("namespace %q, want default", ns)
	}
	if ns := s.ResolveNamespace("req"); ns != "req" {
		t.Fatalf("namespace %q, want req", ns)
	}
}
