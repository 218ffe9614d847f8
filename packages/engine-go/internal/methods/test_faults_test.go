package methods

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The host's retry tests count a call's attempts across engine restarts through test.sleep's mark
// file: one line with the engine's pid per attempt, appended, never overwritten.
func TestTestSleep_MarkAppendsThePidPerAttempt(t *testing.T) {
	mark := filepath.Join(t.TempDir(), "attempts")
	for i := 0; i < 2; i++ {
		res, err := call[SleepResult](t, "test.sleep", map[string]any{"ms": 1, "mark": mark})
		if err != nil || res.Pid != os.Getpid() {
			t.Fatalf("attempt %d: got %+v %v", i, res, err)
		}
	}
	data, err := os.ReadFile(mark)
	pid := strconv.Itoa(os.Getpid())
	if err != nil || string(data) != pid+"\n"+pid+"\n" {
		t.Fatalf("mark file %q %v, want two lines of %s", data, err, pid)
	}
	_, err = call[SleepResult](t, "test.sleep", map[string]any{"ms": 1, "mark": filepath.Join(mark, "not-a-dir", "x")})
	if err == nil {
		t.Fatal("an unwritable mark file did not fail the call")
	}
}
