package check

import (
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"legalcenter/site/report"
)

// readAll reads r to its end into buf, which it grows as needed.
func readAll(r io.Reader, buf []byte) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// parseOrigin splits "file:line"; a value without a line number is a file.
func parseOrigin(s string) loc {
	if i := strings.LastIndexByte(s, ':'); i > 0 {
		if n, err := strconv.Atoi(s[i+1:]); err == nil && n > 0 {
			return loc{file: s[:i], line: n}
		}
	}
	return loc{file: s}
}

// origin is parseOrigin of b, its file interned: a page's elements name
// few source files, and every page of a document the same.
func (s *scanner) origin(b []byte) loc {
	if i := bytes.LastIndexByte(b, ':'); i > 0 {
		if n, err := strconv.Atoi(string(b[i+1:])); err == nil && n > 0 {
			return loc{file: s.intern(b[:i]), line: n}
		}
	}
	return loc{file: s.intern(b)}
}

// loc is where a finding is, in a source file or in the HTML file.
type loc struct {
	file string
	line int
}

// page holds the compact facts the rules need; the page's bytes are gone once
// it is scanned, and its URLs once they are checked.
type page struct {
	path     string // site-relative file path
	file     string // the HTML file as the report names it
	fsPath   string // the HTML file in the afero.Fs
	lang     string // from the page's own hreflang alternate, else <html lang>
	htmlLang string
	ids      []string // sorted: every id, and the names of <a name>
	heads    []heading
	alts     []alt
	canon    string // the first canonical link, for inferring the base URL
	redirect bool   // <meta http-equiv=refresh>: an alias, not a document
	base     string // the href of the first <base> that has one
	baseLine int
	noindex  bool
	sheet    bool  // a .css file: only its URLs count
	size     int64 // bytes, when scanned as written (Pages)
	findings []report.Finding
	links    int
	sections *[]heading // the section anchors the DOM has, once asked (site.sections)

	// The page's URLs, from scanning to checking.
	refs    refList
	origins []loc // of refs, when the build located them

	// lines are the lines of the page as written that layout tracing
	// may read, by line number, when it was scanned as written (see
	// Pages.KeepLines).
	lines []srcLine
}

// srcLine is a line of a page as written.
type srcLine struct {
	n    int
	text string // interned by the scanner: pages share their layouts' lines
}

type heading struct {
	id  string
	loc loc
}

type alt struct {
	lang, href string
	url        int32  // href in the scanner's urlTable
	kind       kind   // of the resolved href
	file       string // the local file it maps to
	found      bool   // and that file exists
	loc        loc
}

// ref is a URL in a page as written, with where it was found: small, with no
// pointers, as a page has hundreds of them.
type ref struct {
	url       int32 // in the scanner's urlTable
	at        int32 // its line in the HTML file, from 1; below 0, -1 - its index in page.origins
	tag, attr uint8 // in refTags, refAttrs
}

// The elements and attributes that hold URLs, as a ref names them.
var (
	refTags  = [...]string{"a", "link", "img", "source", "script", "use", "meta", "area", "iframe", "embed", "input", "audio", "video", "track", "object", "image", "form", "style", "css"}
	refAttrs = [...]string{"href", "src", "srcset", "xlink:href", "content", "poster", "data", "action", "url()", "style"}
)

const (
	refA = iota
	refLink
	refImg
	refSource
	refScript
	refUse
	refMeta
	refArea
	refIframe
	refEmbed
	refInput
	refAudio
	refVideo
	refTrack
	refObject
	refImage
	refForm
	refStyle // a <style> element, or a style attribute (attr refStyleAttr)
	refCSS   // a style sheet file
)

const (
	refHref = iota
	refSrc
	refSrcset
	refXHref
	refContent
	refPoster
	refData
	refAction
	refURL       // url() or @import in CSS
	refStyleAttr // url() in a style attribute
)

// refTagOf is the ref tag of the elements the checker reads URLs of by
// their src, href, poster or data attribute alone.
var refTagOf = map[string]uint8{
	"area": refArea, "iframe": refIframe, "embed": refEmbed, "audio": refAudio, "video": refVideo,
	"track": refTrack, "object": refObject, "image": refImage, "input": refInput,
}

// loc is where r is: at its source line when the build said, else in the
// HTML file.
func (p *page) loc(r ref) loc {
	if r.at >= 0 {
		return loc{file: p.file, line: int(r.at)}
	}
	return p.origins[-1-r.at]
}

