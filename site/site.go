package site

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/afero"
	"legalcenter/site/check"
	"legalcenter/site/content"
	"legalcenter/site/hugo"
	"legalcenter/site/l10n"
	"legalcenter/site/lint"
	"legalcenter/site/publish"
	"legalcenter/site/report"
	"legalcenter/site/shrink"
	"legalcenter/site/versions"
)

// Options configure a build of the site.
type Options struct {
	Source *Source // the site source; see NewSource
	// Config is the site configuration as Hugo loads it from Source
	// (hugo.LoadConfig with the same Environment and BaseURL); nil loads it.
	Config      *hugo.Config
	Out         string   // output folder, replaced atomically; "" builds without publishing
	OutFs       afero.Fs // filesystem of Out; nil means the real disk
	BaseURL     string   // overrides hugo.toml's baseURL
	Environment string   // "preview" (default, also for "") or "production"
	CacheDir    string   // Hugo's cache; see hugo.Options.CacheDir
	Log         io.Writer
	// Progress shows the stage under way on one line, erased when it
	// ends, for a person watching a terminal; nil shows nothing (logs).
	Progress io.Writer
	// Lenient publishes even when the link check finds errors (for local
	// previews); they are reported as warnings. Errors of the content
	// check, the translation status and Hugo's templates still stop it.
	Lenient bool
	// Fresh reads every content file and minifies every page, without
	// the caches the builds before kept in CacheDir's folder, and keeps
	// none (see internal/buildcache).
	Fresh bool
	// Minifier replaces the minifier of shrink.New (tests inject broken ones).
	Minifier shrink.Minifier
	// Pace, when set, is called as each stage starts, with its name and
	// the bytes the build holds for the stages after it (the link
	// index, which grows while Hugo renders; held may be called at any
	// time, from any goroutine), to set the garbage collector's pace
	// (see internal/pace); and once more, with the name "", when Build
	// returns, however the build ended.
	Pace func(stage string, held func() int64)
}

// Result is a finished build.
type Result struct {
	Site   afero.Fs      // the published bytes, rooted at "/"; nil when a build with Out did not publish
	Pages  []hugo.Page   // every rendered page and its source file
	Check  *check.Report // the findings of every stage, and the counts of the link check
	Minify *shrink.Stats // sizes before and after minification, per file type
	Stages []Stage       // time spent per stage
	// Content counts the content files the content check read, and those
	// of them that had not changed since the build before: their
	// findings came from its cache (lint.Cache).
	Content struct{ Files, Unchanged int }
	// Minified counts the pages minified as Hugo wrote them, and those
	// of them rendered as in the build before: written as then, from
	// the page cache (shrink.Cache).
	Minified struct{ Pages, Unchanged int }
}

// Stage is the wall time of one pipeline stage.
type Stage struct {
	Name string
	Took time.Duration
}

// buildAttrs are the attributes the layouts write for the build alone:
// data-src, the source line of an element (layouts/_partials/data-src.html).
// The check reads them; the minify stage strips them.
var buildAttrs = []string{"data-src"}

// ErrCheck is returned when the content check or the link check found
// errors and the build refused to publish; Result.Check holds the findings.
var ErrCheck = errors.New("the check found errors")

// Build runs the pipeline: the content is linted, the translation status
// written for the templates, Hugo renders the site (into a staging folder
// beside opt.Out, or in memory when there is no opt.Out), the links and
// anchors are checked, the output is stripped of build-only attributes and
// minified (proving each page keeps every id and link the check read), and
// the staging folder replaces opt.Out atomically. Nothing is written to opt.Out unless every stage succeeded,
// and the staging folder is removed whatever happens. On ErrCheck, and on
// a template error Hugo located, the Result is returned too, for its
// findings.
func Build(ctx context.Context, opt Options) (*Result, error) {
	// A build is a preview unless it says otherwise, as hugo server
	// builds for development: a production build fails on placeholders.
	opt.Environment = cmp.Or(opt.Environment, "preview")
	cfg := opt.Config
	if cfg == nil {
		var err error
		cfg, err = hugo.LoadConfig(hugo.Options{Source: opt.Source, Environment: opt.Environment, BaseURL: opt.BaseURL, CacheDir: opt.CacheDir})
		if err != nil {
			return nil, err
		}
	}
	p := &pipeline{opt: opt, cfg: cfg, res: &Result{Check: &check.Report{Title: "Build"}}}
	defer p.close()
	p.prepare()
	if opt.Pace != nil {
		defer opt.Pace("", p.held)
	}
	for _, s := range stages {
		if s.name == "publish" && p.staging == nil {
			break // an in-memory build
		}
		if s.name == "hugo" {
			// Made here, not in the stage, which may be abandoned: the
			// deferred close then always sees the staging folder.
			if err := p.begin(); err != nil {
				return nil, err
			}
		}
		if opt.Pace != nil {
			opt.Pace(s.name, p.held)
		}
		if err := p.stage(ctx, s.name, func(ctx context.Context) error { return s.run(p, ctx) }); err != nil {
			var st stopped
			if errors.As(err, &st) {
				sortBySource(p.res.Check.Findings)
				return p.res, st.error
			}
			return nil, err
		}
	}
	return p.res, nil
}

