package methods

// What the mutating release methods (release_install.go, release_upgrade.go,
// release_uninstall.go, release_rollback.go) share: the request's action.Configuration with
// progress events, the wait options every one of them takes, and the classification of their
// failures, with the release Helm returned alongside the error kept in details.release
// (STYLE.md item 10).

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/kube"
	releasev1 "helm.sh/helm/v4/pkg/release/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// WaitStrategy is `--wait`: what Helm waits for after applying (kube.WaitStrategy).
type WaitStrategy string

// EnumValues lets cmd/protogen emit a string union.
func (WaitStrategy) EnumValues() []string {
	return []string{string(kube.HookOnlyStrategy), string(kube.StatusWatcherStrategy), string(kube.LegacyStrategy)}
}

// DryRunMode is `--dry-run` of install, upgrade and rollback (action.DryRunStrategy).
type DryRunMode string

// EnumValues lets cmd/protogen emit a string union.
func (DryRunMode) EnumValues() []string {
	return []string{string(action.DryRunNone), string(action.DryRunClient), string(action.DryRunServer)}
}

// ServerSideApply is `--server-side`, one type for every verb (Helm has a bool on install and a
// string on upgrade/rollback; STYLE.md item 7). "auto" follows the previous release's method;
// for install, which has none, it means "true".
type ServerSideApply string

// EnumValues lets cmd/protogen emit a string union.
func (ServerSideApply) EnumValues() []string { return []string{"true", "false", "auto"} }

// WaitParams are the wait flags of every mutating verb.
type WaitParams struct {
	WaitStrategy WaitStrategy `msgpack:"waitStrategy,omitempty" doc:"--wait: hookOnly (default), watcher (kstatus) or legacy."`
	Timeout      int          `msgpack:"timeout,omitempty" doc:"--timeout in milliseconds, for each wait (resources, each hook). Defaults to 300000 (5m)."`
}

// defaultTimeout is the CLI's --timeout default.
const defaultTimeout = 300 * time.Second

func (w *WaitParams) strategy() (kube.WaitStrategy, error) {
	switch w.WaitStrategy {
	case "":
		return kube.HookOnlyStrategy, nil // the CLI's default; the library leaves it empty
	case WaitStrategy(kube.HookOnlyStrategy), WaitStrategy(kube.StatusWatcherStrategy), WaitStrategy(kube.LegacyStrategy):
		return kube.WaitStrategy(w.WaitStrategy), nil
	}
	return "", protocol.Errorf(protocol.CodeInvalidArgument, "waitStrategy", "unknown wait strategy %q (want hookOnly, watcher or legacy)", w.WaitStrategy)
}

func (w *WaitParams) timeout() (time.Duration, error) {
	switch {
	case w.Timeout < 0:
		return 0, protocol.Errorf(protocol.CodeInvalidArgument, "timeout", "timeout must not be negative, got %d", w.Timeout)
	case w.Timeout == 0:
		return defaultTimeout, nil
	}
	return time.Duration(w.Timeout) * time.Millisecond, nil
}

// cliStatusComputeWorkers is pkg/cmd/flags.go cliDefaultStatusComputeWorkers: the CLI computes
// kstatus in 8 workers so many resources do not block the informer (SDK callers get 0 unless
// they ask); the engine behaves like the CLI.
const cliStatusComputeWorkers = 8

// waitOptions are the CLI's default wait options plus the request context, so a cancelled
// request stops Helm's wait in the engine, not only the host's promise.
func waitOptions(ctx context.Context) []kube.WaitOption {
	return []kube.WaitOption{kube.WithStatusComputeWorkers(cliStatusComputeWorkers), kube.WithWaitContext(ctx)}
}

func (d DryRunMode) strategy(input string) (action.DryRunStrategy, error) {
	switch d {
	case "", DryRunMode(action.DryRunNone):
		return action.DryRunNone, nil
	case DryRunMode(action.DryRunClient), DryRunMode(action.DryRunServer):
		return action.DryRunStrategy(d), nil
	}
	return "", protocol.Errorf(protocol.CodeInvalidArgument, input, "unknown dry-run mode %q (want none, client or server)", d)
}

