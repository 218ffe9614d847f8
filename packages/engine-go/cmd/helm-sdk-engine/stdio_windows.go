//go:build windows

package main

import "os"

// takeStdio on Windows keeps the original handles for the protocol and points the os.Stdout and
// os.Stdin variables at stderr and NUL (handles cannot be re-pointed as on Unix).
func takeStdio() (in *os.File, out *os.File, err error) {
	in, out = os.Stdin, os.Stdout
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		return nil, nil, err
	}
	os.Stdin = devnull
	os.Stdout = os.Stderr
	return in, out, nil
}
