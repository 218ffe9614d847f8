package protocol

// Error codes of PROTOCOL.md and the classification of Go/Helm errors into them. Handlers that
// know what went wrong return an *Error directly (protocol.Errorf); everything else goes through
// Classify, which recognises Helm's sentinel and typed errors with errors.Is/As.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/vmihailenco/msgpack/v5"
	"helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/storage/driver"
	"helm.sh/helm/v4/pkg/strvals"
)

// Code is a stable error code. The host maps each to a typed error class.
type Code string

// The codes of PROTOCOL.md. Adding one is a minor protocol change; renaming one is a major one.
const (
	CodeReleaseNotFound     Code = "RELEASE_NOT_FOUND"
	CodeReleaseExists       Code = "RELEASE_EXISTS"
	CodeResourceConflict    Code = "RESOURCE_CONFLICT"
	CodeOperationInProgress Code = "OPERATION_IN_PROGRESS"
	CodeChartNotFound       Code = "CHART_NOT_FOUND"
	CodeInvalidChart        Code = "INVALID_CHART"
	CodeInvalidValues       Code = "INVALID_VALUES"
	CodeSchemaValidation    Code = "SCHEMA_VALIDATION"
	CodeRender              Code = "RENDER"
	CodeKubeUnreachable     Code = "KUBE_UNREACHABLE"
	CodeTimeout             Code = "TIMEOUT"
	CodeCancelled           Code = "CANCELLED"
	CodeRegistryAuth        Code = "REGISTRY_AUTH"
	CodeInvalidArgument     Code = "INVALID_ARGUMENT"
	CodeMethodNotFound      Code = "METHOD_NOT_FOUND"
	CodeProtocol            Code = "PROTOCOL"
	CodeInternal            Code = "INTERNAL"
)

// AllCodes lists every code in PROTOCOL.md order; protogen emits it as the ErrorCode union.
var AllCodes = []Code{
	CodeReleaseNotFound, CodeReleaseExists, CodeResourceConflict, CodeOperationInProgress, CodeChartNotFound,
	CodeInvalidChart, CodeInvalidValues, CodeSchemaValidation, CodeRender, CodeKubeUnreachable,
	CodeTimeout, CodeCancelled, CodeRegistryAuth, CodeInvalidArgument, CodeMethodNotFound,
	CodeProtocol, CodeInternal,
}

// EnumValues lets cmd/protogen emit a string union.
func (Code) EnumValues() []string {
	out := make([]string, len(AllCodes))
	for i, c := range AllCodes {
		out[i] = string(c)
	}
	return out
}

// Error is the wire form of a failure: {code, message, details}. Details always carries "input"
// (the parameter at fault, "" when none). It wraps the original error for errors.Is/As inside
// the engine; the cause never crosses the wire except through Message.
type Error struct {
	Code    Code           `msgpack:"code" doc:"Stable error code."`
	Message string         `msgpack:"message" doc:"What went wrong, with Helm's wording where Helm produced the error."`
	Details map[string]any `msgpack:"details" doc:"Always has input (the parameter at fault, or \"\"); may have path, release, manifest, ..."`
	cause   error
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.cause }

// Errorf builds an Error about parameter input ("" for none).
func Errorf(code Code, input, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Details: map[string]any{"input": input}}
}

// Wrap gives err a code and the name of the parameter at fault, keeping err's message (which is
// Helm's, so users see the same text as with the CLI) and its chain.
func Wrap(code Code, input string, err error) *Error {
	if err == nil {
		return nil
	}
	return &Error{Code: code, Message: err.Error(), Details: map[string]any{"input": input}, cause: err}
}

