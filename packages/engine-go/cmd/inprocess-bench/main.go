// Command inprocess-bench times engine methods called in-process: the same handler code the
// engine runs for a request (param decoding, Helm library calls, result building), minus the
// process boundary and the wire. tools/bench divides the SDK's time by this one to report the
// SDK's overhead over using the Helm library directly from Go.
//
//	go run ./cmd/inprocess-bench -method chart.template -params '{"chart":"/path","releaseName":"bench"}' -n 30
//
// Prints one JSON line: {"method": ..., "median_ms": ..., "p90_ms": ..., "n": ...}.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"sort"
	"time"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/methods"
	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

type discard struct{}

func (discard) Emit(protocol.Event) {}

func main() {
	method := flag.String("method", "chart.template", "engine method to call")
	params := flag.String("params", "{}", "method params as JSON")
	settings := flag.String("settings", "{}", "engine.configure params as JSON")
	n := flag.Int("n", 30, "timed calls (after 3 warm-up calls)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the timed calls to this file")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			_ = pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	if err := run(*method, *params, *settings, *n); err != nil {
		fmt.Fprintln(os.Stderr, "inprocess-bench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func toMsgpack(jsonText string) (msgpack.RawMessage, error) {
	var v map[string]any
	if err := json.Unmarshal([]byte(jsonText), &v); err != nil {
		return nil, err
	}
	return protocol.Marshal(v)
}

func run(method, paramsJSON, settingsJSON string, n int) error {
	reg := methods.NewRegistry(&methods.Engine{}, false)
	call := func(name, body string) (any, error) {
		h, ok := reg.Route(name)
		if !ok {
			return nil, fmt.Errorf("no method %s", name)
		}
		raw, err := toMsgpack(body)
		if err != nil {
			return nil, err
		}
		return h(context.Background(), raw, discard{})
	}
	if _, err := call("engine.configure", settingsJSON); err != nil {
		return fmt.Errorf("configure: %w", err)
	}
	times := make([]float64, 0, n)
	for i := 0; i < n+3; i++ {
		start := time.Now()
		if _, err := call(method, paramsJSON); err != nil {
			return err
		}
		if i >= 3 {
			times = append(times, float64(time.Since(start).Microseconds())/1000)
		}
	}
	sort.Float64s(times)
	out, _ := json.Marshal(map[string]any{
		"method": method, "n": n,
		"median_ms": times[len(times)/2], "p90_ms": times[len(times)*9/10],
	})
	fmt.Println(string(out))
	return nil
}
