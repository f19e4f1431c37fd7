package shrink

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/url"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/spf13/afero"
	"github.com/tdewolff/parse/v2"
	tdhtml "github.com/tdewolff/parse/v2/html"
	"golang.org/x/net/html"
)

// Loss is something a page had before minification and lacks after it (or
// the other way round).
type Loss struct {
	Page   string // the file, relative to the site root: "ko/privacy-policy/index.html"
	What   string // "id", "element", "link", "text" or "data"
	Detail string
}

func (l Loss) String() string { return l.Page + ": " + l.What + ": " + l.Detail }

func compareLosses(a, b Loss) int {
	if c := strings.Compare(a.Page, b.Page); c != 0 {
		return c
	}
	if c := strings.Compare(a.What, b.What); c != 0 {
		return c
	}
	return strings.Compare(a.Detail, b.Detail)
}

// LossError is returned by Run when minification changed what a page shows
// or links to. It lists every loss of the site, sorted by page.
type LossError struct {
	Losses []Loss
}

func (e *LossError) Error() string {
	pages := map[string]bool{}
	for _, l := range e.Losses {
		pages[l.Page] = true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "minifying would change %d %s:", len(pages), plural(len(pages), "file", "files"))
	for _, l := range e.Losses {
		b.WriteString("\n  " + l.String())
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// facts are what a page must keep through minification, spelled out to
// describe a loss (a record holds them while the proof runs).
type facts struct {
	ids    []string // every id and <a name>, sorted
	elems  []string // the links and headings the link check reads, in document order
	links  []string // one entry per URL attribute, in document order
	labels []string // text a reader sees or hears outside text nodes
	text   string   // the text nodes, white space collapsed
	refs   []ref    // elements with an integrity attribute
}

// ref is a subresource and the hash it must have.
type ref struct {
	url, integrity string
}

// record holds a page's facts as the scan collects them: in flat buffers
// that it reuses from page to page, so that proving a page allocates
// next to nothing. Two pages have the same facts when their records are
// equal; facts spells a record out, to describe what differs.
type record struct {
	buf      []byte  // the copy of the page the lexer reads
	stripped []byte  // the page without the attributes scan strips
	ids      entries // every id and <a name>, in document order
	elems    []byte  // the links and headings the link check reads: their index in originNames
	links    entries // one entry per element with URL attributes
	labels   entries
	text     []byte // the text nodes, white space collapsed
	refs     []ref
	spell    bool // values are quoted, as facts spells them: see appendValue
	uncached bool // svg and math are read anew, never from foreignSeen (tests)
}

// held is about the bytes of r's buffers.
func (r *record) held() int64 {
	return int64(cap(r.buf)+cap(r.stripped)+cap(r.elems)+cap(r.text)) + r.ids.held() + r.links.held() + r.labels.held() +
		int64(cap(r.refs))*int64(unsafe.Sizeof(ref{}))
}

func (l *entries) held() int64 { return int64(cap(l.b) + 4*cap(l.ends)) }

// entries are byte strings, end to end.
type entries struct {
	b    []byte
	ends []int32
}

func (l *entries) add(b []byte) { l.b = append(l.b, b...); l.ends = append(l.ends, int32(len(l.b))) }

// end ends the entry appended to l.b since the last one.
func (l *entries) end() { l.ends = append(l.ends, int32(len(l.b))) }

func (l *entries) reset() { l.b, l.ends = l.b[:0], l.ends[:0] }

// addAll appends the entries of m.
func (l *entries) addAll(m *entries) {
	base := int32(len(l.b))
	l.b = append(l.b, m.b...)
	for _, end := range m.ends {
		l.ends = append(l.ends, base+end)
	}
}

// cut drops the entries after the first n.
func (l *entries) cut(n int) {
	l.ends = l.ends[:n]
	if n == 0 {
		l.b = l.b[:0]
	} else {
		l.b = l.b[:l.ends[n-1]]
	}
}

func (l *entries) equal(m *entries) bool {
	return bytes.Equal(l.b, m.b) && slices.Equal(l.ends, m.ends)
}

func (l *entries) strings() []string {
	var out []string
	from := int32(0)
	for _, end := range l.ends {
		out = append(out, string(l.b[from:end]))
		from = end
	}
	return out
}

func (r *record) reset() {
	r.ids.reset()
	r.links.reset()
	r.labels.reset()
	r.elems, r.text, r.refs = r.elems[:0], r.text[:0], r.refs[:0]
}

// equal reports whether r and s hold the same facts. The ids are compared
// in document order, as minifying keeps it: a page whose ids were
// reordered is compared again as facts, which take them as a set.
func (r *record) equal(s *record) bool {
	return bytes.Equal(r.elems, s.elems) && bytes.Equal(r.trimmedText(), s.trimmedText()) &&
		r.ids.equal(&s.ids) && r.links.equal(&s.links) && r.labels.equal(&s.labels)
}

func (r *record) trimmedText() []byte { return bytes.TrimSuffix(r.text, space) }

// facts spells r out; r must be read with spell set.
func (r *record) facts() facts {
	f := facts{ids: r.ids.strings(), links: r.links.strings(), labels: r.labels.strings(),
		text: string(r.trimmedText())}
	if len(r.refs) > 0 {
		f.refs = slices.Clone(r.refs)
	}
	slices.Sort(f.ids)
	for _, e := range r.elems {
		f.elems = append(f.elems, originNames[e])
	}
	return f
}

// records are the records of the pages being proven.
var records = sync.Pool{New: func() any { return new(record) }}

// originNames name the elements the link check reads, on the pages before
// minification: minification must keep their number and order.
var originNames = [...]string{"", "<a>", "<link>", "<img>", "<script>", "<source>", "<use>", "<h1>", "<h2>", "<h3>", "<h4>", "<h5>", "<h6>"}

// origin is the index in originNames of the element name, 0 for one the
// link check does not read.
func origin(name []byte) byte {
	switch string(name) {
	case "a":
		return 1
	case "link":
		return 2
	case "img":
		return 3
	case "script":
		return 4
	case "source":
		return 5
	case "use":
		return 6
	case "h1", "h2", "h3", "h4", "h5", "h6":
		return 7 + name[1] - '1'
	}
	return 0
}

// isURLAttr reports whether the attribute's value is a URL (or, for
// srcset and integrity, URLs and their hashes).
func isURLAttr(key []byte) bool {
	switch string(key) {
	case "href", "src", "srcset", "action", "formaction", "poster", "cite", "data", "xlink:href", "integrity", "manifest", "ping":
		return true
	}
	return false
}

// isLabelAttr reports whether the attribute carries text a reader sees
// (tooltips, alternatives, the page's description in search results) or
// hears (screen readers).
func isLabelAttr(key []byte) bool {
	switch string(key) {
	case "alt", "title", "aria-label", "placeholder":
		return true
	}
	return false
}

// isInline reports whether the HTML element does not break the flow of
// text (the specification's phrasing content, without br): white space
// between such elements renders, so the minifier must keep it. Any other
// tag is a boundary where white space is insignificant.
func isInline(name []byte) bool {
	switch string(name) {
	case "a", "abbr", "area", "audio", "b", "bdi", "bdo",
		"button", "canvas", "cite", "code", "data", "datalist",
		"del", "dfn", "em", "embed", "i", "iframe", "img",
		"input", "ins", "kbd", "label", "map", "mark",
		"math", "meter", "object", "output", "picture",
		"progress", "q", "ruby", "rp", "rt", "s", "samp",
		"select", "slot", "small", "span", "strong", "sub",
		"sup", "svg", "textarea", "time", "u", "var",
		"video", "wbr":
		return true
	}
	return false
}

// factsOf reads a page's facts with tdewolff's HTML lexer, the one the
// minifier reads it with.
func factsOf(page []byte) facts {
	f, _ := scan(page, nil)
	return f
}

// scan is record.scan, spelled out as facts.
func scan(page []byte, attrs []string) (facts, []byte) {
	r := record{spell: true}
	stripped := r.scan(page, attrs)
	return r.facts(), stripped
}

// scan reads page once with tdewolff's HTML lexer into r, and returns the
// page without the attributes named in attrs (see strip): the page as it
// was is proven against the page as it is written in the same pass that
// strips it. Between tags only a "<" starts anything, so the scan jumps
// from one to the next (as the link check does) and takes the bytes
// between as text. Inline svg and math, which the lexer returns whole,
// are read with x/net/html's tokenizer.
func (r *record) scan(page []byte, attrs []string) []byte {
	return r.scanTokens(page, attrs, nil)
}

// Tokens reads the tokens of a page in the pass of the lexer that reads
// its facts before it is minified (see Pages.Page), as check.TokenSink
// does: Begin takes the bytes the lexer reads, Token each token, at its
// offset, but for the ErrorToken that ends the page. The pass jumps from
// one "<" to the next between tags, but for the text of a <style>.
type Tokens interface {
	Begin(page []byte)
	Token(l *tdhtml.Lexer, tt tdhtml.TokenType, tok []byte, at int)
}

// scanTokens is scan, handing t, when not nil, each token it reads.
func (r *record) scanTokens(page []byte, attrs []string, t Tokens) []byte {
	r.reset()
	if len(attrs) > 0 {
		maybe := false
		for _, a := range attrs {
			maybe = maybe || bytes.Contains(page, []byte(a))
		}
		if !maybe {
			attrs = nil
		}
	}
	// The lexer writes names in lower case and ends its input with a
	// NUL: it reads a copy.
	buf := append(r.buf[:0], page...)
	r.buf = buf
	in := parse.NewInputBytes(buf)
	l := tdhtml.NewLexer(in)
	if t != nil {
		t.Begin(in.Bytes())
	}
	c := collector{r: r, lexed: true}
	var out []byte // the page stripped, up to done
	stripping := false
	done, inTag := 0, false // page[:done] is decided
	// The text of a <style> comes next: read whole, not jumped over
	// (its text is no text to a reader, but the link check reads it).
	styleText := false
	for {
		at := in.Offset()
		if !inTag && !styleText {
			i := bytes.IndexByte(buf[at:], '<')
			if i < 0 {
				c.addText(buf[at:])
				break
			}
			c.addText(buf[at : at+i])
			in.Move(i)
			in.Skip()
			at += i
		}
		tt, tok := l.Next()
		styleText = false
		if tt == tdhtml.ErrorToken {
			if in.Err() != nil || in.Offset() <= at {
				if inTag {
					c.abandon() // a tag cut off by the end of the page is no tag
				}
				break
			}
			inTag = false // a NUL inside svg or math, after which the lexer goes on
			if t != nil {
				t.Token(l, tt, tok, at)
			}
			continue
		}
		if t != nil {
			t.Token(l, tt, tok, at)
		}
		switch tt {
		case tdhtml.TextToken:
			c.addText(tok)
		case tdhtml.StartTagToken:
			inTag = true
			c.start(l.Text())
		case tdhtml.AttributeToken:
			key := l.AttrKey()
			c.attr(key, l.AttrVal())
			if attrs != nil && slices.Contains(attrs, string(key)) {
				// The token runs from the white space before the name
				// to the end of the value.
				if !stripping {
					out, stripping = r.stripped[:0], true
				}
				out = append(out, page[done:at]...)
				done = in.Offset()
			}
		case tdhtml.StartTagCloseToken, tdhtml.StartTagVoidToken:
			inTag = false
			styleText = tt == tdhtml.StartTagCloseToken && string(c.tag) == "style"
			c.close()
		case tdhtml.EndTagToken:
			c.end(l.Text())
		case tdhtml.SVGToken, tdhtml.MathToken:
			c.foreign(tok)
		}
	}
	if stripping {
		r.stripped = append(out, page[done:]...)
		return r.stripped
	}
	return page
}

// foreign reads an inline svg or math element, frag, as netTokens does:
// from the facts it added to a record before, when a page had it already.
// The same icons are on every page, and reading one with x/net/html's
// tokenizer (which allocates a buffer of its own) cost a tenth of the
// whole proof.
func (c *collector) foreign(frag []byte) {
	if c.r.spell || c.r.uncached || c.raw != "" {
		netTokens(c, frag)
		return
	}
	f := foreignSeen.get(frag)
	if f == nil {
		f = &foreignFacts{}
		fc := collector{r: &f.r, rawText: true}
		netTokens(&fc, frag)
		f.raw = fc.raw
		foreignSeen.put(frag, f)
	}
	r := c.r
	r.text = appendCollapsed(r.text, f.r.text)
	r.ids.addAll(&f.r.ids)
	r.elems = append(r.elems, f.r.elems...)
	r.links.addAll(&f.r.links)
	r.labels.addAll(&f.r.labels)
	r.refs = append(r.refs, f.r.refs...)
	c.raw = f.raw
}

// foreignFacts are what reading an svg or math element adds to a record
// (but for its text, not collapsed yet: collapsing the text of a page
// piece by piece gives what collapsing it whole does).
type foreignFacts struct {
	r   record
	raw string // the raw text element left open, if any
}

// foreignSeen holds the facts of the svg and math elements the pages had,
// the first few hundred, of a few kilobytes at most.
var foreignSeen foreignCache

type foreignCache struct {
	mu sync.Mutex
	m  map[string]*foreignFacts
}

func (c *foreignCache) get(frag []byte) *foreignFacts {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[string(frag)]
}

func (c *foreignCache) put(frag []byte, f *foreignFacts) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]*foreignFacts{}
	}
	if len(c.m) < 256 && len(frag) <= 4<<10 {
		c.m[string(frag)] = f
	}
}

