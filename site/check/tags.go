package check

import (
	"bytes"
	"strings"

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
	numAttrs
)

// element is a start tag with the attributes the checker reads. The values
// point into the page, or into the scanner's scratch space when they had to be
// decoded: they are valid until the callback returns, and whoever keeps one
// copies it.
type element struct {
	tag  string // lower case, interned: one of the names tagName knows, else ""
	line int    // line of the "<" in the HTML file, from 1
	val  [numAttrs][]byte
	has  uint16 // bit k: attribute k is present (the first of its name wins)
}

// attr returns the value of attribute k, nil when the element has none.
func (e *element) attr(k int) []byte {
	if !e.hasAttr(k) {
		return nil
	}
	return e.val[k]
}
func (e *element) hasAttr(k int) bool { return e.has&(1<<k) != 0 }

// mapped reports whether e is one of the elements that Origins lists: the
// link-bearing elements and headings. It goes by tag name alone, so that a
// minifier dropping an empty attribute cannot shift the list.
func (e *element) mapped() bool {
	switch e.tag {
	case "a", "link", "img", "script", "source", "use", "h1", "h2", "h3", "h4", "h5", "h6":
		return true
	}
	return false
}

func (e *element) heading() bool {
	return len(e.tag) == 2 && e.tag[0] == 'h' && '1' <= e.tag[1] && e.tag[1] <= '6'
}

// tagScanner finds the start tags of an HTML document without tokenizing its
// text: it follows the HTML5 tokenizer (as golang.org/x/net/html implements
// it, without CDATA sections, which a tokenizer without a tree cannot place)
// only as far as it must to know where tags are: comments, doctypes,
// bogus comments, the raw text of script, style and the other raw-text
// elements, and attribute quoting. One scanner serves many pages in turn.
type tagScanner struct {
	data    []byte
	e       element
	scratch []byte // decoded attribute values
}

// elements streams the start tags of an HTML document to fn, in document
// order, with their line numbers: those the checker reads attributes of, and
// any other with an id. The *element is reused; see element for how long its
// values live.
func elements(data []byte, fn func(*element)) {
	var s tagScanner
	s.scan(data, fn)
}

