package methods

// Unit tests of the pure parts of the mutating release methods: how params map onto Helm's
// actions, the `upgrade --install` decision of pkg/cmd/upgrade.go, and error classification.
// The real-cluster behaviour is tested in packages/actions/test/*.integ.test.ts.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"helm.sh/helm/v4/pkg/action"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/kube"
	kubefake "helm.sh/helm/v4/pkg/kube/fake"
	rcommon "helm.sh/helm/v4/pkg/release/common"
	releasev1 "helm.sh/helm/v4/pkg/release/v1"
	"helm.sh/helm/v4/pkg/storage"
	"helm.sh/helm/v4/pkg/storage/driver"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// fakeConfig is an action.Configuration over Helm's fake kube client and a memory driver.
func fakeConfig(t *testing.T) *action.Configuration {
	t.Helper()
	cfg := action.NewConfiguration()
	cfg.KubeClient = &kubefake.PrintingKubeClient{Out: io.Discard}
	mem := driver.NewMemory()
	mem.SetNamespace("ns")
	cfg.Releases = storage.Init(mem)
	return cfg
}

func storeRelease(t *testing.T, cfg *action.Configuration, name string, version int, status rcommon.Status) {
	t.Helper()
	rel := &releasev1.Release{
		Name: name, Namespace: "ns", Version: version,
		Chart: &chart.Chart{Metadata: &chart.Metadata{Name: "c", Version: "0.1.0"}},
		Info:  &releasev1.Info{Status: status, FirstDeployed: time.Now(), LastDeployed: time.Now()},
	}
	if err := cfg.Releases.Create(rel); err != nil {
		t.Fatal(err)
	}
}

func TestUpgradeInstall_Decision(t *testing.T) {
	cases := []struct {
		name        string
		history     []rcommon.Status
		wantInstall bool
		wantReplace bool
	}{
		{"missing release installs", nil, true, false},
		{"uninstalled (kept history) installs with replace", []rcommon.Status{rcommon.StatusSuperseded, rcommon.StatusUninstalled}, true, true},
		{"deployed upgrades", []rcommon.Status{rcommon.StatusDeployed}, false, false},
		{"failed upgrades", []rcommon.Status{rcommon.StatusDeployed, rcommon.StatusFailed}, false, false},
		{"pending upgrades (and gets errPending there)", []rcommon.Status{rcommon.StatusDeployed, rcommon.StatusPendingUpgrade}, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := fakeConfig(t)
			for i, s := range c.history {
				storeRelease(t, cfg, "r", i+1, s)
			}
			hist := action.NewHistory(cfg)
			hist.Max = 1
			versions, err := hist.Run("r")
			uninstalled := isReleaseUninstalled(versions)
			install, err := upgradeInstalls(err, uninstalled)
			if err != nil {
				t.Fatal(err)
			}
			if install != c.wantInstall || uninstalled != c.wantReplace {
				t.Fatalf("install=%v replace=%v, want %v %v", install, uninstalled, c.wantInstall, c.wantReplace)
			}
			if install {
				if got := installFromUpgrade(&UpgradeParams{}, uninstalled).Replace; got != c.wantReplace {
					t.Fatalf("Replace = %v, want %v", got, c.wantReplace)
				}
			}
		})
	}
	if _, err := upgradeInstalls(errors.New("storage down"), false); err == nil {
		t.Fatal("a History error other than not-found must fail the upgrade")
	}
}

func TestInstallFromUpgrade_CopiesWhatTheCLICopies(t *testing.T) {
	p := &UpgradeParams{InstallParams: InstallParams{
		ReleaseName: "r", Namespace: "n", CreateNamespace: true, ForceReplace: true, DryRun: "server",
		DisableHooks: true, SkipCRDs: true, WaitForJobs: true, RollbackOnFailure: true,
		DisableOpenAPIValidation: true, SubNotes: true, HideNotes: true, SkipSchemaValidation: true,
		Description: "d", DependencyUpdate: true, Labels: map[string]string{"a": "b"}, EnableDNS: true,
		HideSecret: true, TakeOwnership: true, ServerSideApply: "auto",
		WaitParams: WaitParams{WaitStrategy: "watcher", Timeout: 1234},
		// Not `helm upgrade` flags: RunE has nothing to copy them from.
		GenerateName: true, NameTemplate: "x", Replace: true,
	}}
	p.Chart, p.Version, p.Devel = "c", "1.x", true
	p.Set = []string{"a=1"}
	got := installFromUpgrade(p, false)
	want := p.InstallParams
	want.GenerateName, want.NameTemplate, want.Replace = false, "", false
	want.ServerSideApply = "true" // RunE: client.ServerSideApply != "false"
	if fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", want) {
		t.Fatalf("installFromUpgrade\n got %+v\nwant %+v", *got, want)
	}
	if installSSA("false") != "false" || installSSA("") != "true" {
		t.Fatal("serverSideApply false must stay false; anything else is true for install")
	}
}

func TestNewInstallClient_Mapping(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name  string
		p     InstallParams
		check func(t *testing.T, c *action.Install)
		input string // expected INVALID_ARGUMENT input, "" for success
	}{
		{name: "defaults are the CLI's", p: InstallParams{ReleaseName: "r"}, check: func(t *testing.T, c *action.Install) {
			if c.WaitStrategy != kube.HookOnlyStrategy || c.Timeout != 300*time.Second || !c.ServerSideApply ||
				c.DryRunStrategy != action.DryRunNone || c.Namespace != "ns" || len(c.WaitOptions) != 2 {
				t.Fatalf("%+v", c)
			}
		}},
		{name: "watcher, ms timeout, ssa false, dry run", p: InstallParams{ReleaseName: "r", WaitParams: WaitParams{WaitStrategy: "watcher", Timeout: 1500}, ServerSideApply: "false", DryRun: "client"},
			check: func(t *testing.T, c *action.Install) {
				if c.WaitStrategy != kube.StatusWatcherStrategy || c.Timeout != 1500*time.Millisecond || c.ServerSideApply || c.DryRunStrategy != action.DryRunClient {
					t.Fatalf("%+v", c)
				}
			}},
		{name: "auto is true for install", p: InstallParams{ReleaseName: "r", ServerSideApply: "auto"}, check: func(t *testing.T, c *action.Install) {
			if !c.ServerSideApply {
				t.Fatal("ServerSideApply false")
			}
		}},
		{name: "devel without version", p: InstallParams{ReleaseName: "r", ChartSource: chartSrc(func(s *UpgradeParams) { s.Devel = true })}, check: func(t *testing.T, c *action.Install) {
			if c.Version != ">0.0.0-0" {
				t.Fatalf("Version %q", c.Version)
			}
		}},
		{name: "no name", p: InstallParams{}, input: "releaseName"},
		{name: "bad wait", p: InstallParams{ReleaseName: "r", WaitParams: WaitParams{WaitStrategy: "always"}}, input: "waitStrategy"},
		{name: "negative timeout", p: InstallParams{ReleaseName: "r", WaitParams: WaitParams{Timeout: -1}}, input: "timeout"},
		{name: "bad dry run", p: InstallParams{ReleaseName: "r", DryRun: "maybe"}, input: "dryRun"},
		{name: "force conflicts without ssa", p: InstallParams{ReleaseName: "r", ForceConflicts: true, ServerSideApply: "false"}, input: "forceConflicts"},
		{name: "force conflicts and replace", p: InstallParams{ReleaseName: "r", ForceConflicts: true, ForceReplace: true}, input: "forceConflicts"},
		{name: "bad kube version", p: InstallParams{ReleaseName: "r", KubeVersion: "one"}, input: "kubeVersion"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.p.Chart == "" {
				c.p.Chart = "./chart"
			}
			client, err := newInstallClient(ctx, fakeConfig(t), &c.p, "ns")
			if c.input != "" {
				var pe *protocol.Error
				if !errors.As(err, &pe) || pe.Code != protocol.CodeInvalidArgument || pe.Details["input"] != c.input {
					t.Fatalf("err = %v, want INVALID_ARGUMENT on %s", err, c.input)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, client)
		})
	}
}

func chartSrc(f func(*UpgradeParams)) helmenv.ChartSource {
	var p UpgradeParams
	f(&p)
	return p.ChartSource
}

func TestNewUpgradeClient_Mapping(t *testing.T) {
	zero := 0
	p := &UpgradeParams{MaxHistory: &zero, ReuseValues: true, CleanupOnFail: true}
	c, err := newUpgradeClient(context.Background(), fakeConfig(t), p, "ns", 10)
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxHistory != 0 || c.ServerSideApply != "auto" || c.WaitStrategy != kube.HookOnlyStrategy || !c.ReuseValues || !c.CleanupOnFail || c.Timeout != defaultTimeout {
		t.Fatalf("%+v", c)
	}
	c, err = newUpgradeClient(context.Background(), fakeConfig(t), &UpgradeParams{InstallParams: InstallParams{ServerSideApply: "true"}}, "ns", 10)
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxHistory != 10 || c.ServerSideApply != "true" {
		t.Fatalf("MaxHistory %d ServerSideApply %q", c.MaxHistory, c.ServerSideApply)
	}
}

