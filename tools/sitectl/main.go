// Command sitectl builds, checks, previews and reports on the legal center.
// Run `sitectl help` for its commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"

	"legalcenter/internal/pace"
)

func main() {
	// Twice Go's default pace, for every command but build's Hugo stage
	// and those after it (see buildPace). GOGC, when set, still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	ctx, stop := interruptible(os.Exit)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// buildPace sets the collector's pace of a build, stage by stage, unless
// GOGC is set:
//   - The stages before Hugo hold every document's parsed content. At
//     Go's default pace that content of the 30,000-page scale site
//     (tools/genscale/scale.sh 5000) peaked at 3.45 GB, above the Hugo
//     CLI's 3.11 GB for the whole build (bench/build-vs-hugo.sh), so
//     they collect twice as often.
//   - While Hugo renders, the heap is mostly Hugo's. It is paced as the
//     CLI's is, at Go's default pace less what the build holds for its
//     later stages (pace.Pacer.Match), so that it peaks no higher than
//     the CLI's without the CPU that twice the collections cost (11%
//     more for Hugo alone on this site: bench/hugo-inprocess.sh).
//     What the build holds counts two and a half times: Hugo also
//     renders more for a build than the CLI renders of the same tree
//     (the translation status and its page, filled-in sections), and
//     holds it to the end. At 30,000 pages, counted once, the build
//     peaked at 1.09x the CLI's memory (3.55 GB); counted twice, at
//     0.97x, for 1.19x its CPU against 1.36x at GOGC 50 throughout. On
//     this site: 1.01x to 1.04x once, 0.96x to 1.005x twice. A rebuild
//     that writes its pages from the page cache holds less (no proof's
//     buffers) for as much of Hugo's extra: counted twice, it peaked at
//     1.003x to 1.015x the CLI's memory (the medians of 20 and 25
//     rounds), two and a half times 0.987x, for no CPU that rounds
//     tell apart; a build without the caches (-fresh) at 0.94x, for
//     1.21x the CLI's CPU, as at twice (bench/build-vs-hugo.sh, 15 and
//     25 rounds). At scale, two and a half times is unmeasured.
//   - When Hugo is done, all it held is garbage: one collection then
//     finds only what the later stages read live, and they reuse the
//     memory it frees instead of growing the heap past Hugo's peak. They
//     run at Go's default pace.
//   - When the build ends, however it ends, the pace is the one before
//     it again: twice Go's default, as for every other command.
func buildPace() func(stage string, held func() int64) {
	if os.Getenv("GOGC") != "" {
		return nil
	}
	was := debug.SetGCPercent(100) // the pace before the build (main's, in the command), read
	debug.SetGCPercent(was)
	p := pace.New()
	stage := 0 // 0 before Hugo, 1 while it renders, 2 after
	return func(name string, held func() int64) {
		switch {
		case name == "hugo":
			p.Match(func() int64 { return held() * 5 / 2 })
			stage = 1
		case stage == 1 && name != "":
			stage = 2
			runtime.GC()
			p.Fixed(100)
		case stage == 2 && name != "":
			// Go's default pace, set when Hugo ended.
		case name == "":
			p.Fixed(was)
		default: // before Hugo
			p.Fixed(50)
		}
	}
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
