package helmenv

// A slog.Handler that turns Helm's log records into `log` events of the request that caused them.
// Helm logs through action.Configuration's logger, so giving each request's Configuration this
// handler routes the library's messages to the right caller instead of the global slog.

import (
	"context"
	"log/slog"
	"strings"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// EventLogHandler emits log records as events. Debug records pass only when debug is on.
type EventLogHandler struct {
	emit  protocol.Emitter
	debug bool
	attrs []slog.Attr
	group string
}

// NewEventLogHandler returns a handler writing to emit.
func NewEventLogHandler(emit protocol.Emitter, debug bool) *EventLogHandler {
	return &EventLogHandler{emit: emit, debug: debug}
}

// Enabled implements slog.Handler.
func (h *EventLogHandler) Enabled(_ context.Context, l slog.Level) bool {
	return h.emit != nil && (h.debug || l >= slog.LevelInfo)
}

// Handle implements slog.Handler.
func (h *EventLogHandler) Handle(_ context.Context, r slog.Record) error {
	attrs := map[string]any{}
	add := func(a slog.Attr) {
		key := a.Key
		if h.group != "" {
			key = h.group + "." + key
		}
		v := a.Value.Resolve()
		if err, ok := v.Any().(error); ok {
			attrs[key] = err.Error()
			return
		}
		switch v.Kind() {
		case slog.KindString, slog.KindInt64, slog.KindUint64, slog.KindFloat64, slog.KindBool, slog.KindTime:
			attrs[key] = v.Any()
		default:
			attrs[key] = v.String()
		}
	}
	for _, a := range h.attrs {
		add(a)
	}
	r.Attrs(func(a slog.Attr) bool { add(a); return true })
	ev := protocol.Event{Type: protocol.EventLog, Time: r.Time, Level: strings.ToLower(r.Level.String()), Message: r.Message}
	if len(attrs) > 0 {
		ev.Attrs = attrs
	}
	h.emit.Emit(ev)
	return nil
}

// WithAttrs implements slog.Handler.
func (h *EventLogHandler) WithAttrs(as []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append(append([]slog.Attr(nil), h.attrs...), as...)
	return &c
}

// WithGroup implements slog.Handler.
func (h *EventLogHandler) WithGroup(name string) slog.Handler {
	c := *h
	if c.group != "" {
		name = c.group + "." + name
	}
	c.group = name
	return &c
}
