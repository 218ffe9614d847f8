package main

// The launcher's control channel, for fault tests that break the control plane of THEIR OWN
// environment on purpose and put it back (never the shared one other suites use). With
// --watch-stdin each line on stdin is a command; each command gets exactly one reply line on
// stdout, in order ("ok [...]" or "error <why>"); closing stdin still shuts everything down.
//
//	apiserver-kill    SIGKILL kube-apiserver: clients get "connection refused" until it is back.
//	                  Reply "ok".
//	apiserver-start   start kube-apiserver again with the same flags, so the same port,
//	                  certificates and etcd (no data lost), and wait for /readyz.
//	                  Reply "ok <pid>".
//
// A hung API server (SIGSTOP/SIGCONT) needs no launcher help: the TS API signals the pid.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"k8s.io/client-go/kubernetes"
)

// apiServerSpec is what apiserver-start needs to start the same API server again.
type apiServerSpec struct {
	bin    string
	args   []string
	client *kubernetes.Clientset
}

var stdoutMu sync.Mutex

// printLine writes one line to stdout (the endpoints path, control replies) atomically.
func printLine(s string) {
	stdoutMu.Lock()
	defer stdoutMu.Unlock()
	fmt.Fprintln(os.Stdout, s)
}

// serveControl reads commands from r until EOF, then calls onEOF.
func (e *env) serveControl(ctx context.Context, r io.Reader, onEOF func()) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		cmd := strings.TrimSpace(sc.Text())
		if cmd == "" {
			continue
		}
		reply, err := e.control(ctx, cmd)
		if err != nil {
			logf("control %q: %v", cmd, err)
			printLine("error " + strings.ReplaceAll(err.Error(), "\n", " | "))
			continue
		}
		logf("control %q: %s", cmd, reply)
		printLine(strings.TrimSpace("ok " + reply))
	}
	onEOF()
}

func (e *env) control(ctx context.Context, cmd string) (string, error) {
	e.mu.Lock()
	spec := e.apiSpec
	e.mu.Unlock()
	if spec == nil {
		return "", errors.New("no kube-apiserver in this environment (not ready yet, or --no-cluster)")
	}
	switch cmd {
	case "apiserver-kill":
		if c := e.apiServer(); c != nil {
			c.kill()
		}
		return "", nil
	case "apiserver-start":
		if c := e.apiServer(); c != nil && !c.exited() {
			return "", fmt.Errorf("kube-apiserver (pid %d) is running", c.pid())
		}
		api, err := startChild("kube-apiserver", e.logDir, spec.bin, spec.args...)
		if err != nil {
			return "", err
		}
		e.add(api)
		wait, cancel := context.WithTimeout(ctx, 90*time.Second)
		defer cancel()
		if err := waitReady(wait, api, spec.client); err != nil {
			return "", err
		}
		return fmt.Sprint(api.pid()), nil
	default:
		return "", fmt.Errorf("unknown command %q (apiserver-kill, apiserver-start)", cmd)
	}
}

// apiServer is the most recently started kube-apiserver child.
func (e *env) apiServer() *child {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := len(e.children) - 1; i >= 0; i-- {
		if e.children[i].name == "kube-apiserver" {
			return e.children[i]
		}
	}
	return nil
}

// waitReady polls /readyz until it says ok.
func waitReady(ctx context.Context, api *child, cs *kubernetes.Clientset) error {
	if err := poll(ctx, 100*time.Millisecond, func() (bool, error) {
		if api.exited() {
			return false, fmt.Errorf("kube-apiserver exited: %v\n%s", api.err, api.tail(20))
		}
		b, err := cs.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		return err == nil && string(b) == "ok", nil
	}); err != nil {
		return fmt.Errorf("waiting for kube-apiserver /readyz: %w\n%s", err, api.tail(20))
	}
	return nil
}

// kill SIGKILLs the child's process group on purpose (not reported as a failure) and waits for it.
func (c *child) kill() {
	c.mu.Lock()
	c.stopped = true
	c.mu.Unlock()
	if c.exited() {
		return
	}
	_ = syscall.Kill(-c.pid(), syscall.SIGKILL)
	<-c.done
}
