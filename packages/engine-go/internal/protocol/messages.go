package protocol

// Messages of PROTOCOL.md as typed structs. Every frame is decoded into one of these with msgpack
// tags, never by poking into a map[string]any, so a renamed key is a compile-time matter.

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/vmihailenco/msgpack/v5"
)

// Version is the protocol version this engine speaks. The host compares the major part.
const Version = "1.0"

// EngineInfo is the body of the hello frame and the result of engine.info.
type EngineInfo struct {
	Protocol string `msgpack:"protocol" doc:"Wire protocol version, \"major.minor\"."`
	Engine   string `msgpack:"engine" doc:"The engine's own version (the @helm-sdk/engine-go package version)."`
	Helm     string `msgpack:"helm" doc:"Version of the Helm library linked into the engine, e.g. \"v4.3.1\"."`
	Go       string `msgpack:"go" doc:"Go runtime version the engine was built with."`
	Pid      int    `msgpack:"pid" doc:"The engine's process id."`
	MaxFrame int    `msgpack:"maxFrame" doc:"Largest frame, in bytes, the engine accepts and sends."`
}

// Hello is the first frame the engine writes.
type Hello struct {
	Hello EngineInfo `msgpack:"hello"`
}

// Incoming is any host -> engine message: a request ({id, method, params}) or a cancel
// ({cancel}). Unknown keys are ignored so that a newer host can add optional envelope keys.
type Incoming struct {
	ID     uint64             `msgpack:"id"`
	Method string             `msgpack:"method"`
	Params msgpack.RawMessage `msgpack:"params"`
	Cancel *uint64            `msgpack:"cancel"`
}

// IsCancel reports whether the message is a cancel frame.
func (m *Incoming) IsCancel() bool { return m.Cancel != nil }

// ResultMessage is a successful response. Result is always present (nil for methods without a
// result) so the host can tell a response from an event by key.
type ResultMessage struct {
	ID     uint64 `msgpack:"id"`
	Result any    `msgpack:"result"`
}

// ErrorMessage is a failed response, or, with ID 0 (omitted), a fatal protocol error the engine
// sends just before it exits.
type ErrorMessage struct {
	ID    uint64 `msgpack:"id,omitempty"`
	Error *Error `msgpack:"error"`
}

// EventMessage carries one event of an in-flight request.
type EventMessage struct {
	ID    uint64 `msgpack:"id"`
	Event Event  `msgpack:"event"`
}

// EventType names the kind of an event. Hosts ignore types they do not know.
type EventType string

// Event types of PROTOCOL.md.
const (
	EventLog      EventType = "log"
	EventResource EventType = "resource"
	EventHook     EventType = "hook"
	EventPhase    EventType = "phase"
)

// EnumValues lets cmd/protogen emit a string union.
func (EventType) EnumValues() []string {
	return []string{string(EventLog), string(EventResource), string(EventHook), string(EventPhase)}
}

// Event is one progress report. Which fields are set depends on Type:
// log: level, message, attrs; resource: kind, name, namespace, status, message;
// hook: name, kind, phase, message (its hook annotation); phase: name. Their TS twins are the
// LogEvent, ResourceEvent, HookEvent and PhaseEvent types of packages/core/src/protocol/messages.ts.
type Event struct {
	Type      EventType      `msgpack:"type" doc:"What kind of event; hosts ignore types they do not know."`
	Time      time.Time      `msgpack:"time,omitempty" doc:"When it happened (the server fills it in)."`
	Level     string         `msgpack:"level,omitempty" doc:"log: debug, info, warn or error."`
	Message   string         `msgpack:"message,omitempty" doc:"log: the text; resource: the status detail; hook: its hook annotation."`
	Attrs     map[string]any `msgpack:"attrs,omitempty" doc:"log: structured attributes."`
	Kind      string         `msgpack:"kind,omitempty" doc:"resource, hook: the Kubernetes kind."`
	Name      string         `msgpack:"name,omitempty" doc:"resource, hook: the object's name; phase: the step (render, wait, ...)."`
	Namespace string         `msgpack:"namespace,omitempty" doc:"resource: the object's namespace."`
	Status    string         `msgpack:"status,omitempty" doc:"resource: the object's status (e.g. Current, InProgress)."`
	Phase     string         `msgpack:"phase,omitempty" doc:"hook: running, succeeded or failed."`
}

// Marshal encodes v the way every engine frame is encoded: integers in their smallest form (so
// msgpackr yields numbers, not BigInt) and the "msgpack" struct tag.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	enc.UseCompactInts(true)
	enc.SetCustomStructTag("msgpack")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ErrMalformed marks a frame that is not one msgpack map of the expected shape.
var ErrMalformed = errors.New("malformed message")

// DecodeIncoming decodes one frame payload. Anything but exactly one msgpack map with a valid
// envelope is ErrMalformed (a protocol error that ends the connection).
func DecodeIncoming(payload []byte) (*Incoming, error) {
	if len(payload) == 0 {
		return nil, fmt.Errorf("%w: empty frame", ErrMalformed)
	}
	// Only a map (fixmap 0x80-0x8f, map16 0xde, map32 0xdf) is a message; a nil, array or scalar
	// would otherwise decode silently into a zero struct.
	if c := payload[0]; !(c >= 0x80 && c <= 0x8f) && c != 0xde && c != 0xdf {
		return nil, fmt.Errorf("%w: frame is not a msgpack map (first byte 0x%02x)", ErrMalformed, c)
	}
	r := bytes.NewReader(payload)
	dec := msgpack.NewDecoder(r)
	dec.SetCustomStructTag("msgpack")
	var m Incoming
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes after the message", ErrMalformed, r.Len())
	}
	if m.Cancel == nil && m.ID == 0 {
		return nil, fmt.Errorf("%w: message has neither a positive id nor cancel", ErrMalformed)
	}
	return &m, nil
}

// DecodeParams decodes a request's params into dst (a pointer to the method's params struct).
// Unknown keys are refused so a misspelt option fails loudly instead of being ignored. Free-form
// values (any, map[string]any) keep their msgpack types: bin stays []byte (loose decoding would
// turn it into a string) and integers keep their compact Go type; code that needs Helm's value
// types normalises them itself (helmenv.ValuesOptions round-trips through JSON).
func DecodeParams(raw msgpack.RawMessage, dst any) error {
	if len(raw) == 0 {
		return nil
	}
	r := bytes.NewReader(raw)
	dec := msgpack.NewDecoder(r)
	dec.SetCustomStructTag("msgpack")
	dec.DisallowUnknownFields(true)
	return dec.Decode(dst)
}

// Emitter sends events for one request. The server gives each handler its own; events emitted
// after the request's response has been written are dropped.
type Emitter interface {
	Emit(Event)
}
