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
// files.
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
