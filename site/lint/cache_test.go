package lint

import (
	"bytes"
	"context"
	"encoding/gob"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"golang.org/x/tools/txtar"
	"legalcenter/internal/buildcache"
)

// cachedSite is a site of three documents, one of them linking to an
// image, with a typography table.
const cachedSite = `-- data/typography.toml --
spaced = ["en"]
-- static/img/a.png --
png
-- content/en/a.md --
` + fm + `## A {#a}

![A](/img/a.png)
-- content/en/b.md --
` + fm + `## B {#b}
-- content/ko/a.md --
` + fm + `## 가 {#a}
`

func cachedFs(t *testing.T) afero.Fs {
	fsys := afero.NewMemMapFs()
	for _, f := range txtar.Parse([]byte(cachedSite)).Files {
		afero.WriteFile(fsys, "/"+f.Name, f.Data, 0o644)
	}
	return fsys
}

// cachedRun runs the rules with c, and says how many files c had.
func cachedRun(t *testing.T, fsys afero.Fs, c *Cache, shortcodes ...string) (string, int) {
	t.Helper()
	if shortcodes == nil {
		shortcodes = []string{"fact", "mark"}
	}
	res, err := Run(context.Background(), fsys, Options{Langs: []string{"en", "ko"}, SourceLang: "en", Shortcodes: shortcodes, Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	found, linted := c.Found()
	if linted != 3 {
		t.Fatalf("linted %d files, want 3", linted)
	}
	return findings(res), found
}

// TestCacheReadsWhatChanged: a run reads again the files that changed
// since the run before, those whose images came or went, and every file
// when what every file's rules read changed; it finds what a run without
// the cache finds.
func TestCacheReadsWhatChanged(t *testing.T) {
	fsys := cachedFs(t)
	c := OpenCache("", "")
	shortcodes := []string{"fact", "mark"}
	for _, step := range []struct {
		name   string
		change func()
		found  int
		want   string
	}{
		{"first run", func() {}, 0, ""},
		{"nothing changed", func() {}, 3, ""},
		{"one file changed", func() {
			afero.WriteFile(fsys, "/content/en/b.md", []byte(fm+"## B\n"), 0o644)
		}, 2, `content/en/b.md:7: heading-id: the heading "B" has no id`},
		{"its image gone", func() { fsys.Remove("/static/img/a.png") }, 2, `content/en/a.md:9: link: the image "/img/a.png" does not exist`},
		{"the typography table changed", func() {
			afero.WriteFile(fsys, "/data/typography.toml", []byte("spaced = [\"en\", \"ko\"]\n"), 0o644)
		}, 0, `content/en/a.md:9: link: the image "/img/a.png" does not exist`},
		{"a fact's value changed", func() {
			afero.WriteFile(fsys, "/data/facts/x.toml", []byte("y = \"z\"\n"), 0o644)
		}, 0, ""},
		{"a file moved", func() {
			fsys.Rename("/content/en/b.md", "/content/en/c.md")
		}, 2, `content/en/c.md:7: heading-id: the heading "B" has no id`},
		{"the site's shortcodes changed", func() { shortcodes = []string{"fact"} }, 0, ""},
		{"a string of the i18n files", func() {
			afero.WriteFile(fsys, "/i18n/en.toml", []byte("[read_more]\nother = \"Read the the rest\"\n"), 0o644)
		}, 3, `i18n/en.toml:2: doubled-word: the word "the" is doubled in "Read the the rest" (read_more.other)`},
		{"the strings changed", func() {
			afero.WriteFile(fsys, "/i18n/en.toml", []byte("[read_more]\nother = \"Read the rest\"\n\n[more]\nother = \"More and and more\"\n"), 0o644)
		}, 3, `i18n/en.toml:5: doubled-word: the word "and" is doubled in "More and and more" (more.other)`},
	} {
		step.change()
		got, found := cachedRun(t, fsys, c, shortcodes...)
		if found != step.found {
			t.Errorf("%s: %d files found in the cache, want %d", step.name, found, step.found)
		}
		if !strings.Contains(got, step.want) {
			t.Errorf("%s: findings:\n%s\nwant:\n%s", step.name, got, step.want)
		}
		uncached, err := Run(context.Background(), fsys, Options{Langs: []string{"en", "ko"}, SourceLang: "en", Shortcodes: shortcodes})
		if err != nil {
			t.Fatal(err)
		}
		if findings(uncached) != got {
			t.Errorf("%s: findings with the cache:\n%s\nwithout:\n%s", step.name, got, findings(uncached))
		}
	}
}

// TestCacheFile: the cache is kept in its file from one process to the
// next; a file that does not decode, or that another program wrote, is
// a cache to fill again, and a run that changed nothing writes nothing.
func TestCacheFile(t *testing.T) {
	fsys := cachedFs(t)
	dir, root := filepath.Join(t.TempDir(), "cache"), t.TempDir()
	fill := func(name string, want int) {
		t.Helper()
		c := OpenCache(dir, root)
		if _, found := cachedRun(t, fsys, c); found != want {
			t.Errorf("%s: %d files found in the cache, want %d", name, found, want)
		}
		if err := c.Save(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	fill("no file yet", 0)
	fill("the file of the run before", 3)
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 1 {
		t.Fatalf("the cache folder holds %v, want one file", files)
	}
	file := files[0]

	before, _ := os.Stat(file)
	fill("a run that changed nothing", 3)
	if after, _ := os.Stat(file); before == nil || after == nil || !os.SameFile(before, after) {
		t.Errorf("a run that changed nothing wrote the cache again")
	}
	if c := OpenCache(dir, t.TempDir()); len(c.old) != 0 {
		t.Errorf("another source folder's cache has %d entries, want none", len(c.old))
	}

	os.Remove(file)
	fill("no file", 0)
	os.WriteFile(file, []byte("not a cache"), 0o644)
	fill("a file that does not decode", 0)
	fill("the file that replaced it", 3)

	var other bytes.Buffer
	other.WriteString(buildcache.Header(root))
	gob.NewEncoder(&other).Encode(stored{Program: "another sitectl", Entries: OpenCache(dir, root).old})
	os.WriteFile(file, other.Bytes(), 0o644)
	fill("another program's file", 0)
	fill("this program's", 3)
}

// TestCachePrunes: saving a cache removes the caches of source folders
// that are gone, those unused for months and what cut-short saves left,
// and nothing else.
func TestCachePrunes(t *testing.T) {
	dir := t.TempDir()
	save := func(root string) string {
		t.Helper()
		c := OpenCache(dir, root)
		cachedRun(t, cachedFs(t), c)
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
		return c.file
	}
	gone, kept, old := t.TempDir(), t.TempDir(), t.TempDir()
	goneFile, keptFile, oldFile := save(gone), save(kept), save(old)
	os.Remove(gone)
	months := time.Now().Add(-buildcache.MaxAge - time.Hour)
	os.Chtimes(oldFile, months, months)
	tmp, other, recentTmp := filepath.Join(dir, ".content-x.gob.1.tmp"), filepath.Join(dir, "notes.txt"), filepath.Join(dir, ".content-y.gob.2.tmp")
	for _, f := range []string{tmp, other, recentTmp} {
		os.WriteFile(f, []byte("x"), 0o644)
	}
	hours := time.Now().Add(-2 * time.Hour)
	os.Chtimes(tmp, hours, hours)

	save(t.TempDir())
	for file, want := range map[string]bool{goneFile: false, oldFile: false, tmp: false, keptFile: true, other: true, recentTmp: true} {
		if _, err := os.Stat(file); (err == nil) != want {
			t.Errorf("%s: there = %v, want %v", filepath.Base(file), err == nil, want)
		}
	}
}

// BenchmarkCache runs the rules on the repository's content: without a
// cache, and with the cache a run before saved, read from its file as a
// build reads it. MB/s counts the Markdown files.
//
//	go test -run '^$' -bench Cache ./site/lint/
func BenchmarkCache(b *testing.B) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		b.Fatal(err)
	}
	fsys := afero.NewBasePathFs(afero.NewOsFs(), root)
	langs := []string{"en", "ko", "ja", "zh-cn", "pt-br", "id"}
	var size int64
	afero.Walk(fsys, "/content", func(p string, info os.FileInfo, err error) error {
		if err == nil && filepath.Ext(p) == ".md" {
			size += info.Size()
		}
		return nil
	})
	dir := b.TempDir()
	for _, name := range []string{"uncached", "cached"} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				opt := Options{Langs: langs, SourceLang: "en", Root: root}
				if name == "cached" {
					opt.Cache = OpenCache(dir, root)
				}
				res, err := Run(context.Background(), fsys, opt)
				if err != nil || len(res.Docs) < 100 {
					b.Fatal(err, len(res.Docs))
				}
				if err := opt.Cache.Save(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
