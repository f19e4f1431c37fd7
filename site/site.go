package site

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/afero"
	"legalcenter/site/check"
	"legalcenter/site/hugo"
	"legalcenter/site/l10n"
	"legalcenter/site/lint"
	"legalcenter/site/publish"
	"legalcenter/site/shrink"
)

// Options configure a build of the site.
type Options struct {
	Source afero.Fs // the site source; see NewSource
	// Config is the site configuration as Hugo loads it from Source
	// (hugo.LoadConfig with the same Environment and BaseURL); nil loads it.
	Config      *hugo.Config
	Out         string   // output folder, replaced atomically; "" builds without publishing
	OutFs       afero.Fs // filesystem of Out; nil means the real disk
	BaseURL     string   // overrides hugo.toml's baseURL
	Environment string   // "production" (default) or "preview"
	CacheDir    string   // Hugo's cache; see hugo.Options.CacheDir
	Log         io.Writer
	// Lenient publishes even when the link check finds errors (for local
	// previews); the findings are still reported. Errors of the content
	// check, the translation status and Hugo's templates still stop it.
	Lenient bool
	// Minifier replaces the minifier of shrink.New (tests inject broken ones).
	Minifier shrink.Minifier
}

// Result is a finished build.
type Result struct {
	Site   afero.Fs      // the published bytes, rooted at "/"; nil when a build with Out did not publish
	Pages  []hugo.Page   // every rendered page and its source file
	Check  *check.Report // the link and anchor check of the published bytes
	Minify *shrink.Stats // sizes before and after minification, per file type
	Stages []Stage       // time spent per stage
}

// Stage is the wall time of one pipeline stage.
type Stage struct {
	Name string
	Took time.Duration
}

// ErrCheck is returned when the content check or the link check found
// errors and the build refused to publish; Result.Check holds the findings.
var ErrCheck = errors.New("the check found errors")

