package protocol

import (
	"testing"

	"github.com/vmihailenco/msgpack/v5"
)

func TestNamingInput(t *testing.T) {
	params, err := msgpack.Marshal(map[string]any{
		"releaseName": "web",
		"valueFiles":  []string{"a.yaml", "missing.yaml"},
		"setFile":     []string{"cfg=files/absent.txt"},
		"url":         "not a url",
	})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, input, message, want string
	}{
		{"no input: unchanged", "", "boom", "boom"},
		{"names the parameter", "releaseName", "releaseName is required", "releaseName is required"},
		{"names the value", "valueFiles", "open missing.yaml: no such file", "open missing.yaml: no such file"},
		{"names the path of key=path", "setFile", "open files/absent.txt: no such file", "open files/absent.txt: no such file"},
		{"names nothing", "releaseName", "release: not found", "release: not found (input: releaseName)"},
		{"helm's empty protocol message", "url", "could not find protocol handler for: ", "could not find protocol handler for:  (input: url)"},
		{"parameter absent from params", "caFile", "failed to append certificates", "failed to append certificates (input: caFile)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := Errorf(CodeInvalidArgument, c.input, "%s", c.message).NamingInput(params)
			if e.Message != c.want {
				t.Fatalf("got %q, want %q", e.Message, c.want)
			}
		})
	}
	// Garbage params must not panic or hide the name.
	e := Errorf(CodeInvalidArgument, "url", "x").NamingInput(msgpack.RawMessage{0xc1})
	if e.Message != "x (input: url)" {
		t.Fatalf("garbage params: got %q", e.Message)
	}
}
