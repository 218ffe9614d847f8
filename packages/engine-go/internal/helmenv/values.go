package helmenv

// Values merging, mirroring pkg/cli/values/options.go MergeValues (v4.3.1) with two SDK
// additions: a `values` object that goes first, exactly as if it were the first values file,
// and relative paths resolved against the request's cwd. Precedence, lowest to highest:
// values, valueFiles (in order), setJson, set, setString, setFile, setLiteral.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/getter"
	"helm.sh/helm/v4/pkg/strvals"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// ValuesOptions are the values flags of install/upgrade/template/lint.
type ValuesOptions struct {
	Values     map[string]any `msgpack:"values,omitempty" doc:"Values object, merged first as if it were the first values file."`
	ValueFiles []string       `msgpack:"valueFiles,omitempty" doc:"-f/--values: YAML files or URLs, in order."`
	Set        []string       `msgpack:"set,omitempty" doc:"--set key=value expressions."`
	SetString  []string       `msgpack:"setString,omitempty" doc:"--set-string key=value expressions."`
	SetJSON    []string       `msgpack:"setJson,omitempty" doc:"--set-json key=json expressions or JSON objects."`
	SetFile    []string       `msgpack:"setFile,omitempty" doc:"--set-file key=path expressions."`
	SetLiteral []string       `msgpack:"setLiteral,omitempty" doc:"--set-literal key=value expressions."`
}

// Merge computes the user-supplied values. Every failure is INVALID_VALUES naming the option
// at fault, with Helm's message text.
func (o *ValuesOptions) Merge(p getter.Providers, cwd string) (map[string]any, error) {
	base := map[string]any{}
	bad := func(input string, err error) error { return protocol.Wrap(protocol.CodeInvalidValues, input, err) }

	if o.Values != nil {
		// Round-trip through JSON + Helm's values loader so the object has exactly the types a
		// values file would produce (numbers as float64, as sigs.k8s.io/yaml yields them):
		// templates then render it the same way the CLI renders the equivalent file.
		raw, err := json.Marshal(o.Values)
		if err != nil {
			return nil, bad("values", fmt.Errorf("values object cannot be encoded: %w", err))
		}
		m, err := loader.LoadValues(bytes.NewReader(raw))
		if err != nil {
			return nil, bad("values", fmt.Errorf("failed to parse values object: %w", err))
		}
		base = loader.MergeMaps(base, m)
	}

	for _, filePath := range o.ValueFiles {
		raw, err := readFile(filePath, p, cwd)
		if err != nil {
			return nil, bad("valueFiles", err)
		}
		currentMap, err := loader.LoadValues(bytes.NewReader(raw))
		if err != nil {
			return nil, bad("valueFiles", fmt.Errorf("failed to parse %s: %w", filePath, err))
		}
		base = loader.MergeMaps(base, currentMap)
	}

	for _, value := range o.SetJSON {
		trimmed := strings.TrimSpace(value)
		if trimmed != "" && trimmed[0] == '{' {
			var jsonMap map[string]any
			if err := json.Unmarshal([]byte(trimmed), &jsonMap); err != nil {
				return nil, bad("setJson", fmt.Errorf("failed parsing --set-json data JSON: %s", value))
			}
			base = loader.MergeMaps(base, jsonMap)
		} else if err := strvals.ParseJSON(value, base); err != nil {
			return nil, bad("setJson", fmt.Errorf("failed parsing --set-json data %s", value))
		}
	}

	for _, value := range o.Set {
		if err := strvals.ParseInto(value, base); err != nil {
			return nil, bad("set", fmt.Errorf("failed parsing --set data: %w", err))
		}
	}

	for _, value := range o.SetString {
		if err := strvals.ParseIntoString(value, base); err != nil {
			return nil, bad("setString", fmt.Errorf("failed parsing --set-string data: %w", err))
		}
	}

	for _, value := range o.SetFile {
		reader := func(rs []rune) (any, error) {
			b, err := readFile(string(rs), p, cwd)
			if err != nil {
				return nil, err
			}
			return string(b), nil
		}
		if err := strvals.ParseIntoFile(value, base, reader); err != nil {
			return nil, bad("setFile", fmt.Errorf("failed parsing --set-file data: %w", err))
		}
	}

	for _, value := range o.SetLiteral {
		if err := strvals.ParseLiteralInto(value, base); err != nil {
			return nil, bad("setLiteral", fmt.Errorf("failed parsing --set-literal data: %w", err))
		}
	}
	return base, nil
}

// readFile is values.readFile with "-" refused (the engine's stdin is the protocol, and
// os.Stdin is /dev/null) and relative paths joined to cwd.
func readFile(filePath string, p getter.Providers, cwd string) ([]byte, error) {
	if strings.TrimSpace(filePath) == "-" {
		return nil, fmt.Errorf("reading values from stdin (\"-\") is not supported by the engine; pass a values object instead")
	}
	u, err := url.Parse(filePath)
	if err != nil {
		return nil, err
	}
	g, err := p.ByScheme(u.Scheme)
	if err != nil {
		data, err := os.ReadFile(ResolvePath(cwd, filePath))
		// Report the path as the user wrote it, as the CLI (run in cwd) would.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = filePath
		}
		return data, err
	}
	data, err := g.Get(filePath, getter.WithURL(filePath))
	if err != nil {
		return nil, err
	}
	return data.Bytes(), nil
}

// ResolvePath joins a relative path to cwd (when set).
func ResolvePath(cwd, p string) string {
	if cwd == "" || p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(cwd, p)
}