// Build runs the pipeline: the content is linted, Hugo renders the site
// (into a staging folder beside opt.Out, or in memory when there is no
// opt.Out), the output is cleaned of build-only attributes and minified,
// the links and anchors of the final bytes are checked, and the staging
// folder replaces opt.Out atomically. Nothing is written to opt.Out unless
// every stage succeeded, and the staging folder is removed whatever
// happens. On ErrCheck the Result is returned too, for its findings.
func Build(ctx context.Context, opt Options) (*Result, error) {
	res := &Result{}
	// The report carries the content check's and the translation
	// status's findings as well as the link check's.
	defer func() {
		if res.Check != nil {
			res.Check.Title = "Build"
		}
	}()
	// On a terminal, the stage under way is shown on one line that is
	// erased when it ends; logs (CI) stay quiet.
	progress := shrink.ProgressTo(opt.Log)
	// A stage that ignores cancellation (Hugo cannot be stopped while it
	// renders) is left running when ctx ends: Build returns ctx's error at
	// once, and its deferred cleanup removes the staging folder, which the
	// abandoned stage can no longer write to (see cancelFs).
	// Publishing is a rename, never abandoned half done.
	stage := func(name string, f func() error) error {
		if progress != nil {
			fmt.Fprintf(progress, "\r\033[K%s…", name)
		}
		start := time.Now()
		done := make(chan error, 1)
		if name == "publish" {
			done <- f()
		} else {
			go func() { done <- f() }()
		}
		var err error
		select {
		case err = <-done:
		case <-ctx.Done():
			select {
			case err = <-done:
			default:
				err = ctx.Err()
			}
		}
		res.Stages = append(res.Stages, Stage{name, time.Since(start)})
		if progress != nil {
			fmt.Fprint(progress, "\r\033[K")
		}
		return err
	}
	cfg := opt.Config
	if cfg == nil {
		var err error
		cfg, err = hugo.LoadConfig(hugo.Options{Source: opt.Source, Environment: opt.Environment, BaseURL: opt.BaseURL, CacheDir: opt.CacheDir})
		if err != nil {
			return nil, err
		}
	}

	// The content sources first: a writer's mistake is reported in plain
	// words at its line, before Hugo meets it.
	if err := stage("lint", func() error {
		var root string
		if s, ok := opt.Source.(*Source); ok {
			root = s.root
		}
		dirs, prefixes := map[string]string{}, map[string]string{}
		for _, l := range cfg.Languages {
			dirs[l.Code] = l.ContentDir
			prefixes[l.Code] = "/" + l.Code
			if l.Code == cfg.DefaultContentLanguage && !cfg.DefaultContentLanguageInSubdir {
				prefixes[l.Code] = ""
			}
		}
		l, err := lint.Run(ctx, opt.Source, lint.Options{Langs: cfg.Codes(), SourceLang: cfg.DefaultContentLanguage, ContentDirs: dirs, Root: root,
			Mounts: lintMounts(cfg), ConfigFile: configFile(cfg), MarkdownSuffixes: cfg.MarkdownSuffixes, ContentSuffixes: cfg.ContentSuffixes, Prefixes: prefixes,
			Production: opt.Environment == "" || opt.Environment == "production"})
		if err != nil {
			return err
		}
		res.Check = l.Report
		return nil
	}); err != nil {
		return nil, fmt.Errorf("content check: %w", err)
	}
	if slices.ContainsFunc(res.Check.Findings, lint.Stops) {
		return res, ErrCheck
	}

	// The translation status feeds the stale-translation notices, and in
	// preview builds a status page for translators.
	if gen, ok := opt.Source.(*Source); ok {
		var status *l10n.Report
		if err := stage("l10n", func() (err error) {
			status, err = translationStatus(gen, cfg, opt.Environment == "preview")
			return err
		}); err != nil {
			return nil, fmt.Errorf("translation status: %w", err)
		}
		// A file the status could not read (an i18n file that does not
		// parse, a stamp that is not a string) would stop Hugo with a
		// vaguer message: report it at its line instead, and stop. A
		// string that would render wrongly ("<no value>" for a mistyped
		// placeholder) is an error too, reported with the rest; a string
		// not translated yet falls back to English, a warning.
		invalid := false
		for _, f := range status.Findings {
			level := check.Error
			switch {
			case f.Kind == l10n.KindMissingKey:
				level = check.Warning
			case !f.Breaks():
				continue
			}
			invalid = invalid || f.Kind == l10n.KindInvalid
			file := f.File
			if file == "" {
				file = "i18n/" + f.Lang + ".toml"
			}
			res.Check.Findings = append(res.Check.Findings, check.Finding{Level: level, Page: file, File: file, Line: f.Line, Rule: "i18n", Message: f.Message})
		}
		if invalid {
			sortBySource(res.Check.Findings)
			return res, ErrCheck
		}
	}

	// A published build writes into a staging folder next to opt.Out,
	// which every later stage reads and rewrites in place: the site is
	// never held in memory whole, and publishing is a rename. Whatever
	// fails, the staging folder is removed.
	var staging *publish.Staging
	var dest afero.Fs // nil: in memory
	var err error
	if opt.Out != "" {
		dst := opt.OutFs
		if dst == nil {
			dst = afero.NewOsFs()
		}
		staging, err = publish.Begin(dst, opt.Out)
		if err != nil {
			return nil, fmt.Errorf("publishing %s: %w", opt.Out, err)
		}
		defer staging.Close()
		dest = cancelFs{staging.Fs(), ctx}
	}

	var built *hugo.Result
	if err := stage("hugo", func() (err error) {
		built, err = hugo.Build(ctx, hugo.Options{
			Source:      opt.Source,
			Environment: opt.Environment,
			BaseURL:     opt.BaseURL,
			CacheDir:    opt.CacheDir,
			Log:         opt.Log,
			Dest:        dest,
		})
		return err
	}); err != nil {
		// Hugo's errors are located (file:line: message): report them as
		// findings too, so every output format carries them. When
		// templates only logged them, the site is whole: the later
		// stages run, and the link check's findings come in the same run.
		f := buildFindings(err)
		if f == nil {
			return nil, err
		}
		res.Check.Findings = append(res.Check.Findings, sameLine(res.Check.Findings, f)...)
		var be *hugo.BuildError
		if !errors.As(err, &be) || !be.Rendered {
			sortBySource(res.Check.Findings)
			return res, err
		}
	}
	res.Pages = built.Pages
	res.Site = built.Dest
	// Warnings of templates at a source line (a link to a document not
	// translated yet, which leads to the English page) are findings, so
	// pull requests show them where they are; others go to the log.
	for _, w := range built.Warnings {
		if f, ok := locatedFinding(check.Warning, w); ok {
			res.Check.Findings = append(res.Check.Findings, f)
		} else if opt.Log != nil {
			fmt.Fprintf(opt.Log, "WARN  %s\n", w)
		}
	}

	var origins map[string][]string
	if err := stage("clean", func() (err error) {
		origins, err = clean(ctx, res.Site, opt.Source, res.Pages)
		return err
	}); err != nil {
		return nil, err
	}

	// Minify, proving each page keeps its ids, links and text; the check
	// then runs on exactly the bytes that are published.
	if err := stage("minify", func() (err error) {
		res.Minify, err = shrink.Run(ctx, res.Site, shrink.Options{Minifier: opt.Minifier, Progress: progress})
		return err
	}); err != nil {
		return nil, err // a *shrink.LossError names every page
	}

	lintFindings := res.Check.Findings // the content check's and the translation status's
	if err := stage("check", func() (err error) {
		res.Check, err = check.Run(ctx, res.Site, check.Options{
			Root:        "/",
			BaseURL:     opt.BaseURL,
			SourceLang:  cfg.DefaultContentLanguage,
			Origins:     origins,
			Ignore:      cfg.Strings("check", "ignore"),
			IgnorePages: cfg.Strings("check", "ignorePages"),
		})
		return err
	}); err != nil {
		return nil, fmt.Errorf("link check: %w", err)
	}
	// Lenient waives the link check's own errors, not those of the content
	// check, the translation status or Hugo: a page that would show
	// "<no value>" or a heading without an id is never published.
	earlier := slices.ContainsFunc(lintFindings, func(f check.Finding) bool { return f.Level == check.Error })
	res.Check.Findings = append(lintFindings, followOns(lintFindings, res.Check.Findings, res.Pages)...)
	sortBySource(res.Check.Findings)
	if earlier || res.Check.HasErrors() && !opt.Lenient {
		if staging != nil {
			res.Site = nil // removed with the staging folder
		}
		return res, ErrCheck
	}

	if staging != nil {
		if err := stage("publish", func() error { return staging.Commit(ctx) }); err != nil {
			return nil, fmt.Errorf("publishing %s: %w", opt.Out, err)
		}
		res.Site = staging.Published()
	}
	return res, nil
}