// netTokens feeds the tokens of an HTML fragment, read with x/net/html's
// tokenizer, to c.
func netTokens(c *collector, frag []byte) {
	lexed := c.lexed
	c.lexed = false // values come decoded
	defer func() { c.lexed = lexed }()
	z := html.NewTokenizer(bytes.NewReader(frag))
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			c.addText(z.Text())
		case html.EndTagToken:
			name, _ := z.TagName()
			c.end(name)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			c.start(name)
			if tt == html.SelfClosingTagToken && c.raw == string(name) {
				c.raw = "" // this tokenizer reads no raw text after <script/>
			}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				c.attr(k, v)
			}
			c.close()
		}
	}
}

// collector gathers a page's facts from its tokens into a record.
type collector struct {
	r       *record
	raw     string // inside script or style: their text is code, not text
	lexed   bool   // values come as tdewolff's lexer gives them: raw, in their quotes
	rawText bool   // text is appended as it is, not collapsed (see foreignFacts)
	// the start tag under way, and the lengths of the lists before it
	mark                             [4]int
	scratch                          []byte
	tag                              []byte
	urls                             []byte // the URL attributes, key="value"
	urlEnds                          []int  // where each ends in urls
	parts                            [][]byte
	rel, hreflang, integrity, target []byte
	meta                             []byte // the name or http-equiv of a <meta>, lower case
	metaContent                      []byte
	isMeta                           bool
}

func (c *collector) addText(b []byte) {
	if c.raw != "" || len(b) == 0 {
		return
	}
	if c.lexed && bytes.IndexByte(b, '&') >= 0 {
		b = []byte(html.UnescapeString(string(b)))
	}
	c.text(b)
}

// text appends b to the record's text.
func (c *collector) text(b []byte) {
	if c.rawText {
		c.r.text = append(c.r.text, b...)
		return
	}
	c.r.text = appendCollapsed(c.r.text, b)
}

// appendCollapsed appends b to text as collapse would: every run of white
// space one space, none at the start. A space at the end of text is
// trimmed by facts. Runs of text and lone spaces are copied as they are.
func appendCollapsed(text, b []byte) []byte {
	prev := len(text) == 0 || text[len(text)-1] == ' ' // a space would be one too many
	from := 0                                          // b[from:i] is to copy
	for i, c := range b {
		switch {
		case !htmlSpace[c]:
			prev = false
		case c == ' ' && !prev:
			prev = true
		default: // white space to collapse
			text = append(text, b[from:i]...)
			if !prev {
				text = append(text, ' ')
				prev = true
			}
			from = i + 1
		}
	}
	return append(text, b[from:]...)
}

// htmlSpace tells the bytes that are HTML white space.
var htmlSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\f': true}