// stages are the stages of the pipeline, in the order Build runs them;
// each reads what the ones before it left in the pipeline.
var stages = []struct {
	name string
	run  func(*pipeline, context.Context) error
}{
	{"lint", (*pipeline).lint},
	{"l10n", (*pipeline).translations},
	{"versions", (*pipeline).versions},
	{"hugo", (*pipeline).render},
	{"compare", (*pipeline).compare},
	{"check", (*pipeline).check},
	{"minify", (*pipeline).minify},
	{"publish", (*pipeline).publish},
}

// prepare makes what the hugo stage fills for the later stages: Build
// makes it first, so that held may be called at any time.
func (b *pipeline) prepare() {
	if b.scanned == nil {
		b.scanned = check.NewPages()
		// The cache names the minifier by the program: none for another.
		if root := b.opt.Source.root; root != "" && b.opt.Minifier == nil {
			b.pageCache = shrink.OpenCache(b.cacheDir(), root)
		}
		b.shrunk = shrink.NewPages(shrink.Options{Minifier: b.opt.Minifier, Strip: buildAttrs, Cache: b.pageCache})
	}
}

// held is about the bytes the build holds for its later stages, from the
// hugo stage on (see Options.Pace).
func (b *pipeline) held() int64 {
	return b.scanned.Held() + b.shrunk.Held()
}

// stopped is an error after which Build returns its Result too: the
// findings say what went wrong.
type stopped struct{ error }

// pipeline is one run of the pipeline: what each stage leaves to the next.
type pipeline struct {
	opt     Options
	cfg     *hugo.Config
	res     *Result
	staging *publish.Staging             // nil: in memory
	docs    map[string]*content.Document // the content files lint parsed, for l10n
	pages   *pagesFs                     // what Hugo wrote, read and minified as it wrote it
	// pageCache keeps the pages minified, from build to build; nil for a
	// source in memory, a build with Fresh or a Minifier of its own, or
	// without a cache folder (cacheDir).
	pageCache *shrink.Cache
	scanned   *check.Pages  // the link check's facts of the pages Hugo wrote; made before the hugo stage, as is
	shrunk    *shrink.Pages // the pages Hugo wrote, minified
	gate      *gate         // shut by close: the folders' writers then write nothing
	// filled are the translations Hugo renders with the sections of
	// their source they lack filled in (l10n.Report.Fill), by file: the
	// lines of findings in them are located in the files they come from.
	filled map[string]l10n.LineMap
	// moved are the sections of translations that the source removed or
	// renamed, by file and id: work for translators, not broken anchors.
	moved map[string]map[string]report.Finding
	// archives are the earlier versions of documents, whose comparison
	// pages Hugo renders and compare fills.
	archives []versions.Archive
}

// stage runs one stage, timed, with its name on the progress line. A
// stage that ignores cancellation (Hugo cannot be stopped while it
// renders) is abandoned when ctx ends: stage returns ctx's error at once,
// and Build's deferred close removes the staging folder, which the
// abandoned stage can no longer write to (see cancelFs). Publishing, a
// rename, is never abandoned half done.
func (b *pipeline) stage(ctx context.Context, name string, run func(context.Context) error) error {
	if b.opt.Progress != nil {
		fmt.Fprintf(b.opt.Progress, "\r\033[K%s…", name)
	}
	start := time.Now()
	done := make(chan error, 1)
	if name == "publish" {
		done <- run(ctx)
	} else {
		go func() { done <- run(ctx) }()
	}
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		select {
		case err = <-done:
		default:
			return ctx.Err()
		}
	}
	b.res.Stages = append(b.res.Stages, Stage{name, time.Since(start)})
	if b.opt.Progress != nil {
		fmt.Fprint(b.opt.Progress, "\r\033[K")
	}
	return err
}

