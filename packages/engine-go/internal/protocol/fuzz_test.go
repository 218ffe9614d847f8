package protocol

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// FuzzDecodeFrame feeds arbitrary bytes through the frame reader and the message decoder, as the
// engine's read loop does. Neither may panic, allocate beyond the frame limit, or accept a frame
// without reporting a well-formed message or a protocol error. The seed corpus in
// testdata/fuzz/FuzzDecodeFrame runs as a normal test; `go test -fuzz FuzzDecodeFrame` explores.
func FuzzDecodeFrame(f *testing.F) {
	ok, _ := Marshal(map[string]any{"id": 1, "method": "engine.ping", "params": map[string]any{"payload": []byte{1, 2}}})
	f.Add(AppendFrame(nil, ok))
	cancel, _ := Marshal(map[string]any{"cancel": 1})
	f.Add(AppendFrame(nil, cancel))
	f.Fuzz(func(t *testing.T, stream []byte) {
		fr := NewFrameReader(bytes.NewReader(stream), 1<<16)
		for {
			payload, err := fr.Read()
			if err != nil {
				if err != io.EOF && !errors.Is(err, ErrFrameTooLarge) {
					t.Fatalf("unexpected reader error %v", err)
				}
				return
			}
			m, err := DecodeIncoming(payload)
			if err != nil {
				if !IsFatal(err) {
					t.Fatalf("decode error is not a protocol error: %v", err)
				}
				return
			}
			if !m.IsCancel() && m.ID == 0 {
				t.Fatal("accepted a request without id")
			}
			if len(m.Params) > 0 {
				var p struct {
					Payload any `msgpack:"payload"`
				}
				_ = DecodeParams(m.Params, &p)
			}
		}
	})
}