func isSpace(c byte) bool { return htmlSpace[c] }

var space = []byte{' '}

func (c *collector) end(name []byte) {
	if string(name) == c.raw {
		c.raw = ""
	}
	if !isInline(name) {
		c.text(space)
	}
}

func (c *collector) start(name []byte) {
	r := c.r
	c.mark = [4]int{len(r.ids.ends), len(r.elems), len(r.links.ends), len(r.labels.ends)}
	if !isInline(name) {
		c.text(space)
	}
	c.tag = name
	if e := origin(name); e != 0 {
		r.elems = append(r.elems, e)
	}
	switch string(name) {
	case "script":
		c.raw = "script"
	case "style":
		c.raw = "style"
	}
	c.isMeta = string(name) == "meta"
	c.urls, c.urlEnds = c.urls[:0], c.urlEnds[:0]
	c.rel, c.hreflang, c.integrity, c.target = nil, nil, nil, nil
	c.meta, c.metaContent = c.meta[:0], nil
}

// attr reads an attribute of the start tag under way. Values are kept as
// slices of the page (or of the tokenizer's buffer) until close.
func (c *collector) attr(k, v []byte) {
	switch key := k; {
	case string(key) == "id" || string(key) == "name" && string(c.tag) == "a":
		c.r.ids.add(c.value(v))
	case isURLAttr(key):
		val := c.value(v)
		c.urls = appendValue(append(append(c.urls, key...), '='), val, c.r.spell)
		c.urlEnds = append(c.urlEnds, len(c.urls))
		if string(key) == "integrity" {
			c.integrity = val
		} else if string(key) == "href" || string(key) == "src" {
			c.target = val
		}
	case isLabelAttr(key):
		l := &c.r.labels
		l.b = append(append(append(append(l.b, c.tag...), ' '), key...), '=')
		c.scratch = appendCollapsed(c.scratch[:0], c.value(v))
		l.b = appendValue(l.b, bytes.TrimSuffix(c.scratch, space), c.r.spell)
		l.end()
	case string(key) == "rel":
		c.rel = c.value(v)
	case string(key) == "hreflang":
		c.hreflang = c.value(v)
	case c.isMeta && (string(key) == "name" || string(key) == "http-equiv"):
		c.meta = append(c.meta[:0], c.value(v)...)
		for i, b := range c.meta {
			if b >= utf8.RuneSelf {
				c.meta = append(c.meta[:0], strings.ToLower(string(c.meta))...)
				break
			}
			if 'A' <= b && b <= 'Z' {
				c.meta[i] = b + 'a' - 'A'
			}
		}
	case c.isMeta && string(key) == "content":
		c.metaContent = c.value(v)
	}
}