// close removes the staging folder, unless it was published, and the
// filled translations from the source: a source built again is read as
// it is.
func (b *pipeline) close() {
	if b.gate != nil {
		b.gate.close() // an abandoned stage writes nothing from here on
	}
	if b.staging != nil {
		b.staging.Close()
	}
	for file := range b.filled {
		b.opt.Source.Ungenerate(file)
	}
}

// outFs is the filesystem of opt.Out.
func (b *pipeline) outFs() afero.Fs {
	if b.opt.OutFs != nil {
		return b.opt.OutFs
	}
	return afero.NewOsFs()
}

// lint checks the content sources first: a writer's mistake is reported
// in plain words at its line, before Hugo meets it.
func (b *pipeline) lint(ctx context.Context) error {
	dirs, prefixes := map[string]string{}, map[string]string{}
	for _, l := range b.cfg.Languages {
		dirs[l.Code] = l.ContentDir
		prefixes[l.Code] = "/" + l.Code
		if l.Code == b.cfg.DefaultContentLanguage && !b.cfg.DefaultContentLanguageInSubdir {
			prefixes[l.Code] = ""
		}
	}
	cache := b.contentCache() // let go when lint returns: it is not held while Hugo renders
	l, err := lint.Run(ctx, b.opt.Source, lint.Options{Langs: b.cfg.Codes(), SourceLang: b.cfg.DefaultContentLanguage, ContentDirs: dirs, Root: b.opt.Source.root,
		Mounts: lintMounts(b.cfg), ConfigFile: configFile(b.cfg), MarkdownSuffixes: b.cfg.MarkdownSuffixes, ContentSuffixes: b.cfg.ContentSuffixes, Prefixes: prefixes,
		Production: b.opt.Environment == "production", Cache: cache})
	if err != nil {
		return fmt.Errorf("content check: %w", err)
	}
	if cache != nil {
		b.res.Content.Unchanged, b.res.Content.Files = cache.Found()
	} else {
		b.res.Content.Files = len(l.Docs)
	}
	if err := cache.Save(); err != nil && b.opt.Log != nil {
		// The next build reads the files again: nothing is lost.
		fmt.Fprintf(b.opt.Log, "content check: the cache was not saved: %v\n", err)
	}
	b.res.Check.Findings = slices.Clone(l.Findings)
	b.docs = map[string]*content.Document{}
	for _, d := range l.Docs {
		if d.Content != nil {
			b.docs[d.File] = d.Content
		}
	}
	if slices.ContainsFunc(l.Findings, lint.Stops) {
		return stopped{ErrCheck}
	}
	return nil
}

// contentCache is the content check's cache of a source on the real
// disk, in Hugo's cache folder. A source in memory has none.
func (b *pipeline) contentCache() *lint.Cache {
	root := b.opt.Source.root
	if root == "" {
		return nil
	}
	dir := b.cacheDir()
	if dir == "" {
		return nil
	}
	return lint.OpenCache(dir, root)
}

// cacheDir is the folder of the caches a build keeps for the next (see
// internal/buildcache): in Hugo's cache folder. When there is no user
// cache folder, Hugo's falls back to the system's temporary folder,
// which other users may write: no cache is kept there, as one planted
// could hide findings. "" keeps none.
func (b *pipeline) cacheDir() string {
	if b.opt.Fresh {
		return ""
	}
	if b.opt.CacheDir == "" {
		if _, err := os.UserCacheDir(); err != nil {
			return ""
		}
	}
	return filepath.Join(hugo.CacheDir(b.opt.CacheDir), "sitectl")
}