// cancelFs refuses to create or change files once its context has ended:
// a stage abandoned on cancellation (Hugo, still rendering) then cannot
// write the staging folder back after Build removed it.
type cancelFs struct {
	afero.Fs
	ctx context.Context
}

func (c cancelFs) Create(name string) (afero.File, error) {
	if err := c.ctx.Err(); err != nil {
		return nil, err
	}
	return c.Fs.Create(name)
}

func (c cancelFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if err := c.ctx.Err(); err != nil && flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE) != 0 {
		return nil, err
	}
	return c.Fs.OpenFile(name, flag, perm)
}

func (c cancelFs) Mkdir(name string, perm os.FileMode) error {
	if err := c.ctx.Err(); err != nil {
		return err
	}
	return c.Fs.Mkdir(name, perm)
}

func (c cancelFs) MkdirAll(name string, perm os.FileMode) error {
	if err := c.ctx.Err(); err != nil {
		return err
	}
	return c.Fs.MkdirAll(name, perm)
}

func (c cancelFs) Rename(oldname, newname string) error {
	if err := c.ctx.Err(); err != nil {
		return err
	}
	return c.Fs.Rename(oldname, newname)
}

// lintMounts are the folders Hugo reads, as the content check takes them.
func lintMounts(cfg *hugo.Config) []lint.Mount {
	out := make([]lint.Mount, len(cfg.Mounts))
	for i, m := range cfg.Mounts {
		out[i] = lint.Mount{Source: m.Source, Target: m.Target}
	}
	return out
}

// configFile is the configuration file the site's mounts are blamed on.
func configFile(cfg *hugo.Config) string {
	if len(cfg.Files) > 0 {
		return cfg.Files[0]
	}
	return "hugo.toml"
}

// followOns returns the link check's findings without those that an
// earlier stage's error already explains, so that a reviewer reads each
// mistake once:
//   - a heading-id error of the content check (a heading without an id,
//     two with the same id) explains the duplicate ids, the anchors that
//     differ between languages and the table of contents' empty "#" links
//     in its document's pages, in every language;
//   - an error Hugo's templates reported at a line of a source file (a
//     link to a page that does not exist) explains the broken link the
//     check finds at that line.
func followOns(earlier, found []check.Finding, pages []hugo.Page) []check.Finding {
	doc := map[string]string{} // source or output file -> language-neutral path
	for _, p := range pages {
		doc[p.Out] = p.Path
		if p.Source != "" {
			doc[p.Source] = p.Path
		}
	}
	headings, lines := map[string]bool{}, map[place]bool{}
	for _, f := range earlier {
		switch {
		case f.Level != check.Error:
		case f.Rule == "heading-id":
			if p, ok := doc[f.File]; ok {
				headings[p] = true
			}
		case f.Rule == ruleBuild && f.Line > 0:
			lines[placeOf(f)] = true
		}
	}
	if len(headings)+len(lines) == 0 {
		return found
	}
	return slices.DeleteFunc(found, func(f check.Finding) bool {
		switch f.Rule {
		case "duplicate-id", "anchor-parity", "empty-link":
			return headings[doc[f.File]]
		case "broken-link", "missing-fragment":
			return lines[placeOf(f)]
		}
		return false
	})
}

// sameLine returns Hugo's findings without those at a line where the
// content check found an error already (a heading without an id is
// reported by both).
func sameLine(lintFindings, hugoFindings []check.Finding) []check.Finding {
	seen := map[place]bool{}
	for _, f := range lintFindings {
		if f.Level == check.Error && f.Line > 0 {
			seen[placeOf(f)] = true
		}
	}
	return slices.DeleteFunc(hugoFindings, func(f check.Finding) bool { return seen[placeOf(f)] })
}

// place is a line of a source file.
type place struct {
	file string
	line int
}

func placeOf(f check.Finding) place { return place{f.File, f.Line} }

// sortBySource orders the findings of the stages as a reviewer walks
// through them: by the file they name, then by line, in numbers.
func sortBySource(fs []check.Finding) {
	slices.SortStableFunc(fs, func(a, b check.Finding) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
}

// statusPage is the translators' status page of preview builds; it renders
// data/generated/l10nreport.json with layouts/translation-status.html.
const statusPage = `+++
title = "Translation status"
description = "What each language needs translated next."
date = 2020-08-17
weight = 9999
layout = "translation-status"
[build]
list = "never"
+++
`

// translationStatus writes the translation status into the generated layer
// of src for the templates.
func translationStatus(src *Source, cfg *hugo.Config, preview bool) (*l10n.Report, error) {
	r, err := l10n.Status(afero.NewBasePathFs(src, "/"), l10n.Options{Config: cfg})
	if err != nil {
		return nil, err
	}
	files, err := statusFiles(r, cfg, preview)
	if err != nil {
		return nil, err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := src.Generate(name, files[name]); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// statusFiles are the files the translation status adds to the Hugo
// source, by their path in it: the data the stale notices read and, in
// preview builds, the translators' status page and its data.
func statusFiles(r *l10n.Report, cfg *hugo.Config, preview bool) (map[string][]byte, error) {
	files := map[string][]byte{l10n.DataFile: r.Data()}
	if !preview {
		return files, nil
	}
	var b bytes.Buffer
	if err := l10n.Formats["json"].Format(&b, r); err != nil {
		return nil, err
	}
	files[statusReport] = b.Bytes()
	files[statusPagePath(cfg)] = []byte(statusPage)
	return files, nil
}

// statusPagePath is the file of the translators' status page in the Hugo
// source: in the source language's content folder.
func statusPagePath(cfg *hugo.Config) string {
	l, _ := cfg.Language(cfg.DefaultContentLanguage)
	return path.Join(l.ContentDir, "translation-status.md")
}

// statusReport is the whole translation report, which the status page
// reads.
const statusReport = "data/generated/l10nreport.json"

// ruleBuild is the rule of an error Hugo reported.
const ruleBuild = "build"

// located is one line of a hugo.BuildError: "file:line[:col]: message".
// The file name may hold spaces ("content/ko/쿠키 정책.md").
var located = regexp.MustCompile(`^(\S.*?):(\d+)(?::\d+)?: (.+)$`)

// buildFindings turns a located Hugo error into findings; nil when any line
// of it names no file.
func buildFindings(err error) []check.Finding {
	if !hugo.IsBuildError(err) {
		return nil
	}
	var out []check.Finding
	for _, line := range strings.Split(err.Error(), "\n") {
		f, ok := locatedFinding(check.Error, line)
		if !ok {
			return nil
		}
		out = append(out, f)
	}
	return out
}

// locatedFinding is the finding of one located message of Hugo's.
func locatedFinding(level check.Level, msg string) (check.Finding, bool) {
	m := located.FindStringSubmatch(strings.TrimSpace(msg))
	if m == nil {
		return check.Finding{}, false
	}
	n, _ := strconv.Atoi(m[2])
	return check.Finding{Level: level, Page: m[1], File: m[1], Line: n, Rule: ruleBuild, Message: m[3]}, true
}
