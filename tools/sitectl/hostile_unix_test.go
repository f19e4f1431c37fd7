//go:build unix

package main

import (
	"bytes"
	"maps"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"legalcenter/internal/sitetest"
)

func init() { interruptBinary = sigintBinary }

// sigintBinary: SIGINT while Hugo renders (which cannot be stopped) ends
// the built command within a second with exit 130, its staging folder
// removed and the published folder as it was.
func sigintBinary(t *testing.T, bin string) {
	dir := slowSite(t)
	out := published(t)
	before := sitetest.Tree(t, out)
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "build", "-s", dir, "-o", out)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.Now().Add(5 * time.Minute)
	for len(staged(t, out)) == 0 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no staging folder")
		}
		select {
		case err := <-done:
			t.Fatalf("ended (%v) before the staging folder was seen: %s", err, &stderr)
		case <-time.After(5 * time.Millisecond):
		}
	}
	time.Sleep(300 * time.Millisecond) // into Hugo's render
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	select {
	case <-done:
		if took := time.Since(start); took > time.Second {
			t.Errorf("exited %v after SIGINT, want within a second", took)
		}
		if c := cmd.ProcessState.ExitCode(); c != exitInterrupted {
			t.Errorf("exit %d, want %d: %s", c, exitInterrupted, &stderr)
		}
		t.Logf("exit %d %v after SIGINT", cmd.ProcessState.ExitCode(), time.Since(start))
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("the build went on after SIGINT")
	}
	if s := staged(t, out); len(s) > 0 {
		t.Errorf("staging folder left: %v", s)
	}
	if !strings.Contains(stderr.String(), "interrupted; nothing was published") {
		t.Errorf("stderr: %s", &stderr)
	}
	if got := sitetest.Tree(t, out); !maps.Equal(got, before) {
		t.Errorf("the published folder changed")
	}
}
