package server

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/enginetest"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// routes is a Router for tests: a map of handlers.
type routes map[string]HandlerFunc

func (r routes) Route(m string) (HandlerFunc, bool) { h, ok := r[m]; return h, ok }

var testRoutes = routes{
	"echo": func(_ context.Context, raw msgpack.RawMessage, _ protocol.Emitter) (any, error) {
		var p map[string]any
		err := msgpack.Unmarshal(raw, &p)
		return p, err
	},
	"block": func(ctx context.Context, _ msgpack.RawMessage, _ protocol.Emitter) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	},
	"panic": func(context.Context, msgpack.RawMessage, protocol.Emitter) (any, error) {
		panic("kaboom")
	},
	"events": func(_ context.Context, _ msgpack.RawMessage, emit protocol.Emitter) (any, error) {
		emit.Emit(protocol.Event{Type: protocol.EventPhase, Name: "render"})
		emit.Emit(protocol.Event{Type: protocol.EventLog, Level: "info", Message: "hi"})
		return "done", nil
	},
	"nothing": func(context.Context, msgpack.RawMessage, protocol.Emitter) (any, error) { return nil, nil },
	"big": func(context.Context, msgpack.RawMessage, protocol.Emitter) (any, error) {
		return string(make([]byte, 4096)), nil
	},
}

type harness struct {
	*enginetest.Client
	in   *io.PipeWriter
	exit chan int
}

// start runs Serve over pipes and consumes the hello.
func start(t *testing.T, maxFrame int) *harness {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	h := &harness{in: inW, exit: make(chan int, 1)}
	go func() {
		h.exit <- Serve(Options{In: inR, Out: outW, MaxFrame: maxFrame, Router: testRoutes, Logger: quiet,
			Hello: protocol.EngineInfo{Protocol: "1.0", Engine: "test", Pid: 1, MaxFrame: maxFrame}})
		outW.Close()
	}()
	h.Client = enginetest.New(inW, outR)
	t.Cleanup(func() { inW.Close() })
	m, err := h.Next(5 * time.Second)
	if err != nil || m.Hello == nil || m.Hello.Protocol != "1.0" {
		t.Fatalf("first frame is not the hello: %+v %v", m, err)
	}
	return h
}

// exitHangGuard only tells a hang from a slow exit: Serve's longest own wait on any exit path is
// 2 s (sendFinal's flush after a protocol error; 0.3 s for handlers plus 0.5 s for frames after
// EOF), and a busy 2-core machine delays a goroutine by milliseconds, not seconds. Promptness is
// asserted by ordering where it matters (a cancelled answer before the exit).
const exitHangGuard = 10 * time.Second

func (h *harness) waitExit(t *testing.T) int {
	t.Helper()
	select {
	case code := <-h.exit:
		return code
	case <-time.After(exitHangGuard):
		t.Fatalf("server did not exit within %v", exitHangGuard)
		return -1
	}
}

func TestServe_RequestResponse(t *testing.T) {
	h := start(t, 0)
	var got map[string]any
	if err := h.Call(1, "echo", map[string]any{"a": "b"}, &got); err != nil {
		t.Fatal(err)
	}
	if got["a"] != "b" {
		t.Fatalf("echo returned %v", got)
	}
}

func TestServe_NilResultStillHasResultKey(t *testing.T) {
	h := start(t, 0)
	_ = h.Request(1, "nothing", nil)
	m, _, err := h.Response(1, 5*time.Second)
	if err != nil || !m.HasResult || m.Error != nil {
		t.Fatalf("got %+v %v", m, err)
	}
}

func TestServe_UnknownMethod(t *testing.T) {
	h := start(t, 0)
	err := h.Call(1, "nope", nil, nil)
	if pe, ok := err.(*protocol.Error); !ok || pe.Code != protocol.CodeMethodNotFound {
		t.Fatalf("got %v", err)
	}
}

func TestServe_DuplicateInFlightIDIsRefusedWithoutDisturbingTheFirst(t *testing.T) {
	h := start(t, 0)
	_ = h.Request(5, "block", nil)
	_ = h.Request(5, "echo", nil)
	m, _, err := h.Response(5, 5*time.Second)
	if err != nil || m.Error == nil || m.Error.Code != protocol.CodeInvalidArgument {
		t.Fatalf("duplicate: got %+v %v", m, err)
	}
	_ = h.Send(map[string]any{"cancel": 5})
	m, _, err = h.Response(5, 5*time.Second)
	if err != nil || m.Error == nil || m.Error.Code != protocol.CodeCancelled {
		t.Fatalf("first request after cancel: got %+v %v", m, err)
	}
}

