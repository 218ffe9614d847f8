package helmenv

// Live progress for the mutating release methods (install, upgrade, rollback, uninstall):
// `phase`, `resource` and `hook` events while Helm applies, waits and runs hooks.
//
// Helm v4.3.1 offers no progress callback. Its status watcher (pkg/kube/statuswait.go
// statusObserver) only logs the first not-ready resource at debug level, and a custom kstatus
// reader (kube.WithKStatusReaders) would shadow Helm's own Job/Pod readers for hooks. So the
// engine hooks in one level up: ProgressClient wraps the request's kube client (the only
// interfaces pkg/action asserts on it are kube.Interface and kube.InterfaceWaitOptions) and sees
// every Create/Update/Delete and every wait Helm starts. While a wait runs, a goroutine polls
// the waited-for resources itself, every PollInterval, computes their kstatus status exactly as
// the watcher does (status.Compute) and emits a `resource` event only when a resource's status or
// message changes. Hook waits (WatchUntilReady) additionally emit `hook` events: running, then
// succeeded or failed.

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/fluxcd/cli-utils/pkg/kstatus/status"
	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/kube"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/cli-runtime/pkg/resource"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// PollInterval is how often resources are polled while Helm waits.
var PollInterval = 500 * time.Millisecond

// Phases of a mutating release action, as `phase` events.
const (
	PhaseRender     = "render"
	PhaseApply      = "apply"
	PhaseWait       = "wait"
	PhaseHooks      = "hooks"
	PhaseDelete     = "delete"
	PhaseWaitDelete = "wait-delete"
)

// hookAnnotation is Helm's hook annotation (release.HookAnnotation).
const hookAnnotation = "helm.sh/hook"

// ProgressClient is a kube.Interface that reports what Helm does through a request's events.
// It must be installed after cfg.Init (WithProgress does it).
type ProgressClient struct {
	kube.Interface
	ctx  context.Context
	emit protocol.Emitter
	kc   *kube.Client

	dynOnce sync.Once
	dyn     dynamic.Interface
	dynErr  error

	mu        sync.Mutex
	lastPhase string
}

var _ kube.InterfaceWaitOptions = (*ProgressClient)(nil)

// WithProgress wraps cfg.KubeClient so that it emits progress events for ctx's request, and
// points the legacy waiter at ctx too (it reads kube.Client.WaitContext, not the WaitOptions).
// A cfg whose kube client is not Helm's *kube.Client is left alone.
func WithProgress(ctx context.Context, cfg *action.Configuration, emit protocol.Emitter) *ProgressClient {
	kc, ok := cfg.KubeClient.(*kube.Client)
	if !ok || emit == nil {
		return nil
	}
	kc.WaitContext = ctx
	p := &ProgressClient{Interface: kc, ctx: ctx, emit: emit, kc: kc}
	cfg.KubeClient = p
	return p
}

// Phase emits a `phase` event unless it is the current phase already.
func (p *ProgressClient) Phase(name string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	same := p.lastPhase == name
	p.lastPhase = name
	p.mu.Unlock()
	if !same {
		p.emit.Emit(protocol.Event{Type: protocol.EventPhase, Name: name})
	}
}

func allHooks(rs kube.ResourceList) bool {
	if len(rs) == 0 {
		return false
	}
	for _, r := range rs {
		if _, ok := annotations(r)[hookAnnotation]; !ok {
			return false
		}
	}
	return true
}

func annotations(r *resource.Info) map[string]string {
	if acc, err := meta.Accessor(r.Object); err == nil {
		return acc.GetAnnotations()
	}
	return nil
}

// Create implements kube.Interface.
func (p *ProgressClient) Create(rs kube.ResourceList, opts ...kube.ClientCreateOption) (*kube.Result, error) {
	if !allHooks(rs) {
		p.Phase(PhaseApply)
	}
	return p.Interface.Create(rs, opts...)
}

// Update implements kube.Interface.
func (p *ProgressClient) Update(original, target kube.ResourceList, opts ...kube.ClientUpdateOption) (*kube.Result, error) {
	p.Phase(PhaseApply)
	return p.Interface.Update(original, target, opts...)
}

// Delete implements kube.Interface.
func (p *ProgressClient) Delete(rs kube.ResourceList, policy metav1.DeletionPropagation) (*kube.Result, []error) {
	if !allHooks(rs) {
		p.Phase(PhaseDelete)
	}
	return p.Interface.Delete(rs, policy)
}

// GetWaiter implements kube.Interface.
func (p *ProgressClient) GetWaiter(ws kube.WaitStrategy) (kube.Waiter, error) {
	return p.GetWaiterWithOptions(ws)
}

// GetWaiterWithOptions implements kube.InterfaceWaitOptions.
func (p *ProgressClient) GetWaiterWithOptions(ws kube.WaitStrategy, opts ...kube.WaitOption) (kube.Waiter, error) {
	var w kube.Waiter
	var err error
	if wo, ok := p.Interface.(kube.InterfaceWaitOptions); ok {
		w, err = wo.GetWaiterWithOptions(ws, opts...)
	} else {
		w, err = p.Interface.GetWaiter(ws)
	}
	if err != nil {
		return nil, err
	}
	return &progressWaiter{Waiter: w, p: p, hookOnly: ws == kube.HookOnlyStrategy}, nil
}