// abandon forgets the start tag under way.
func (c *collector) abandon() {
	r := c.r
	r.ids.cut(c.mark[0])
	r.elems = r.elems[:c.mark[1]]
	r.links.cut(c.mark[2])
	r.labels.cut(c.mark[3])
}

func (c *collector) close() {
	switch string(c.meta) {
	case "description", "robots", "googlebot":
		// Text a search engine shows, or a directive it obeys.
		l := &c.r.labels
		l.b = appendValue(append(l.b, "meta name="...), c.meta, c.r.spell)
		c.scratch = appendCollapsed(c.scratch[:0], c.metaContent)
		l.b = appendValue(append(l.b, " content="...), bytes.TrimSuffix(c.scratch, space), c.r.spell)
		l.end()
	case "refresh":
		c.urls = appendValue(append(c.urls, "url="...), refreshURL(string(c.metaContent)), c.r.spell)
		c.urlEnds = append(c.urlEnds, len(c.urls))
	}
	if len(c.urlEnds) > 0 {
		// Each URL attribute, key="value", sorted.
		c.parts = c.parts[:0]
		from := 0
		for _, end := range c.urlEnds {
			c.parts = append(c.parts, c.urls[from:end])
			from = end
		}
		if len(c.parts) > 1 {
			slices.SortFunc(c.parts, bytes.Compare)
		}
		l := &c.r.links
		l.b = append(append(l.b, '<'), c.tag...)
		if c.rel != nil {
			l.b = appendValue(append(l.b, " rel="...), c.rel, c.r.spell)
		}
		if c.hreflang != nil {
			l.b = appendValue(append(l.b, " hreflang="...), c.hreflang, c.r.spell)
		}
		for _, u := range c.parts {
			l.b = append(append(l.b, ' '), u...)
		}
		l.b = append(l.b, '>')
		l.end()
	}
	if len(c.integrity) > 0 && len(c.target) > 0 {
		c.r.refs = append(c.r.refs, ref{url: string(c.target), integrity: string(c.integrity)})
	}
	c.urls, c.urlEnds = c.urls[:0], c.urlEnds[:0]
	c.meta = c.meta[:0]
}

