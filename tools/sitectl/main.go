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
	// GOGC, when set, still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	// Ctrl-C, and the SIGTERM of a cancelled CI job or `timeout`, end a
	// build cleanly: nothing published, its staging folder removed.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