// NamingInput makes sure the message names the parameter at fault. Helm's wording usually names
// the value ("open values.yaml: no such file or directory") and then it is kept byte for byte, so
// messages stay identical to the helm CLI's; but some say nothing a caller could act on ("release:
// not found", "could not find protocol handler for: "). When the message contains neither the
// parameter's name nor any string in its value (looked up in the request's raw params), it gets
// " (input: <name>)" appended.
func (e *Error) NamingInput(params msgpack.RawMessage) *Error {
	input, _ := e.Details["input"].(string)
	if input == "" || strings.Contains(e.Message, input) {
		return e
	}
	var all map[string]any
	if len(params) > 0 && msgpack.Unmarshal(params, &all) == nil {
		for _, s := range stringsIn(all[input]) {
			// "key=path" (setFile, set): Helm's message quotes the path or the key alone.
			for _, part := range append([]string{s}, strings.SplitN(s, "=", 2)...) {
				if part != "" && strings.Contains(e.Message, part) {
					return e
				}
			}
		}
	}
	e.Message += " (input: " + input + ")"
	return e
}

// stringsIn lists the strings in a decoded param value: the value itself, or a list's or map's
// string members (one level deep, which is what set/valueFiles/labels carry).
func stringsIn(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case map[string]any:
		out := make([]string, 0, 2*len(t))
		for k, x := range t {
			out = append(out, k)
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// With adds a detail and returns e, for chaining.
func (e *Error) With(key string, value any) *Error {
	if e.Details == nil {
		e.Details = map[string]any{}
	}
	e.Details[key] = value
	return e
}

// Classify turns any error into a wire Error. An *Error anywhere in the chain wins; then
// cancellation and deadlines; then Helm's sentinel and typed errors; then, for the few Helm errors
// that are plain errors.New values in unexported variables, their stable message text.
// Everything else is INTERNAL.
func Classify(err error) *Error {
	if err == nil {
		return nil
	}
	var pe *Error
	if errors.As(err, &pe) {
		if pe.Details == nil {
			pe.Details = map[string]any{"input": ""}
		}
		if _, ok := pe.Details["input"]; !ok {
			pe.Details["input"] = ""
		}
		// Keep Helm's full message (the wrapper text says which step failed) but the inner code.
		return &Error{Code: pe.Code, Message: err.Error(), Details: pe.Details, cause: err}
	}
	return Wrap(classifyCode(err), "", err)
}

func classifyCode(err error) Code {
	var schemaErr util.JSONSchemaValidationError
	msg := err.Error()
	switch {
	case errors.Is(err, context.Canceled):
		return CodeCancelled
	case errors.Is(err, context.DeadlineExceeded):
		return CodeTimeout
	case errors.Is(err, driver.ErrReleaseNotFound), errors.Is(err, driver.ErrNoDeployedReleases):
		return CodeReleaseNotFound
	case errors.Is(err, driver.ErrReleaseExists):
		return CodeReleaseExists
	case errors.As(err, &schemaErr):
		return CodeSchemaValidation
	case errors.Is(err, strvals.ErrNotList):
		return CodeInvalidValues
	case errors.Is(err, fs.ErrNotExist):
		return CodeChartNotFound
	// ToRenderValuesWithSchemaValidation flattens schema errors into text.
	case strings.Contains(msg, "values don't meet the specifications of the schema(s)"):
		return CodeSchemaValidation
	// Unexported errors.New values in pkg/action (errPending, availableName).
	case strings.Contains(msg, "another operation (install/upgrade/rollback) is in progress"):
		return CodeOperationInProgress
	case strings.Contains(msg, "cannot reuse a name that is still in use"):
		return CodeReleaseExists
	// kube.Client.IsReachable says "kubernetes cluster unreachable" (lower case in v4).
	case strings.Contains(strings.ToLower(msg), "kubernetes cluster unreachable"),
		strings.Contains(msg, "cluster reachability check failed"):
		return CodeKubeUnreachable
	}
	return CodeInternal
}

// IsFatal reports whether err from the frame layer must end the connection with code 2.
func IsFatal(err error) bool {
	return errors.Is(err, ErrFrameTooLarge) || errors.Is(err, ErrMalformed)
}
