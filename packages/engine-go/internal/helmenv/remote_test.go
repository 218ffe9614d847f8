package helmenv

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/helm-sdk/helm-sdk/packages/engine-go/internal/protocol"
)

func TestIsAuthFailure(t *testing.T) {
	cases := []struct {
		msg  string
		want bool
	}{
		{`failed to fetch http://127.0.0.1:40317/index.yaml : 401 Unauthorized`, true},
		{`GET "http://h/v2/x/manifests/1": response status code 403: denied`, true},
		{`GET "http://h/v2/x/manifests/1": basic credential not found`, true},
		{`chart "x" version ">>1" not found in http://127.0.0.1:40317 repository`, false}, // port, not status
		{`chart "x" not found in http://127.0.0.1:34010 repository`, false},
		{`dial tcp 127.0.0.1:1: connect: connection refused`, false},
		{`sha256:4013abcd not found`, false},
	}
	for _, c := range cases {
		if got := IsAuthFailure(c.msg); got != c.want {
			t.Errorf("IsAuthFailure(%q) = %v, want %v", c.msg, got, c.want)
		}
	}
}

func TestClassifyRemote(t *testing.T) {
	cases := []struct {
		err    error
		target string
		want   protocol.Code
	}{
		{errors.New("failed to fetch https://r/index.yaml : 401 Unauthorized"), "https://r", protocol.CodeRegistryAuth},
		{errors.New(`Get "http://127.0.0.1:1/index.yaml": dial tcp 127.0.0.1:1: connect: connection refused`), "http://127.0.0.1:1", protocol.CodeInvalidArgument},
		{errors.New("tls: failed to verify certificate: x509: certificate signed by unknown authority"), "https://r", protocol.CodeInvalidArgument},
		{errors.New(`chart "nope" not found in http://127.0.0.1:40404 repository`), "", protocol.CodeChartNotFound},
		{context.Canceled, "", protocol.CodeCancelled},
	}
	for _, c := range cases {
		e := ClassifyRemote(c.err, "url", c.target, "hunter2")
		if e.Code != c.want {
			t.Errorf("ClassifyRemote(%q) = %s, want %s", c.err, e.Code, c.want)
		}
		if c.target != "" && e.Details["url"] != c.target {
			t.Errorf("details.url = %v, want %s", e.Details["url"], c.target)
		}
	}
	// A plain-HTTP server asked over TLS: say what to do instead of CHART_NOT_FOUND (issue 11).
	plain := fmt.Errorf(`failed to do request: Head "https://127.0.0.1:5000/v2/charts/web/manifests/1.0.0": %w`,
		errors.New("http: server gave HTTP response to HTTPS client"))
	for _, c := range []struct{ input, target, wantInput, wantText string }{
		{"chart", "127.0.0.1:5000", "plainHttp", "127.0.0.1:5000 answered plain HTTP to an HTTPS request; pass plainHttp: true"},
		{"url", "https://127.0.0.1:5000", "url", "https://127.0.0.1:5000 answered plain HTTP to an HTTPS request; use its http:// URL"},
	} {
		e := ClassifyRemote(plain, c.input, c.target)
		if e.Code != protocol.CodeInvalidArgument || e.Details["input"] != c.wantInput || !strings.HasPrefix(e.Message, c.wantText) ||
			!strings.Contains(e.Message, "server gave HTTP response to HTTPS client") {
			t.Errorf("plain HTTP from %s: %s %v %q", c.target, e.Code, e.Details, e.Message)
		}
	}
	if PlainHTTPError(errors.New(`chart "web" not found`), "chart", "r") != nil {
		t.Error("PlainHTTPError matched an unrelated error")
	}

	e := ClassifyRemote(errors.New("bad password hunter2 for u"), "url", "https://r", "hunter2")
	if got := e.Message; got != "https://r: bad password *** for u" {
		t.Errorf("message %q still names the password", got)
	}
}

// TestLockRepoFile_Exclusive: two lock holders never overlap, even within one process.
func TestLockRepoFile_Exclusive(t *testing.T) {
	file := t.TempDir() + "/repositories.yaml"
	var mu sync.Mutex
	inside, maxInside := 0, 0
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unlock, err := LockRepoFile(context.Background(), file)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			inside++
			maxInside = max(maxInside, inside)
			mu.Unlock()
			time.Sleep(10 * time.Millisecond)
			mu.Lock()
			inside--
			mu.Unlock()
			unlock()
		}()
	}
	wg.Wait()
	if maxInside != 1 {
		t.Fatalf("%d holders at once, want 1", maxInside)
	}
}