// urlTable interns the URLs of the pages one scanner reads: a site has few
// distinct URLs (25,000 in 520,000 in a generated site of 6,000 pages), so
// each is stored, and later resolved, once.
type urlTable struct {
	index map[string]int32
	urls  []string
	held  int64 // about the bytes of index and urls (see Pages.Held)
}

func (t *urlTable) id(b []byte) int32 {
	if id, ok := t.index[string(b)]; ok {
		return id
	}
	id := int32(len(t.urls))
	s := string(b)
	t.urls = append(t.urls, s)
	t.index[s] = id
	t.held += int64(len(s)) + entryBytes
	return id
}

func (p *page) hasID(id string) bool {
	_, ok := slices.BinarySearch(p.ids, id)
	return ok
}

// scanner reduces pages to facts, one page at a time, reusing its buffers:
// one per worker. Page-local rules (duplicate ids) are checked here; links
// wait until every page is scanned (see linker).
type scanner struct {
	tags tagScanner
	buf  []byte // the file being scanned; the lexer borrows the byte after it when there is room
	refs []ref
	// packed is the page's refs packed, before they are copied to a
	// slice of their size.
	packed refList
	ids    []string
	heads  []heading
	alts   []alt
	seen   map[string]int // id: line of its first use
	urls   urlTable
	pages  []*page           // the pages scanned, whose refs index urls
	texts  map[string]string // the lines pages keep, ids and source files, interned
	// needles are the texts the layouts hold between quotes (see
	// Pages.KeepLines): a page's line is kept when it holds one so.
	needles map[string]bool
	held    int64 // about the bytes of texts (see Pages.Held)
}

func newScanner() *scanner {
	return &scanner{buf: make([]byte, 0, 64<<10), seen: map[string]int{}, urls: urlTable{index: map[string]int32{}}, texts: map[string]string{}}
}

// keepLine keeps in p the line n of the page src, the k-th line after the
// one that holds the byte at offset at; unless always, only when it holds
// a needle between quotes (whatever a finding there names, no layout line
// can have written a line that holds none).
func (s *scanner) keepLine(p *page, src []byte, at, n, k int, always bool) {
	if at > len(src) {
		return
	}
	from := bytes.LastIndexByte(src[:at], '\n') + 1
	for ; k > 0; k-- {
		i := bytes.IndexByte(src[from:], '\n')
		if i < 0 {
			return
		}
		from += i + 1
	}
	if l := len(p.lines); l > 0 && p.lines[l-1].n == n {
		return
	}
	end := bytes.IndexByte(src[from:], '\n')
	if end < 0 {
		end = len(src) - from
	}
	line := src[from : from+end]
	if !always {
		found := false
		quoted(line, func(b []byte) { found = found || s.needles[string(b)] })
		if !found {
			return // no layout line can have written what this line holds
		}
	}
	p.lines = append(p.lines, srcLine{n, s.intern(line)})
}

// intern returns b as a string, one string for every page that has it.
func (s *scanner) intern(b []byte) string {
	text, ok := s.texts[string(b)]
	if !ok {
		text = string(b)
		s.texts[text] = text
		s.held += int64(len(text)) + entryBytes
	}
	return text
}

// scan reads one page's facts from data. An element with a data-src
// attribute ("content/ko/x.md:12", written by the build) is reported at
// that source position. Src, when not nil, is the page as written (data
// is a copy, whose names the lexer writes in lower case): the lines of
// the elements without data-src are kept in p, for layout tracing.
func (s *scanner) scan(p *page, data, src []byte) {
	s.tags.scan(data, s.begin(p, src))
	s.finish(p)
}

