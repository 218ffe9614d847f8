//go:build unix

package main

import (
	"os"
	"syscall"
)

// takeStdio returns private copies of fds 0 and 1 for the protocol, then makes fd 1 a copy of
// stderr and fd 0 /dev/null. Redirecting the fds themselves (not only the os.Stdout variable)
// also catches writes by code holding its own reference to fd 1.
func takeStdio() (in *os.File, out *os.File, err error) {
	inFd, err := syscall.Dup(0)
	if err != nil {
		return nil, nil, err
	}
	outFd, err := syscall.Dup(1)
	if err != nil {
		return nil, nil, err
	}
	syscall.CloseOnExec(inFd)
	syscall.CloseOnExec(outFd)
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		return nil, nil, err
	}
	if err := dup2(int(devnull.Fd()), 0); err != nil {
		return nil, nil, err
	}
	if err := dup2(2, 1); err != nil {
		return nil, nil, err
	}
	devnull.Close()
	os.Stdin = os.NewFile(0, "/dev/stdin")
	os.Stdout = os.NewFile(1, "/dev/stdout")
	return os.NewFile(uintptr(inFd), "protocol-in"), os.NewFile(uintptr(outFd), "protocol-out"), nil
}