// value decodes an attribute value: as x/net/html's tokenizer gives it, or
// as tdewolff's lexer does, raw, in its quotes. Character references take
// the rules for attribute values, in which "&region=1" in a URL is text:
// values with nothing but the references that read the same in text and
// in attributes are decoded with html.UnescapeString, any other by
// x/net/html's tokenizer.
func (c *collector) value(v []byte) []byte {
	if !c.lexed {
		return v
	}
	var quote byte
	if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
		quote, v = v[0], v[1:]
		if len(v) > 0 && v[len(v)-1] == quote {
			v = v[:len(v)-1]
		}
	}
	amp := bytes.IndexByte(v, '&')
	plain := bytes.IndexByte(v, '\r') < 0 && bytes.IndexByte(v, 0) < 0
	if amp < 0 && plain {
		return v
	}
	for i := amp; plain && i >= 0 && i < len(v); i++ {
		if v[i] == '&' && !hasAnyPrefix(v[i+1:], "amp;", "lt;", "gt;", "quot;", "#") {
			plain = false
		}
	}
	if plain {
		return []byte(html.UnescapeString(string(v)))
	}
	var b bytes.Buffer
	b.WriteString("<a v=")
	if quote != 0 {
		b.WriteByte(quote)
	}
	b.Write(v)
	if quote != 0 {
		b.WriteByte(quote)
	}
	b.WriteString(">")
	z := html.NewTokenizer(&b)
	z.Next()
	z.TagName()
	_, val, _ := z.TagAttr()
	return val
}

// appendValue appends the value s to dst: quoted when the facts are
// spelled out (to describe a loss), else behind its length, which is
// cheaper. Either way no two lists of values read the same, so two pages'
// records are equal exactly when their facts spelled out are.
func appendValue[T string | []byte](dst []byte, s T, spell bool) []byte {
	if spell {
		return appendQuote(dst, s)
	}
	return append(binary.AppendUvarint(dst, uint64(len(s))), s...)
}

// appendQuote is strconv.AppendQuote, without its per-rune work for the
// printable ASCII that nearly every URL is.
func appendQuote[T string | []byte](dst []byte, s T) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			return strconv.AppendQuote(dst, string(s))
		}
	}
	return append(append(append(dst, '"'), s...), '"')
}

func hasAnyPrefix(b []byte, prefixes ...string) bool {
	for _, p := range prefixes {
		if bytes.HasPrefix(b, []byte(p)) {
			return true
		}
	}
	return false
}

// refreshURL is the URL of a meta refresh's content ("0; url=/en/").
func refreshURL(content string) string {
	_, u, ok := strings.Cut(content, ";")
	if !ok {
		_, u, _ = strings.Cut(content, ",")
	}
	u = strings.TrimSpace(u)
	if len(u) >= 4 && strings.EqualFold(u[:3], "url") {
		if rest := strings.TrimLeft(u[3:], " \t\n\r\f"); strings.HasPrefix(rest, "=") {
			u = strings.TrimLeft(rest[1:], " \t\n\r\f")
		}
	}
	return strings.Trim(u, `"'`)
}

// collapse turns every run of HTML white space into one space and trims
// the ends, as a browser renders text outside <pre>.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\r', '\f':
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// compare lists what the page lost or gained between f (before) and g
// (after).
func (f facts) compare(page string, g facts) []Loss {
	var out []Loss
	if lost, gained := setDiff(f.ids, g.ids); len(lost)+len(gained) > 0 {
		out = append(out, Loss{page, "id", describeSets(lost, gained)})
	}
	if d := seqDiff(f.elems, g.elems); d != "" {
		out = append(out, Loss{page, "element", d})
	}
	if d := seqDiff(f.links, g.links); d != "" {
		out = append(out, Loss{page, "link", d})
	}
	if d := seqDiff(f.labels, g.labels); d != "" {
		out = append(out, Loss{page, "text", d})
	}
	if f.text != g.text {
		out = append(out, Loss{page, "text", textDiff(f.text, g.text)})
	}
	return out
}

