package check

import (
	"bytes"
	"strings"

	"github.com/tdewolff/parse/v2"
	tdhtml "github.com/tdewolff/parse/v2/html"
	tdxml "github.com/tdewolff/parse/v2/xml"
	"golang.org/x/net/html"
)

// The attributes the checker reads, as indexes into element.val.
const (
	attrID = iota
	attrName
	attrHref
	attrSrc
	attrSrcset
	attrXHref // xlink:href
	attrDataSrc
	attrRel
	attrHreflang
	attrLang
	attrHTTPEquiv
	attrContent
	attrPoster
	attrData
	attrAction
	attrType
	attrStyle // the style attribute; for a <style> element, its text
	numAttrs
)

// element is a start tag with the attributes the checker reads. The values
// point into the page, or into the scanner's scratch space when they had to be
// decoded: they are valid until the callback returns, and whoever keeps one
// copies it.
type element struct {
	tag  string // lower case, interned: one of the names tagName knows, else ""
	line int    // line of the "<" in the HTML file, from 1
	at   int    // offset of the "<" in the HTML file
	val  [numAttrs][]byte
	has  uint32 // bit k: attribute k is present (the first of its name wins)
}

// attr returns the value of attribute k, nil when the element has none.
func (e *element) attr(k int) []byte {
	if !e.hasAttr(k) {
		return nil
	}
	return e.val[k]
}
func (e *element) hasAttr(k int) bool { return e.has&(1<<k) != 0 }

func (e *element) heading() bool {
	return len(e.tag) == 2 && e.tag[0] == 'h' && '1' <= e.tag[1] && e.tag[1] <= '6'
}

// tagScanner streams the start tags of HTML pages through a kept lexer,
// github.com/tdewolff/parse/v2/html, the one the minifier reads pages with.
// lexer_test.go reads one realistic page (a generated Korean document, 20
// kB, 80 links) with it and with golang.org/x/net/html's Tokenizer, each
// taking every start tag and attribute value: on the 2-core machine this
// was chosen on, BenchmarkLexTdewolffSkip (as below) 555 MB/s,
// BenchmarkLexTdewolff (the lexer alone) 133 MB/s, BenchmarkLexNetHTML 96
// MB/s. x/net/html's Tokenizer reads byte by byte from an io.Reader into a
// buffer of its own; tdewolff's lexer works on the page's bytes in place,
// and lets the scanner jump over text: between tags, the lexer's data state
// only ever stops at a "<", so the scanner moves the input to the next "<"
// at memory speed (bytes.IndexByte) and the lexer reads what begins there
// (a tag, a comment, a doctype, the raw text of script and style). At
// x/net/html's speed the scan alone would take longer than the whole check
// takes now, and the check would no longer be five times as fast as
// htmltest (bench/check-vs-htmltest.sh).
//
// Where tdewolff's lexer reads HTML differently from the HTML5 tokenizer
// (TestScanLexer lists the cases), it reads it as the minifier did when it
// wrote the page: inline <svg> and <math> are XML to it, read here with its
// XML lexer, CDATA sections included; a "/" inside a tag or attribute name
// is part of the name; noscript's content is markup.
type tagScanner struct {
	e       element
	scratch []byte // decoded attribute values
	foreign []byte // a copy of an svg or math element, which the XML lexer rewrites
	cr      bool   // the page has a "\r": count line breaks the long way
	style   bool   // the last start tag was <style>: its raw text comes next

	// The page under way (see begin).
	page          []byte
	fn            func(*element)
	line, counted int  // the line of the byte at counted
	lt            int  // where the start tag under way began
	inTag         bool // in a start tag
	keep          int  // what attr keeps of its attributes
}

// elements streams the start tags of an HTML document to fn, in document
// order, with their line numbers: those the checker reads attributes of, and
// any other with an id. The *element is reused; see element for how long its
// values live. The lexer writes tag and attribute names in data in lower
// case.
func elements(data []byte, fn func(*element)) {
	var s tagScanner
	s.scan(data, fn)
}

func (s *tagScanner) scan(data []byte, fn func(*element)) {
	in := parse.NewInputBytes(data) // ends data with a NUL, in place when it has room
	defer in.Restore()
	s.begin(in.Bytes(), fn)
	l := tdhtml.NewLexer(in)
	for {
		at := in.Offset()
		if !s.inTag && !s.style {
			// Only a "<" can end text: jump to the next one.
			i := bytes.IndexByte(s.page[at:], '<')
			if i < 0 {
				return
			}
			in.Move(i)
			in.Skip()
			at += i
		}
		tt, tok := l.Next()
		// The end of the page (a tag cut off by it is no tag), or a NUL
		// inside svg or math, after which the lexer goes on.
		if tt == tdhtml.ErrorToken && (in.Err() != nil || in.Offset() <= at) {
			return
		}
		s.token(l, tt, tok, at)
	}
}

// begin starts the scan of the page the lexer reads, page (which it
// writes names of in lower case), whose elements go to fn.
func (s *tagScanner) begin(page []byte, fn func(*element)) {
	s.page, s.fn = page, fn
	s.cr = bytes.IndexByte(page, '\r') >= 0
	s.line, s.counted, s.lt, s.inTag, s.keep, s.style = 1, 0, 0, false, keepNone, false
}

