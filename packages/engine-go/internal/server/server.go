// Package server runs the engine side of the protocol over a pair of streams (DESIGN.md section
// 4): one goroutine reads frames, every request runs in its own goroutine with its own context,
// one goroutine writes frames. It knows nothing about Helm; methods are looked up in a Router.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// HandlerFunc serves one request. params is the raw msgpack of the request's params (nil when
// absent). The returned value is encoded as the result; an error is classified into a code.
type HandlerFunc func(ctx context.Context, params msgpack.RawMessage, emit protocol.Emitter) (any, error)

// Router finds the handler of a method.
type Router interface {
	Route(method string) (HandlerFunc, bool)
}

// Exit codes of Serve.
const (
	ExitOK       = 0 // stdin closed: the host is gone
	ExitProtocol = 2 // oversize or malformed frame
)

// Options configure Serve.
type Options struct {
	In       io.Reader
	Out      io.Writer
	Hello    protocol.EngineInfo
	MaxFrame int
	Router   Router
	Logger   *slog.Logger
}

// outFrame is one encoded message for the writer; flushed, when set, is closed once written. A
// frame without data is a flush marker.
type outFrame struct {
	data    []byte
	flushed chan struct{}
}

type server struct {
	opts     Options
	log      *slog.Logger
	ctx      context.Context // parent of every request context; cancelled at shutdown
	stop     context.CancelFunc
	out      chan outFrame
	done     chan struct{} // closed when the writer stops (output broken or shutdown)
	quit     chan struct{} // closed when Serve returns: stops the writer
	mu       sync.Mutex
	inflight map[uint64]context.CancelFunc
	handlers sync.WaitGroup // running handlers, so shutdown can give them a moment to answer
}

// Serve writes the hello, then serves requests until the input ends (returns ExitOK) or carries
// a broken frame (writes a final {error} frame and returns ExitProtocol). In-flight requests are
// cancelled on return; their late responses are dropped.
func Serve(opts Options) int {
	if opts.MaxFrame <= 0 {
		opts.MaxFrame = protocol.DefaultMaxFrame
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &server{
		opts: opts, log: opts.Logger, ctx: ctx, stop: stop,
		out:      make(chan outFrame, 64),
		done:     make(chan struct{}),
		quit:     make(chan struct{}),
		inflight: map[uint64]context.CancelFunc{},
	}
	defer stop()
	defer close(s.quit)

	writerErr := make(chan error, 1)
	go func() { writerErr <- s.writeLoop() }()

	s.send(protocol.Hello{Hello: opts.Hello})

	readerDone := make(chan int, 1)
	go func() { readerDone <- s.readLoop() }()

	select {
	case code := <-readerDone:
		return code
	case err := <-writerErr:
		// The host stopped reading our stdout: it is gone just as surely as with stdin EOF.
		s.log.Debug("protocol output closed", "error", err)
		return ExitOK
	}
}

// readLoop reads and dispatches frames until EOF or a fatal frame.
func (s *server) readLoop() int {
	fr := protocol.NewFrameReader(s.opts.In, s.opts.MaxFrame)
	for {
		payload, err := fr.Read()
		if err == nil {
			var m *protocol.Incoming
			m, err = protocol.DecodeIncoming(payload)
			if err == nil {
				s.dispatch(m)
				continue
			}
		}
		if protocol.IsFatal(err) {
			s.log.Error("protocol error, closing", "error", err)
			s.stop()
			s.sendFinal(protocol.ErrorMessage{Error: protocol.Wrap(protocol.CodeProtocol, "", err)})
			return ExitProtocol
		}
		if !errors.Is(err, io.EOF) {
			s.log.Debug("protocol input failed", "error", err)
		}
		s.stop()
		// Cancelled handlers get a moment to answer, and frames already queued (the hello,
		// finished responses) still go out, all well within PROTOCOL.md's one second: the host
		// may only have closed its end for writing.
		s.waitHandlers(300 * time.Millisecond)
		s.flush(500 * time.Millisecond)
		return ExitOK
	}
}

func (s *server) dispatch(m *protocol.Incoming) {
	if m.IsCancel() {
		s.mu.Lock()
		cancel := s.inflight[*m.Cancel]
		s.mu.Unlock()
		if cancel != nil {
			cancel()
		}
		return
	}
	if m.Method == "" {
		s.respondError(m.ID, protocol.Errorf(protocol.CodeInvalidArgument, "method", "request %d has no method", m.ID))
		return
	}
	h, ok := s.opts.Router.Route(m.Method)
	if !ok {
		s.respondError(m.ID, protocol.Errorf(protocol.CodeMethodNotFound, "method", "unknown method %q", m.Method).With("method", m.Method))
		return
	}
	ctx, cancel := context.WithCancel(s.ctx)
	s.mu.Lock()
	if _, dup := s.inflight[m.ID]; dup {
		s.mu.Unlock()
		cancel()
		s.respondError(m.ID, protocol.Errorf(protocol.CodeInvalidArgument, "id", "request id %d is already in flight", m.ID))
		return
	}
	s.inflight[m.ID] = cancel
	s.mu.Unlock()
	s.handlers.Add(1)
	go func() {
		defer s.handlers.Done()
		s.run(ctx, cancel, m, h)
	}()
}

// run executes one handler, turning a panic into an INTERNAL error instead of a dead engine.
func (s *server) run(ctx context.Context, cancel context.CancelFunc, m *protocol.Incoming, h HandlerFunc) {
	em := &emitter{s: s, id: m.ID}
	var (
		result any
		err    error
	)
	func() {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("panic in handler", "method", m.Method, "id", m.ID, "panic", r, "stack", string(debug.Stack()))
				err = protocol.Errorf(protocol.CodeInternal, "", "internal error in %s: panic: %v", m.Method, r)
			}
		}()
		result, err = h(ctx, m.Params, em)
	}()

	// A cancelled request that failed failed because of the cancel, whatever Helm wrapped it in.
	cancelled := errors.Is(ctx.Err(), context.Canceled) && s.ctx.Err() == nil
	s.mu.Lock()
	delete(s.inflight, m.ID)
	s.mu.Unlock()
	cancel()
	em.close()

	if err != nil {
		pe := protocol.Classify(err)
		if cancelled && pe.Code != protocol.CodeCancelled {
			pe = &protocol.Error{Code: protocol.CodeCancelled, Message: "request cancelled: " + pe.Message, Details: pe.Details}
		}
		s.respondError(m.ID, pe.NamingInput(m.Params))
		return
	}
	s.respondResult(m.ID, m.Method, result)
}

