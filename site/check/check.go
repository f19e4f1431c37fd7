package check

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/afero"

	"legalcenter/site/report"
)

// The rules, as they appear in Finding.Rule.
const (
	ruleBroken    = "broken-link"        // an internal link to a file that does not exist
	ruleFrag      = "missing-fragment"   // #id that no element of the target page has
	ruleDupID     = "duplicate-id"       // two elements of a page with one id
	ruleParity    = "anchor-parity"      // a translation's heading ids differ from the source's
	ruleHreflng   = "hreflang"           // alternates incomplete, not absolute, not reciprocal
	ruleEmpty     = "empty-link"         // "", "#", mailto: or tel: with no address
	ruleUnsafe    = "unsafe-scheme"      // javascript:, vbscript:, file:, drive letters, data: links
	ruleBadURL    = "bad-url"            // malformed URL; backslashes (warning)
	ruleOutside   = "outside-root"       // a path that climbs above the site root
	ruleParse     = "unparsable"         // the HTML parser refuses a page the DOM is asked about
	ruleRequired  = "required-attribute" // <img> without src or srcset, <link> without href
	ruleXDefault  = "hreflang-x-default" // alternates without x-default
	ruleNoAlts    = "hreflang-missing"   // a page of a multilingual site with no alternates
	rulePageSize  = "page-size"          // a page larger than Options.MaxPageSize, not read
	ruleOwnDomain = "own-domain"         // the site's own address is unknown: links to its domain go unchecked
	// ruleExternal (online.go): an external link that fails when fetched
)

// Report is the outcome of a check of a whole site.
type Report struct {
	Findings []report.Finding // sorted by page, file, line; no two equal
	Pages    int              // HTML pages checked
	Links    int              // URLs checked (each srcset candidate counts)
	External int              // distinct external URLs checked online (Options.Online)
	Cached   int              // of those, answered by the cache
	// Title heads the Markdown summary: "Link check" when empty; the
	// build, whose report carries the content check's findings too,
	// says "Build".
	Title string `json:"-"`
}

// HasErrors reports whether any finding is an error.
func (r *Report) HasErrors() bool {
	return report.HasErrors(r.Findings)
}

// Options configures Run. The zero value checks the site at the root of fsys.
type Options struct {
	// Root is the folder of fsys that holds the built site ("" is ".").
	Root string
	// BaseURL is the site's absolute URL; links to it (hreflang alternates,
	// canonical links) are checked as local files. When empty it is inferred
	// from an absolute <link rel=canonical>.
	BaseURL string
	// ConfigBaseURL is the baseURL of the site's Hugo configuration, for
	// when neither BaseURL nor a canonical link gives the site's address
	// (a build may have been made for another address than hugo.toml's).
	ConfigBaseURL string
	// SourceLang is the language translations are compared to ("" is "en",
	// which a site may lack); when set, a language of a page of the site
	// (its hreflang or <html lang>), or Run fails.
	SourceLang string
	// Ignore drops findings whose target, the URL as written in the page
	// (before invisible characters are escaped), matches one of these
	// patterns, and
	// IgnorePages those on matching pages. A pattern is a glob ("*" matches
	// anything, "/" too; "?" one character) or, after "re:", a regular
	// expression (unanchored). Ignored external links are not fetched.
	Ignore, IgnorePages []string
	// Rules sets the level of rules by name, or turns them off; the
	// others keep their defaults (RuleList).
	Rules Rules
	// Online, when not nil, also fetches every external http(s) URL once
	// (see Online); nil checks their syntax only, with no network.
	Online *Online
	// Netlify is the site's netlify.toml, whose [[redirects]] Netlify
	// applies after the rules of the _redirects file at the site root;
	// a built site does not hold it. Nil: none.
	Netlify *File
	// MaxPageSize is the largest page read, in bytes; a larger one is an
	// error finding, not read (a runaway page would take the checker's
	// memory). 0 means DefaultMaxPageSize.
	MaxPageSize int64
	// Pages holds pages scanned already, as they were written (see
	// Pages): Run takes their facts instead of reading them again.
	Pages *Pages
}

// File is a file from outside the built site: its name, for messages,
// and its bytes.
type File struct {
	Name string
	Data []byte
}

// DefaultMaxPageSize is the largest page the check reads unless told
// otherwise: legal documents render to tens of kilobytes.
const DefaultMaxPageSize = 64 << 20

var errNoHost = errors.New("base URL has no host")