// setDiff compares two sorted lists as multisets.
func setDiff(a, b []string) (lost, gained []string) {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			lost = append(lost, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			gained = append(gained, b[j])
			j++
		default:
			i++
			j++
		}
	}
	return lost, gained
}

func describeSets(lost, gained []string) string {
	var parts []string
	if len(lost) > 0 {
		parts = append(parts, "lost "+quoteSome(lost))
	}
	if len(gained) > 0 {
		parts = append(parts, "gained "+quoteSome(gained))
	}
	return strings.Join(parts, "; ")
}

// quoteSome names the first few items of a list.
func quoteSome(items []string) string {
	const show = 5
	var q []string
	for i, s := range items {
		if i == show {
			q = append(q, fmt.Sprintf("and %d more", len(items)-show))
			break
		}
		q = append(q, strconv.Quote(s))
	}
	return strings.Join(q, ", ")
}

// seqDiff describes the first difference between two sequences, or returns
// "" when they are equal.
func seqDiff(a, b []string) string {
	for i := 0; i < len(a) || i < len(b); i++ {
		switch {
		case i == len(b):
			return fmt.Sprintf("#%d %s is gone (%d before, %d after)", i+1, a[i], len(a), len(b))
		case i == len(a):
			return fmt.Sprintf("#%d %s is new (%d before, %d after)", i+1, b[i], len(a), len(b))
		case a[i] != b[i] && slices.Equal(a[i+1:], b[i:]):
			return fmt.Sprintf("#%d %s is gone (%d before, %d after)", i+1, a[i], len(a), len(b))
		case a[i] != b[i] && slices.Equal(a[i:], b[i+1:]):
			return fmt.Sprintf("#%d %s is new (%d before, %d after)", i+1, b[i], len(a), len(b))
		case a[i] != b[i]:
			return fmt.Sprintf("#%d %s became %s", i+1, a[i], b[i])
		}
	}
	return ""
}

// textDiff shows where two texts part, with some context.
func textDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	for i > 0 && !utf8.RuneStart(a[min(i, len(a)-1)]) { // do not cut a character
		i--
	}
	from := max(0, i-30)
	for from > 0 && !utf8.RuneStart(a[from]) {
		from--
	}
	excerpt := func(s string) string {
		end := min(len(s), i+30)
		for end < len(s) && !utf8.RuneStart(s[end]) {
			end++
		}
		return strconv.Quote(s[from:end])
	}
	return fmt.Sprintf("visible text differs at byte %d: %s became %s", i, excerpt(a), excerpt(b))
}

// compareData compares a data file before and after: XML by its elements,
// attributes and text, SVG by its ids and text, JSON by its value. CSS and
// JS are not compared. A file that does not parse before minification is
// not compared either (keep reports false then: the file stays as written,
// since nothing can be proven about it).
func compareData(media, page string, in, out []byte) (losses []Loss, keep bool) {
	switch {
	case media == "image/svg+xml" || strings.HasSuffix(media, "xml"):
		svg := media == "image/svg+xml"
		if !svg && sameXML(in, out) {
			return nil, true
		}
		a, err := xmlFacts(in, svg)
		if err != nil {
			return nil, false
		}
		b, err := xmlFacts(out, svg)
		if err != nil {
			return []Loss{{page, "data", "not well-formed after minification: " + err.Error()}}, true
		}
		if d := seqDiff(a, b); d != "" {
			return []Loss{{page, "data", d}}, true
		}
	case strings.HasSuffix(media, "json"):
		var a, b any
		if json.Unmarshal(in, &a) != nil {
			return nil, false
		}
		if err := json.Unmarshal(out, &b); err != nil {
			return []Loss{{page, "data", "not valid JSON after minification: " + err.Error()}}, true
		}
		if !reflect.DeepEqual(a, b) {
			return []Loss{{page, "data", "the JSON value changed"}}, true
		}
	}
	return nil, true
}