// token reads the token tt the lexer l returned at offset at of the page,
// tok; the caller jumps over the text between tags but after a <style>.
func (s *tagScanner) token(l *tdhtml.Lexer, tt tdhtml.TokenType, tok []byte, at int) {
	style := s.style
	s.style = false
	switch tt {
	case tdhtml.ErrorToken:
		s.inTag = false
	case tdhtml.TextToken:
		if style { // the text of a <style> element, as one element "#style"
			s.line += s.lineBreaks(s.page[s.counted:at])
			s.counted = at
			s.e.tag, s.e.line, s.e.at, s.e.has = "#style", s.line, at, 1<<attrStyle
			s.e.val[attrStyle] = tok
			s.fn(&s.e)
		}
	case tdhtml.StartTagToken:
		s.inTag, s.lt = true, at
		s.keep = s.start(l.Text())
	case tdhtml.AttributeToken:
		s.attr(l.AttrKey(), l.AttrVal(), s.keep)
	case tdhtml.StartTagCloseToken, tdhtml.StartTagVoidToken:
		s.inTag = false
		s.style = s.e.tag == "style" && tt == tdhtml.StartTagCloseToken
		if s.e.tag != "" || s.e.has&(1<<attrID|1<<attrStyle) != 0 {
			s.line += s.lineBreaks(s.page[s.counted:s.lt])
			s.counted = s.lt
			s.e.line, s.e.at = s.line, s.lt
			s.fn(&s.e)
		}
	case tdhtml.EndTagToken:
		// The end of a heading, as an element "/h", so that the
		// scan knows which ids are inside one.
		if name := l.Text(); len(name) >= 2 && (name[0] == 'h' || name[0] == 'H') && '1' <= name[1] && name[1] <= '6' && (len(name) == 2 || asciiSpace(name[2]) || name[2] == '/') {
			s.line += s.lineBreaks(s.page[s.counted:at])
			s.counted = at
			s.e.tag, s.e.has, s.e.line, s.e.at = "/h", 0, s.line, at
			s.fn(&s.e)
		}
	case tdhtml.SVGToken, tdhtml.MathToken:
		s.line += s.lineBreaks(s.page[s.counted:at])
		s.counted = at
		s.xml(tok, at, s.line, s.fn)
	}
}

// xml streams the start tags of an inline svg or math element, tok, whose
// "<" is at offset base, on line line, as the lexer read it: by the rules
// of XML.
func (s *tagScanner) xml(tok []byte, base, line int, fn func(*element)) {
	s.foreign = append(s.foreign[:0], tok...) // the XML lexer turns line breaks in values into spaces
	in := parse.NewInputBytes(s.foreign)
	defer in.Restore()
	l := tdxml.NewLexer(in)
	counted, lt := 0, 0
	keep := keepNone
	for {
		at := in.Offset()
		tt, _ := l.Next()
		switch tt {
		case tdxml.ErrorToken:
			return
		case tdxml.StartTagToken:
			lt = at
			keep = s.start(l.Text())
		case tdxml.AttributeToken:
			s.attr(l.Text(), l.AttrVal(), keep)
		case tdxml.StartTagCloseToken, tdxml.StartTagCloseVoidToken:
			if s.e.tag != "" || s.e.has&(1<<attrID|1<<attrStyle) != 0 {
				line += s.lineBreaks(tok[counted:lt])
				counted = lt
				s.e.line, s.e.at = line, base+lt
				fn(&s.e)
			}
			keep = keepNone
		}
	}
}

// start begins the start tag named name; it returns what attr keeps of
// its attributes.
func (s *tagScanner) start(name []byte) int {
	s.e.has = 0
	s.scratch = s.scratch[:0]
	if s.e.tag = tagName(name); s.e.tag != "" {
		return keepAll
	}
	return keepID
}

// What attr keeps of a tag's attributes.
const (
	keepNone = iota // not in a start tag
	keepID          // a start tag the checker reads only the id and style of
	keepAll         // a start tag the checker reads (see tagName)
)

// attr records an attribute of the start tag under way, its value as the
// lexer gives it: raw, in its quotes. Of two attributes with one name the
// first counts.
func (s *tagScanner) attr(key, val []byte, keep int) {
	if keep == keepNone || len(key) == 0 {
		return
	}
	k := attrKey(key)
	if k < 0 || k != attrID && k != attrStyle && keep != keepAll || s.e.has&(1<<k) != 0 {
		return
	}
	var quote byte
	if len(val) > 0 && (val[0] == '"' || val[0] == '\'') {
		quote, val = val[0], val[1:]
		if len(val) > 0 && val[len(val)-1] == quote {
			val = val[:len(val)-1]
		}
	}
	s.e.has |= 1 << k
	s.e.val[k] = s.value(val, quote)
}

func (s *tagScanner) lineBreaks(b []byte) int {
	if !s.cr {
		return bytes.Count(b, []byte{'\n'})
	}
	return lineBreaks(b)
}