func (s *tagScanner) scan(data []byte, fn func(*element)) {
	s.data = data
	defer func() { s.data = nil }()
	line, counted := 1, 0
	pos := 0
	for pos >= 0 {
		i := bytes.IndexByte(data[pos:], '<')
		if i < 0 || pos+i+1 >= len(data) {
			return
		}
		lt := pos + i
		switch c := data[lt+1]; {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			var raw string
			pos, raw = s.startTag(lt)
			if pos < 0 {
				return // a tag cut off by the end of the file is no tag
			}
			if s.e.tag != "" || s.e.hasAttr(attrID) {
				line += lineBreaks(data[counted:lt])
				counted = lt
				s.e.line = line
				fn(&s.e)
			}
			switch raw {
			case "":
			case "plaintext":
				return // the rest of the file is text
			case "script":
				pos = s.scriptText(pos)
			default:
				pos = s.rawText(pos, raw)
			}
		case c == '/':
			pos = s.endTag(lt + 2)
		case c == '!':
			pos = s.markup(lt + 2)
		case c == '?':
			pos = s.closeAngle(lt + 1)
		default:
			pos = lt + 1 // a "<" in text
		}
	}
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

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

// skipSpace returns the position of the first byte at or after p that is not
// white space; len(data) at the end.
func (s *tagScanner) skipSpace(p int) int {
	for p < len(s.data) && isSpace(s.data[p]) {
		p++
	}
	return p
}

// closeAngle returns the position after the next ">" at or after p, or -1.
func (s *tagScanner) closeAngle(p int) int {
	i := bytes.IndexByte(s.data[p:], '>')
	if i < 0 {
		return -1
	}
	return p + i + 1
}

// startTag reads the start tag whose "<" is at lt into s.e, and returns the
// position after its ">" (-1 when the file ends first), and the lower-case
// name of a raw-text element, whose content is text up to its end tag.
func (s *tagScanner) startTag(lt int) (int, string) {
	d := s.data
	s.e.has = 0
	s.scratch = s.scratch[:0]
	start := lt + 1
	p := start + 1
	for p < len(d) && !isSpace(d[p]) && d[p] != '/' && d[p] != '>' {
		p++
	}
	if p >= len(d) {
		return -1, ""
	}
	name := d[start:p]
	s.e.tag = tagName(name)
	keep := keepID
	if s.e.tag != "" {
		keep = keepAll
	}
	p = s.attrs(p, keep)
	if p < 0 {
		return -1, ""
	}
	return p, rawTextTag(name)
}

// endTag reads what follows "</" at p and returns the position after it, or
// -1 when nothing can follow.
func (s *tagScanner) endTag(p int) int {
	d := s.data
	if p >= len(d) {
		return -1
	}
	switch c := d[p]; {
	case c == '>':
		return p + 1 // "</>" is nothing
	case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		p++
		for p < len(d) && !isSpace(d[p]) && d[p] != '/' && d[p] != '>' {
			p++
		}
		if p >= len(d) {
			return -1
		}
		return s.attrs(p, keepNone)
	}
	return s.closeAngle(p) // a bogus comment
}

// What attrs keeps of a tag's attributes.
const (
	keepNone = iota // an end tag: attributes are read, and dropped
	keepID          // a start tag the checker reads only ids of
	keepAll         // a start tag the checker reads (see tagName)
)

// attrs reads the attributes of a tag from p, just after its name, to the
// closing ">", and returns the position after it, or -1 at the end of the
// file. Names are read as the HTML5 tokenizer does: "=" is part of a name only
// as its first character, a "/" where a name would start is no name, and of
// two attributes with one name the first counts.
func (s *tagScanner) attrs(p int, keep int) int {
	d := s.data
	for {
		p = s.skipSpace(p)
		if p >= len(d) {
			return -1
		}
		if d[p] == '>' {
			return p + 1
		}
		k0 := p
		if d[p] != '/' {
			for p++; p < len(d); p++ {
				if c := d[p]; isSpace(c) || c == '/' || c == '>' || c == '=' {
					break
				}
			}
		}
		key := d[k0:p]
		v0, v1 := p, p
		var quote byte
		p = s.skipSpace(p)
		if p >= len(d) {
			return -1
		}
		switch d[p] {
		case '/':
			p++
		case '=':
			p = s.skipSpace(p + 1)
			if p >= len(d) {
				return -1
			}
			switch q := d[p]; q {
			case '>':
			case '\'', '"':
				i := bytes.IndexByte(d[p+1:], q)
				if i < 0 {
					return -1
				}
				quote, v0, v1 = q, p+1, p+1+i
				p = v1 + 1
			default:
				v0 = p
				for p++; p < len(d) && !isSpace(d[p]) && d[p] != '>'; p++ {
				}
				if p >= len(d) {
					return -1
				}
				v1 = p
			}
		}
		if keep != keepNone && len(key) > 0 {
			if k := attrKey(key); k == attrID || keep == keepAll && k >= 0 {
				if s.e.has&(1<<k) == 0 {
					s.e.has |= 1 << k
					s.e.val[k] = s.value(d[v0:v1], quote)
				}
			}
		}
	}
}

// value decodes an attribute value as written between quote characters (0
// when unquoted). The common cases need no copy; character references take
// the HTML5 rules for attribute values, in which "&region=1" in a URL is
// text, not "®ion=1" as html.UnescapeString (made for text) has it.
func (s *tagScanner) value(v []byte, quote byte) []byte {
	plain, simple := true, true
	for i, c := range v {
		switch c {
		case '&':
			plain = false
			r := v[i+1:]
			if !hasAnyPrefix(r, "amp;", "lt;", "gt;", "quot;", "#") {
				simple = false
			}
		case '\r', 0:
			plain, simple = false, false
		}
	}
	if plain {
		return v
	}
	n := len(s.scratch)
	if simple { // the same in text and in attributes
		s.scratch = append(s.scratch, html.UnescapeString(string(v))...)
		return s.scratch[n:len(s.scratch):len(s.scratch)]
	}
	// Rare: let the reference tokenizer read this one attribute, and get
	// NUL, CR and every character reference exactly as it would.
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
		}
	case 6:
		if lowerIs(k, "srcset") {
			return attrSrcset
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
	case 4:
		for _, n := range [...]string{"link", "html", "meta", "base"} {
			if lowerIs(b, n) {
				return n
			}
		}
	case 6:
		for _, n := range [...]string{"script", "source"} {
			if lowerIs(b, n) {
				return n
			}
		}
	}
	return ""
}

// rawTextTag returns the lower-case name of an element whose content the
// tokenizer reads as text to its end tag, else "".
func rawTextTag(name []byte) string {
	var names []string
	switch len(name) {
	case 3:
		names = []string{"xmp"}
	case 5:
		names = []string{"style", "title"}
	case 6:
		names = []string{"script", "iframe"}
	case 7:
		names = []string{"noembed"}
	case 8:
		names = []string{"textarea", "noscript", "noframes"}
	case 9:
		names = []string{"plaintext"}
	}
	for _, n := range names {
		if lowerIs(name, n) {
			return n
		}
	}
	return ""
}

// rawText skips the text of a raw-text element from p and returns the
// position of its end tag, "</name" and a space, "/" or ">"; -1 if it has none.
func (s *tagScanner) rawText(p int, name string) int {
	d := s.data
	for {
		i := bytes.Index(d[p:], []byte("</"))
		if i < 0 {
			return -1
		}
		q := p + i + 2
		if q+len(name) >= len(d) {
			return -1
		}
		if lowerIs(d[q:q+len(name)], name) {
			switch d[q+len(name)] {
			case ' ', '\n', '\r', '\t', '\f', '/', '>':
				return p + i
			}
		}
		p = q
	}
}