// progressWaiter reports the waits of one kube.Waiter.
type progressWaiter struct {
	kube.Waiter
	p        *ProgressClient
	hookOnly bool // Wait/WaitWithJobs/WaitForDelete return at once: nothing to report
}

func (w *progressWaiter) Wait(rs kube.ResourceList, timeout time.Duration) error {
	if w.hookOnly {
		return w.Waiter.Wait(rs, timeout)
	}
	w.p.Phase(PhaseWait)
	defer w.p.poll(rs, false)()
	return w.Waiter.Wait(rs, timeout)
}

func (w *progressWaiter) WaitWithJobs(rs kube.ResourceList, timeout time.Duration) error {
	if w.hookOnly {
		return w.Waiter.WaitWithJobs(rs, timeout)
	}
	w.p.Phase(PhaseWait)
	defer w.p.poll(rs, false)()
	return w.Waiter.WaitWithJobs(rs, timeout)
}

func (w *progressWaiter) WaitForDelete(rs kube.ResourceList, timeout time.Duration) error {
	if w.hookOnly || allHooks(rs) {
		return w.Waiter.WaitForDelete(rs, timeout)
	}
	w.p.Phase(PhaseWaitDelete)
	defer w.p.poll(rs, true)()
	return w.Waiter.WaitForDelete(rs, timeout)
}

// WatchUntilReady is only used for hooks (pkg/action/hooks.go execHook).
func (w *progressWaiter) WatchUntilReady(rs kube.ResourceList, timeout time.Duration) error {
	w.p.Phase(PhaseHooks)
	for _, r := range rs {
		w.p.hookEvent(r, "running")
	}
	stop := w.p.poll(rs, false)
	err := w.Waiter.WatchUntilReady(rs, timeout)
	stop()
	phase := "succeeded"
	if err != nil {
		phase = "failed"
	}
	for _, r := range rs {
		w.p.hookEvent(r, phase)
	}
	return err
}

func (p *ProgressClient) hookEvent(r *resource.Info, phase string) {
	p.emit.Emit(protocol.Event{
		Type: protocol.EventHook, Name: r.Name, Kind: kindOf(r), Phase: phase,
		Message: annotations(r)[hookAnnotation],
	})
}

func kindOf(r *resource.Info) string {
	if r.Mapping != nil {
		return r.Mapping.GroupVersionKind.Kind
	}
	return r.Object.GetObjectKind().GroupVersionKind().Kind
}

// dynamicClient is a client for polling with its own rate limiter, so that polling never slows
// down Helm's own requests (client-go gives each client built from a config its own limiter).
func (p *ProgressClient) dynamicClient() (dynamic.Interface, error) {
	p.dynOnce.Do(func() {
		if p.kc == nil {
			p.dynErr = errors.New("no kube.Client to poll with")
			return
		}
		cfg, err := p.kc.Factory.ToRESTConfig()
		if err != nil {
			p.dynErr = err
			return
		}
		cfg = rest.CopyConfig(cfg) // the getter may hand out a shared, cached config
		cfg.QPS, cfg.Burst = 50, 100
		p.dyn, p.dynErr = dynamic.NewForConfig(cfg)
	})
	return p.dyn, p.dynErr
}

type observed struct{ status, message string }

// poll starts polling rs and returns the function that stops it; stopping polls once more, so
// the final state of every resource is reported before the action's response. With deleting,
// a resource that is gone is reported as NotFound (the watcher's desired state for deletes).
func (p *ProgressClient) poll(rs kube.ResourceList, deleting bool) (stop func()) {
	dc, err := p.dynamicClient()
	if err != nil || len(rs) == 0 {
		return func() {}
	}
	last := make([]observed, len(rs))
	var mu sync.Mutex // the final poll may overlap a tick that was already running
	tick := func(ctx context.Context) {
		mu.Lock()
		defer mu.Unlock()
		for i, r := range rs {
			if ctx.Err() != nil {
				return
			}
			o := observe(ctx, dc, r)
			if o == last[i] {
				continue
			}
			last[i] = o
			p.emit.Emit(protocol.Event{
				Type: protocol.EventResource, Kind: kindOf(r), Name: r.Name, Namespace: r.Namespace,
				Status: o.status, Message: o.message,
			})
		}
	}
	ctx, cancel := context.WithCancel(p.ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(PollInterval)
		defer t.Stop()
		for {
			tick(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		cancel()
		<-done
		if p.ctx.Err() == nil {
			final, cancelFinal := context.WithTimeout(p.ctx, 5*time.Second)
			tick(final)
			cancelFinal()
		}
	}
}

// observe reads one resource and computes its kstatus status.
func observe(ctx context.Context, dc dynamic.Interface, r *resource.Info) observed {
	if r.Mapping == nil {
		return observed{status.UnknownStatus.String(), "no REST mapping"}
	}
	var ri dynamic.ResourceInterface = dc.Resource(r.Mapping.Resource)
	if r.Mapping.Scope != nil && r.Mapping.Scope.Name() == meta.RESTScopeNameNamespace {
		ri = dc.Resource(r.Mapping.Resource).Namespace(r.Namespace)
	}
	u, err := ri.Get(ctx, r.Name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		return observed{status.NotFoundStatus.String(), "Resource not found"}
	case err != nil:
		return observed{status.UnknownStatus.String(), err.Error()}
	}
	res, err := status.Compute(u)
	if err != nil {
		return observed{status.UnknownStatus.String(), err.Error()}
	}
	return observed{res.Status.String(), res.Message}
}
