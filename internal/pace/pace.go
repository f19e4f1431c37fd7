// Package pace sets the garbage collector's pace of a process that runs
// Hugo in-process and holds data of its own beside Hugo's, so that its
// heap peaks no higher than the Hugo CLI's would for the same site, for
// as few extra collections as that allows.
//
// At Go's default pace (GOGC=100) a collection starts when the heap has
// grown to twice what the last one found live. The Hugo CLI's heap, live
// L, so peaks near 2L. A process that also holds H bytes of its own
// (sitectl's link index, kept from page to page until the check runs)
// finds L+H live: at the default pace its heap would peak near 2L+2H.
// Match sets the pace after each collection so that the goal is the
// CLI's, 2L: GOGC = 100 × (live − 2H) / live. When H is small beside L
// that is nearly the default pace, and nearly the CLI's collections.
package pace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Floor is the lowest GOGC Match sets (its fastest pace, the most
// frequent collections), for a heap that holds mostly the caller's own
// data, where no pace can meet the goal.
const Floor = 25

const liveMetric = "/gc/heap/live:bytes"

// Pacer sets the process's GOGC (debug.SetGCPercent). Its methods may
// be called from any goroutine; the last call wins.
type Pacer struct {
	mu     sync.Mutex
	held   func() int64 // nil: a fixed pace
	gen    int          // counts the calls: a sentinel of an earlier one stops
	pct    int          // the pace set last
	sample [1]metrics.Sample
	set    func(int) int // debug.SetGCPercent; tests replace it
}

// New returns a Pacer that has set nothing yet.
func New() *Pacer {
	p := &Pacer{pct: -1, set: debug.SetGCPercent}
	p.sample[0].Name = liveMetric
	return p
}

// Fixed sets the pace to pct, as GOGC=pct would, until the next call.
func (p *Pacer) Fixed(pct int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gen++
	p.held = nil
	p.setLocked(pct)
}

// Match paces collections, from now until the next call, so that the
// heap's goal is what Go's default pace would give the heap without the
// bytes held reports (see the package's doc). It sets the pace at once,
// and again after every collection. Held is called then, from the
// runtime's finalizer goroutine.
func (p *Pacer) Match(held func() int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gen++
	p.held = held
	p.tuneLocked()
	p.arm(p.gen)
}

// Pct is the pace set last, or -1 before the first call.
func (p *Pacer) Pct() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pct
}

// sentinel is allocated for each collection that Match waits for: the
// collection that finds it unreachable queues its finalizer. It holds a
// pointer, so the allocator never packs it with other objects.
type sentinel struct {
	p   *Pacer
	gen int
}

// arm waits for the next collection, to tune the pace then and arm
// again, while gen is still the last call's.
func (p *Pacer) arm(gen int) {
	runtime.SetFinalizer(&sentinel{p, gen}, func(s *sentinel) {
		s.p.mu.Lock()
		defer s.p.mu.Unlock()
		if s.gen != s.p.gen {
			return
		}
		s.p.tuneLocked()
		s.p.arm(s.gen)
	})
}

func (p *Pacer) tuneLocked() {
	metrics.Read(p.sample[:])
	var live uint64
	if p.sample[0].Value.Kind() == metrics.KindUint64 {
		live = p.sample[0].Value.Uint64()
	}
	p.setLocked(Goal(live, p.held()))
}

// Goal is the pace that gives a heap found live bytes live at the last
// collection, held of them the caller's own, the goal Go's default pace
// would give it without them: 100 × (live − 2·held) / live, within
// [Floor, 100]. A live heap of 0 (no collection yet) gets 100.
func Goal(live uint64, held int64) int {
	if live == 0 || held <= 0 {
		return 100
	}
	g := 100 * (float64(live) - 2*float64(held)) / float64(live)
	return int(min(100, max(Floor, g)))
}

func (p *Pacer) setLocked(pct int) {
	if pct != p.pct {
		p.set(pct)
		p.pct = pct
	}
}