// translations writes the translation status, which feeds the
// stale-translation notices and, in preview builds, a status page for
// translators. A file the status could not read (an i18n file that does
// not parse, a stamp that is not a string) would stop Hugo with a vaguer
// message: it is reported at its line instead, and stops the build. A
// string that would render wrongly ("<no value>" for a mistyped
// placeholder) is an error too, reported with the rest; a string not
// translated yet falls back to English, a warning. The rest of the
// backlog is sitectl i18n's to report.
func (b *pipeline) translations(ctx context.Context) error {
	status, err := translationStatus(ctx, b.opt.Source, l10n.Options{Config: b.cfg, Docs: b.docs, Dir: b.opt.Source.root}, b.opt.Environment == "preview")
	if err != nil {
		return fmt.Errorf("translation status: %w", err)
	}
	invalid := false
	b.moved = map[string]map[string]report.Finding{}
	for _, f := range status.Findings {
		if f.Level == report.Error || f.Rule == l10n.RuleMissingKey {
			b.res.Check.Findings = append(b.res.Check.Findings, f)
			invalid = invalid || f.Rule == l10n.RuleInvalid
		}
		if f.Rule == l10n.RuleRemovedSection || f.Rule == l10n.RuleRenamedSection {
			if b.moved[f.File] == nil {
				b.moved[f.File] = map[string]report.Finding{}
			}
			b.moved[f.File][f.Target] = f
		}
	}
	if invalid {
		return stopped{ErrCheck}
	}
	// English moves first: a section a translation does not have yet is
	// shown there in English, marked untranslated, so that readers see
	// it and its anchor exists in every language.
	filled, err := status.Fill(afero.NewBasePathFs(b.opt.Source, "/"), l10n.Options{Config: b.cfg, Docs: b.docs})
	if err != nil {
		return fmt.Errorf("translation status: %w", err)
	}
	b.filled = map[string]l10n.LineMap{}
	for _, f := range filled {
		if err := b.opt.Source.Generate(f.File, f.Data); err != nil {
			return err
		}
		b.filled[f.File] = f.Map
	}
	return nil
}

// locate puts the findings at lines of a filled translation (see
// translations) at the line of the file that line comes from: the
// translation, or its source.
func (b *pipeline) locate(fs []report.Finding) {
	for i, f := range fs {
		fs[i] = b.located(f)
	}
}

// located is the finding f at the line of the file its line comes from.
func (b *pipeline) located(f report.Finding) report.Finding {
	if m, ok := b.filled[f.File]; ok && f.Line > 0 {
		f.File, f.Line = m.Locate(f.Line)
	}
	return f
}

// movedSections returns the link check's findings with each anchor-parity
// finding about a section of a translation that its source removed or
// renamed replaced by the translation status's finding, a warning: the
// translation is behind, not broken.
func (b *pipeline) movedSections(found []report.Finding) []report.Finding {
	if len(b.moved) == 0 {
		return found
	}
	seen := map[string]bool{}
	var out []report.Finding
	for _, f := range found {
		m, ok := b.moved[f.File][f.Target]
		if f.Rule != "anchor-parity" || !ok {
			out = append(out, f)
			continue
		}
		if key := m.File + m.Target; !seen[key] {
			seen[key] = true
			m.Level, m.Page = report.Warning, f.Page
			out = append(out, m)
		}
	}
	return out
}

// versions finds the earlier versions of documents (front matter
// superseded_by) and adds their comparison pages to the Hugo source.
func (b *pipeline) versions(ctx context.Context) error {
	dirs := map[string]string{}
	for _, l := range b.cfg.Languages {
		dirs[l.Code] = l.ContentDir
	}
	archives, found := versions.Find(b.docs, dirs)
	b.res.Check.Findings = append(b.res.Check.Findings, found...)
	if len(found) > 0 {
		return stopped{ErrCheck}
	}
	files, err := versions.Files(archives, dirs)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := b.opt.Source.Generate(name, files[name]); err != nil {
			return err
		}
	}
	b.archives = archives
	return nil
}

