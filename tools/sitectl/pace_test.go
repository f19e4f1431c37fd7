package main

import (
	"runtime/debug"
	"testing"
)

// gogc is the process's GOGC, which it leaves as it was.
func gogc() int {
	v := debug.SetGCPercent(100)
	debug.SetGCPercent(v)
	return v
}

// TestBuildPace: a build's stages before Hugo collect twice as often as
// Go's default, Hugo's stage at about the default (little is held here),
// every stage after it at the default, and the end of the build goes back
// to the pace before it (main's, for other commands).
func TestBuildPace(t *testing.T) {
	t.Setenv("GOGC", "")
	defer debug.SetGCPercent(debug.SetGCPercent(70)) // as main sets 50
	pace := buildPace()
	if pace == nil {
		t.Fatal("no pace without GOGC in the environment")
	}
	held := func() int64 { return 1 << 10 }
	for _, step := range []struct {
		stage    string
		min, max int
	}{
		{"lint", 50, 50},
		{"l10n", 50, 50},
		{"versions", 50, 50},
		{"hugo", 90, 100},
		{"compare", 100, 100},
		{"check", 100, 100},
		{"minify", 100, 100},
		{"publish", 100, 100},
		{"", 70, 70}, // the pace before the build
	} {
		pace(step.stage, held)
		if got := gogc(); got < step.min || got > step.max {
			t.Errorf("GOGC %d from stage %q on, want %d to %d", got, step.stage, step.min, step.max)
		}
	}
	t.Setenv("GOGC", "200")
	if buildPace() != nil {
		t.Error("a pace despite GOGC=200 in the environment")
	}
}
