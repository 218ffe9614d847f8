package methods

// engine.env mirrors `helm env` of Helm v4.3.1 (pkg/cmd/env.go: cli.EnvSettings.EnvVars, printed
// sorted as KEY="value"), for the settings the Configuration resolved to rather than the shell's
// HELM_* variables. Secrets never leave the engine: HELM_KUBETOKEN's value and the password of any
// connection string (a URL's user:password@, a DSN's password=...) read "***". HELM_BIN is the
// engine binary, which is what runs Helm here. The storage driver, which the CLI reads from
// HELM_DRIVER but `helm env` does not print, is a field of its own, so vars and text stay
// exactly `helm env`'s.

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// EnvResult is the resolved settings.
type EnvResult struct {
	Vars map[string]string `msgpack:"vars" doc:"The variables helm env prints, with secrets redacted."`
	Text string            `msgpack:"text" doc:"What helm env prints: KEY=\"value\" lines, sorted by key."`
	// Driver is not among helm env's variables.
	Driver string `msgpack:"driver" doc:"HELM_DRIVER: the release storage driver (not printed by helm env)."`
}

// redacted replaces a secret value.
const redacted = "***"

// secretEnvKeys hold a credential as a whole.
var secretEnvKeys = map[string]bool{"HELM_KUBETOKEN": true, "HELM_DRIVER_SQL_CONNECTION_STRING": true}

var engineEnv = define("engine.env", "The resolved Helm settings, as `helm env` prints them (secrets redacted).", runEnv)

func runEnv(_ context.Context, req *Request, _ *NoParams) (*EnvResult, error) {
	vars := req.Settings.EnvSettings("").EnvVars()
	keys := make([]string, 0, len(vars))
	for k, v := range vars {
		if secretEnvKeys[k] && v != "" {
			v = redacted
		}
		vars[k] = redactConnectionPassword(v)
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=\"%s\"\n", k, vars[k])
	}
	driver := string(req.Settings.Driver)
	if driver == "" {
		driver = "secret"
	}
	return &EnvResult{Vars: vars, Text: b.String(), Driver: driver}, nil
}

// urlPassword matches the password of a URL's user:password@ (postgres://helm:secret@db/helm);
// dsnPassword a password=VALUE pair of a key/value connection string (lib/pq, pgx: "host=db
// user=helm password=secret"), VALUE quoted or bare.
var (
	urlPassword = regexp.MustCompile(`(://[^:/@\s]*:)([^@\s]+)(@)`)
	dsnPassword = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s]+)`)
)

// redactConnectionPassword hides the password of a connection string. Other values pass unchanged.
func redactConnectionPassword(v string) string {
	v = urlPassword.ReplaceAllString(v, "${1}"+redacted+"${3}")
	return dsnPassword.ReplaceAllString(v, "${1}"+redacted)
}
