//go:build linux

package main

import "syscall"

// dup2 via Dup3: linux/arm64 has no dup2 syscall.
func dup2(oldfd, newfd int) error { return syscall.Dup3(oldfd, newfd, 0) }
