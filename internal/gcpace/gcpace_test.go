package gcpace

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestPercent: the percent is Go's default while the heap is small beside
// its end, and tightens to the caller's as the end nears, so that the heap
// goal stays at the peak the caller's percent gives at the end.
func TestPercent(t *testing.T) {
	const mb = 1 << 20
	// A heap of 20 MB before the first page that grows by 40 MB over the
	// pages: 60 MB at the end, for a peak of 90 MB at GOGC=50, and 81 MB
	// aimed at.
	live := func(f float64) uint64 { return uint64((20 + 40*f) * mb) }
	e := estimate{base: 50}
	for _, tc := range []struct {
		f    float64
		want int
	}{
		{0, 100},
		{0.1, 100},
		{0.2, 100}, // the anchor
		{0.3, 100},
		{0.4, 100}, // 81 MB / 36 MB: 125, at most 100
		{0.6, 84},  // 81 / 44
		{0.7, 68},  // 81 / 48
		{0.9, 44},  // 81 / 56
		{0.99, 35},
		{1, 35},
		{1.2, 35}, // more pages than expected: the heap is at its end
	} {
		if got := e.percent(tc.f, live(tc.f)); got != tc.want {
			t.Errorf("at %.0f%%: percent %d, want %d", tc.f*100, got, tc.want)
		}
		// The goal never passes the peak aimed at.
		if goal := float64(live(tc.f)) * (1 + float64(e.percent(tc.f, live(tc.f)))/100); tc.f >= 0.4 && tc.f <= 1 && goal > 81*mb*1.001 {
			t.Errorf("at %.0f%%: heap goal %.1f MB, above the 81 MB aimed at", tc.f*100, goal/mb)
		}
	}

	// A heap that stops growing: the end is the heap now.
	e = estimate{base: 50}
	e.percent(0.2, 50*mb)
	if got := e.percent(0.8, 50*mb); got != 35 {
		t.Errorf("flat heap: percent %d, want 35", got)
	}
	// A heap that shrinks (a page's garbage freed): its end is the heap
	// now, too.
	if got := e.percent(0.9, 30*mb); got != 35 {
		t.Errorf("shrinking heap: percent %d, want 35", got)
	}
}

// TestPacer: a Pacer sets Go's default pace, sets the percent after each
// collection, and puts the caller's back when stopped; a GOGC in the
// environment is left alone.
func TestPacer(t *testing.T) {
	t.Setenv("GOGC", "")
	old := debug.SetGCPercent(50)
	defer debug.SetGCPercent(old)

	p := Start(10)
	if p == nil {
		t.Fatal("Start(10) at GOGC=50: nil")
	}
	if got := debug.SetGCPercent(Max); got != Max {
		t.Errorf("percent while pacing: %d, want %d", got, Max)
	}
	seen := make(chan int, 100)
	p.mu.Lock()
	p.log = func(_ float64, _ uint64, percent int) { seen <- percent }
	p.mu.Unlock()
	for range 10 {
		p.Step()
	}
	runtime.GC()
	select {
	case got := <-seen:
		if got != 35 {
			t.Errorf("every step done: percent %d, want 35", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no pacing after a collection")
	}
	p.Stop()
	if got := debug.SetGCPercent(50); got != 50 {
		t.Errorf("percent after Stop: %d, want 50", got)
	}

	t.Setenv("GOGC", "50")
	if p := Start(10); p != nil {
		p.Stop()
		t.Error("Start paced with GOGC set in the environment")
	}
	t.Setenv("GOGC", "")
	debug.SetGCPercent(100)
	if p := Start(10); p != nil {
		p.Stop()
		t.Error("Start paced at Go's default percent already")
	}
}