// begin starts scan: it returns what reads each element of the page.
func (s *scanner) begin(p *page, src []byte) func(*element) {
	clear(s.seen)
	s.refs, s.ids, s.heads, s.alts = s.refs[:0], s.ids[:0], s.heads[:0], s.alts[:0]
	s.pages = append(s.pages, p)
	var (
		current loc
		origin  loc  // where the build said the element came from
		located bool // and it did
		inHead  bool // in a heading without an id, whose anchor is not found yet
		headAt  loc
		headOff int // of headAt in src
	)
	add := func(lvl report.Level, rule, tgt, msg string) {
		p.findings = append(p.findings, report.Finding{Level: lvl, Page: p.path, File: current.file, Line: current.line, Target: tgt, Rule: rule, Message: msg})
	}
	link := func(e *element, tag, attr uint8, url []byte) {
		r := ref{url: s.urls.id(url), at: int32(e.line), tag: tag, attr: attr}
		if attr == refURL || attr == refStyleAttr {
			r.at = int32(current.line)
		}
		if !located && s.needles[string(url)] {
			s.keepLine(p, src, e.at, int(r.at), int(r.at)-e.line, true) // a finding on it names it
		}
		if located {
			if len(p.origins) == 0 || p.origins[len(p.origins)-1] != origin {
				p.origins = append(p.origins, origin)
			}
			r.at = -int32(len(p.origins))
		}
		s.refs = append(s.refs, r)
	}
	return func(e *element) {
		current, located = loc{file: p.file, line: e.line}, false
		if at := e.attr(attrDataSrc); len(at) > 0 {
			origin, located = s.origin(at), true
			current = origin
		} else if s.needles != nil && e.tag != "/h" {
			// The line of an element a layout may have written, when a
			// finding on it may name its id, its href (a <base>, an
			// alternate) or a refresh's content (other URLs: see link).
			for _, k := range [...]int{attrID, attrHref, attrContent} {
				if e.hasAttr(k) && s.needles[string(e.val[k])] && (k != attrContent || e.tag == "meta") {
					s.keepLine(p, src, e.at, e.line, 0, true)
					break
				}
			}
		}
		var id string
		if e.hasAttr(attrID) {
			id = s.intern(e.attr(attrID))
			if first, dup := s.seen[id]; dup {
				where := "line " + strconv.Itoa(first)
				if current.file != p.file {
					where += " of " + p.file
				}
				add(report.Error, ruleDupID, "#"+id, "duplicate id #"+id+" (first at "+where+")")
			} else {
				s.seen[id] = e.line
				s.ids = append(s.ids, id)
			}
		}
		switch e.tag {
		case "base":
			if p.baseLine == 0 && e.hasAttr(attrHref) {
				p.base, p.baseLine = string(e.attr(attrHref)), e.line
			}
		case "html":
			p.htmlLang = string(e.attr(attrLang))
		case "meta":
			if bytes.EqualFold(e.attr(attrHTTPEquiv), []byte("refresh")) {
				p.redirect = true
				content := e.attr(attrContent)
				switch {
				case !e.hasAttr(attrContent):
					add(report.Error, ruleRequired, "", "<meta http-equiv=refresh> without content: browsers ignore it")
				case len(trimHTMLSpace(content)) == 0:
					add(report.Error, ruleEmpty, "", "empty content on <meta http-equiv=refresh>: browsers ignore it")
				case !refreshParses(content):
					add(report.Error, ruleBadURL, string(content), "<meta http-equiv=refresh> content is not a number of seconds, then \"; url=\" and the URL: browsers ignore it")
				default:
					if u, ok := refreshURL(content); ok {
						link(e, refMeta, refContent, u)
					}
				}
			}
			if bytes.EqualFold(e.attr(attrName), []byte("robots")) && strings.Contains(strings.ToLower(string(e.attr(attrContent))), "noindex") {
				p.noindex = true
			}
		case "a":
			if name := e.attr(attrName); len(name) > 0 {
				s.ids = append(s.ids, string(name))
			}
			if e.hasAttr(attrHref) {
				link(e, refA, refHref, e.attr(attrHref))
			}
		case "link":
			rel := e.attr(attrRel)
			canonical := relHas(rel, "canonical")
			if canonical && p.canon == "" {
				p.canon = strings.TrimSpace(string(e.attr(attrHref)))
			}
			if !e.hasAttr(attrHref) {
				break
			}
			if lang := e.attr(attrHreflang); len(lang) > 0 && relHas(rel, "alternate") {
				if len(s.alts) == 0 && !located && s.needles != nil {
					// Findings on the page's metadata are at its first
					// alternate, naming what they will.
					s.keepLine(p, src, e.at, e.line, 0, false)
				}
				u := s.urls.id(e.attr(attrHref))
				s.alts = append(s.alts, alt{lang: s.urls.urls[s.urls.id(lang)], href: s.urls.urls[u], url: u, loc: current})
				break
			}
			link(e, refLink, refHref, e.attr(attrHref))
		case "img", "source":
			tag := uint8(refImg)
			if e.tag == "source" {
				tag = refSource
			}
			if e.hasAttr(attrSrc) {
				link(e, tag, refSrc, e.attr(attrSrc))
			}
			if e.hasAttr(attrSrcset) {
				srcset(e.attr(attrSrcset), func(u []byte) { link(e, tag, refSrcset, u) })
			}
		case "script":
			if e.hasAttr(attrSrc) {
				link(e, refScript, refSrc, e.attr(attrSrc))
			}
		case "use", "image":
			tag := uint8(refUse)
			if e.tag == "image" {
				tag = refImage
			}
			if e.hasAttr(attrHref) {
				link(e, tag, refHref, e.attr(attrHref))
			} else if e.hasAttr(attrXHref) {
				link(e, tag, refXHref, e.attr(attrXHref))
			}
		case "area":
			if e.hasAttr(attrHref) {
				link(e, refArea, refHref, e.attr(attrHref))
			}
		case "input":
			if e.hasAttr(attrSrc) && bytes.EqualFold(bytes.TrimSpace(e.attr(attrType)), []byte("image")) {
				link(e, refInput, refSrc, e.attr(attrSrc))
			}
		case "iframe", "embed", "audio", "video", "track":
			if e.hasAttr(attrSrc) {
				link(e, refTagOf[e.tag], refSrc, e.attr(attrSrc))
			}
			if e.tag == "video" && e.hasAttr(attrPoster) {
				link(e, refVideo, refPoster, e.attr(attrPoster))
			}
		case "object":
			if e.hasAttr(attrData) {
				link(e, refObject, refData, e.attr(attrData))
			}
		case "form":
			if e.hasAttr(attrAction) {
				link(e, refForm, refAction, e.attr(attrAction))
			}
		case "#style":
			line := current.line
			cssURLs(e.attr(attrStyle), func(u []byte, n int) {
				current.line = line + n - 1
				link(e, refStyle, refURL, u)
			})
			current.line = line
		}
		if e.tag != "#style" && e.hasAttr(attrStyle) {
			cssURLs(e.attr(attrStyle), func(u []byte, _ int) { link(e, refStyle, refStyleAttr, u) })
		}
		switch {
		case e.tag == "img" && !e.hasAttr(attrSrc) && !e.hasAttr(attrSrcset):
			add(report.Error, ruleRequired, "", "<img> without src or srcset")
		case e.tag == "link" && !e.hasAttr(attrHref):
			add(report.Error, ruleRequired, "", "<link> without href")
		}
		switch {
		case e.tag == "/h":
			inHead = false
		case e.heading() && e.hasAttr(attrID):
			s.heads = append(s.heads, heading{id: id, loc: current})
			inHead = false
		case e.heading():
			inHead, headAt, headOff = true, current, e.at // its anchor may be an element inside it
		case inHead && e.hasAttr(attrID):
			s.heads = append(s.heads, heading{id: id, loc: headAt})
			if headAt.file == p.file && s.needles[id] {
				s.keepLine(p, src, headOff, headAt.line, 0, true)
			}
			inHead = false
		}
	}
}

