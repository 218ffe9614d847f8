package methods

// engine.configure: the host's Configuration settings. The host sends them after every engine
// (re)start, before any other request; each call replaces the previous settings entirely, and
// requests already running keep the settings they started with.

import (
	"context"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/helmenv"
)

// ConfigureResult reports what the settings resolve to.
type ConfigureResult struct {
	// Namespace is the default namespace of requests that do not name one.
	Namespace string `msgpack:"namespace" doc:"The namespace requests use when they do not set one."`
}

var engineConfigure = define("engine.configure", "Set the Configuration's settings (replaces previous ones).",
	func(_ context.Context, req *Request, p *helmenv.EngineSettings) (*ConfigureResult, error) {
		if err := p.Validate(); err != nil {
			return nil, err
		}
		req.Engine.setSettings(*p)
		return &ConfigureResult{Namespace: p.ResolveNamespace("")}, nil
	})