func TestServe_CancelCancelsOnlyThatRequest(t *testing.T) {
	h := start(t, 0)
	_ = h.Request(1, "block", nil)
	_ = h.Request(2, "block", nil)
	_ = h.Send(map[string]any{"cancel": 2})
	_ = h.Send(map[string]any{"cancel": 99}) // unknown ids are ignored
	m, _, err := h.Response(2, 5*time.Second)
	if err != nil || m.Error == nil || m.Error.Code != protocol.CodeCancelled {
		t.Fatalf("got %+v %v", m, err)
	}
	_ = h.Send(map[string]any{"cancel": 1})
	if m, _, err = h.Response(1, 5*time.Second); err != nil || m.Error.Code != protocol.CodeCancelled {
		t.Fatalf("got %+v %v", m, err)
	}
}

func TestServe_PanicBecomesInternalAndServingContinues(t *testing.T) {
	h := start(t, 0)
	err := h.Call(1, "panic", nil, nil)
	if pe, ok := err.(*protocol.Error); !ok || pe.Code != protocol.CodeInternal {
		t.Fatalf("got %v", err)
	}
	if err := h.Call(2, "echo", map[string]any{}, nil); err != nil {
		t.Fatalf("engine stopped serving after a panic: %v", err)
	}
}

func TestServe_EventsPrecedeTheResponse(t *testing.T) {
	h := start(t, 0)
	_ = h.Request(3, "events", nil)
	m, events, err := h.Response(3, 5*time.Second)
	if err != nil || m.Error != nil {
		t.Fatalf("got %+v %v", m, err)
	}
	if len(events) != 2 || events[0].Type != protocol.EventPhase || events[1].Message != "hi" || events[1].Time.IsZero() {
		t.Fatalf("events: %+v", events)
	}
}

func TestServe_StdinEOFCancelsEverythingAndExitsZero(t *testing.T) {
	h := start(t, 0)
	_ = h.Request(1, "block", nil)
	// Frames are dispatched in order: once the echo is answered, the block handler is running.
	if err := h.Call(2, "echo", map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	h.in.Close()
	// The blocked handler is cancelled and its answer flushed before Serve returns: it was not
	// abandoned after the 0.3 s wait for handlers.
	m, _, err := h.Response(1, exitHangGuard)
	if err != nil || m.Error == nil || m.Error.Code != protocol.CodeCancelled {
		t.Fatalf("blocked request at EOF: got %+v %v", m, err)
	}
	if code := h.waitExit(t); code != ExitOK {
		t.Fatalf("exit code %d, want 0", code)
	}
}

func TestServe_OversizeFrameEndsWithAnErrorFrameAndCode2(t *testing.T) {
	h := start(t, 1024)
	go h.in.Write([]byte{0, 0, 0x10, 0}) // 4096 > 1024
	m, err := h.Next(5 * time.Second)
	if err != nil || m.ID != 0 || m.Error == nil || m.Error.Code != protocol.CodeProtocol {
		t.Fatalf("got %+v %v", m, err)
	}
	if code := h.waitExit(t); code != ExitProtocol {
		t.Fatalf("exit code %d, want 2", code)
	}
}

func TestServe_GarbageFrameEndsWithAnErrorFrameAndCode2(t *testing.T) {
	h := start(t, 0)
	go h.in.Write(protocol.AppendFrame(nil, []byte{0xc1, 0xc1}))
	m, err := h.Next(5 * time.Second)
	if err != nil || m.Error == nil || m.Error.Code != protocol.CodeProtocol {
		t.Fatalf("got %+v %v", m, err)
	}
	if code := h.waitExit(t); code != ExitProtocol {
		t.Fatalf("exit code %d, want 2", code)
	}
}

func TestServe_HelloAndFinishedResponsesAreFlushedAtEOF(t *testing.T) {
	// The whole input is one request followed by EOF: the hello and the response still arrive.
	req, _ := protocol.Marshal(map[string]any{"id": 1, "method": "echo", "params": map[string]any{"k": "v"}})
	outR, outW := io.Pipe()
	go func() {
		Serve(Options{In: bytesReader(protocol.AppendFrame(nil, req)), Out: outW, Router: testRoutes, Logger: quiet, Hello: protocol.EngineInfo{Protocol: "1.0"}})
		outW.Close()
	}()
	c := enginetest.New(io.Discard, outR)
	if m, err := c.Next(5 * time.Second); err != nil || m.Hello == nil {
		t.Fatalf("no hello: %+v %v", m, err)
	}
	if m, err := c.Next(5 * time.Second); err != nil || m.ID != 1 || !m.HasResult {
		t.Fatalf("no response: %+v %v", m, err)
	}
}

func TestServe_ResultOverTheFrameLimitIsAnInternalError(t *testing.T) {
	h := start(t, 1024)
	err := h.Call(1, "big", nil, nil)
	if pe, ok := err.(*protocol.Error); !ok || pe.Code != protocol.CodeInternal {
		t.Fatalf("got %v", err)
	}
}
