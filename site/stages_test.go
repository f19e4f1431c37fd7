package site

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site/check"
	"legalcenter/site/hugo"
)

// BenchmarkStage times each stage of a build of the real repository on
// its own, in memory, as Build runs it (every stage of the pipeline's
// list but publish): the stages before it run once, to give it its input,
// and each run starts from a fresh copy of that input. MB/s counts what
// the stage reads: the built site's bytes once Hugo has written them (for
// hugo itself, the bytes it writes), before that the Markdown and i18n
// files. See below for what the hugo, check and minify stages include.
//
//	go test -run '^$' -bench Stage ./site/
func BenchmarkStage(b *testing.B) {
	ctx := context.Background()
	src, err := NewSource("..")
	if err != nil {
		b.Fatal(err)
	}
	cache := b.TempDir()
	cfg, err := hugo.LoadConfig(hugo.Options{Source: src, Environment: "preview", CacheDir: cache})
	if err != nil {
		b.Fatal(err)
	}
	p := &pipeline{
		opt: Options{Source: src, Config: cfg, Environment: "preview", CacheDir: cache},
		cfg: cfg,
		res: &Result{Check: &check.Report{Title: "Build"}},
	}
	// One build, keeping what each stage starts from.
	var inputs []*pipeline
	for _, s := range stages {
		if s.name == "publish" {
			break // an in-memory build
		}
		inputs = append(inputs, snapshot(b, p))
		if err := s.run(p, ctx); err != nil {
			b.Fatalf("%s: %v", s.name, err)
		}
	}
	if want := (documentCount + 3 + comparisonCount) * len(languages); len(p.res.Pages) != want {
		b.Fatalf("built %d pages, want %d", len(p.res.Pages), want)
	}
	if tot := p.res.Minify.Total(); tot.After >= tot.Before {
		b.Fatalf("minify: %d bytes, %d before", tot.After, tot.Before)
	}
	if p.res.Check.Pages < len(p.res.Pages) {
		b.Fatalf("checked %d pages of %d", p.res.Check.Pages, len(p.res.Pages))
	}
	// The hugo stage reads and minifies each page as Hugo writes it: the
	// site it leaves is minified already. The check and minify stages are
	// timed on the site as Hugo alone renders it, each reading every page
	// (as sitectl check does): their whole work, most of which a build
	// does inside the hugo stage. hugo-alone is Hugo without that work.
	plain, err := hugo.Build(ctx, hugo.Options{Source: src, Environment: "preview", CacheDir: cache})
	if err != nil {
		b.Fatal(err)
	}
	for i, s := range stages[:len(inputs)] {
		if s.name == "check" || s.name == "minify" {
			inputs[i].res.Site = plain.Dest
		}
	}
	b.Run("hugo-alone", func(b *testing.B) {
		b.SetBytes(fsBytes(b, plain.Dest))
		for b.Loop() {
			if _, err := hugo.Build(ctx, hugo.Options{Source: src, Environment: "preview", CacheDir: cache}); err != nil {
				b.Fatal(err)
			}
		}
	})
	sources := dirBytes(b, "../content", ".md") + dirBytes(b, "../i18n", ".toml")
	for i, s := range stages[:len(inputs)] {
		b.Run(s.name, func(b *testing.B) {
			switch {
			case inputs[i].res.Site != nil:
				b.SetBytes(fsBytes(b, inputs[i].res.Site))
			case i+1 < len(inputs) && inputs[i+1].res.Site != nil:
				b.SetBytes(fsBytes(b, inputs[i+1].res.Site))
			default:
				b.SetBytes(sources)
			}
			for b.Loop() {
				b.StopTimer()
				q := snapshot(b, inputs[i])
				b.StartTimer()
				// An error, findings that stop the build included, fails.
				if err := s.run(q, ctx); err != nil {
					b.Fatalf("%s: %v", s.name, err)
				}
			}
		})
	}
}

// snapshot returns a copy of p that a stage can run on, and change,
// without changing p: its own copy of the site and of the findings.
func snapshot(b *testing.B, p *pipeline) *pipeline {
	q, res, rep := *p, *p.res, *p.res.Check
	if res.Site != nil {
		res.Site = memCopy(b, res.Site)
	}
	rep.Findings = slices.Clone(rep.Findings)
	res.Check, res.Stages = &rep, nil
	q.res = &res
	q.pages = nil // every page is read again; see BenchmarkStage
	return &q
}

// memCopy returns an in-memory copy of every file of from.
func memCopy(b *testing.B, from afero.Fs) afero.Fs {
	to := afero.NewMemMapFs()
	copyFs(b, to, from)
	return to
}

// fsBytes returns the size of the files of fsys.
func fsBytes(b *testing.B, fsys afero.Fs) int64 {
	b.Helper()
	var n int64
	err := afero.Walk(fsys, "/", func(_ string, fi fs.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// dirBytes returns the size of the files under dir whose names end in ext.
func dirBytes(b *testing.B, dir, ext string) int64 {
	b.Helper()
	var n int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ext {
			return err
		}
		fi, err := d.Info()
		if err == nil {
			n += fi.Size()
		}
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		b.Fatal(err)
	}
	return n
}

// TestStagesBeforeHugoRetain: what the stages before Hugo keep while
// Hugo renders is small. Lint's documents, which the translation status
// and versions read too, and the status's report are garbage by then:
// every megabyte kept live costs the collector's work through Hugo's
// render.
func TestStagesBeforeHugoRetain(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real site's content stages")
	}
	src, err := NewSource("..")
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	cfg, err := hugo.LoadConfig(hugo.Options{Source: src, Environment: "preview", CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	live := func() int64 {
		// Collected twice (liveHeap): what sync.Pools of the tests
		// before held is not counted before the stages, and freed
		// during them.
		heap, _ := liveHeap()
		return int64(heap)
	}
	// The first build parses every document; the second reads them from
	// the content check's cache, which is not kept either.
	for _, run := range []string{"parsed", "cached"} {
		src, err := NewSource("..") // as each build's, without the files the one before generated
		if err != nil {
			t.Fatal(err)
		}
		p := &pipeline{opt: Options{Source: src, Config: cfg, Environment: "preview", CacheDir: cache}, cfg: cfg, res: &Result{Check: &check.Report{Title: "Build"}}}
		before := live()
		for _, s := range stages {
			if s.name == "hugo" {
				break
			}
			if err := s.run(p, context.Background()); err != nil {
				t.Fatalf("%s: %s: %v", run, s.name, err)
			}
		}
		parsed := live()
		p.docs = nil // as render does first
		kept := live()
		t.Logf("%s: live heap: %.1f MB before the stages, %.1f MB with the documents, %.1f MB as Hugo starts", run, mb(before), mb(parsed), mb(kept))
		if run == "cached" && p.res.Content.Unchanged != p.res.Content.Files {
			t.Fatalf("cached: %d of %d content files found in the cache", p.res.Content.Unchanged, p.res.Content.Files)
		}
		if parsed-before < 3<<20 {
			t.Fatalf("%s: the documents take %.1f MB: is the heap measured?", run, mb(parsed-before))
		}
		if kept-before > 2<<20 {
			t.Errorf("%s: the stages before Hugo keep %.1f MB live while Hugo renders, want at most 2 MB", run, mb(kept-before))
		}
	}
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }
