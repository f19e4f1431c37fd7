// Command sitectl builds, checks, previews and reports on the legal center.
// Run `sitectl help` for its commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
)

func main() {
	// A build holds the whole site in memory, several times over while it
	// is rendered, cleaned and minified: collect garbage twice as often as
	// Go's default, for about a third less peak memory at some 6% more time
	// (see tools/genscale/scale.sh). GOGC, when set, still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
