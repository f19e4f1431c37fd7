//go:build unix

package main

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// TestInterruptible: the first signal ends the context, the second exits
// with 130 at once.
func TestInterruptible(t *testing.T) {
	exited := make(chan int, 1)
	ctx, stop := interruptible(func(code int) { exited <- code })
	defer stop()
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the first signal did not end the context")
	}
	select {
	case c := <-exited:
		t.Fatalf("exit(%d) on the first signal", c)
	case <-time.After(50 * time.Millisecond):
	}
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	select {
	case c := <-exited:
		if c != exitInterrupted {
			t.Errorf("exit(%d), want %d", c, exitInterrupted)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the second signal did not exit")
	}
}