// Run checks the built site in fsys. Every problem in the site is a Finding;
// an error means the check could not run.
func Run(ctx context.Context, fsys afero.Fs, opt Options) (*Report, error) {
	root := opt.Root
	if root == "" {
		root = "."
	}
	ignore, err := compilePatterns(opt.Ignore)
	if err != nil {
		return nil, err
	}
	ignorePages, err := compilePatterns(opt.IgnorePages)
	if err != nil {
		return nil, err
	}
	base := opt.BaseURL
	res, err := newResolver(base)
	if err != nil {
		return nil, fmt.Errorf("check: base URL %q: %w", base, err)
	}
	var (
		online Online
		cache  *linkCache
	)
	if opt.Online != nil {
		online = opt.Online.withDefaults()
		if cache, err = loadCache(online.Cache); err != nil {
			return nil, err
		}
	}
	files, pages, sheets, scanners, err := scanSite(ctx, fsys, root, cmp.Or(opt.MaxPageSize, DefaultMaxPageSize), opt.Pages)
	if err != nil {
		return nil, err
	}
	if base == "" {
		base = cmp.Or(inferBase(pages), opt.ConfigBaseURL)
		if res, err = newResolver(base); err != nil {
			return nil, fmt.Errorf("check: base URL %q: %w", base, err)
		}
	}
	src := opt.SourceLang
	if src == "" {
		src = "en"
	}
	// SourceLang, when set, must be a language of the site; "en" by
	// default may be absent (parity then compares nothing).
	c := &site{fsys: fsys, pages: pages, byPath: make(map[string]*page, len(pages)), base: base, source: src}
	for _, p := range pages {
		c.byPath[p.path] = p
	}
	var redirects []redirect
	if files["_redirects"] {
		name := path.Join(filepath.ToSlash(root), "_redirects")
		data, err := readFile(fsys, filepath.FromSlash(name), nil, cmp.Or(opt.MaxPageSize, DefaultMaxPageSize))
		if err != nil {
			return nil, fmt.Errorf("check: %w", err)
		}
		if redirects, err = parseRedirects(displayPath(root, "_redirects", isOs(fsys)), data); err != nil {
			return nil, fmt.Errorf("check: %w", err)
		}
	}
	if opt.Netlify != nil {
		rules, err := parseNetlify(opt.Netlify.Name, opt.Netlify.Data)
		if err != nil {
			return nil, fmt.Errorf("check: %w", err)
		}
		redirects = append(redirects, rules...)
	}
	var notes []report.Finding // about the whole site
	ext, maybeOwn, err := checkLinks(ctx, res, files, c, scanners, opt.Online != nil, redirects)
	if err != nil {
		return nil, err
	}
	if base == "" && maybeOwn > 0 && opt.Online == nil {
		// Say once that links to the site's own domain went unchecked,
		// rather than let them pass in silence (online, they are
		// fetched).
		notes = append(notes, report.Finding{Level: report.Notice, File: displayPath(root, ".", isOs(fsys)), Rule: ruleOwnDomain,
			Message: fmt.Sprintf("the site's own address is unknown (no -baseurl, no baseurl in %s, no absolute <link rel=canonical>, no baseURL in hugo.toml): links to its own domain are not checked as its pages (%s taken as external)", ConfigName, report.Plural(maybeOwn, "absolute http(s) link"))})
	}
	if opt.SourceLang != "" {
		if err := c.hasLang(opt.SourceLang); err != nil {
			return nil, err
		}
	}
	rep := &Report{Pages: len(pages)}
	if opt.Online != nil {
		st, err := checkOnline(ctx, online, cache, ext, func(r extRef) bool {
			return matchAny(ignore, r.ref) || matchAny(ignorePages, r.p.path)
		})
		var unsaved cacheSaveError
		switch {
		case errors.As(err, &unsaved):
			rep.Findings = append(rep.Findings, report.Finding{Level: report.Warning, Page: online.Cache, File: online.Cache, Rule: ruleExternal, Message: unsaved.Error()})
		case err != nil:
			return nil, err
		}
		rep.External, rep.Cached = st.checked, st.cached
	}
	for _, p := range sheets {
		rep.Links += p.links
	}
	for _, p := range pages {
		rep.Links += p.links
	}
	c.hreflang()
	c.parity()
	for _, f := range notes {
		if lvl, on := opt.Rules.level(f.Rule, f.Level); on {
			f.Level = lvl
			rep.Findings = append(rep.Findings, f)
		}
	}
	for _, p := range slices.Concat(pages, sheets) {
		for _, f := range p.findings {
			if f.Lang == "" {
				f.Lang = p.lang
			}
			if matchAny(ignore, f.Target) || matchAny(ignorePages, f.Page) {
				continue
			}
			lvl, on := opt.Rules.level(f.Rule, f.Level)
			if !on {
				continue
			}
			f.Level = lvl
			f.Target, f.Message = visible(f.Target), visible(f.Message)
			rep.Findings = append(rep.Findings, f)
		}
	}
	slices.SortFunc(rep.Findings, compareFindings)
	rep.Findings = slices.Compact(rep.Findings)
	return rep, nil
}

