// Command sitecheck checks the links, fragments, ids, hreflang and anchor
// parity of a built site folder: "sitectl check" without the rest of
// sitectl. It takes the same flags and writes the same report, with the
// same exit status (package checkcmd runs both), but links no Hugo, so it
// starts in a few milliseconds where sitectl spends most of 100 ms
// initialising Hugo's dependencies before reading a page.
//
//	go run ./tools/sitecheck [flags] [DIR]
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"legalcenter/internal/checkcmd"
)

func main() {
	// Ctrl-C and SIGTERM stop the online check's requests cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := checkcmd.Run(ctx, "sitecheck", os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
