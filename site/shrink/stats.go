package shrink

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Stats are the sizes of the site's minifiable files before and after the
// stage, per file type.
type Stats struct {
	Types []TypeStats // one per file type that the site has, sorted by Type
	Took  time.Duration
}

// TypeStats are the files of one type.
type TypeStats struct {
	Type   string // "css", "html", "js", "json", "svg" or "xml"
	Files  int
	Kept   int   // files left as they were: already minified (*.min.*), or not smaller when minified
	Before int64 // bytes
	After  int64
}

// Saved is the share of bytes minification removed, from 0 to 1.
func (t TypeStats) Saved() float64 {
	if t.Before == 0 {
		return 0
	}
	return 1 - float64(t.After)/float64(t.Before)
}

// Total sums every type.
func (s *Stats) Total() TypeStats {
	t := TypeStats{Type: "total"}
	for _, x := range s.Types {
		t.Files += x.Files
		t.Kept += x.Kept
		t.Before += x.Before
		t.After += x.After
	}
	return t
}

func (s *Stats) add(r result) {
	i, ok := slices.BinarySearchFunc(s.Types, r.kind, func(t TypeStats, k string) int { return strings.Compare(t.Type, k) })
	if !ok {
		s.Types = slices.Insert(s.Types, i, TypeStats{Type: r.kind})
	}
	t := &s.Types[i]
	t.Files++
	if r.out == nil && !r.written {
		t.Kept++
	}
	t.Before += r.before
	t.After += r.after
}

// String is the summary the build prints: the total, then one line per type.
//
//	minified 118 files: 3.21 MB -> 2.15 MB (-33.0%) in 412ms
//	  html   116  3.18 MB -> 2.12 MB  -33.3%
//	  css      1  19.6 kB -> 19.6 kB   -0.0%  (1 kept)
func (s *Stats) String() string {
	var b strings.Builder
	t := s.Total()
	fmt.Fprintf(&b, "minified %d %s: %s -> %s (-%.1f%%) in %s\n", t.Files, plural(t.Files, "file", "files"), size(t.Before), size(t.After), 100*t.Saved(), s.Took.Round(time.Millisecond))
	for _, x := range s.Types {
		fmt.Fprintf(&b, "  %-5s %5d  %9s -> %9s  %6s", x.Type, x.Files, size(x.Before), size(x.After), fmt.Sprintf("-%.1f%%", 100*x.Saved()))
		if x.Kept > 0 {
			fmt.Fprintf(&b, "  (%d kept)", x.Kept)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// size writes a byte count in SI units, as file managers do.
func size(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1000)
	default:
		return fmt.Sprintf("%.2f MB", float64(n)/1e6)
	}
}