func compareFindings(a, b report.Finding) int {
	return cmpFirst(strings.Compare(a.Page, b.Page), strings.Compare(a.File, b.File), a.Line-b.Line,
		strings.Compare(a.Rule, b.Rule), strings.Compare(a.Target, b.Target),
		strings.Compare(a.Message, b.Message), strings.Compare(string(a.Level), string(b.Level)))
}

func isOs(fsys afero.Fs) bool {
	_, ok := fsys.(*afero.OsFs)
	return ok
}

func cmpFirst(cs ...int) int {
	for _, c := range cs {
		if c != 0 {
			return c
		}
	}
	return 0
}

// displayPath names an HTML file for a report as it opens from the folder
// the check was started in: joined to a relative root; for an absolute root
// on the disk, relative to the working folder when inside it, else absolute.
// A site in memory (the build's, at "/") names files from its root.
func displayPath(root, rel string, onDisk bool) string {
	r := filepath.ToSlash(filepath.Clean(root))
	switch {
	case r == "." || r == "/":
		return rel
	case !filepath.IsAbs(root) && !path.IsAbs(r):
		return path.Join(r, rel)
	case !onDisk:
		return rel
	}
	full := filepath.Join(root, filepath.FromSlash(rel))
	if wd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(wd, full); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(r)
		}
	}
	return filepath.ToSlash(full)
}

// scanSite walks the site and, on every core as the walk goes, reduces each
// page to its facts. It returns the set of every file (link targets are
// looked up here, never opened), the pages, sorted by path, and the scanners,
// each with the pages it read. A page that scanned holds already is taken
// from it, not read.
func scanSite(ctx context.Context, fsys afero.Fs, root string, maxSize int64, scanned *Pages) (map[string]bool, []*page, []*page, []*scanner, error) {
	work := make(chan *page, 1024)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		readErr  error
		scanners = make([]*scanner, runtime.GOMAXPROCS(0))
	)
	for i := range scanners {
		s := newScanner()
		scanners[i] = s
		wg.Go(func() {
			for p := range work {
				data, err := readFile(fsys, p.fsPath, s.buf, maxSize)
				s.buf = data[:0]
				if errors.Is(err, errTooLarge) {
					p.findings = append(p.findings, report.Finding{Level: report.Error, Page: p.path, File: p.file, Rule: rulePageSize,
						Message: fmt.Sprintf("the page is larger than %s, the most a page may be (-max-page-size): it was not checked", mib(maxSize))})
					s.buf = nil // do not keep a buffer that large
					continue
				}
				if err != nil {
					mu.Lock()
					if readErr == nil {
						readErr = fmt.Errorf("check: %w", err)
					}
					mu.Unlock()
					continue
				}
				if p.sheet {
					s.scanCSS(p, data)
					continue
				}
				s.scan(p, data, nil)
				p.checkMarkdown(data)
			}
			s.buf = nil
		})
	}
	files, taken := map[string]bool{}, map[*page]bool{}
	var pages, sheets []*page
	_, onDisk := fsys.(*afero.OsFs)
	err := walk(fsys, root, func(fsPath, rel string, link bool) error {
		files[rel] = !link // a symbolic link: known, never followed
		if link {
			return nil
		}
		sheet := strings.HasSuffix(rel, ".css")
		if !isHTML(rel) && !sheet {
			return nil
		}
		file := displayPath(root, rel, onDisk)
		p := scanned.page(rel, file, maxSize)
		if p != nil {
			taken[p] = true
		} else {
			p = &page{path: rel, file: file, sheet: sheet}
		}
		p.fsPath = fsPath
		if sheet {
			sheets = append(sheets, p)
		} else {
			pages = append(pages, p)
		}
		if taken[p] {
			return nil
		}
		select {
		case work <- p:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	close(work)
	wg.Wait()
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, nil, nil, nil, ctx.Err()
	case err != nil:
		return nil, nil, nil, nil, fmt.Errorf("check: %w", err)
	case readErr != nil:
		return nil, nil, nil, nil, readErr
	}
	slices.SortFunc(pages, func(a, b *page) int { return strings.Compare(a.path, b.path) })
	return files, pages, sheets, append(scanners, scanned.taken(taken)...), nil
}

// walk calls fn with the path in fsys and the slash-separated path relative to
// root of every regular file and symbolic link under root. Directories are
// walked in lexical order; symbolic links, which could lead outside, are not
// followed (link is true). On the real file system it reads file types from
// the directory entries, with no stat per file.
func walk(fsys afero.Fs, root string, fn func(fsPath, rel string, link bool) error) error {
	prefix := filepath.ToSlash(filepath.Clean(root))
	relPath := func(p string) string {
		rel := filepath.ToSlash(p)
		if prefix != "." && prefix != "/" {
			rel = strings.TrimPrefix(rel, prefix)
		}
		return strings.TrimLeft(rel, "/")
	}
	if _, ok := fsys.(*afero.OsFs); ok {
		return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type()&fs.ModeSymlink != 0 {
				return fn(p, relPath(p), true)
			}
			if !d.Type().IsRegular() {
				return nil
			}
			return fn(p, relPath(p), false)
		})
	}
	return afero.Walk(fsys, root, func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return fn(p, relPath(p), true)
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		return fn(p, relPath(p), false)
	})
}

