package methods

// engine.ping: an echo, for liveness checks and round-trip benchmarks.

import "context"

// PingParams carries any value to echo.
type PingParams struct {
	Payload any `msgpack:"payload,omitempty" doc:"Any value; returned unchanged."`
}

// PingResult echoes the payload. No omitempty: falsy payloads (0, false, "", [], {}) must come back
// unchanged, not vanish.
type PingResult struct {
	Payload any `msgpack:"payload"`
}

var enginePing = define("engine.ping", "Echo a payload.",
	func(_ context.Context, _ *Request, p *PingParams) (*PingResult, error) {
		return &PingResult{Payload: p.Payload}, nil
	})
