// Package gcpace paces Go's garbage collector through a phase whose live
// heap grows with its progress toward a known end: Hugo rendering a site,
// whose live heap grows with each page it renders and keeps, and peaks
// at the last one.
//
// A fixed GC percent pays for the peak all the way: at GOGC=50 (sitectl's
// pace, which keeps a build's peak memory under the Hugo CLI's) the
// collector runs twice as often as at Go's default from the first page,
// when the heap is a fraction of what it will be. The peak heap is set by
// the last cycles only: (1 + GOGC/100) times the live heap then. A Pacer
// aims at that peak, a little under it, from the start. After each
// collection it estimates the live heap at the end from the phase's
// progress so far, and sets the percent whose goal is the peak aimed at,
// at most Go's default: early on the collector runs at Go's default pace,
// and it tightens as the heap nears its end.
package gcpace

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// Max is the loosest percent a Pacer sets: Go's default, the Hugo CLI's.
const Max = 100

// Pacer paces the collector while a phase of a known number of steps
// runs. Its methods may be called from any goroutine.
type Pacer struct {
	done  atomic.Int64
	total int64
	base  int // the caller's percent: the pace at the end, and the tightest
	stop  atomic.Bool

	mu  sync.Mutex
	est estimate
	set int // the percent set last
	log func(f float64, live uint64, percent int)
}

// Start begins pacing a phase of total steps (pages), aiming at the peak
// heap the caller's GC percent would reach at the end. It returns nil, and
// leaves the pace as it is, when there is nothing to pace: a GOGC in the
// environment (the user's pace stays), a percent already at Max or above,
// the collector off, or no steps.
func Start(total int) *Pacer {
	if os.Getenv("GOGC") != "" || total <= 0 {
		return nil
	}
	base := debug.SetGCPercent(Max)
	if base < 0 || base >= Max {
		debug.SetGCPercent(base)
		return nil
	}
	p := &Pacer{total: int64(total), base: base, set: Max}
	p.est.base = base
	p.arm()
	return p
}

// Step counts a step of the phase done.
func (p *Pacer) Step() {
	if p != nil {
		p.done.Add(1)
	}
}

// Stop ends the pacing and puts the caller's percent back.
func (p *Pacer) Stop() {
	if p == nil || p.stop.Swap(true) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	debug.SetGCPercent(p.base)
}

// sentinel is garbage at once: its cleanup runs after the collection that
// finds it, and arms the next.
type sentinel struct{ _ [32]byte }

func (p *Pacer) arm() {
	runtime.AddCleanup(new(sentinel), (*Pacer).collected, p)
}

// liveHeap is the runtime's measure of the heap the last collection found
// live.
var liveHeap = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}

// collected runs after each collection while pacing: it sets the percent
// for the next.
func (p *Pacer) collected() {
	if p.stop.Load() {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stop.Load() {
		return
	}
	metrics.Read(liveHeap)
	live := liveHeap[0].Value.Uint64()
	f := float64(p.done.Load()) / float64(p.total)
	percent := p.est.percent(f, live)
	if percent != p.set {
		debug.SetGCPercent(percent)
		p.set = percent
	}
	if p.log != nil {
		p.log(f, live, percent)
	}
	p.arm()
}

// estimate turns the phase's progress and live heap after each collection
// into a GC percent.
type estimate struct {
	base int // the percent whose peak is aimed at
	// anchor is the first sample at or past anchorAt: the live heap grows
	// from there in proportion to the steps done (Hugo keeps what each page
	// renders), which the slope from it to a later sample measures.
	anchorF    float64
	anchorLive uint64
}

// aim is the peak aimed at, as a share of the one the caller's percent
// would give at the end: a cycle's goal is set from the live heap of the
// one before, which at a fixed percent trails the end by a cycle's growth,
// and Go's default pace early leaves the heap more fragmented. Aiming at
// the whole of it, the 6,000-page generated site peaked at 1.05x the Hugo
// CLI's memory (GOGC=50: 0.96x); at nine tenths, 0.97x (0.97x), and the
// real site 0.96x (0.95x), with 5 to 10% less CPU at both.
//
// anchorAt is the progress at which the live heap is first sampled, and
// slopeAt and minSpan say when the slope from there is first measured:
// before that the pace is Max. That is safe while the live heap is at most
// 0.9*1.5/2 of its end, which holds at 40% of the pages unless more than
// two fifths of the end heap was there before the first page (on the real
// site and the generated ones, a third). The tightest percent set is three
// fifths of the caller's.
const (
	aim      = 0.9
	anchorAt = 0.2
	slopeAt  = 0.4
	minSpan  = 0.15
)

// percent returns the GC percent whose heap goal, for a live heap of live
// bytes at progress f (the fraction of steps done), is the peak aimed at:
// aim times (1 + base/100) times the live heap expected at the end.
func (e *estimate) percent(f float64, live uint64) int {
	end := float64(live)
	switch {
	case f >= 1:
		// Every step expected is done: the heap is at its end.
	case e.anchorLive == 0 && f < anchorAt:
		return Max
	default:
		if e.anchorLive == 0 {
			e.anchorF, e.anchorLive = f, live
		}
		if f < slopeAt || f-e.anchorF < minSpan {
			return Max
		}
		slope := (float64(live) - float64(e.anchorLive)) / (f - e.anchorF)
		end += max(slope, 0) * (1 - f)
	}
	peak := aim * (1 + float64(e.base)/100) * end
	percent := int(100 * (peak/float64(live) - 1))
	return min(max(percent, e.base*3/5), Max)
}