// finish ends scan, once every element is read.
func (s *scanner) finish(p *page) {
	s.tags.page, s.tags.fn = nil, nil // the page's bytes are not kept
	slices.Sort(s.ids)
	p.ids = slices.Clone(slices.Compact(s.ids))
	s.keepRefs(p)
	p.heads = slices.Clone(s.heads)
	p.alts = slices.Clone(s.alts)
}

// scanCSS reads the URLs of a style sheet file; they resolve against the
// sheet's own URL, as its page's do.
func (s *scanner) scanCSS(p *page, data []byte) {
	s.refs = s.refs[:0]
	s.pages = append(s.pages, p)
	cssURLs(data, func(u []byte, line int) {
		s.refs = append(s.refs, ref{url: s.urls.id(u), at: int32(line), tag: refCSS, attr: refURL})
	})
	s.keepRefs(p)
}

// keepRefs gives p the refs scanned, packed in a slice of their size.
func (s *scanner) keepRefs(p *page) {
	s.packed = packRefs(s.packed, s.refs)
	p.refs, p.links = slices.Clone(s.packed), len(s.refs)
}

// refreshURL returns the URL of a <meta http-equiv=refresh> content
// attribute ("0; url=/en/"), following the HTML standard's declarative
// refresh steps; ok is false when there is none (a reload of the page
// itself, or a content browsers ignore).
func refreshURL(c []byte) (u []byte, ok bool) {
	skip := func() {
		for len(c) > 0 && strings.IndexByte(htmlSpace, c[0]) >= 0 {
			c = c[1:]
		}
	}
	skip()
	n := 0
	for n < len(c) && '0' <= c[n] && c[n] <= '9' {
		n++
	}
	if n == 0 && (len(c) == 0 || c[0] != '.') {
		return nil, false
	}
	for n < len(c) && ('0' <= c[n] && c[n] <= '9' || c[n] == '.') {
		n++
	}
	c = c[n:]
	if len(c) == 0 || c[0] != ';' && c[0] != ',' && strings.IndexByte(htmlSpace, c[0]) < 0 {
		return nil, false
	}
	skip()
	if len(c) > 0 && (c[0] == ';' || c[0] == ',') {
		c = c[1:]
	}
	skip()
	if len(c) == 0 {
		return nil, false
	}
	u = c
	if len(c) >= 3 && lowerIs(c[:3], "url") {
		c = c[3:]
		skip()
		if len(c) == 0 || c[0] != '=' {
			return trimHTMLSpace(u), true
		}
		c = c[1:]
		skip()
	}
	if len(c) > 0 && (c[0] == '\'' || c[0] == '"') {
		if i := bytes.IndexByte(c[1:], c[0]); i >= 0 {
			return trimHTMLSpace(c[1 : 1+i]), true
		}
		c = c[1:]
	}
	return trimHTMLSpace(c), true
}

