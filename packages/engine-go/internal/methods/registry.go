// Package methods holds the engine's method table: one file per method, named after it
// (chart.template -> chart_template.go). Each method declares typed params and result structs;
// the table is what the server routes by and what cmd/protogen turns into
// packages/core/src/protocol/methods.generated.ts, so the Go and TS shapes cannot drift.
package methods

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"sync"

	"github.com/vmihailenco/msgpack/v5"
	"helm.sh/helm/v4/pkg/storage/driver"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/server"
)

// Engine is the state shared by all requests of one engine process: its identity and the
// settings of the last engine.configure. Nothing Helm-side is cached here yet.
type Engine struct {
	Info protocol.EngineInfo

	mu       sync.RWMutex
	settings helmenv.EngineSettings

	memOnce sync.Once
	mem     *driver.Memory
}

// MemoryDriver is the engine's one in-memory release store (driver "memory"), shared by every
// request so that releases survive between calls for the engine's lifetime. Pass it to
// helmenv.EngineSettings.ActionConfig.
func (e *Engine) MemoryDriver() *driver.Memory {
	e.memOnce.Do(func() { e.mem = driver.NewMemory() })
	return e.mem
}

// Settings returns a copy of the current settings; a request keeps its copy for its lifetime,
// so a concurrent engine.configure never changes a running request's view.
func (e *Engine) Settings() helmenv.EngineSettings {
	e.mu.RLock()
	defer e.mu.RUnlock()
	s := e.settings
	s.KubeAsGroups = append([]string(nil), s.KubeAsGroups...)
	return s
}

func (e *Engine) setSettings(s helmenv.EngineSettings) {
	e.mu.Lock()
	e.settings = s
	e.mu.Unlock()
}

// Request is what a handler gets besides its params.
type Request struct {
	Method   string // the method's name, e.g. "release.list"
	Engine   *Engine
	Settings helmenv.EngineSettings // snapshot taken when the request started
	Emit     protocol.Emitter
}

// NoParams is the params type of methods that take none.
type NoParams struct{}

// Method is one entry of the table.
type Method struct {
	Name     string
	Doc      string
	Params   reflect.Type
	Result   reflect.Type
	TestOnly bool
	handle   func(ctx context.Context, req *Request, raw msgpack.RawMessage) (any, error)
}

// define builds a Method from a typed handler. Params are decoded strictly (unknown keys fail
// with INVALID_ARGUMENT) before the handler runs.
func define[P, R any](name, doc string, fn func(context.Context, *Request, *P) (*R, error)) *Method {
	return &Method{
		Name: name, Doc: doc,
		Params: reflect.TypeFor[P](), Result: reflect.TypeFor[R](),
		handle: func(ctx context.Context, req *Request, raw msgpack.RawMessage) (any, error) {
			p := new(P)
			if err := protocol.DecodeParams(raw, p); err != nil {
				return nil, protocol.Errorf(protocol.CodeInvalidArgument, "params", "invalid params for %s: %v", name, err)
			}
			r, err := fn(ctx, req, p)
			if err != nil {
				return nil, err
			}
			if r == nil {
				return nil, nil
			}
			return r, nil
		},
	}
}

// defineTest is define for the test-only methods.
func defineTest[P, R any](name, doc string, fn func(context.Context, *Request, *P) (*R, error)) *Method {
	m := define(name, doc, fn)
	m.TestOnly = true
	return m
}

// All returns every method, test-only ones included, sorted by name.
func All() []*Method {
	ms := []*Method{
		enginePing, engineInfo, engineConfigure, engineEnv, engineVersion,
		chartTemplate, chartLint, chartShow,
	}
	// Each group lists its methods in its own file, so that work on one group never edits
	// this table: release_methods_write.go, release_methods_read.go, chart_methods.go,
	// repo_methods.go.
	ms = append(ms, releaseWriteMethods()...)
	ms = append(ms, releaseReadMethods()...)
	ms = append(ms, chartMethods()...)
	ms = append(ms, repoMethods()...)
	ms = append(ms, testMethods()...)
	sort.Slice(ms, func(i, j int) bool { return ms[i].Name < ms[j].Name })
	return ms
}

// Registry routes method names to handlers for one engine.
type Registry struct {
	engine *Engine
	byName map[string]*Method
}

// NewRegistry returns the routing table; test-only methods are included only when asked
// (HELM_SDK_ENGINE_TEST=1), so a production engine cannot be crashed on purpose.
func NewRegistry(e *Engine, includeTest bool) *Registry {
	r := &Registry{engine: e, byName: map[string]*Method{}}
	for _, m := range All() {
		if m.TestOnly && !includeTest {
			continue
		}
		if _, dup := r.byName[m.Name]; dup {
			panic(fmt.Sprintf("method %s registered twice", m.Name))
		}
		r.byName[m.Name] = m
	}
	return r
}

// Route implements server.Router.
func (r *Registry) Route(name string) (server.HandlerFunc, bool) {
	m, ok := r.byName[name]
	if !ok {
		return nil, false
	}
	return func(ctx context.Context, raw msgpack.RawMessage, emit protocol.Emitter) (any, error) {
		req := &Request{Method: m.Name, Engine: r.engine, Settings: r.engine.Settings(), Emit: emit}
		return m.handle(ctx, req, raw)
	}, true
}
