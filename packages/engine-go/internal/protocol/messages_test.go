package protocol

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/vmihailenco/msgpack/v5"
)

func TestDecodeIncoming(t *testing.T) {
	enc := func(v any) []byte {
		b, err := Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name    string
		payload []byte
		wantErr bool
		check   func(*Incoming) bool
	}{
		{"request", enc(map[string]any{"id": 7, "method": "engine.ping", "params": map[string]any{"payload": "x"}}), false,
			func(m *Incoming) bool {
				return m.ID == 7 && m.Method == "engine.ping" && len(m.Params) > 0 && !m.IsCancel()
			}},
		{"request without params", enc(map[string]any{"id": 1, "method": "engine.info"}), false,
			func(m *Incoming) bool { return m.ID == 1 && len(m.Params) == 0 }},
		{"cancel", enc(map[string]any{"cancel": 7}), false, func(m *Incoming) bool { return m.IsCancel() && *m.Cancel == 7 }},
		{"unknown envelope keys are ignored", enc(map[string]any{"id": 2, "method": "m", "trace": "abc"}), false,
			func(m *Incoming) bool { return m.ID == 2 }},
		{"not a map", enc([]any{1, 2}), true, nil},
		{"nil", enc(nil), true, nil},
		{"empty", nil, true, nil},
		{"no id", enc(map[string]any{"method": "x"}), true, nil},
		{"id of wrong type", enc(map[string]any{"id": "7", "method": "x"}), true, nil},
		{"trailing bytes", append(enc(map[string]any{"id": 1, "method": "x"}), 0xc0), true, nil},
		{"truncated map", enc(map[string]any{"id": 1, "method": "x"})[:5], true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := DecodeIncoming(tt.payload)
			if tt.wantErr {
				if !errors.Is(err, ErrMalformed) {
					t.Fatalf("got %v, want ErrMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(m) {
				t.Fatalf("unexpected message %+v", m)
			}
		})
	}
}

func TestDecodeParams_RefusesUnknownKeysAndKeepsBinary(t *testing.T) {
	type P struct {
		Name    string `msgpack:"name"`
		Payload any    `msgpack:"payload"`
	}
	raw, _ := Marshal(map[string]any{"name": "a", "payload": map[string]any{"b": []byte{1, 2}}})
	var p P
	if err := DecodeParams(raw, &p); err != nil {
		t.Fatal(err)
	}
	if b, ok := p.Payload.(map[string]any)["b"].([]byte); !ok || len(b) != 2 {
		t.Fatalf("bin decoded as %T, want []byte", p.Payload.(map[string]any)["b"])
	}
	// ... and goes back out as bin (0xc4), not str.
	out, _ := Marshal(p.Payload)
	if !bytes.Contains(out, []byte{0xc4, 2, 1, 2}) {
		t.Fatalf("re-encoded as % x", out)
	}
	raw, _ = Marshal(map[string]any{"nmae": "a"})
	if err := DecodeParams(raw, &p); err == nil {
		t.Fatal("unknown key accepted")
	}
}

func TestMarshal_CompactIntsAndTimestamps(t *testing.T) {
	b, err := Marshal(ResultMessage{ID: 1, Result: int64(5)})
	if err != nil {
		t.Fatal(err)
	}
	// fixmap(2) "id" 1 "result" 5: every integer a positive fixint.
	want := []byte{0x82, 0xa2, 'i', 'd', 0x01, 0xa6, 'r', 'e', 's', 'u', 'l', 't', 0x05}
	if string(b) != string(want) {
		t.Fatalf("got % x, want % x", b, want)
	}
	ts := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	b, _ = Marshal(Event{Type: EventLog, Time: ts})
	var back struct {
		Time time.Time `msgpack:"time"`
	}
	if err := msgpack.Unmarshal(b, &back); err != nil || !back.Time.Equal(ts) {
		t.Fatalf("time round trip: %v %v", back.Time, err)
	}
}
