package check

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	tdhtml "github.com/tdewolff/parse/v2/html"
)

// Pages scans pages as they are written, before Run reads the site: the
// build hands it each page as Hugo renders it, and Run, given it in
// Options.Pages, takes their facts instead of reading them again. Its
// methods may be called from any goroutine.
type Pages struct {
	mu       sync.Mutex
	idle     []*scanner
	scanners []*scanner
	byPath   map[string]*page
	needles  map[string]bool // see KeepLines
	held     atomic.Int64    // see Held
}

// copies are the copies of pages that Add lexes, reused: kept in a
// scanner, each would stay until Run is done.
var copies = sync.Pool{New: func() any { return new([]byte) }}

// NewPages returns an empty Pages.
func NewPages() *Pages {
	return &Pages{byPath: map[string]*page{}}
}

// KeepLines makes Add keep, of each page, the lines that TraceLayouts may
// read to trace a finding to the layouts of l (l.Site is not read): the
// lines of elements the build did not locate (no data-src attribute) with
// a value (an id, a URL) that a line of the layouts holds between quotes,
// as the finding's needle would be (see needles), and the lines of the
// findings Add makes. Call it before Add.
func (c *Pages) KeepLines(l Layouts) {
	needles := map[string]bool{}
	for _, f := range readLayouts(l) {
		for _, line := range f.lines {
			quoted(line, func(s string) {
				needles[s] = true
				if id, ok := strings.CutPrefix(s, "#"); ok {
					needles[id] = true // "#id", a finding on the element with that id names
				}
			})
		}
	}
	c.mu.Lock()
	c.needles = needles
	c.mu.Unlock()
}

// Add scans the page or style sheet at rel, its slash-separated path in
// the site ("ko/index.html"), from data; it ignores other files. A later
// Add of the same path replaces the first. Data is not changed, nor kept
// (but for the lines KeepLines asks for).
//
// Findings name the page by rel, as Run names the pages of a site at the
// root ("/") of an in-memory filesystem; Run reads a page again when it
// would name it otherwise, or when it is larger than Options.MaxPageSize.
func (c *Pages) Add(rel string, data []byte) {
	c.AddLexed(rel, data, func(TokenSink) {})
}

// TokenSink reads the tokens of a page that another pass of tdewolff's
// HTML lexer reads, as the proof of minification does (shrink.Pages), so
// that the page is lexed once for both: Begin takes the bytes the lexer
// reads (a copy of the page, whose names it writes in lower case), Token
// each token as l.Next returned it at offset at, in order, but for the
// ErrorToken that ends the page. The pass jumps from one "<" to the next
// between tags, but for the text of a <style> element, which it reads.
type TokenSink interface {
	Begin(page []byte)
	Token(l *tdhtml.Lexer, tt tdhtml.TokenType, tok []byte, at int)
}

// AddLexed is Add, in the pass of the lexer that lex runs over data: lex
// hands the sink it gets each token of the page (nil when Add has nothing
// to read in it). When lex begins no pass, the page is scanned as Add
// scans it.
func (c *Pages) AddLexed(rel string, data []byte, lex func(TokenSink)) {
	sheet := strings.HasSuffix(rel, ".css")
	if !isHTML(rel) || sheet {
		lex(nil)
	}
	if !isHTML(rel) && !sheet {
		return
	}
	c.mu.Lock()
	var s *scanner
	if n := len(c.idle); n > 0 {
		s, c.idle = c.idle[n-1], c.idle[:n-1]
	} else {
		s = newScanner()
		s.buf = nil // see copies
		c.scanners = append(c.scanners, s)
	}
	s.needles = c.needles
	c.mu.Unlock()
	before := s.size()

	p := &page{path: rel, file: rel, sheet: sheet, size: int64(len(data))}
	if sheet {
		s.scanCSS(p, data)
	} else {
		sink := &tokenSink{s: &s.tags, fn: s.begin(p, data)}
		lex(sink)
		if !sink.begun {
			// A copy: the lexer writes names in lower case, and the
			// lines kept are the page's as written.
			buf := copies.Get().(*[]byte)
			*buf = append((*buf)[:0], data...)
			s.tags.scan(*buf, sink.fn)
			copies.Put(buf)
		}
		s.finish(p)
		n := len(p.findings)
		p.checkMarkdown(data)
		for _, f := range p.findings[n:] {
			s.keepLine(p, data, lineStart(data, f.Line), f.Line, 0, true)
		}
		slices.SortStableFunc(p.lines, func(a, b srcLine) int { return cmp.Compare(a.n, b.n) })
		p.lines = slices.CompactFunc(p.lines, func(a, b srcLine) bool { return a.n == b.n })
	}

	c.held.Add(p.held() + s.size() - before)
	c.mu.Lock()
	c.byPath[rel] = p
	c.idle = append(c.idle, s)
	c.mu.Unlock()
}

// Held is about the bytes c holds for Run: the facts of the pages added
// so far, the tables they share, and the buffers of its scanners. A build that holds them while Hugo
// renders counts them to pace the garbage collector (see internal/pace).
// It may be called at any time, from any goroutine.
func (c *Pages) Held() int64 {
	if c == nil {
		return 0
	}
	return c.held.Load()
}

// page returns the page scanned at rel, if Run may take it: named as Run
// would name it (file) and not larger than max.
func (c *Pages) page(rel, file string, max int64) *page {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.byPath[rel]
	if p == nil || p.file != file || p.size > max {
		return nil
	}
	return p
}

// taken returns the scanners of the pages Run took (in taken), each with
// only those pages: a page replaced by a later Add, or read again, is
// left out.
func (c *Pages) taken(taken map[*page]bool) []*scanner {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*scanner, 0, len(c.scanners))
	for _, s := range c.scanners {
		t := *s
		t.pages = nil
		for _, p := range s.pages {
			if taken[p] {
				t.pages = append(t.pages, p)
			}
		}
		out = append(out, &t)
	}
	return out
}

// tokenSink is the TokenSink of AddLexed.
type tokenSink struct {
	s     *tagScanner
	fn    func(*element)
	begun bool
}

func (t *tokenSink) Begin(page []byte) {
	t.s.begin(page, t.fn)
	t.begun = true
}

func (t *tokenSink) Token(l *tdhtml.Lexer, tt tdhtml.TokenType, tok []byte, at int) {
	t.s.token(l, tt, tok, at)
}

// lineStart is the offset of the line n of data, from 1, its lines
// counted as checkMarkdown counts them; len(data) when it has fewer.
func lineStart(data []byte, n int) int {
	at := 0
	for ; n > 1; n-- {
		i := bytes.IndexByte(data[at:], '\n')
		if i < 0 {
			return len(data)
		}
		at += i + 1
	}
	return at
}

// line returns the line n of the page at rel as it was added, and whether
// Add kept the page's lines (see KeepLines): "" for a line not kept.
func (c *Pages) line(rel string, n int) (string, bool) {
	if c == nil || c.needles == nil {
		return "", false
	}
	c.mu.Lock()
	p := c.byPath[rel]
	c.mu.Unlock()
	if p == nil || p.sheet {
		return "", false
	}
	i, ok := slices.BinarySearchFunc(p.lines, n, func(l srcLine, n int) int { return cmp.Compare(l.n, n) })
	if !ok {
		return "", true
	}
	return p.lines[i].text, true
}