// sameXML tells whether the XML documents a and b have the same facts,
// which encoding/xml reads without an error, read fast (xmlRecord); false
// when they differ or when that reader cannot tell.
func sameXML(a, b []byte) bool {
	ra, ok := xmlRecord(nil, a)
	if !ok {
		return false
	}
	rb, ok := xmlRecord(make([]byte, 0, len(ra)), b)
	return ok && bytes.Equal(ra, rb)
}

// xmlFacts lists an XML document's elements with their attributes, and its
// text; for SVG (whose numbers and paths the minifier rewrites) only ids
// and text.
func xmlFacts(b []byte, svg bool) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var out []string
	for {
		t, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := t.(type) {
		case xml.StartElement:
			var attrs []string
			for _, a := range t.Attr {
				if !svg || a.Name.Local == "id" {
					attrs = append(attrs, a.Name.Space+":"+a.Name.Local+"="+strconv.Quote(a.Value))
				}
			}
			if svg && len(attrs) == 0 {
				continue
			}
			slices.Sort(attrs)
			out = append(out, "<"+t.Name.Local+" "+strings.Join(attrs, " ")+">")
		case xml.CharData:
			if s := collapse(string(t)); s != "" {
				out = append(out, s)
			}
		}
	}
}

// keepIntegrity keeps a file as written when a page names it with an
// integrity attribute that its bytes match and its minified bytes would
// not: a browser refuses a subresource whose hash differs. (A file outside
// the site, missing, or whose hash did not match before, is the link
// checker's business.) An HTML page is written as soon as it is minified:
// if a page names one with an integrity hash that the minified page no
// longer matches, that is a loss, which fails the run.
func keepIntegrity(fsys afero.Fs, results []result) (losses []Loss) {
	byPath := make(map[string]*result, len(results))
	for i := range results {
		byPath[results[i].path] = &results[i]
	}
	for _, page := range results {
		for _, ref := range page.pageRefs {
			u, err := url.Parse(ref.url)
			if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
				continue
			}
			p := u.Path
			if !strings.HasPrefix(p, "/") {
				p = path.Join(path.Dir(page.path), p)
			}
			r := byPath[path.Clean(p)]
			if r != nil && r.written {
				if now, err := afero.ReadFile(fsys, r.path); err == nil && !integrityMatches(ref.integrity, now) {
					losses = append(losses, Loss{Page: strings.TrimPrefix(page.path, "/"), What: "integrity",
						Detail: fmt.Sprintf("names %s with an integrity hash that the page as published does not match (pages are minified as they come, so an HTML page pinned by a hash cannot be kept as written)", ref.url)})
				}
				continue
			}
			if r == nil || r.out == nil || integrityMatches(ref.integrity, r.out) {
				continue
			}
			if in, err := afero.ReadFile(fsys, r.path); err == nil && integrityMatches(ref.integrity, in) {
				r.out, r.after = nil, r.before
			}
		}
	}
	return losses
}

// integrityMatches applies the Subresource Integrity rule: of the hashes
// with the strongest algorithm listed, one must match.
func integrityMatches(integrity string, body []byte) bool {
	best, strength := "", 0
	var tokens []string
	for _, t := range strings.Fields(integrity) {
		algo, _, ok := strings.Cut(t, "-")
		if s := map[string]int{"sha256": 1, "sha384": 2, "sha512": 3}[algo]; ok && s > 0 {
			tokens = append(tokens, t)
			if s > strength {
				best, strength = algo, s
			}
		}
	}
	if best == "" {
		return true // no hash a browser checks
	}
	want := digest(best, body)
	for _, t := range tokens {
		algo, val, _ := strings.Cut(t, "-")
		val, _, _ = strings.Cut(val, "?") // options are reserved
		if algo == best && val == want {
			return true
		}
	}
	return false
}

func digest(algo string, b []byte) string {
	var h hash.Hash
	switch algo {
	case "sha256":
		h = sha256.New()
	case "sha384":
		h = sha512.New384()
	default:
		h = sha512.New()
	}
	h.Write(b)
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}
