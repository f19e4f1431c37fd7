package site

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestPace: the command that sets the collector's pace is told each stage
// as it starts, and when the build ends, and what the build holds for
// the later stages: nothing
// before Hugo writes a page, then the link index and the proof's buffers
// of every page written, which Hugo's stage must not count as its own.
func TestPace(t *testing.T) {
	a := doc("en", "Privacy Policy", retention) + doc("ko", "개인정보 처리방침", retention)
	var names []string
	helds := map[string]int64{}
	opt := Options{Source: testSource(t, a), Out: filepath.Join(t.TempDir(), "public"), CacheDir: t.TempDir(),
		Pace: func(stage string, held func() int64) {
			names = append(names, stage)
			helds[stage] = held()
		}}
	res, err := Build(context.Background(), opt)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	var want []string
	for _, s := range stages {
		want = append(want, s.name)
	}
	want = append(want, "") // the build has ended
	if !slices.Equal(names, want) {
		t.Errorf("Pace was told %v, want every stage in order: %v", names, want)
	}
	if helds["lint"] != 0 || helds["hugo"] != 0 {
		t.Errorf("held %d at lint, %d at hugo; want 0 before any page is written", helds["lint"], helds["hugo"])
	}
	// Each page's facts, and the few buffers reused from page to page:
	// about a kilobyte per page and far less than the pages' bytes.
	pages, size := len(res.Pages), res.Minify.Total().Before
	if got := helds["compare"]; got < int64(pages)*200 || got > size+4<<20 {
		t.Errorf("held %d bytes after Hugo wrote %d pages (%d bytes); want at least 200 a page, and not much more than the pages",
			got, pages, size)
	}
	if helds["check"] < helds["compare"] {
		t.Errorf("held %d at check, %d at compare: the index only grows until the check runs", helds["check"], helds["compare"])
	}
}
