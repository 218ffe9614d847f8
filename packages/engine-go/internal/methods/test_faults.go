package methods

// Test-only methods (PROTOCOL.md): they let the TS side test crash recovery, cancellation,
// timeouts, panics, stdout isolation and events against the real binary. They are registered
// only when HELM_SDK_ENGINE_TEST=1.

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

// CrashParams: exit code for test.crash.
type CrashParams struct {
	Code int `msgpack:"code,omitempty" doc:"Exit code. Defaults to 0."`
}

// SleepParams: duration for test.sleep.
type SleepParams struct {
	Ms   int    `msgpack:"ms,omitempty" doc:"Milliseconds to sleep."`
	Mark string `msgpack:"mark,omitempty" doc:"A file to which the engine appends its pid and a newline when the sleep starts: how the host's tests count the attempts of a call across engine restarts."`
}

// SleepResult reports the time actually slept.
type SleepResult struct {
	Ms  int `msgpack:"ms"`
	Pid int `msgpack:"pid" doc:"The pid of the engine that slept."`
}

// StdoutParams: text for test.stdout.
type StdoutParams struct {
	Text string `msgpack:"text,omitempty" doc:"Written to os.Stdout (which the engine points at stderr)."`
}

// EventsParams: number of events for test.events.
type EventsParams struct {
	Count int `msgpack:"count,omitempty" doc:"Number of log events to emit before the result."`
}

// EventsResult reports how many events were emitted.
type EventsResult struct {
	Count int `msgpack:"count"`
}

// Empty is the result of methods that return nothing.
type Empty struct{}

func testMethods() []*Method {
	return []*Method{
		defineTest("test.crash", "Exit at once with code.", func(_ context.Context, _ *Request, p *CrashParams) (*Empty, error) {
			fmt.Fprintf(os.Stderr, "test.crash: exiting with code %d\n", p.Code)
			os.Exit(p.Code)
			return nil, nil
		}),
		defineTest("test.hang", "Block forever, ignoring cancel.", func(_ context.Context, _ *Request, _ *NoParams) (*Empty, error) {
			select {}
		}),
		defineTest("test.sleep", "Sleep ms milliseconds; honours cancel.", func(ctx context.Context, _ *Request, p *SleepParams) (*SleepResult, error) {
			start := time.Now()
			if p.Mark != "" {
				if err := appendLine(p.Mark, strconv.Itoa(os.Getpid())); err != nil {
					return nil, err
				}
			}
			t := time.NewTimer(time.Duration(p.Ms) * time.Millisecond)
			defer t.Stop()
			select {
			case <-t.C:
				return &SleepResult{Ms: int(time.Since(start).Milliseconds()), Pid: os.Getpid()}, nil
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}),
		defineTest("test.panic", "Panic in the handler.", func(_ context.Context, _ *Request, _ *NoParams) (*Empty, error) {
			panic("test.panic called")
		}),
		defineTest("test.stdout", "Write text to os.Stdout and return.", func(_ context.Context, _ *Request, p *StdoutParams) (*Empty, error) {
			_, err := fmt.Fprint(os.Stdout, p.Text)
			return &Empty{}, err
		}),
		defineTest("test.events", "Emit count log events, then return.", func(_ context.Context, req *Request, p *EventsParams) (*EventsResult, error) {
			for i := 0; i < p.Count; i++ {
				req.Emit.Emit(protocol.Event{Type: protocol.EventLog, Level: "info", Message: fmt.Sprintf("event %d", i+1), Attrs: map[string]any{"index": i + 1}})
			}
			return &EventsResult{Count: p.Count}, nil
		}),
	}
}

// appendLine appends line and a newline to the file at path in one write (O_APPEND), so attempts
// from engines that overlap in time never interleave.
func appendLine(path, line string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(line + "\n"); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
