package methods

// release.test mirrors `helm test` of Helm v4.3.1 (pkg/cmd/release_testing.go +
// pkg/action/release_testing.go ReleaseTesting.Run/GetPodLogs): run the release's test hooks
// (filtered by name), wait for each with the watcher, then read the test pods' logs before the
// delayed shutdown deletes hooks whose policy says so. Instead of the CLI's status text and
// "POD LOGS:" dump, the result lists each test with its phase, times and per-container logs.
//
// A failing test is not an engine error: like the CLI, which prints status and logs before it
// exits non-zero, the result carries everything with passed=false and Helm's error message.
// Errors before any test ran (unknown release, unreachable cluster) and cancellation are errors.

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/kube"
	releasev1 "helm.sh/helm/v4/pkg/release/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// defaultTestTimeout is `helm test --timeout`'s default (300s).
const defaultTestTimeout = 300 * time.Second

// statusComputeWorkers is the CLI's default (pkg/cmd/flags.go cliDefaultStatusComputeWorkers).
const statusComputeWorkers = 8

// TestParams are `helm test`'s argument and flags.
type TestParams struct {
	ReleaseName string   `msgpack:"releaseName" doc:"The release (helm test RELEASE)."`
	Namespace   string   `msgpack:"namespace,omitempty" doc:"--namespace. Defaults to the configured namespace."`
	Timeout     int      `msgpack:"timeout,omitempty" doc:"--timeout in ms for each test to finish. Defaults to 300000."`
	Filter      []string `msgpack:"filter,omitempty" doc:"--filter: name=<test> to run only these, !name=<test> to skip these."`
	Logs        *bool    `msgpack:"logs,omitempty" doc:"--logs: read the test pods' logs. Defaults to true (the CLI defaults to false)."`
}

// TestContainerLog is one container's log of a test pod.
type TestContainerLog struct {
	Container string `msgpack:"container"`
	Log       string `msgpack:"log" doc:"What the container wrote; empty when it could not be read."`
	Error     string `msgpack:"error,omitempty" doc:"Why the log could not be read, when it could not."`
}

// TestRun is one test hook and how it ran.
type TestRun struct {
	Name      string             `msgpack:"name"`
	Kind      string             `msgpack:"kind"`
	Phase     string             `msgpack:"phase" doc:"Succeeded, Failed, Running or Unknown; empty when skipped by a filter or never started."`
	Skipped   bool               `msgpack:"skipped,omitempty" doc:"Excluded by filter."`
	Started   time.Time          `msgpack:"started,omitempty"`
	Completed time.Time          `msgpack:"completed,omitempty"`
	Logs      []TestContainerLog `msgpack:"logs,omitempty" doc:"Pods only, when logs were asked for."`
}

// TestResult is what `helm test` reports.
type TestResult struct {
	Release Release   `msgpack:"release" doc:"The tested revision (summary: no manifest, values or hooks)."`
	Tests   []TestRun `msgpack:"tests" doc:"Every test hook in weight order, skipped ones included."`
	Passed  bool      `msgpack:"passed" doc:"Every executed test succeeded."`
	Error   string    `msgpack:"error,omitempty" doc:"Helm's error when a test failed or timed out."`
}

var releaseTest = define("release.test", "Run a release's tests, as `helm test`.", runTest)

var notNameFilter = regexp.MustCompile(`^!\s?name=`)

// parseTestFilters turns --filter values into ReleaseTesting.Filters, as newReleaseTestCmd does
// (comma-separated values are split like cobra's StringSlice).
func parseTestFilters(filters []string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, f := range filters {
		for _, part := range strings.Split(f, ",") {
			if after, ok := strings.CutPrefix(part, "name="); ok {
				out[action.IncludeNameFilter] = append(out[action.IncludeNameFilter], after)
			} else if notNameFilter.MatchString(part) {
				out[action.ExcludeNameFilter] = append(out[action.ExcludeNameFilter], notNameFilter.ReplaceAllLiteralString(part, ""))
			} else {
				return nil, protocol.Errorf(protocol.CodeInvalidArgument, "filter", "filter %q: want name=<test> or !name=<test>", part)
			}
		}
	}
	return out, nil
}