// refreshParses reports whether browsers act on a refresh content: its
// first steps in the HTML standard, a number of seconds then the end, a
// separator or white space.
func refreshParses(c []byte) bool {
	c = bytes.TrimLeft(c, htmlSpace)
	n := 0
	for n < len(c) && ('0' <= c[n] && c[n] <= '9' || n > 0 && c[n] == '.') {
		n++
	}
	if n == 0 && (len(c) == 0 || c[0] != '.') {
		return false
	}
	for n < len(c) && ('0' <= c[n] && c[n] <= '9' || c[n] == '.') {
		n++
	}
	return n == len(c) || c[n] == ';' || c[n] == ',' || strings.IndexByte(htmlSpace, c[n]) >= 0
}

func trimHTMLSpace(b []byte) []byte { return bytes.Trim(b, htmlSpace) }

// relHas reports whether a rel attribute lists word (lower case), as
// strings.Fields(strings.ToLower(rel)) would, without allocating for ASCII.
func relHas(rel []byte, word string) bool {
	if !utf8ASCII(rel) {
		return slices.Contains(strings.Fields(strings.ToLower(string(rel))), word)
	}
	for len(rel) > 0 {
		i := 0
		for i < len(rel) && asciiSpace(rel[i]) {
			i++
		}
		j := i
		for j < len(rel) && !asciiSpace(rel[j]) {
			j++
		}
		if j > i && lowerIs(rel[i:j], word) {
			return true
		}
		rel = rel[j:]
	}
	return false
}

func utf8ASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiSpace is unicode.IsSpace for ASCII.
func asciiSpace(c byte) bool {
	return c == ' ' || '\t' <= c && c <= '\r'
}

// srcset calls fn with each URL of a srcset attribute, following the HTML
// specification's parser: a URL runs to white space, and commas that end it
// are separators; a descriptor runs to the next comma outside parentheses.
func srcset(s []byte, fn func([]byte)) {
	isSpace := func(c byte) bool { return strings.IndexByte(htmlSpace, c) >= 0 }
	i := 0
	for i < len(s) {
		for i < len(s) && (isSpace(s[i]) || s[i] == ',') {
			i++
		}
		if i >= len(s) {
			break
		}
		j := i
		for j < len(s) && !isSpace(s[j]) {
			j++
		}
		u := s[i:j]
		trimmed := bytes.TrimRight(u, ",")
		i = j
		if len(trimmed) < len(u) {
			fn(trimmed)
			continue
		}
		fn(u)
		depth := 0
		for i < len(s) {
			c := s[i]
			if c == '(' {
				depth++
			} else if c == ')' && depth > 0 {
				depth--
			} else if c == ',' && depth == 0 {
				break
			}
			i++
		}
	}
}
