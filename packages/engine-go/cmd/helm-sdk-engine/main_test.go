package main

// Tests of the built binary as a child process: the stdio guard, hello, exit codes. The binary is
// built once per test run with the same ldflags as scripts/build.sh (so .Capabilities match the
// reference CLI); -short skips these tests.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/enginetest"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// helmModVersion reads the helm.sh/helm/v4 version from go.mod.
func helmModVersion(t *testing.T) string {
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*helm\.sh/helm/v4 (v\S+)`).FindSubmatch(data)
	if m == nil {
		t.Fatal("helm.sh/helm/v4 not in go.mod")
	}
	return string(m[1])
}

func engineBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the engine binary; skipped with -short")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "helm-sdk-engine-test-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "helm-sdk-engine")
		if runtime.GOOS == "windows" {
			binPath += ".exe"
		}
		ldflags := "-X helm.sh/helm/v4/internal/version.version=" + helmModVersion(t) +
			" -X github.com/helm-sdk/helm-sdk/packages/engine-go/internal/buildinfo.EngineVersion=0.0.0-test"
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", binPath, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

type child struct {
	*enginetest.Client
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr *bytes.Buffer
	hello  *protocol.EngineInfo
}

func startEngine(t *testing.T, env ...string) *child {
	t.Helper()
	cmd := exec.Command(engineBinary(t))
	cmd.Env = append(os.Environ(), env...)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &syncWriter{w: &stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{Client: enginetest.New(stdin, stdout), cmd: cmd, stdin: stdin, stderr: &stderr}
	t.Cleanup(func() { stdin.Close(); _ = cmd.Process.Kill(); _ = cmd.Wait() })
	m, err := c.Next(10 * time.Second)
	if err != nil || m.Hello == nil {
		t.Fatalf("no hello: %+v %v; stderr:\n%s", m, err, stderr.String())
	}
	c.hello = m.Hello
	return c
}

// exitHangGuard bounds every wait for the engine to exit. It only tells a hang from a slow exit:
// the engine's longest own wait on any exit path is 2 s (the final flush after a protocol error;
// 0.8 s after stdin EOF), and a busy 2-core machine delays a process by tens to hundreds of ms,
// not seconds. Promptness is asserted by ordering where it matters (a cancelled answer first).
const exitHangGuard = 10 * time.Second

func (c *child) wait(t *testing.T, within time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(within):
		t.Fatalf("engine did not exit within %v", within)
		return -1
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func TestBinary_HelloNamesVersions(t *testing.T) {
	c := startEngine(t)
	h := c.hello
	if h.Protocol != protocol.Version || h.Engine != "0.0.0-test" || h.Helm != helmModVersion(t) ||
		h.Go != runtime.Version() || h.Pid != c.cmd.Process.Pid || h.MaxFrame != protocol.DefaultMaxFrame {
		t.Fatalf("hello %+v", h)
	}
}

func TestBinary_HelmWritesToStdoutCannotCorruptTheProtocol(t *testing.T) {
	c := startEngine(t, "HELM_SDK_ENGINE_TEST=1")
	if err := c.Call(1, "test.stdout", map[string]any{"text": "NOT A FRAME\n"}, nil); err != nil {
		t.Fatal(err)
	}
	var pong struct {
		Payload []byte `msgpack:"payload"`
	}
	if err := c.Call(2, "engine.ping", map[string]any{"payload": []byte{0, 1, 2}}, &pong); err != nil || !bytes.Equal(pong.Payload, []byte{0, 1, 2}) {
		t.Fatalf("ping after stdout write: %+v %v", pong, err)
	}
	c.stdin.Close()
	if code := c.wait(t, exitHangGuard); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	if !strings.Contains(c.stderr.String(), "NOT A FRAME") {
		t.Fatalf("os.Stdout text did not reach stderr:\n%s", c.stderr.String())
	}
}

func TestBinary_StdinEOFExitsPromptlyWithRequestsInFlight(t *testing.T) {
	c := startEngine(t, "HELM_SDK_ENGINE_TEST=1")
	_ = c.Request(1, "test.sleep", map[string]any{"ms": 60000})
	// Frames are dispatched in order: once the ping is answered, the sleep is running.
	if err := c.Call(2, "engine.ping", map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	c.stdin.Close()
	// Prompt means the sleep was cancelled and answered, not abandoned after the engine's 0.3 s
	// wait for handlers nor waited out: its CANCELLED answer comes before the exit. The timeouts
	// only guard against a hang (exitHangGuard); they are far below the 60 s sleep.
	m, _, err := c.Response(1, exitHangGuard)
	if err != nil || m.Error == nil || m.Error.Code != protocol.CodeCancelled {
		t.Fatalf("in-flight sleep at EOF: got %+v %v", m, err)
	}
	if code := c.wait(t, exitHangGuard); code != 0 {
		t.Fatalf("exit code %d", code)
	}
}

func TestBinary_OversizeFrameExitsWithCode2(t *testing.T) {
	c := startEngine(t, "HELM_SDK_MAX_FRAME=1024")
	if c.hello.MaxFrame != 1024 {
		t.Fatalf("hello maxFrame %d", c.hello.MaxFrame)
	}
	_, _ = c.stdin.Write([]byte{0, 1, 0, 0})
	m, err := c.Next(5 * time.Second)
	if err != nil || m.Error == nil || m.Error.Code != protocol.CodeProtocol {
		t.Fatalf("got %+v %v", m, err)
	}
	if code := c.wait(t, exitHangGuard); code != 2 {
		t.Fatalf("exit code %d, want 2", code)
	}
}

func TestBinary_TestMethodsAndProtocolOverride(t *testing.T) {
	plain := startEngine(t)
	if err := plain.Call(1, "test.crash", map[string]any{"code": 3}, nil); err == nil || err.(*protocol.Error).Code != protocol.CodeMethodNotFound {
		t.Fatalf("test.crash without HELM_SDK_ENGINE_TEST: %v", err)
	}
	c := startEngine(t, "HELM_SDK_ENGINE_TEST=1", "HELM_SDK_ENGINE_TEST_PROTOCOL=9.0")
	if c.hello.Protocol != "9.0" {
		t.Fatalf("hello protocol %q", c.hello.Protocol)
	}
	_ = c.Request(1, "test.crash", map[string]any{"code": 3})
	if code := c.wait(t, exitHangGuard); code != 3 {
		t.Fatalf("exit code %d, want 3", code)
	}
}