func runTest(ctx context.Context, req *Request, p *TestParams) (res *TestResult, err error) {
	if err := checkReleaseName(p.ReleaseName); err != nil {
		return nil, err
	}
	if p.Timeout < 0 {
		return nil, protocol.Errorf(protocol.CodeInvalidArgument, "timeout", "timeout must not be negative, got %d", p.Timeout)
	}
	filters, err := parseTestFilters(p.Filter)
	if err != nil {
		return nil, err
	}
	cfg, ns, err := readConfig(req, p.Namespace, false)
	if err != nil {
		return nil, err
	}
	t := action.NewReleaseTesting(cfg)
	t.Namespace = ns
	t.Filters = filters
	t.Timeout = defaultTestTimeout
	if p.Timeout > 0 {
		t.Timeout = time.Duration(p.Timeout) * time.Millisecond
	}
	t.WaitOptions = []kube.WaitOption{kube.WithWaitContext(ctx), kube.WithStatusComputeWorkers(statusComputeWorkers)}

	reli, shutdown, runErr := t.Run(p.ReleaseName)
	// Deletes hooks with hook-succeeded/hook-failed policies; must run after the logs are read.
	defer func() {
		if serr := shutdown(); serr != nil && err == nil && res != nil && res.Error == "" {
			res.Error = serr.Error()
		}
	}()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	rel, cerr := toV1(reli)
	if cerr != nil {
		return nil, cerr
	}
	if rel == nil {
		return nil, releaseErr(runErr, p.ReleaseName, ns, 0)
	}
	res = &TestResult{Release: *viewRelease(rel, DetailSummary), Tests: []TestRun{}, Passed: runErr == nil}
	if runErr != nil {
		res.Error = runErr.Error()
	}
	var client kubernetes.Interface
	if p.Logs == nil || *p.Logs {
		if client, err = cfg.KubernetesClientSet(); err != nil {
			return nil, protocol.Classify(err)
		}
	}
	hooks := append([]*releasev1.Hook{}, rel.Hooks...)
	sort.SliceStable(hooks, func(i, j int) bool { return hooks[i].Weight < hooks[j].Weight })
	for _, h := range hooks {
		if !slices.Contains(h.Events, releasev1.HookTest) {
			continue
		}
		tr := TestRun{Name: h.Name, Kind: h.Kind, Phase: string(h.LastRun.Phase), Started: h.LastRun.StartedAt, Completed: h.LastRun.CompletedAt}
		skipped := slices.Contains(filters[action.ExcludeNameFilter], h.Name) ||
			(len(filters[action.IncludeNameFilter]) > 0 && !slices.Contains(filters[action.IncludeNameFilter], h.Name))
		if skipped {
			tr = TestRun{Name: h.Name, Kind: h.Kind, Skipped: true}
		} else {
			if tr.Phase != "" {
				req.Emit.Emit(protocol.Event{Type: protocol.EventHook, Kind: h.Kind, Name: h.Name, Phase: strings.ToLower(tr.Phase)})
			}
			if client != nil && h.Kind == "Pod" && !h.LastRun.StartedAt.IsZero() {
				tr.Logs = podLogs(ctx, client, ns, h.Name)
			}
		}
		res.Tests = append(res.Tests, tr)
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return res, nil
}

// podLogs reads every container's log of pod, as ReleaseTesting.getContainerLogs does, but per
// container and with the request's context; a container whose log cannot be read gets its error.
func podLogs(ctx context.Context, client kubernetes.Interface, ns, name string) []TestContainerLog {
	pod, err := client.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return []TestContainerLog{{Error: fmt.Sprintf("unable to get pod %s: %v", name, err)}}
	}
	var out []TestContainerLog
	for _, c := range append(append([]corev1.Container{}, pod.Spec.InitContainers...), pod.Spec.Containers...) {
		l := TestContainerLog{Container: c.Name}
		rc, err := client.CoreV1().Pods(ns).GetLogs(name, &corev1.PodLogOptions{Container: c.Name}).Stream(ctx)
		if err != nil {
			l.Error = fmt.Sprintf("unable to get logs for pod %s, container %s: %v", name, c.Name, err)
		} else {
			b, err := io.ReadAll(io.LimitReader(rc, 16<<20))
			rc.Close()
			l.Log = string(b)
			if err != nil {
				l.Error = err.Error()
			}
		}
		out = append(out, l)
	}
	return out
}
