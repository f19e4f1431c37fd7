package pace

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestGoal(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		held int64
		want int
	}{
		{0, 0, 100},         // no collection yet
		{0, 1 << 20, 100},   // nor here
		{100 << 20, 0, 100}, // nothing held: Go's default pace
		{100 << 20, -5, 100},
		{100 << 20, 5 << 20, 90},   // the CLI's goal, 190 MB, is 1.9 × live
		{100 << 20, 25 << 20, 50},  // 150 MB
		{100 << 20, 50 << 20, 25},  // 100 MB: no pace reaches it, the floor
		{100 << 20, 200 << 20, 25}, // more held than live (an estimate)
	} {
		if got := Goal(tc.live, tc.held); got != tc.want {
			t.Errorf("Goal(%d, %d) = %d, want %d", tc.live, tc.held, got, tc.want)
		}
	}
}

// recorder is a Pacer whose paces are recorded, not set: the test's
// process keeps its own.
func recorder() (*Pacer, func() []int) {
	p := New()
	var mu sync.Mutex
	var set []int
	p.set = func(pct int) int {
		mu.Lock()
		defer mu.Unlock()
		set = append(set, pct)
		return 100
	}
	return p, func() []int {
		mu.Lock()
		defer mu.Unlock()
		return append([]int(nil), set...)
	}
}

// collectUntil runs collections until ok holds, or fails after a while:
// the pace is set from the finalizer goroutine, after a collection.
func collectUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); {
		if time.Now().After(deadline) {
			t.Fatalf("after collections for 10 s: %s", what)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

// keep is live heap for the collections of the tests to find.
var keep [][]byte

func TestMatchFollowsHeld(t *testing.T) {
	keep = [][]byte{make([]byte, 64<<20)}
	defer func() { keep = nil }()
	p, set := recorder()
	var held atomic.Int64
	p.Match(held.Load)
	defer p.Fixed(100) // ends the matching
	if got := set(); len(got) != 1 || got[0] < 90 {
		t.Fatalf("Match with nothing held set %v, want about 100 at once", got)
	}
	// Held grows, as the link index does while Hugo renders: the next
	// collections lower the pace.
	held.Store(16 << 20)
	collectUntil(t, "the pace did not fall below 80", func() bool { return p.Pct() < 80 && p.Pct() >= Floor })
	held.Store(1 << 40)
	collectUntil(t, "the pace did not reach the floor", func() bool { return p.Pct() == Floor })
	if got := set(); got[len(got)-1] != Floor {
		t.Errorf("paces set %v, want the last to be %d", got, Floor)
	}
}

func TestFixedEndsMatch(t *testing.T) {
	p, set := recorder()
	var held atomic.Int64
	p.Match(held.Load)
	p.Fixed(50)
	n := len(set())
	held.Store(1 << 40) // would take Match to the floor
	for range 5 {
		runtime.GC()
	}
	time.Sleep(50 * time.Millisecond) // for a finalizer that would run
	runtime.GC()
	if got := set(); len(got) != n || got[n-1] != 50 || p.Pct() != 50 {
		t.Errorf("paces set %v after Fixed(50), pace %d; want 50 last, and nothing set after", got, p.Pct())
	}
}

func TestFixedSetsOnce(t *testing.T) {
	p, set := recorder()
	p.Fixed(50)
	p.Fixed(50)
	p.Fixed(100)
	if got := set(); len(got) != 2 || got[0] != 50 || got[1] != 100 {
		t.Errorf("paces set %v, want [50 100]: a pace already set is not set again", got)
	}
}
