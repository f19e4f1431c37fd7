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
// its own, in memory, as Build runs it: the stages before it run once, to
// give it its input, and a stage that rewrites the site (clean, minify)
// gets a fresh copy of its input each time. MB/s counts what the stage
// reads: the Markdown of content/ (lint), with the i18n files (l10n); the
// bytes Hugo writes (hugo, clean); the bytes minify reads (minify); the
// published bytes (check).
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
	newPipeline := func() *pipeline {
		opt := Options{Source: src, Config: cfg, Environment: "preview", CacheDir: cache}
		return &pipeline{opt: opt, cfg: cfg, res: &Result{Check: &check.Report{Title: "Build"}}}
	}
	run := func(p *pipeline, name string, stage func(context.Context) error) {
		if err := stage(ctx); err != nil {
			b.Fatalf("%s: %v", name, err)
		}
	}

	// One build, keeping each stage's input.
	p := newPipeline()
	run(p, "lint", p.lint)
	run(p, "l10n", p.translations)
	run(p, "hugo", p.render)
	if want := (documentCount + 3) * len(languages); len(p.res.Pages) != want {
		b.Fatalf("built %d pages, want %d", len(p.res.Pages), want)
	}
	rendered := memCopy(b, p.res.Site)
	run(p, "clean", p.clean)
	cleaned := memCopy(b, p.res.Site)
	run(p, "minify", p.minify)
	if tot := p.res.Minify.Total(); tot.After >= tot.Before {
		b.Fatalf("minify: %d bytes, %d before", tot.After, tot.Before)
	}
	earlier := slices.Clone(p.res.Check.Findings) // lint's, l10n's and Hugo's
	run(p, "check", p.check)
	if p.res.Check.HasErrors() {
		b.Fatalf("the real site has errors:\n%v", p.res.Check.Findings)
	}
	minified, origins, checked := p.res.Site, p.origins, p.res.Check.Pages
	pages := p.res.Pages

	// Each stage anew, on its input.
	b.Run("lint", func(b *testing.B) {
		b.SetBytes(dirBytes(b, "../content", ".md"))
		for b.Loop() {
			p := newPipeline()
			run(p, "lint", p.lint)
		}
	})
	b.Run("l10n", func(b *testing.B) {
		b.SetBytes(dirBytes(b, "../content", ".md") + dirBytes(b, "../i18n", ".toml"))
		for b.Loop() {
			p := newPipeline()
			run(p, "l10n", p.translations)
		}
	})
	b.Run("hugo", func(b *testing.B) {
		b.SetBytes(fsBytes(b, rendered))
		for b.Loop() {
			p := newPipeline()
			run(p, "hugo", p.render)
		}
	})
	// rewrite times stage on a fresh copy of in each time.
	rewrite := func(b *testing.B, in afero.Fs, name string, stage func(*pipeline) func(context.Context) error) {
		b.SetBytes(fsBytes(b, in))
		for b.Loop() {
			b.StopTimer()
			p := newPipeline()
			p.res.Pages, p.res.Site = pages, memCopy(b, in)
			b.StartTimer()
			run(p, name, stage(p))
		}
	}
	b.Run("clean", func(b *testing.B) {
		rewrite(b, rendered, "clean", func(p *pipeline) func(context.Context) error { return p.clean })
	})
	b.Run("minify", func(b *testing.B) {
		rewrite(b, cleaned, "minify", func(p *pipeline) func(context.Context) error { return p.minify })
	})
	b.Run("check", func(b *testing.B) {
		b.SetBytes(fsBytes(b, minified))
		for b.Loop() {
			p := newPipeline()
			p.res.Pages, p.res.Site, p.origins = pages, minified, origins
			p.res.Check.Findings = slices.Clone(earlier)
			run(p, "check", p.check)
			if p.res.Check.Pages != checked || p.res.Check.HasErrors() {
				b.Fatalf("checked %d pages, want %d; findings: %v", p.res.Check.Pages, checked, p.res.Check.Findings)
			}
		}
	})
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
