package site

import (
	"bytes"
	"context"
	"io/fs"
	"path"
	"runtime"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site/check"
	"legalcenter/site/hugo"
	"legalcenter/site/shrink"
	"legalcenter/site/versions"
)

// BenchmarkPages times the work a build does on each page of the real
// repository as Hugo writes it (pagesFs: strip, minify and prove it, scan
// it for the link check and keep its lines for layout tracing, write it),
// one page after another, against the minifier alone on the same pages
// ("minifier": what Hugo's own --minify costs), and as a build after one
// that rendered the same pages writes them ("pagesFs-cached": from the
// page cache, read for the link check only). MB/s counts the pages as
// rendered.
//
//	go test -run '^$' -bench Pages ./site/
func BenchmarkPages(b *testing.B) {
	src, err := NewSource("..")
	if err != nil {
		b.Fatal(err)
	}
	cache := b.TempDir()
	cfg, err := hugo.LoadConfig(hugo.Options{Source: src, Environment: "preview", CacheDir: cache})
	if err != nil {
		b.Fatal(err)
	}
	plain, err := hugo.Build(context.Background(), hugo.Options{Source: src, Environment: "preview", CacheDir: cache})
	if err != nil {
		b.Fatal(err)
	}
	type file struct {
		name string
		data []byte
	}
	var pages []file
	var size int64
	err = afero.Walk(plain.Dest, "/", func(p string, fi fs.FileInfo, err error) error {
		if err != nil || fi.IsDir() || !isPage(p) {
			return err
		}
		data, err := afero.ReadFile(plain.Dest, p)
		pages = append(pages, file{p, data})
		size += int64(len(data))
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	if len(pages) < 400 {
		b.Fatalf("%d pages", len(pages))
	}
	b.Run("minifier", func(b *testing.B) {
		b.SetBytes(size)
		m := shrink.New()
		var out bytes.Buffer
		for b.Loop() {
			for _, p := range pages {
				out.Reset()
				if err := m.Minify("text/html", &out, bytes.NewReader(p.data)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	// pagesFs-cached writes the pages as a build after one that rendered
	// them alike does: from the page cache (shrink.Cache), read for the
	// link check only.
	root, cacheDir := b.TempDir(), b.TempDir()
	write := func(b *testing.B, dir string, cache *shrink.Cache) *pagesFs {
		scanned := check.NewPages()
		scanned.KeepLines(layoutsOf(src, cfg.Mounts))
		dest := &pagesFs{Fs: afero.NewBasePathFs(afero.NewOsFs(), dir), check: scanned,
			shrink: shrink.NewPages(shrink.Options{Strip: buildAttrs, Cache: cache}), later: []byte(versions.Placeholder)}
		var written int64
		for _, p := range pages {
			if err := dest.MkdirAll(path.Dir(p.name), 0o777); err != nil {
				b.Fatal(err)
			}
			f, err := dest.Create(p.name)
			if err == nil {
				_, err = f.Write(p.data)
			}
			if err == nil {
				err = f.Close()
			}
			if err != nil {
				b.Fatal(err)
			}
			fi, err := dest.Stat(p.name)
			if err != nil {
				b.Fatal(err)
			}
			written += fi.Size()
		}
		if written >= size*9/10 {
			b.Fatalf("%d bytes written of %d", written, size)
		}
		return dest
	}
	for _, name := range []string{"pagesFs", "pagesFs-cached"} {
		b.Run(name, func(b *testing.B) {
			var cache *shrink.Cache
			if name == "pagesFs-cached" {
				cache = shrink.OpenCache(cacheDir, root)
				write(b, b.TempDir(), cache) // the build before
			}
			b.SetBytes(size)
			b.ReportAllocs()
			var retained, pooled uint64
			for b.Loop() {
				b.StopTimer()
				dir := b.TempDir() // on disk, as a build's staging folder
				heapBefore, _ := liveHeap()
				b.StartTimer()
				dest := write(b, dir, cache)
				b.StopTimer()
				if found, all := dest.shrink.Found(); cache != nil && found != all {
					b.Fatalf("%d of %d pages written from the cache", found, all)
				}
				heap, pools := liveHeap()
				retained, pooled = heap-heapBefore, pools
				runtime.KeepAlive(dest)
				b.StartTimer()
			}
			// What the later stages keep of the pages until they run: the
			// heap left once Hugo is done, but for the buffers pooled while
			// pages are written.
			b.ReportMetric(float64(retained), "retained-B")
			// The buffers pooled for the pages being written (here one at a
			// time; while Hugo writes, about one set per page under way).
			b.ReportMetric(float64(pooled), "pooled-B")
		})
	}
}

// liveHeap is the heap in use after the garbage collector has run twice,
// and how much more there was after the first time: what sync.Pools held,
// which the second frees.
func liveHeap() (heap, pooled uint64) {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	once := m.HeapAlloc
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc, once - min(once, m.HeapAlloc)
}
