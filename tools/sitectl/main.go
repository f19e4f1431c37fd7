// Command sitectl builds, checks, previews and reports on the legal center.
// Run `sitectl help` for its commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	// Most of a build's memory is Hugo's, and much of that is garbage
	// between collections: collecting twice as often as Go's default
	// keeps the peak of the 30,000-page scale site at 4.4 GB instead of
	// 6.4 GB, for about 8% more time (tools/genscale/scale.sh 5000).
	// The stages before Hugo keep it: at Go's default pace their parsed
	// content of that site peaked at 3.45 GB, above the Hugo CLI's
	// 3.11 GB for the whole build (bench/build-vs-hugo.sh).
	// GOGC, when set, still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	ctx, stop := interruptible(os.Exit)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// interruptible returns a context that Ctrl-C, or the SIGTERM of a
// cancelled CI job or `timeout`, ends: a build then stops at once and
// cleanly (the running stage is abandoned, as Hugo cannot be stopped
// mid-render; nothing is published; the staging folder is removed; exit
// 130). A second signal calls exit(130) there and then. stop ends the
// handling.
func interruptible(exit func(int)) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			cancel()
		case <-done:
			return
		}
		select {
		case <-sigs:
			exit(exitInterrupted)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}
