package shrink

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/spf13/afero"
	"github.com/tdewolff/minify/v2"
	mincss "github.com/tdewolff/minify/v2/css"
	minhtml "github.com/tdewolff/minify/v2/html"
	minjs "github.com/tdewolff/minify/v2/js"
	minjson "github.com/tdewolff/minify/v2/json"
	minsvg "github.com/tdewolff/minify/v2/svg"
	minxml "github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2/buffer"
)

// Minifier minifies one file of the given media type ("text/html", ...).
// *minify.M from github.com/tdewolff/minify/v2 is one.
type Minifier interface {
	Minify(mediatype string, w io.Writer, r io.Reader) error
}

// MinifierFunc adapts a function to a Minifier.
type MinifierFunc func(mediatype string, w io.Writer, r io.Reader) error

// Minify calls f.
func (f MinifierFunc) Minify(mediatype string, w io.Writer, r io.Reader) error {
	return f(mediatype, w, r)
}

// New returns the minifier with our settings. Every setting is lossless:
//
//   - HTML keeps <html>, <head> and <body> (their lang and dir attributes
//     are read by the link checker and by tools), every end tag and the
//     quotes around attribute values: a page stays well-formed and easy to
//     read for any HTML tool, test or person, and compressed they cost
//     little (measured on our site: dropping both would shrink the HTML by
//     another 6%, but only 2% gzipped). It drops comments, default
//     attribute values, and white space that does not render.
//   - CSS, JS, JSON and SVG keep every significant digit (Precision 0).
//   - JS output stays ECMAScript 2020, which every browser we support runs.
//   - XML (the sitemaps) drops white space between elements.
//
// Embedded CSS, JS and JSON (style and script elements, style attributes)
// are minified with the same settings.
func New() *minify.M {
	m := minify.New()
	m.Add("text/html", &minhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	m.Add("text/css", &mincss.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), &minjs.Minifier{Version: 2020})
	m.AddRegexp(regexp.MustCompile(`[/+]json$`), &minjson.Minifier{})
	m.Add("image/svg+xml", &minsvg.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]xml$`), &minxml.Minifier{})
	return m
}

// mediaTypes maps a file extension to its media type and the name its
// statistics are kept under. Other files are left alone.
var mediaTypes = map[string]struct{ media, kind string }{
	".html":        {"text/html", "html"},
	".htm":         {"text/html", "html"},
	".css":         {"text/css", "css"},
	".js":          {"application/javascript", "js"},
	".mjs":         {"application/javascript", "js"},
	".json":        {"application/json", "json"},
	".webmanifest": {"application/manifest+json", "json"},
	".svg":         {"image/svg+xml", "svg"},
	".xml":         {"text/xml", "xml"},
}

// Options configure Run. The zero value minifies with New's settings on
// every CPU, silently.
type Options struct {
	// Minifier replaces New() (tests inject broken ones).
	Minifier Minifier
	// Workers is the number of files minified at once; 0 is GOMAXPROCS.
	Workers int
	// Progress receives a progress line while the run lasts longer than a
	// moment; nil is silent. The command decides whether a person
	// watches.
	Progress io.Writer
	// Pages holds the HTML pages minified already, as they were written
	// (see Pages): Run takes their results and does not read them again.
	Pages *Pages
	// Strip names build-only attributes (lower case: "data-src") that are
	// removed from every HTML page before it is minified, in the same
	// pass. The proof compares the page as it was, with them, and as it
	// is written, so whatever the link check read before this stage
	// (ids, link targets) is proven to be in the published page.
	Strip []string
	// Cache, when set, keeps the pages that Pages minified and proved,
	// and gives them back when they are rendered as they were (see
	// Cache). Run does not read it.
	Cache *Cache
}

// Run minifies the site in fsys (rooted at "/") in place, and returns its
// sizes before and after. A page that lost an id, a link target or text is
// a *LossError naming every such page, and is not written; a failed run
// leaves the others minified or not, and the caller discards the site (the
// build stages it and removes it). Any other error means the stage could
// not run. HTML pages are written as soon as they are proven whole, so the
// minified site is never held in memory; the other files wait until no
// page's integrity attribute needs them kept as written.
func Run(ctx context.Context, fsys afero.Fs, opt Options) (*Stats, error) {
	start := time.Now()
	m := opt.Minifier
	if m == nil {
		m = New()
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	files, err := list(fsys)
	if err != nil {
		return nil, err
	}

	var done atomic.Int64
	stop := progress(opt.Progress, "minify", len(files), &done)
	results := make([]result, len(files))
	var todo []int // the files that opt.Pages has not minified already
	for i, f := range files {
		if r, ok := opt.Pages.result(f); ok {
			results[i] = r
			done.Add(1)
			continue
		}
		todo = append(todo, i)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(len(todo), 1)) {
		wg.Go(func() {
			for i := range jobs {
				s := scratches.Get().(*scratch)
				r := shrinkFile(fsys, m, files[i], opt.Strip, s)
				if r.out != nil && r.media == "text/html" && r.err == nil && len(r.losses) == 0 {
					if err := afero.WriteFile(fsys, r.path, r.out, r.mode); err != nil {
						r.err = fmt.Errorf("minify: %w", err)
					}
					r.out, r.written = nil, true
				}
				if r.media == "text/html" {
					r.out = nil // in s: a page not written is kept as it is
				}
				scratches.Put(s)
				results[i] = r
				done.Add(1)
			}
		})
	}
	var cancelled error
	for _, i := range todo {
		if cancelled = ctx.Err(); cancelled != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	stop()
	if cancelled != nil {
		return nil, cancelled
	}

	var losses []Loss
	for _, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		losses = append(losses, r.losses...)
	}
	if len(losses) > 0 {
		slices.SortFunc(losses, compareLosses)
		return nil, &LossError{Losses: losses}
	}
	if losses := keepIntegrity(fsys, results); len(losses) > 0 {
		slices.SortFunc(losses, compareLosses)
		return nil, &LossError{Losses: losses}
	}
	st := &Stats{}
	for _, r := range results {
		if r.out != nil {
			if err := afero.WriteFile(fsys, r.file.path, r.out, r.file.mode); err != nil {
				return nil, fmt.Errorf("minify: %w", err)
			}
		}
		st.add(r)
	}
	st.Took = time.Since(start)
	return st, nil
}

// file is one file the stage minifies.
type file struct {
	path        string // in the site: "/ko/privacy-policy/index.html"
	media, kind string
	mode        fs.FileMode
	keep        bool // already minified: counted, not changed
}

// result is what became of one file.
type result struct {
	file
	before, after int64
	out           []byte // the minified bytes, nil when the file is kept as it is or written
	written       bool   // the minified bytes are written already
	pageRefs      []ref  // the subresources an HTML page names with an integrity hash
	losses        []Loss
	err           error
}

// list returns the files of the site that the stage minifies, sorted.
func list(fsys afero.Fs) ([]file, error) {
	var files []file
	err := afero.Walk(fsys, "/", func(p string, info fs.FileInfo, err error) error {
		if err != nil || !info.Mode().IsRegular() {
			return err
		}
		if f, ok := fileOf(p, info.Mode()); ok {
			files = append(files, f)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("minify: %w", err)
	}
	slices.SortFunc(files, func(a, b file) int { return strings.Compare(a.path, b.path) })
	return files, nil
}

// fileOf is the file at p in the site, with its media type; ok is false
// for a file the stage leaves alone.
func fileOf(p string, mode fs.FileMode) (f file, ok bool) {
	t, ok := mediaTypes[strings.ToLower(path.Ext(p))]
	if !ok {
		return file{}, false
	}
	return file{path: p, media: t.media, kind: t.kind, mode: mode, keep: strings.Contains(path.Base(p), ".min.")}, true
}

// shrinkFile minifies one file, stripped of the attributes in strip when it
// is HTML, and compares what it must keep. The minified bytes of an HTML
// page are in s (see shrinkBytes).
func shrinkFile(fsys afero.Fs, m Minifier, f file, attrs []string, s *scratch) result {
	in, err := afero.ReadFile(fsys, f.path)
	if err != nil {
		return result{file: f, err: fmt.Errorf("minify: %w", err)}
	}
	return shrinkBytes(m, f, in, attrs, s, nil)
}

// scratch holds the buffers the proof of an HTML page uses, reused from
// page to page (see scratches): most of a page's bytes are copied on the
// way, and, allocated anew for every page, they made most of the garbage
// the stage leaves.
type scratch struct {
	before, after record
	out           bytes.Buffer // the minified page
}

// scratches are the scratch buffers of the pages being proven.
var scratches = sync.Pool{New: func() any { return new(scratch) }}

// shrinkBytes is shrinkFile on the bytes in of the file f. The result's
// out of an HTML page may be in s, valid until s is used again; other
// files' are their own.
func shrinkBytes(m Minifier, f file, in []byte, attrs []string, s *scratch, t Tokens) result {
	r := result{file: f}
	r.before, r.after = int64(len(in)), int64(len(in))
	page := strings.TrimPrefix(f.path, "/")
	html := f.media == "text/html"
	// Stripped is what is written when the minifier cannot shrink the
	// page, or must leave it as it is.
	// The facts of an HTML page as it was are read in the pass that
	// strips it.
	stripped := in
	before := &s.before
	if html {
		stripped = before.scanTokens(in, attrs, t)
	}
	if f.keep {
		if html {
			r.pageRefs = slices.Clone(before.refs)
			if len(stripped) < len(in) {
				r.out, r.after = stripped, int64(len(stripped))
			}
		}
		return r
	}
	buf := &bytes.Buffer{}
	src := io.Reader(bytes.NewReader(stripped))
	if html {
		// The minifier reads the page stripped in place, writing names
		// in lower case (a copy of the page when nothing was stripped),
		// into a buffer reused.
		if len(stripped) == len(in) {
			before.stripped = append(before.stripped[:0], in...)
		}
		src = buffer.NewReader(before.stripped)
		s.out.Reset()
		buf = &s.out
	}
	buf.Grow(len(in))
	if err := m.Minify(f.media, buf, src); err != nil {
		r.err = fmt.Errorf("minify %s: %w", page, err)
		return r
	}
	out := buf.Bytes()
	if html {
		// The copy of the page the lexer read is free now: it reads one of
		// the minified page in it.
		after := &s.after
		after.buf, before.buf = before.buf, nil
		after.scan(out, nil)
		before.buf, after.buf = after.buf, nil
		if !before.equal(after) {
			// Read again, spelled out, to say what differs, if anything
			// (ids in another order do not).
			if r.losses = factsOf(in).compare(page, factsOf(out)); len(r.losses) > 0 {
				return r
			}
		}
		r.pageRefs = slices.Clone(after.refs)
		if len(out) >= len(in) {
			r.pageRefs = slices.Clone(before.refs)
		}
	} else {
		losses, ok := compareData(f.media, page, in, out)
		if r.losses = losses; len(losses) > 0 || !ok {
			return r
		}
	}
	if len(out) >= len(stripped) { // a file the minifier cannot shrink stays as written
		out = stripped
		if html { // the minifier read it in place
			out = strip(in, attrs)
		}
	}
	if len(out) < len(in) {
		r.out, r.after = out, int64(len(out))
	}
	return r
}

// Pages minifies the HTML pages of a site one at a time, as they are
// written (the build hands it each page as Hugo renders it, so no page is
// written, read and rewritten), with Run's settings and the same proof.
// Run, given it in Options.Pages, takes their results as they are: their
// sizes, their losses, the files they pin with an integrity hash. Its
// methods may be called from any goroutine.
type Pages struct {
	m     Minifier
	strip []string
	cache *Cache       // nil keeps nothing
	pages atomic.Int32 // HTML pages written (but those minified already)
	found atomic.Int32 // of them, written from the cache
	mu    sync.Mutex
	done  map[string]result // by path in the site
	strs  map[string]string // the URLs and hashes of pageRefs: every page names the same few
	// spare are the scratch buffers of pages done, for the next: no more
	// are made than pages are proven at once. Held counts them.
	spare []*scratch
	held  atomic.Int64
}

// intern returns s, one string for every page that has it; p.mu is held.
func (p *Pages) intern(s string) string {
	if t, ok := p.strs[s]; ok {
		return t
	}
	p.strs[s] = s
	return s
}

// NewPages returns a Pages that minifies with opt's Minifier and Strip,
// and keeps what it minified in opt.Cache (not with a Minifier of
// opt's: the cache names the minifier by the program alone).
func NewPages(opt Options) *Pages {
	m, cache := opt.Minifier, opt.Cache
	if m == nil {
		m = New()
	} else {
		cache = nil
	}
	return &Pages{m: m, strip: opt.Strip, cache: cache, done: map[string]result{}, strs: map[string]string{}}
}

// Page writes to w the bytes to write for the page at name, its path in
// the site ("/ko/index.html"), given the bytes rendered: stripped and
// minified once proven whole; else the page as it was, and Run reports
// its loss or the minifier's error. Files that are not HTML are written
// as they are, for Run to minify once every page is written. T, when not
// nil, reads the tokens of an HTML page in the pass that reads its facts
// (the build's link check does).
func (p *Pages) Page(w io.Writer, name string, in []byte, mode fs.FileMode, t Tokens) error {
	f, ok := fileOf(name, mode)
	if !ok || f.media != "text/html" {
		_, err := w.Write(in)
		return err
	}
	var key string
	if !f.keep {
		p.pages.Add(1)
	}
	if c := p.cache; c != nil && !f.keep {
		key = c.key(in, p.strip)
		buf := entryBufs.Get().(*[]byte)
		if out, minified, refs, ok := c.get(key, len(in), buf); ok {
			defer entryBufs.Put(buf)
			p.found.Add(1)
			r := result{file: f, before: int64(len(in)), after: int64(len(in)), pageRefs: refs}
			if !minified {
				out = in
			} else {
				r.written, r.after = true, int64(len(out))
			}
			p.keepResult(name, r)
			_, err := w.Write(out)
			return err
		}
		entryBufs.Put(buf)
	}
	p.mu.Lock()
	var s *scratch
	if n := len(p.spare); n > 0 {
		s, p.spare = p.spare[n-1], p.spare[:n-1]
	} else {
		s = new(scratch)
	}
	p.mu.Unlock()
	before := s.held()
	defer func() {
		p.held.Add(s.held() - before)
		p.mu.Lock()
		p.spare = append(p.spare, s)
		p.mu.Unlock()
	}()
	r := shrinkBytes(p.m, f, in, p.strip, s, t)
	out := in
	if r.err == nil && len(r.losses) == 0 {
		if r.out != nil {
			out, r.written = r.out, true
		}
		if key != "" {
			if r.written {
				p.cache.put(key, out, r.pageRefs)
			} else {
				p.cache.put(key, nil, r.pageRefs)
			}
		}
	}
	r.out = nil
	p.keepResult(name, r)
	_, err := w.Write(out)
	return err
}

// keepResult records what became of the page at name, for Run.
func (p *Pages) keepResult(name string, r result) {
	p.mu.Lock()
	for i, ref := range r.pageRefs {
		r.pageRefs[i].url, r.pageRefs[i].integrity = p.intern(ref.url), p.intern(ref.integrity)
	}
	if old, ok := p.done[name]; ok {
		p.held.Add(-old.held() - int64(len(name)))
	}
	p.done[name] = r
	p.mu.Unlock()
	p.held.Add(r.held() + int64(len(name)))
}

// Found is how many HTML pages p wrote as the cache kept them, of those
// it minified (pages minified already are not counted).
func (p *Pages) Found() (found, pages int) {
	if p == nil {
		return 0, 0
	}
	return int(p.found.Load()), int(p.pages.Load())
}

// Held is about the bytes of the buffers p reuses from page to page, and
// keeps until it is dropped: a build that holds them while Hugo renders
// counts them to pace the garbage collector (see internal/pace). It may
// be called at any time, from any goroutine.
func (p *Pages) Held() int64 {
	if p == nil {
		return 0
	}
	return p.held.Load()
}

// held is about the bytes r holds until Run takes it, in Pages.done.
func (r *result) held() int64 {
	n := int64(unsafe.Sizeof(*r)) + 48 /* its entry in done */ + int64(cap(r.pageRefs))*int64(unsafe.Sizeof(ref{}))
	for _, l := range r.losses {
		n += int64(unsafe.Sizeof(l)) + int64(len(l.Page)+len(l.What)+len(l.Detail))
	}
	return n
}

// held is about the bytes of s's buffers.
func (s *scratch) held() int64 {
	return s.before.held() + s.after.held() + int64(s.out.Cap())
}

// result is what Page did with f, if it had it.
func (p *Pages) result(f file) (result, bool) {
	if p == nil || f.media != "text/html" {
		return result{}, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.done[f.path]
	if ok {
		r.file = f
	}
	return r, ok
}