// lineBreaks counts the line breaks in b as HTML does: "\n", "\r\n", and a
// "\r" alone (old Mac files), so that line numbers match the editor's.
func lineBreaks(b []byte) int {
	n := bytes.Count(b, []byte{'\n'})
	for i := bytes.IndexByte(b, '\r'); i >= 0; {
		if i+1 == len(b) || b[i+1] != '\n' {
			n++
		}
		j := bytes.IndexByte(b[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return n
}

// value decodes an attribute value as written between quote characters (0
// when unquoted). The common cases need no copy; character references take
// the HTML5 rules for attribute values, in which "&region=1" in a URL is
// text, not "®ion=1" as html.UnescapeString (made for text) has it.
func (s *tagScanner) value(v []byte, quote byte) []byte {
	amp := bytes.IndexByte(v, '&')
	if amp < 0 && bytes.IndexByte(v, '\r') < 0 && bytes.IndexByte(v, 0) < 0 {
		return v // plain, as nearly every value is
	}
	simple := bytes.IndexByte(v, '\r') < 0 && bytes.IndexByte(v, 0) < 0
	for i := amp; simple && i >= 0 && i < len(v); i++ {
		if v[i] == '&' && !hasAnyPrefix(v[i+1:], "amp;", "lt;", "gt;", "quot;", "#") {
			simple = false
		}
	}
	n := len(s.scratch)
	if simple { // the same in text and in attributes
		s.scratch = append(s.scratch, html.UnescapeString(string(v))...)
		return s.scratch[n:len(s.scratch):len(s.scratch)]
	}
	// Rare: let x/net/html's tokenizer read this one attribute, and get
	// NUL, CR and every character reference exactly as a browser would.
	var b strings.Builder
	b.WriteString("<a v=")
	if quote != 0 {
		b.WriteByte(quote)
	}
	b.Write(v)
	if quote != 0 {
		b.WriteByte(quote)
	}
	b.WriteString(">")
	z := html.NewTokenizer(strings.NewReader(b.String()))
	z.Next()
	z.TagName()
	_, val, _ := z.TagAttr()
	s.scratch = append(s.scratch, val...)
	return s.scratch[n:len(s.scratch):len(s.scratch)]
}

func hasAnyPrefix(b []byte, prefixes ...string) bool {
	for _, p := range prefixes {
		if len(b) >= len(p) && string(b[:len(p)]) == p {
			return true
		}
	}
	return false
}

// lowerIs reports whether b, with ASCII letters lowered, is s (lower case).
func lowerIs[T ~string | ~[]byte](b T, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// attrKey returns the index of an attribute the checker reads, or -1.
func attrKey(k []byte) int {
	switch len(k) {
	case 2:
		if lowerIs(k, "id") {
			return attrID
		}
	case 3:
		switch {
		case lowerIs(k, "src"):
			return attrSrc
		case lowerIs(k, "rel"):
			return attrRel
		}
	case 4:
		switch {
		case lowerIs(k, "href"):
			return attrHref
		case lowerIs(k, "name"):
			return attrName
		case lowerIs(k, "lang"):
			return attrLang
		case lowerIs(k, "data"):
			return attrData
		case lowerIs(k, "type"):
			return attrType
		}
	case 5:
		if lowerIs(k, "style") {
			return attrStyle
		}
	case 6:
		switch {
		case lowerIs(k, "srcset"):
			return attrSrcset
		case lowerIs(k, "poster"):
			return attrPoster
		case lowerIs(k, "action"):
			return attrAction
		}
	case 7:
		if lowerIs(k, "content") {
			return attrContent
		}
	case 8:
		switch {
		case lowerIs(k, "data-src"):
			return attrDataSrc
		case lowerIs(k, "hreflang"):
			return attrHreflang
		}
	case 10:
		switch {
		case lowerIs(k, "xlink:href"):
			return attrXHref
		case lowerIs(k, "http-equiv"):
			return attrHTTPEquiv
		}
	}
	return -1
}

// tagName interns the names the checker compares, so a page's thousands of
// tags do not each allocate; any other is "".
func tagName(b []byte) string {
	switch len(b) {
	case 1:
		if lowerIs(b, "a") {
			return "a"
		}
	case 2:
		if (b[0] == 'h' || b[0] == 'H') && '1' <= b[1] && b[1] <= '6' {
			return [...]string{"h1", "h2", "h3", "h4", "h5", "h6"}[b[1]-'1']
		}
	case 3:
		for _, n := range [...]string{"img", "use"} {
			if lowerIs(b, n) {
				return n
			}
		}
	case 5:
		for _, n := range [...]string{"embed", "input", "audio", "video", "track", "image", "style"} {
			if lowerIs(b, n) {
				return n
			}
		}
	case 4:
		for _, n := range [...]string{"link", "html", "meta", "base", "area", "form"} {
			if lowerIs(b, n) {
				return n
			}
		}
	case 6:
		for _, n := range [...]string{"script", "source", "iframe", "object"} {
			if lowerIs(b, n) {
				return n
			}
		}
	}
	return ""
}