// readFile reads a file into buf, which it grows as needed: each worker reads
// every page into one buffer. A file of more than max bytes is errTooLarge,
// whatever its size says, and is never read whole.
func readFile(fsys afero.Fs, name string, buf []byte, max int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return buf[:0], err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > max {
		return buf[:0], errTooLarge
	}
	data, err := readAll(io.LimitReader(f, max+1), buf[:0])
	if err == nil && int64(len(data)) > max {
		return data[:0], errTooLarge
	}
	return data, err
}

// errTooLarge is a page larger than the check reads.
var errTooLarge = errors.New("the page is too large")

// mib is n bytes in MiB, for messages.
func mib(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// checkLinks checks the URLs of every page, on every core: each scanner's
// pages with their urlTable. When online, it returns the external links.
func checkLinks(ctx context.Context, res resolver, files map[string]bool, c *site, scanners []*scanner, online bool, redirects []redirect) ([]extRef, int, error) {
	var wg sync.WaitGroup
	ext := make([][]extRef, len(scanners))
	maybeOwn := make([]int, len(scanners))
	for i, s := range scanners {
		wg.Go(func() {
			l := newLinker(res, files, c.byPath, s.urls.urls)
			l.online, l.redirects = online, redirects
			l.forced = slices.ContainsFunc(redirects, func(r redirect) bool { return r.force })
			for _, p := range s.pages {
				if ctx.Err() != nil {
					return
				}
				l.check(p)
			}
			ext[i], maybeOwn[i] = l.ext, l.maybeOwn
		})
	}
	wg.Wait()
	n := 0
	for _, m := range maybeOwn {
		n += m
	}
	return slices.Concat(ext...), n, ctx.Err()
}

// inferBase finds the base URL from the first pages with an absolute
// canonical link that ends in the page's own URL path.
func inferBase(pages []*page) string {
	for i, p := range pages {
		if i == 20 {
			break
		}
		if p.redirect { // an alias names the page it redirects to
			continue
		}
		canon := p.canon
		if !strings.HasPrefix(canon, "https://") && !strings.HasPrefix(canon, "http://") {
			continue
		}
		own := strings.TrimSuffix(p.path, "index.html")
		if i := strings.IndexAny(canon, "?#"); i >= 0 {
			canon = canon[:i]
		}
		if b, ok := strings.CutSuffix(canon, own); ok && strings.HasSuffix(b, "/") && strings.Count(b, "/") >= 3 {
			return b
		}
	}
	return ""
}

func compilePatterns(pats []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, p := range pats {
		expr, ok := strings.CutPrefix(p, "re:")
		if !ok {
			var b strings.Builder
			b.WriteString("^")
			for _, c := range p {
				switch c {
				case '*':
					b.WriteString(".*")
				case '?':
					b.WriteString(".")
				default:
					b.WriteString(regexp.QuoteMeta(string(c)))
				}
			}
			b.WriteString("$")
			expr = b.String()
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, fmt.Errorf("check: ignore pattern %q: %w", p, err)
		}
		out = append(out, re)
	}
	return out, nil
}

func matchAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