// endTagAt reports whether "</" at p-2 starts "</script" and a space, "/" or
// ">", and returns where reading goes on: at that "<" when it does, else at the
// first byte that did not match. eof: the file ended first.
func (s *tagScanner) endTagAt(p int) (ok bool, next int, eof bool) {
	d := s.data
	const name = "script"
	for i := 0; i < len(name); i++ {
		if p >= len(d) {
			return false, p, true
		}
		if c := d[p]; c != name[i] && c != name[i]-('a'-'A') {
			return false, p, false
		}
		p++
	}
	if p >= len(d) {
		return false, p, true
	}
	switch d[p] {
	case ' ', '\n', '\r', '\t', '\f', '/', '>':
		return true, p - len(name) - 2, false
	}
	return false, p, false
}

// scriptText skips the text of a script element from p and returns the
// position of its end tag, or -1, following the HTML5 rules that hide a
// "</script>" inside "<!--" and "<script>" (script data escaped and double
// escaped states; golang.org/x/net/html's readScript, state by state).
func (s *tagScanner) scriptText(p int) int {
	d := s.data
	var c byte
	read := func() bool {
		if p >= len(d) {
			return false
		}
		c = d[p]
		p++
		return true
	}
	var (
		ok, eof bool
		next    int
	)

scriptData:
	if i := bytes.IndexByte(d[p:], '<'); i < 0 {
		return -1
	} else {
		p += i + 1
	}
	// scriptDataLessThanSign
	if !read() {
		return -1
	}
	switch c {
	case '/':
		goto scriptDataEndTagOpen
	case '!':
		goto scriptDataEscapeStart
	}
	p--
	goto scriptData

scriptDataEndTagOpen:
	if ok, next, eof = s.endTagAt(p); ok {
		return next
	} else if eof {
		return -1
	}
	p = next
	goto scriptData

scriptDataEscapeStart:
	if !read() {
		return -1
	}
	if c != '-' {
		p--
		goto scriptData
	}
	// scriptDataEscapeStartDash
	if !read() {
		return -1
	}
	if c != '-' {
		p--
		goto scriptData
	}
	goto scriptDataEscapedDashDash

scriptDataEscaped:
	if !read() {
		return -1
	}
	switch c {
	case '-':
		goto scriptDataEscapedDash
	case '<':
		goto scriptDataEscapedLessThanSign
	}
	goto scriptDataEscaped

scriptDataEscapedDash:
	if !read() {
		return -1
	}
	switch c {
	case '-':
		goto scriptDataEscapedDashDash
	case '<':
		goto scriptDataEscapedLessThanSign
	}
	goto scriptDataEscaped

scriptDataEscapedDashDash:
	if !read() {
		return -1
	}
	switch c {
	case '-':
		goto scriptDataEscapedDashDash
	case '<':
		goto scriptDataEscapedLessThanSign
	case '>':
		goto scriptData
	}
	goto scriptDataEscaped

scriptDataEscapedLessThanSign:
	if !read() {
		return -1
	}
	if c == '/' {
		if ok, next, eof = s.endTagAt(p); ok {
			return next
		} else if eof {
			return -1
		}
		p = next
		goto scriptDataEscaped
	}
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
		// scriptDataDoubleEscapeStart
		p--
		for i := 0; i < len("script"); i++ {
			if !read() {
				return -1
			}
			if c != "script"[i] && c != "SCRIPT"[i] {
				p--
				goto scriptDataEscaped
			}
		}
		if !read() {
			return -1
		}
		switch c {
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			goto scriptDataDoubleEscaped
		}
		p--
		goto scriptDataEscaped
	}
	p--
	goto scriptData

scriptDataDoubleEscaped:
	if !read() {
		return -1
	}
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedDash:
	if !read() {
		return -1
	}
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDashDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedDashDash:
	if !read() {
		return -1
	}
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDashDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	case '>':
		goto scriptData
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedLessThanSign:
	if !read() {
		return -1
	}
	if c != '/' {
		p--
		goto scriptDataDoubleEscaped
	}
	// scriptDataDoubleEscapeEnd
	if ok, next, eof = s.endTagAt(p); ok {
		p = next + len("</script>")
		goto scriptDataEscaped
	} else if eof {
		return -1
	}
	p = next
	goto scriptDataDoubleEscaped
}

// markup reads what follows "<!" at p: a comment, else a doctype or a bogus
// comment, which both end at the next ">". It returns the position after it,
// or -1.
func (s *tagScanner) markup(p int) int {
	d := s.data
	if p+2 > len(d) {
		return -1
	}
	if d[p] == '-' && d[p+1] == '-' {
		return s.comment(p + 2)
	}
	return s.closeAngle(p)
}

// comment skips a comment from p, after "<!--", and returns the position
// after its end ("-->", "--!>", or at its very start "<!-->" and "<!--->"),
// or -1.
func (s *tagScanner) comment(p int) int {
	d := s.data
	dashes, beginning := 0, true
	for p < len(d) {
		if dashes == 0 && !beginning {
			// Only a "-" can start the end from here.
			i := bytes.IndexByte(d[p:], '-')
			if i < 0 {
				return -1
			}
			p += i
		}
		c := d[p]
		p++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return p
			}
		case '!':
			if dashes >= 2 {
				if p >= len(d) {
					return -1
				}
				c = d[p]
				p++
				if c == '>' {
					return p
				}
				if c == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return -1
}
