package hugo

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// liveHeap is the heap full collections find live: two, as what an
// object with a finalizer reaches survives one more.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestBuildLetsGoOfTheSite: once Build returns, the site Hugo built is
// garbage, so the stages after Hugo do not carry it (45 MB of the real
// site, some 1.6 GB at 30,000 pages). Hugo keeps its sorted page lists
// (.ByWeight) in a process-wide cache until the next render starts;
// Build clears it.
func TestBuildLetsGoOfTheSite(t *testing.T) {
	para := strings.Repeat("A sentence of a long paragraph, written out again. ", 30) + "\n\n"
	files := map[string]string{}
	for i := range 40 {
		files[fmt.Sprintf("content/en/doc-%02d.md", i)] = fmt.Sprintf(
			"+++\ntitle = \"Doc %d\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = %d\n+++\n## Part {#part}\n\n%s", i, i+1, strings.Repeat(para, 40))
	}
	src := memSite(t, files) // 40 documents of 60 kB: 2.4 MB of Markdown
	dest := afero.NewBasePathFs(afero.NewOsFs(), t.TempDir())
	before := liveHeap()
	res, err := Build(context.Background(), Options{Source: src, CacheDir: t.TempDir(), Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	after := liveHeap()
	runtime.KeepAlive(src)
	if len(res.Pages) < 40 {
		t.Fatalf("built %d pages, want the 40 documents and more", len(res.Pages))
	}
	// Without the clearing, Hugo's rendered documents stay: over 10 MB.
	if grown := int64(after) - int64(before); grown > 4<<20 {
		t.Errorf("the live heap grew by %.1f MB over the build: Hugo's site is still reachable", float64(grown)/(1<<20))
	}
}