func (s ServerSideApply) check() error {
	switch s {
	case "", "true", "false", "auto":
		return nil
	}
	return protocol.Errorf(protocol.CodeInvalidArgument, "serverSideApply", "serverSideApply must be true, false or auto, got %q", s)
}

// applyOptions are the checked wait, timeout and dry-run settings that install, upgrade and
// rollback share.
type applyOptions struct {
	wait    kube.WaitStrategy
	timeout time.Duration
	dry     action.DryRunStrategy
}

// checkApply validates the options every mutating verb takes, in the order the CLI reports them.
func checkApply(w *WaitParams, dryRun DryRunMode, ssa ServerSideApply, forceConflicts, forceReplace bool) (applyOptions, error) {
	var a applyOptions
	var err error
	if a.wait, err = w.strategy(); err != nil {
		return a, err
	}
	if a.timeout, err = w.timeout(); err != nil {
		return a, err
	}
	if a.dry, err = dryRun.strategy("dryRun"); err != nil {
		return a, err
	}
	if err := ssa.check(); err != nil {
		return a, err
	}
	return a, checkForceConflicts(forceConflicts, forceReplace, ssa)
}

// checkForceConflicts: --force-conflicts only means something with server-side apply, and the
// CLI refuses it together with --force-replace.
func checkForceConflicts(forceConflicts, forceReplace bool, ssa ServerSideApply) error {
	if !forceConflicts {
		return nil
	}
	if forceReplace {
		return protocol.Errorf(protocol.CodeInvalidArgument, "forceConflicts", "forceConflicts and forceReplace are exclusive (as --force-conflicts and --force-replace)")
	}
	if ssa == "false" {
		return protocol.Errorf(protocol.CodeInvalidArgument, "forceConflicts", "forceConflicts needs server-side apply; it cannot be used with serverSideApply false")
	}
	return nil
}

// writeConfig is the request's own action.Configuration for namespace (resolved as -n would
// be), with the engine's shared memory driver and progress events wired in.
func writeConfig(ctx context.Context, req *Request, namespace string) (*action.Configuration, *helmenv.ProgressClient, string, error) {
	ns := req.Settings.ResolveNamespace(namespace)
	cfg, err := req.Settings.ActionConfigCached(ns, helmenv.NewEventLogHandler(req.Emit, req.Settings.Debug), req.Engine.MemoryDriver())
	if err != nil {
		return nil, nil, ns, protocol.Classify(err)
	}
	req.Settings.WarnInsecureKubeconfig(req.Method, cfg.RESTClientGetter)
	return cfg, helmenv.WithProgress(ctx, cfg, req.Emit), ns, nil
}

// checkName rejects an empty release name.
func checkName(name string) error {
	if name == "" {
		return protocol.Errorf(protocol.CodeInvalidArgument, "releaseName", "releaseName is required")
	}
	return nil
}

