package shrink

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/spf13/afero"
	tdhtml "github.com/tdewolff/parse/v2/html"
	"golang.org/x/tools/txtar"
)

// countTokens counts the pages whose tokens it was handed.
type countTokens struct{ pages *atomic.Int32 }

func (c countTokens) Begin([]byte)                                       { c.pages.Add(1) }
func (c countTokens) Token(*tdhtml.Lexer, tdhtml.TokenType, []byte, int) {}

// TestPagesCache: pages rendered as in a build before are written from
// the cache, without being read again (their tokens are nobody's), and
// the build gives the site and statistics of one Run over the site; an
// entry damaged on the disk is minified and proved again; Finish keeps
// the entries of the last build only.
func TestPagesCache(t *testing.T) {
	dir, root := t.TempDir(), t.TempDir()
	whole := site(t, pagesArchive)
	// A page the minifier cannot shrink is written as rendered.
	tiny := txtar.File{Name: "en/tiny/index.html", Data: []byte("<p>x")}
	afero.WriteFile(whole, "/"+tiny.Name, tiny.Data, 0o644)
	opt := Options{Strip: []string{"data-src"}}
	wantStats, err := Run(context.Background(), whole, opt)
	if err != nil {
		t.Fatal(err)
	}
	files := append(txtar.Parse([]byte(pagesArchive)).Files, tiny)
	build := func(name string, files []txtar.File, lexed int32) {
		t.Helper()
		written := afero.NewMemMapFs()
		opt := opt
		opt.Cache = OpenCache(dir, root)
		opt.Pages = NewPages(opt)
		var pages atomic.Int32
		for _, f := range files {
			var out bytes.Buffer
			if err := opt.Pages.Page(&out, "/"+f.Name, f.Data, 0o644, countTokens{&pages}); err != nil {
				t.Fatal(err)
			}
			afero.WriteFile(written, "/"+f.Name, out.Bytes(), 0o644)
		}
		if pages.Load() != lexed {
			t.Errorf("%s: %d pages read, want %d", name, pages.Load(), lexed)
		}
		gotStats, err := Run(context.Background(), written, opt)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := opt.Cache.Finish(); err != nil {
			t.Fatal(err)
		}
		if len(files) <= len(txtar.Parse([]byte(pagesArchive)).Files) {
			return
		}
		gotStats.Took, wantStats.Took = 0, 0
		if !reflect.DeepEqual(gotStats, wantStats) {
			t.Errorf("%s: stats\n%s\nwant\n%s", name, gotStats, wantStats)
		}
		for _, f := range files {
			if got, want := read(t, written, f.Name), read(t, whole, f.Name); got != want {
				t.Errorf("%s: %s:\n%s\nwant\n%s", name, f.Name, got, want)
			}
		}
	}
	// Four pages are cached; one, minified already, is only stripped,
	// and read each time.
	build("the first build", files, 5)
	build("the next", files, 1)

	entries, _ := filepath.Glob(filepath.Join(OpenCache(dir, root).dir, "[0-9a-f]*"))
	if len(entries) != 4 {
		t.Fatalf("the cache holds %d pages, want 4", len(entries))
	}
	slices.Sort(entries)
	b, _ := os.ReadFile(entries[0])
	b[len(b)/2] ^= 1 // in the page
	os.WriteFile(entries[0], b, 0o644)
	os.WriteFile(entries[1], b[:len(b)/2], 0o644)
	build("a build with two entries damaged", files, 3)
	if c := OpenCache(dir, root); !c.has(tiny.Data) {
		t.Errorf("the page written as rendered has no entry")
	}

	build("a build of one page", files[:1], 0)
	if entries, _ := filepath.Glob(filepath.Join(OpenCache(dir, root).dir, "[0-9a-f]*")); len(entries) != 1 {
		t.Errorf("after a build of one page, the cache holds %d pages, want 1", len(entries))
	}
}

// FuzzCacheEntry: any entry whose hash holds reads without a panic, and
// one that reads is what put writes for what it read.
func FuzzCacheEntry(f *testing.F) {
	f.Add([]byte{0, 0})
	f.Add([]byte{1, 3, 'a', '.', 'c', 2, 's', 'h', 1, '<', 'p', '>'})
	f.Add([]byte{0, 1})
	f.Add([]byte{200, 200, 200, 200, 200, 200, 200, 200, 200, 1})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, body []byte) {
		c := OpenCache(dir, "/site")
		sum := sha256.Sum256(body)
		os.MkdirAll(c.dir, 0o755)
		if err := os.WriteFile(filepath.Join(c.dir, "entry"), append(sum[:], body...), 0o644); err != nil {
			t.Fatal(err)
		}
		var buf []byte
		out, minified, refs, ok := c.get("entry", len(body), &buf)
		if !ok {
			return
		}
		if !minified {
			out = nil
		} else if out == nil {
			out = []byte{}
		}
		c.put("again", out, refs)
		var again []byte
		out2, minified2, refs2, ok := c.get("again", len(body), &again)
		if !ok || minified2 != minified || !bytes.Equal(out2, out) || !reflect.DeepEqual(refs2, refs) {
			t.Fatalf("read %q %v %q, read again %q %v %q (%v)", out, minified, refs, out2, minified2, refs2, ok)
		}
	})
}

// has reports whether c has an entry for the page in.
func (c *Cache) has(in []byte) bool {
	var buf []byte
	_, _, _, ok := c.get(c.key(in, []string{"data-src"}), len(in), &buf)
	return ok
}

// TestPagesCachePrunes: the page cache of a source folder that is gone
// is removed by the next build that finishes, though no build of that
// folder finished.
func TestPagesCachePrunes(t *testing.T) {
	dir, gone, kept := t.TempDir(), t.TempDir(), t.TempDir()
	for _, root := range []string{gone, kept} {
		p := NewPages(Options{Strip: []string{"data-src"}, Cache: OpenCache(dir, root)})
		var out bytes.Buffer
		if err := p.Page(&out, "/a.html", []byte("<p id=x>a</p>\n"), 0o644, nil); err != nil {
			t.Fatal(err)
		}
	}
	os.Remove(gone)
	if err := OpenCache(dir, t.TempDir()).Finish(); err != nil {
		t.Fatal(err)
	}
	for root, want := range map[string]bool{gone: false, kept: true} {
		if _, err := os.Stat(OpenCache(dir, root).dir); (err == nil) != want {
			t.Errorf("the cache of a folder there=%v: kept = %v", want, err == nil)
		}
	}
}
