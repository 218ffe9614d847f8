package methods

// engine.info: the same facts as the hello frame, on demand.

import (
	"context"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

var engineInfo = define("engine.info", "The engine's versions, pid and frame limit (as in the hello).",
	func(_ context.Context, req *Request, _ *NoParams) (*protocol.EngineInfo, error) {
		info := req.Engine.Info
		return &info, nil
	})