// writeError classifies a failure of a mutating action and attaches the release Helm returned
// with it (a failed install or upgrade) as details.release. Codes Classify cannot see:
//   - "cannot reuse a name that is still in use" under "release name check failed" is
//     RELEASE_EXISTS, not the INVALID_ARGUMENT of other name check failures;
//   - the legacy waiter's wait.Interrupted timeouts are TIMEOUT;
//   - a release or revision that does not exist names the releaseName / revision input.
func writeError(err error, rel *releasev1.Release, name, namespace string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	var e *protocol.Error
	switch {
	case errors.Is(err, context.Canceled):
		e = protocol.Wrap(protocol.CodeCancelled, "", err)
	case errors.Is(err, context.DeadlineExceeded), wait.Interrupted(err) && !errors.Is(err, context.Canceled),
		strings.Contains(msg, "timed out waiting for the condition"):
		e = protocol.Wrap(protocol.CodeTimeout, "timeout", err)
	case strings.Contains(msg, "cannot reuse a name that is still in use"):
		e = protocol.Wrap(protocol.CodeReleaseExists, "releaseName", err)
	case strings.HasPrefix(msg, "release name check failed"), strings.HasPrefix(msg, "release name is invalid"),
		strings.Contains(msg, "Release name is invalid"):
		e = protocol.Wrap(protocol.CodeInvalidArgument, "releaseName", err)
	case strings.HasPrefix(msg, "user supplied labels"):
		e = protocol.Wrap(protocol.CodeInvalidArgument, "labels", err)
	case strings.Contains(msg, "cannot be imported into the current release"):
		// existingResourceConflict: a resource of the chart exists without this release's
		// ownership metadata; takeOwnership adopts it.
		e = protocol.Wrap(protocol.CodeResourceConflict, "takeOwnership", err)
	case ssaConflict.MatchString(msg):
		// The API server's answer to a server-side apply that would change fields another
		// field manager owns; forceConflicts takes them over.
		e = protocol.Wrap(protocol.CodeResourceConflict, "forceConflicts", err)
	case strings.HasPrefix(msg, "hiding Kubernetes secrets requires a dry-run mode"):
		e = protocol.Wrap(protocol.CodeInvalidArgument, "hideSecret", err)
	case renderFailure(err, rel):
		e = protocol.Wrap(protocol.CodeRender, "", err)
	case namespaceMissing.MatchString(msg):
		e = protocol.Wrap(protocol.CodeInvalidArgument, "namespace", fmt.Errorf("%w (set createNamespace to create it)", err))
	case msg == "invalid release revision":
		e = protocol.Wrap(protocol.CodeInvalidArgument, "revision", err)
	default:
		e = protocol.Classify(err)
		if e.Code == protocol.CodeReleaseNotFound {
			e.Details["input"] = "releaseName"
		}
	}
	if e.Code == protocol.CodeSchemaValidation {
		if fields := schemaFields(msg); len(fields) > 0 {
			e.With("field", fields[0]).With("fields", fields)
		}
	}
	if e.Code == protocol.CodeReleaseNotFound || e.Code == protocol.CodeReleaseExists || e.Code == protocol.CodeOperationInProgress {
		e.With("releaseName", name).With("namespace", namespace)
		// Helm's errPending is a bare errors.New, so Classify cannot know the input; the release
		// that is pending is the one named by releaseName (issue 11).
		if e.Code == protocol.CodeOperationInProgress {
			e.Details["input"] = "releaseName"
		}
		// Helm's "release: not found" and "cannot reuse a name that is still in use" say neither.
		if name != "" && !strings.Contains(e.Message, strconv.Quote(name)) {
			e.Message += fmt.Sprintf(" (release %q in namespace %q)", name, namespace)
		}
	}
	if v := viewRelease(rel, DetailFull); v != nil {
		e.With("release", v)
	}
	return e
}

// ssaConflict is the API server's server-side apply conflict message ("Apply failed with 1
// conflict: conflict with \"kubectl\" using v1: .data.x").
var ssaConflict = regexp.MustCompile(`Apply failed with \d+ conflicts?: conflict`)

// renderFailure reports whether Helm's template engine failed to render the chart (RENDER, as
// for chart.template): install returns its release marked "failed to render resource", upgrade
// the engine's error alone, whose wording pkg/engine fixes (cleanupParseError,
// reformatExecErrorMsg).
func renderFailure(err error, rel *releasev1.Release) bool {
	if rel != nil && rel.Info != nil && strings.HasPrefix(rel.Info.Description, "failed to render resource") {
		return true
	}
	msg := err.Error()
	for _, prefix := range []string{"parse error at (", "parse error in (", "execution error at (", "execution error in ("} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

// namespaceMissing is the API server's answer when the release namespace does not exist.
var namespaceMissing = regexp.MustCompile(`namespaces "[^"]+" not found`)

// schemaAt matches the instance locations of jsonschema's messages ("- at '/image/tag': ...").
var schemaAt = regexp.MustCompile(`at '(/[^']*)'`)

// schemaFields lists the values at fault in a schema validation message, as dotted paths
// ("image.tag"), in order and without repeats.
func schemaFields(msg string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range schemaAt.FindAllStringSubmatch(msg, -1) {
		f := strings.ReplaceAll(strings.TrimPrefix(m[1], "/"), "/", ".")
		if f != "" && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// resultRelease is the release view of a successful action; hideNotes drops the notes
// (--hide-notes: the CLI does not print them).
func resultRelease(rel *releasev1.Release, hideNotes bool) *Release {
	v := viewRelease(rel, DetailFull)
	if v != nil && hideNotes {
		v.Notes = ""
	}
	return v
}