func (s *server) respondResult(id uint64, method string, result any) {
	data, err := protocol.Marshal(protocol.ResultMessage{ID: id, Result: result})
	if err != nil {
		s.respondError(id, protocol.Errorf(protocol.CodeInternal, "", "cannot encode the result of %s: %v", method, err))
		return
	}
	if len(data) > s.opts.MaxFrame {
		s.respondError(id, protocol.Errorf(protocol.CodeInternal, "", "the result of %s is %d bytes, over the %d-byte frame limit", method, len(data), s.opts.MaxFrame))
		return
	}
	s.enqueue(outFrame{data: data})
}

func (s *server) respondError(id uint64, e *protocol.Error) {
	s.send(protocol.ErrorMessage{ID: id, Error: e})
}

// send encodes and queues a message. Encoding failures of our own messages are bugs: log them.
func (s *server) send(v any) {
	data, err := protocol.Marshal(v)
	if err != nil {
		s.log.Error("cannot encode message", "error", err)
		return
	}
	s.enqueue(outFrame{data: data})
}

// sendFinal queues a message and waits (briefly) until it is written, for the last frame before
// exit.
func (s *server) sendFinal(v any) {
	data, err := protocol.Marshal(v)
	if err != nil {
		return
	}
	s.enqueue(outFrame{data: data})
	s.flush(2 * time.Second)
}

// waitHandlers waits for running handlers to return, at most timeout.
func (s *server) waitHandlers(timeout time.Duration) {
	done := make(chan struct{})
	go func() { s.handlers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(timeout):
	}
}

// flush waits until every frame queued so far is written, or the timeout passes. It queues an
// empty marker frame; the writer handles frames in order, so the marker is done last.
func (s *server) flush(timeout time.Duration) {
	f := outFrame{flushed: make(chan struct{})}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case s.out <- f:
	case <-s.done:
		return
	case <-timer.C:
		return
	}
	select {
	case <-f.flushed:
	case <-s.done:
	case <-timer.C:
	}
}

func (s *server) enqueue(f outFrame) {
	select {
	case s.out <- f:
	case <-s.done:
	}
}

// writeLoop is the only writer of the output stream. It drains every frame already queued into
// one buffer and writes it with a single syscall: under pipelined load that halves the cost per
// frame, and a lone frame still goes out at once.
func (s *server) writeLoop() error {
	defer close(s.done)
	const batchLimit = 1 << 20
	var (
		buf     []byte
		flushed []chan struct{}
	)
	add := func(f outFrame) error {
		if f.data != nil {
			if uint64(len(f.data)) > uint64(^uint32(0)) {
				return fmt.Errorf("write frame: %w: %d bytes", protocol.ErrFrameTooLarge, len(f.data))
			}
			buf = protocol.AppendFrame(buf, f.data)
		}
		if f.flushed != nil {
			flushed = append(flushed, f.flushed)
		}
		return nil
	}
	for {
		select {
		case f := <-s.out:
			if err := add(f); err != nil {
				return err
			}
		case <-s.quit:
			return nil
		}
	drain:
		for len(buf) < batchLimit {
			select {
			case f := <-s.out:
				if err := add(f); err != nil {
					return err
				}
			default:
				break drain
			}
		}
		if len(buf) > 0 {
			if _, err := s.opts.Out.Write(buf); err != nil {
				return fmt.Errorf("write frame: %w", err)
			}
		}
		for _, ch := range flushed {
			close(ch)
		}
		buf, flushed = buf[:0], flushed[:0]
		if cap(buf) > 4*batchLimit {
			buf = nil // do not keep a chart-sized buffer around after one large frame
		}
	}
}

// emitter sends events of one request until its response is on its way.
type emitter struct {
	s      *server
	id     uint64
	mu     sync.Mutex
	closed bool
}

func (e *emitter) Emit(ev protocol.Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return
	}
	if ev.Time.IsZero() {
		ev.Time = time.Now()
	}
	e.s.send(protocol.EventMessage{ID: e.id, Event: ev})
}

func (e *emitter) close() {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
}