// unlisted are the pages of the earlier versions, which may be in no
// list: their comparison pages, and the versions themselves.
func (b *pipeline) unlisted() []string {
	var out []string
	for _, a := range b.archives {
		out = append(out, a.Path, a.Changes())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// compare writes into each comparison page what changed from the earlier
// version to the current one, from the text Hugo rendered, before the
// link check reads the pages.
func (b *pipeline) compare(ctx context.Context) error {
	if len(b.archives) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, p := range b.res.Pages {
		if p.Kind == "page" {
			out[versions.Key(p.Lang, p.Path)] = p.Out
		}
	}
	// An earlier version whose superseded_by names no page is an error
	// at that line (the banner's template reports it too), and has
	// nothing to compare with.
	var archives []versions.Archive
	for _, a := range b.archives {
		if _, ok := out[versions.Key(a.Lang, a.Current)]; ok {
			archives = append(archives, a)
			continue
		}
		f := report.Finding{Level: report.Error, File: a.File, Page: a.File, Line: a.Line, Rule: versions.RuleArchive,
			Message: fmt.Sprintf("superseded_by %q is not a page of the site in %s", a.Current+"/", a.Lang)}
		b.res.Check.Findings = append(b.res.Check.Findings, sameLine(b.res.Check.Findings, []report.Finding{f})...)
	}
	if err := versions.Fill(b.res.Site, out, archives); err != nil {
		return fmt.Errorf("comparing versions: %w", err)
	}
	return nil
}

// begin makes the staging folder of a published build, next to opt.Out,
// which Hugo renders into and every later stage reads and rewrites in
// place: the site is never held in memory whole, and publishing is a
// rename.
func (b *pipeline) begin() error {
	if b.opt.Out == "" {
		return nil
	}
	dst := b.opt.OutFs
	if dst == nil {
		dst = afero.NewOsFs()
	}
	var err error
	if b.staging, err = publish.Begin(dst, b.opt.Out); err != nil {
		return fmt.Errorf("publishing %s: %w", b.opt.Out, err)
	}
	b.gate = &gate{} // here, on Build's goroutine, as close reads it there
	return nil
}

// render runs Hugo, into the staging folder of a published build. Each
// page is minified and read for the link check as Hugo writes it (see
// pagesFs); the check and minify stages then read only the rest.
func (b *pipeline) render(ctx context.Context) error {
	b.docs = nil // the stages before read them; not held while Hugo builds, which needs the memory
	var dest afero.Fs = afero.NewMemMapFs()
	if b.staging != nil {
		dest = cancelFs{b.staging.Fs(), ctx, b.gate}
	}
	b.prepare()
	b.scanned.KeepLines(layoutsOf(b.opt.Source, b.cfg.Mounts)) // for layout tracing, as pages are not kept
	b.pages = &pagesFs{Fs: dest, check: b.scanned,
		shrink: b.shrunk,
		// A comparison page is filled in by the compare stage: it is
		// read and minified after that, with the files Hugo wrote.
		later: []byte(versions.Placeholder)}
	built, err := hugo.Build(ctx, hugo.Options{
		Source:      b.opt.Source,
		Environment: b.opt.Environment,
		BaseURL:     b.opt.BaseURL,
		CacheDir:    b.opt.CacheDir,
		Log:         b.opt.Log,
		Dest:        b.pages,
		Unlisted:    b.unlisted(),
	})
	if werr := b.pages.failed(); werr != nil && ctx.Err() == nil {
		return fmt.Errorf("writing the site: %w", werr)
	}
	if err != nil {
		// Hugo's errors are located (file:line: message): report them as
		// findings too, so every output format carries them. When
		// templates only logged them, the site is whole: the later
		// stages run, and the link check's findings come in the same run.
		if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		f := buildFindings(err)
		b.locate(f)
		b.res.Check.Findings = append(b.res.Check.Findings, sameLine(b.res.Check.Findings, f)...)
		var be *hugo.BuildError
		if !errors.As(err, &be) || !be.Rendered {
			return stopped{err}
		}
	}
	b.res.Pages = built.Pages
	b.res.Site = dest // the later stages write files as they are
	// Warnings of templates at a source line (a link to a document not
	// translated yet, which leads to the English page) are findings, so
	// pull requests show them where they are; others go to the log.
	for _, w := range built.Warnings {
		if f, ok := locatedFinding(report.Warning, w); ok {
			b.res.Check.Findings = append(b.res.Check.Findings, b.located(f))
		} else if b.opt.Log != nil {
			fmt.Fprintf(b.opt.Log, "WARN  %s\n", w)
		}
	}
	return nil
}

// minify strips the build-only attributes and minifies, in one pass,
// proving each page keeps its ids, links and text: every id, link target
// and heading the check read is in the published page. A
// *shrink.LossError names every page.
func (b *pipeline) minify(ctx context.Context) (err error) {
	var done *shrink.Pages
	if b.pages != nil {
		done = b.pages.shrink
	}
	b.res.Minify, err = shrink.Run(ctx, b.res.Site, shrink.Options{Minifier: b.opt.Minifier, Progress: b.opt.Progress, Strip: buildAttrs, Pages: done})
	b.res.Minified.Unchanged, b.res.Minified.Pages = b.shrunk.Found()
	if err == nil {
		// Every page is proven whole: the cache keeps this build's.
		if cerr := b.pageCache.Finish(); cerr != nil && b.opt.Log != nil {
			fmt.Fprintf(b.opt.Log, "minify: the page cache was not tidied: %v\n", cerr)
		}
	}
	return err
}

// check checks the links and anchors of the pages as Hugo wrote them, with
// the render hooks' data-src attributes, which locate each link and
// heading at its Markdown line (minify strips them after). Lenient waives
// the link check's own errors, which it reports as warnings, not those of
// the content check, the translation status or Hugo: a page that would
// show "<no value>" or a heading without an id is never published.
func (b *pipeline) check(ctx context.Context) error {
	earlier := b.res.Check.Findings // the content check's, the translation status's and Hugo's
	rules, err := check.RulesFrom(b.cfg.Param("check", "rules"))
	if err != nil {
		return b.configError(err)
	}
	// Netlify serves the site with the [[redirects]] of the source's
	// netlify.toml: links they serve are links.
	var netlify *check.File
	if data, err := afero.ReadFile(b.opt.Source, "/"+check.NetlifyName); err == nil {
		netlify = &check.File{Name: check.NetlifyName, Data: data}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("link check: %w", err)
	}
	var scanned *check.Pages
	if b.pages != nil {
		scanned = b.pages.check
	}
	links, err := check.Run(ctx, b.res.Site, check.Options{
		Netlify:     netlify,
		Rules:       rules,
		Root:        "/",
		BaseURL:     siteURL(b.cfg.BaseURL),
		SourceLang:  b.cfg.DefaultContentLanguage,
		Ignore:      b.cfg.Strings("check", "ignore"),
		IgnorePages: b.cfg.Strings("check", "ignorePages"),
		Pages:       scanned,
	})
	if err != nil {
		return fmt.Errorf("link check: %w", err)
	}
	b.locate(links.Findings)
	found := followOns(earlier, links.Findings, b.res.Pages)
	// After followOns, which knows a finding by the page it is on. The
	// site holds the pages minified already, but for those a later stage
	// rewrote: the lines of the others, as rendered, are in scanned.
	traceLayouts(b.opt.Source, b.cfg.Mounts, b.res.Site, scanned, found)
	found = b.movedSections(found)
	if b.opt.Lenient {
		for i := range found {
			if found[i].Level == report.Error {
				found[i].Level = report.Warning
			}
		}
	}
	links.Findings = append(earlier, found...)
	links.Title = b.res.Check.Title
	b.res.Check = links
	sortBySource(b.res.Check.Findings)
	if b.res.Check.HasErrors() {
		if b.staging != nil {
			b.res.Site = nil // removed with the staging folder
		}
		return stopped{ErrCheck}
	}
	return nil
}

// configError names the line of the configuration that sets a rule the
// check cannot take: hugo.toml's [params.check.rules], or a params file
// of a config folder.
func (b *pipeline) configError(err error) error {
	var re *check.RuleError
	if errors.As(err, &re) {
		for _, f := range b.cfg.Files {
			if !strings.HasSuffix(f, ".toml") {
				continue
			}
			data, rerr := afero.ReadFile(b.opt.Source, "/"+f)
			if rerr != nil {
				continue
			}
			keys := []string{"params", "check", "rules", re.Name}
			if path.Base(f) == "params.toml" {
				keys = keys[1:]
			}
			if line := check.KeyLine(data, keys...); line > 0 {
				return fmt.Errorf("%s:%d: [params.check.rules] %w", f, line, err)
			}
		}
	}
	return fmt.Errorf("%s [params.check.rules]: %w", cmp.Or(strings.Join(b.cfg.Files, ", "), "hugo.toml"), err)
}

// siteURL is the site's address as hugo.toml (or -baseurl, which Hugo's
// configuration takes) gives it, when it names a host: links to that
// host are the site's own, checked as its pages. "" leaves the check to
// read it from the pages' canonical links.
func siteURL(base string) string {
	if u, err := url.Parse(base); err == nil && u.Host != "" {
		return base
	}
	return ""
}

// publish swaps the staging folder in for opt.Out.
func (b *pipeline) publish(ctx context.Context) error {
	if err := b.staging.Commit(ctx); err != nil {
		return fmt.Errorf("publishing %s: %w", b.opt.Out, err)
	}
	b.res.Site = b.staging.Published()
	return nil
}

// cancelFs refuses to create or change files once its context has ended
// or its gate is shut: a stage abandoned on cancellation (Hugo, still
// rendering) then cannot write the staging folder back after Build removed
// it. Checking the context alone left a window: an operation that passed
// the check could recreate a folder while close removed it. Each operation
// holds the gate's read lock; close shuts it, waiting for those in flight.
type cancelFs struct {
	afero.Fs
	ctx  context.Context
	gate *gate
}

// gate is shut once, by the pipeline's close, before it removes folders.
type gate struct {
	mu   sync.RWMutex
	shut bool
}

// enter holds the gate open for one operation; exit must follow.
func (c cancelFs) enter() error {
	c.gate.mu.RLock()
	if c.gate.shut {
		return context.Canceled
	}
	return c.ctx.Err()
}

func (c cancelFs) exit() { c.gate.mu.RUnlock() }

// close shuts the gate: no operation of the filesystems it guards runs
// after it returns.
func (g *gate) close() {
	g.mu.Lock()
	g.shut = true
	g.mu.Unlock()
}

func (c cancelFs) Create(name string) (afero.File, error) {
	defer c.exit()
	if err := c.enter(); err != nil {
		return nil, err
	}
	return c.Fs.Create(name)
}

func (c cancelFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	defer c.exit()
	if err := c.enter(); err != nil && flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE) != 0 {
		return nil, err
	}
	return c.Fs.OpenFile(name, flag, perm)
}

func (c cancelFs) Mkdir(name string, perm os.FileMode) error {
	defer c.exit()
	if err := c.enter(); err != nil {
		return err
	}
	return c.Fs.Mkdir(name, perm)
}

func (c cancelFs) MkdirAll(name string, perm os.FileMode) error {
	defer c.exit()
	if err := c.enter(); err != nil {
		return err
	}
	return c.Fs.MkdirAll(name, perm)
}

func (c cancelFs) Rename(oldname, newname string) error {
	defer c.exit()
	if err := c.enter(); err != nil {
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
//     check finds at that line;
//   - an emphasis error of the content check (** next to CJK punctuation)
//     explains the Markdown the check finds as text on its page.
func followOns(earlier, found []report.Finding, pages []hugo.Page) []report.Finding {
	doc := map[string]string{} // source or output file -> language-neutral path
	out := map[string]string{} // source file -> output file
	for _, p := range pages {
		doc[p.Out] = p.Path
		if p.Source != "" {
			doc[p.Source] = p.Path
			out[p.Source] = p.Out
		}
	}
	headings, lines, emphasis := map[string]bool{}, map[place]bool{}, map[string]bool{}
	for _, f := range earlier {
		switch {
		case f.Level != report.Error:
		case f.Rule == "heading-id":
			if p, ok := doc[f.File]; ok {
				headings[p] = true
			}
		case f.Rule == ruleBuild && f.Line > 0:
			lines[placeOf(f)] = true
		case f.Rule == "emphasis":
			if o, ok := out[f.File]; ok {
				emphasis[o] = true
			}
		}
	}
	if len(headings)+len(lines)+len(emphasis) == 0 {
		return found
	}
	return slices.DeleteFunc(found, func(f report.Finding) bool {
		switch f.Rule {
		case "duplicate-id", "anchor-parity", "empty-link":
			return headings[doc[f.File]]
		case "broken-link", "missing-fragment":
			return lines[placeOf(f)]
		case "unrendered-markdown":
			return emphasis[f.Page]
		}
		return false
	})
}

// sameLine returns Hugo's findings without those at a line where the
// content check found an error already (a heading without an id is
// reported by both).
func sameLine(lintFindings, hugoFindings []report.Finding) []report.Finding {
	seen := map[place]bool{}
	for _, f := range lintFindings {
		if f.Level == report.Error && f.Line > 0 {
			seen[placeOf(f)] = true
		}
	}
	return slices.DeleteFunc(hugoFindings, func(f report.Finding) bool { return seen[placeOf(f)] })
}

// place is a line of a source file.
type place struct {
	file string
	line int
}

func placeOf(f report.Finding) place { return place{f.File, f.Line} }

// sortBySource orders the findings of the stages as a reviewer walks
// through them: by the file they name, then by line, in numbers.
func sortBySource(fs []report.Finding) {
	slices.SortStableFunc(fs, func(a, b report.Finding) int {
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
func translationStatus(ctx context.Context, src *Source, opt l10n.Options, preview bool) (*l10n.Report, error) {
	fsys := afero.NewBasePathFs(src, "/")
	r, err := l10n.Status(ctx, fsys, opt)
	if err != nil {
		return nil, err
	}
	files, err := statusFiles(fsys, r, opt, preview)
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
// preview builds, the translators' status page and its data: the report
// and the worklist (each stale part's English as stamped and now, read
// from the git history of opt.Dir when there is one).
func statusFiles(fsys afero.Fs, r *l10n.Report, opt l10n.Options, preview bool) (map[string][]byte, error) {
	files := map[string][]byte{l10n.DataFile: r.Data()}
	if !preview {
		return files, nil
	}
	var b bytes.Buffer
	if err := statusPageReport(r).Write(&b, "json"); err != nil {
		return nil, err
	}
	files[statusReport] = b.Bytes()
	w, err := l10n.Work(fsys, opt, r)
	if err != nil {
		return nil, err
	}
	files[l10n.WorkFile] = w.JSON()
	files[statusPagePath(opt.Config)] = []byte(statusPage)
	return files, nil
}

// statusPageReport is r with only what the status page shows
// (layouts/translation-status.html): the pages not fresh, and the
// findings but those of missing, stale and unstamped pages, which the
// pages' list says. Hugo holds the data files for the whole build, for
// this one page: at 30,000 pages (tools/genscale -n 5000) the whole
// report took 23.9 MB of JSON, and about 90 MB of Hugo's heap parsed.
func statusPageReport(r *l10n.Report) *l10n.Report {
	shown := *r
	shown.Pages = slices.DeleteFunc(slices.Clone(r.Pages), func(p l10n.Page) bool { return p.Status == l10n.Fresh })
	shown.Findings = slices.DeleteFunc(slices.Clone(r.Findings), func(f report.Finding) bool {
		return f.Rule == l10n.RuleMissing || f.Rule == l10n.RuleStale || f.Rule == l10n.RuleUnstamped
	})
	return &shown
}

// statusPagePath is the file of the translators' status page in the Hugo
// source: in the source language's content folder.
func statusPagePath(cfg *hugo.Config) string {
	l, _ := cfg.Language(cfg.DefaultContentLanguage)
	return path.Join(l.ContentDir, "translation-status.md")
}

// statusReport is the translation report the status page reads
// (statusPageReport).
const statusReport = "data/generated/l10nreport.json"

// ruleBuild is the rule of an error Hugo reported.
const ruleBuild = "build"

// located is one line of a hugo.BuildError: "file:line[:col]: message".
// The file name may hold spaces ("content/ko/쿠키 정책.md").
var located = regexp.MustCompile(`^(\S.*?):(\d+)(?::\d+)?: (.+)$`)

// buildFindings turns an error of Hugo's into findings, one a line, so
// that every output format carries it: a located line ("file:line:
// message") at its line, any other at the file it mentions ("... see
// /content/en/a.md"), or at no file when it names none.
func buildFindings(err error) []report.Finding {
	var out []report.Finding
	for _, line := range strings.Split(err.Error(), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f, ok := locatedFinding(report.Error, line)
		if !ok {
			f = report.Finding{Level: report.Error, Rule: ruleBuild, Message: strings.TrimSpace(line)}
			if m := mentioned.FindStringSubmatch(line); m != nil {
				f.File, f.Page = m[1], m[1]
			}
		}
		out = append(out, f)
	}
	return out
}

// mentioned is a file of the site named in a message: "see
// /content/en/a.md", "\"/layouts/x.html:3:1\"".
var mentioned = regexp.MustCompile(`(?:^|[\s"'(])/?((?:content|layouts|data|i18n|assets|static|archetypes)/[^\s"':]+)`)

// locatedFinding is the finding of one located message of Hugo's.
func locatedFinding(level report.Level, msg string) (report.Finding, bool) {
	m := located.FindStringSubmatch(strings.TrimSpace(msg))
	if m == nil {
		return report.Finding{}, false
	}
	n, _ := strconv.Atoi(m[2])
	return report.Finding{Level: level, Page: m[1], File: m[1], Line: n, Rule: ruleBuild, Message: m[3]}, true
}