func TestWriteError_Codes(t *testing.T) {
	rel := &releasev1.Release{Name: "r", Namespace: "ns", Version: 2, Info: &releasev1.Info{Status: rcommon.StatusFailed}}
	cases := []struct {
		err   error
		code  protocol.Code
		input string
	}{
		{fmt.Errorf("release name check failed: %w", errors.New("cannot reuse a name that is still in use")), protocol.CodeReleaseExists, "releaseName"},
		{fmt.Errorf("release name check failed: %w", errors.New("release name \"A\": invalid")), protocol.CodeInvalidArgument, "releaseName"},
		{errors.Join(errors.New("resource Deployment/ns/r not ready. status: InProgress"), context.DeadlineExceeded), protocol.CodeTimeout, "timeout"},
		{fmt.Errorf("release r failed, and has been uninstalled due to rollback-on-failure being set: %w", context.DeadlineExceeded), protocol.CodeTimeout, "timeout"},
		{errors.New("timed out waiting for the condition"), protocol.CodeTimeout, "timeout"},
		{fmt.Errorf("x: %w", context.Canceled), protocol.CodeCancelled, ""},
		{errors.New("another operation (install/upgrade/rollback) is in progress"), protocol.CodeOperationInProgress, "releaseName"},
		{driver.NewErrNoDeployedReleases("r"), protocol.CodeReleaseNotFound, "releaseName"},
		{fmt.Errorf("uninstall: Release not loaded: r: %w", driver.ErrReleaseNotFound), protocol.CodeReleaseNotFound, "releaseName"},
		{errors.New("values don't meet the specifications of the schema(s) in the following chart(s):\nc:\n- at '/replicas': got string, want integer"), protocol.CodeSchemaValidation, ""},
		{errors.New("Kubernetes cluster unreachable: connection refused"), protocol.CodeKubeUnreachable, ""},
		{errors.New(`create: failed to create: namespaces "nope" not found`), protocol.CodeInvalidArgument, "namespace"},
		{errors.New(`unable to continue with install: ConfigMap "r" in namespace "ns" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"`), protocol.CodeResourceConflict, "takeOwnership"},
		{errors.New(`failed to update resource: Apply failed with 1 conflict: conflict with "intruder" using v1: .data.message`), protocol.CodeResourceConflict, "forceConflicts"},
		{errors.New(`Operation cannot be fulfilled on configmaps "r": the object has been modified`), protocol.CodeInternal, ""},
		{errors.New(`execution error at (c/templates/cm.yaml:1:4): asked to fail`), protocol.CodeRender, ""},
		{errors.New(`parse error at (c/templates/job.yaml:18): unexpected EOF`), protocol.CodeRender, ""},
	}
	for _, c := range cases {
		e := writeError(c.err, rel, "r", "ns").(*protocol.Error)
		if e.Code != c.code || e.Details["input"] != c.input {
			t.Errorf("%q: code %s input %q, want %s %q", c.err, e.Code, e.Details["input"], c.code, c.input)
		}
		if v, ok := e.Details["release"].(*Release); !ok || v.Revision != 2 || v.Status != "failed" {
			t.Errorf("%q: details.release = %#v", c.err, e.Details["release"])
		}
	}
	schema := writeError(errors.New("values don't meet the specifications of the schema(s) in the following chart(s):\nc:\n- at '/image/tag': got number, want string\n- at '/replicas': got string, want integer\n"), nil, "r", "ns").(*protocol.Error)
	if schema.Details["field"] != "image.tag" || fmt.Sprint(schema.Details["fields"]) != "[image.tag replicas]" {
		t.Fatalf("schema details %v", schema.Details)
	}
	rendered := &releasev1.Release{Name: "r", Info: &releasev1.Info{Status: rcommon.StatusFailed, Description: "failed to render resource: boom"}}
	if e := writeError(errors.New("boom"), rendered, "r", "ns").(*protocol.Error); e.Code != protocol.CodeRender {
		t.Fatalf("install's render failure: %s, want RENDER", e.Code)
	}
	if e := writeError(errors.New("boom"), nil, "r", "ns").(*protocol.Error); e.Details["release"] != nil {
		t.Fatal("no release, no details.release")
	}
}

func TestViewRelease_LabelsWithoutStorageLabels(t *testing.T) {
	rel := &releasev1.Release{Name: "r", Labels: map[string]string{"team": "a", "name": "r", "owner": "helm", "status": "deployed", "version": "1", "modifiedAt": "1"}}
	if got := viewRelease(rel, DetailSummary).Labels; fmt.Sprint(got) != "map[team:a]" {
		t.Fatalf("labels %v", got)
	}
	if got := viewRelease(&releasev1.Release{Name: "r", Labels: map[string]string{"owner": "helm"}}, DetailSummary).Labels; got != nil {
		t.Fatalf("only storage labels: %v, want none", got)
	}
}
