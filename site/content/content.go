package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gohugoio/hugo/parser/metadecoders"
	"github.com/gohugoio/hugo/parser/pageparser"
	toml "github.com/pelletier/go-toml/v2"
	"github.com/yuin/goldmark/ast"
)

// TopSection is the section id that stands for the text before a
// document's first heading.
const TopSection = "_top"

// Document is one content file, read as Hugo reads it.
type Document struct {
	Src []byte // the file's bytes, as read

	// Format is the front matter's format (TOML, YAML, JSON, ORG), ""
	// when the file has none. The front matter's text is
	// Src[FMStart:FMEnd], without its delimiter lines.
	Format         metadecoders.Format
	FMStart, FMEnd int
	// FrontMatter is the decoded front matter, empty when there is none;
	// nil when it does not decode, and FrontMatterErr (an *Error) says why.
	FrontMatter    map[string]any
	FrontMatterErr error

	Body     int // the body is Src[Body:]
	BodyLine int // the line the body starts on, from 1

	// Sections are the body's sections: Sections[0] is the text before the
	// first heading (ID TopSection, perhaps empty), then one per heading
	// that is not inside a list or a block quote, in document order.
	Sections []*Section
	// Headings are all headings, at any depth, in document order.
	Headings []Heading
	// Shortcodes are the shortcode calls ({{< >}} and {{% %}}), closing
	// ones too, in document order.
	Shortcodes []Shortcode
	// Marks are the mark shortcode's spans, in the order they open.
	Marks []Mark

	// Tree is the body as goldmark parsed it, for rules that read its
	// inlines. Its offsets index Markdown: the body with each shortcode
	// call replaced by ObjectReplacement, every line where it is. Both
	// are nil once Release let them go.
	Tree     ast.Node
	Markdown []byte
}

// Release lets go of the parse tree and the Markdown it indexes, most of
// the memory a document takes, once no rule will read them: the rest of
// the model (sections, headings, shortcodes, marks, front matter) stays.
func (d *Document) Release() { d.Tree, d.Markdown = nil, nil }

// Heading is one heading Hugo renders: ATX (closed or not) or setext.
type Heading struct {
	Level  int
	Line   int
	Text   string // as written, without the markers and the {attributes}
	ID     string // the explicit {#id}; "" when it has none
	Setext bool
	// Untranslated is a heading left in the source language, marked with
	// the class UntranslatedClass: {#id .untranslated}.
	Untranslated bool
}

// UntranslatedClass marks a heading left in the source language, whose
// section's text follows in an untranslated mark:
//
//	## Your rights {#your-rights .untranslated}
//
//	{{< mark "untranslated" >}}
//	…
//	{{< /mark >}}
//
// The heading stays outside the mark, so that Hugo lists it in the
// page's table of contents; layouts/_markup/render-heading.html marks it
// as English for readers.
const UntranslatedClass = "untranslated"

// Section is the text under a heading, up to the next heading outside a
// list or block quote, and what it is made of: the units a translator
// keeps. Paragraphs count every paragraph, in a list item or a block
// quote too, except the first of a list item, which is the item itself (so
// a tight list and a loose one compare equal).
type Section struct {
	ID   string // TopSection, the heading's id, or "" for a heading without one
	Line int    // the heading's line; for TopSection, its first block's, or BodyLine
	// Text is the section's source, from the heading's first line to the
	// next section, with its line endings as written.
	Text string

	Paragraphs int
	Lists      []int    // items of each list, a nested one too, in document order
	Tables     [][2]int // body rows and columns of each table
	Quotes     int
	Links      int            // links and autolinks
	Targets    map[string]int // internal link targets (a path or a #fragment) and how often each is linked
	Facts      map[string]int // fact keys and how often each is used
	Words      int            // words a reader sees (see CountWords)
	// Plain is the text a reader sees (heading included), blocks on
	// lines of their own: what CountWords counts.
	Plain string
}

// Shortcode is one shortcode call.
type Shortcode struct {
	Name   string
	Line   int
	Markup bool     // {{% %}}: its output is Markdown
	Close  bool     // {{< /name >}}
	Args   []string // positional arguments
}

// Fact returns the key of a fact shortcode call, {{< fact "privacy.dpo_email" >}}.
func (s Shortcode) Fact() (string, bool) {
	if s.Name != "fact" || s.Close || len(s.Args) == 0 {
		return "", false
	}
	return s.Args[0], true
}

// Mark is a span of a document marked with the project's one marker
// shortcode, layouts/_shortcodes/mark.html:
//
//	{{< mark "untranslated" >}} … {{< /mark >}}   shown in English until translated
//	{{< mark "allow" "rule" >}} … {{< /mark >}}   an exception to a typography rule
type Mark struct {
	Kind      string // MarkUntranslated or MarkAllow
	Rule      string // the rule an allow mark waives
	Line, End int    // the lines of the opening and the closing call
}

// The kinds of Mark.
const (
	MarkUntranslated = "untranslated"
	MarkAllow        = "allow"
)

// Allows reports whether line is inside a mark that allows an exception
// to rule.
func (d *Document) Allows(rule string, line int) bool {
	for _, m := range d.Marks {
		if m.Kind == MarkAllow && m.Rule == rule && m.Line <= line && line <= m.End {
			return true
		}
	}
	return false
}

// Untranslated reports whether line is inside a mark of text left in
// the source language, its opening and closing calls included, or is a
// heading marked untranslated (UntranslatedClass).
func (d *Document) Untranslated(line int) bool {
	for _, m := range d.Marks {
		if m.Kind == MarkUntranslated && m.Line <= line && line <= m.End {
			return true
		}
	}
	for _, h := range d.Headings {
		if h.Untranslated && h.Line == line {
			return true
		}
	}
	return false
}

// marks pairs the mark shortcode's calls into d.Marks.
func (d *Document) marks() error {
	var open []int // indexes in d.Marks of the marks not closed yet
	for _, sc := range d.Shortcodes {
		switch {
		case sc.Name != "mark":
		case sc.Close: // Hugo's page parser pairs it with an opening call
			if len(open) > 0 {
				d.Marks[open[len(open)-1]].End = sc.Line
				open = open[:len(open)-1]
			}
		default:
			m := Mark{Line: sc.Line}
			if len(sc.Args) > 0 {
				m.Kind = sc.Args[0]
			}
			switch {
			case m.Kind == MarkUntranslated && len(sc.Args) == 1:
			case m.Kind == MarkAllow && len(sc.Args) == 2 && sc.Args[1] != "":
				m.Rule = sc.Args[1]
			default:
				return &Error{Line: sc.Line, Msg: `a mark is {{< mark "untranslated" >}} or {{< mark "allow" "rule" >}}, closed by {{< /mark >}}`}
			}
			open = append(open, len(d.Marks))
			d.Marks = append(d.Marks, m)
		}
	}
	if len(open) > 0 {
		m := d.Marks[open[0]]
		return &Error{Line: m.Line, Msg: "the mark " + strconv.Quote(m.Kind) + " is never closed: end it with {{< /mark >}}"}
	}
	return nil
}

// Error is what keeps a file from being read through, at its line.
type Error struct {
	Line        int // from 1; 0 when unknown
	Msg         string
	FrontMatter bool // the error is in the front matter
}

func (e *Error) Error() string { return e.Msg }

// ErrorLine returns the line that err (an *Error) points at; 0 if unknown.
func ErrorLine(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Line
	}
	return 0
}

// Parse reads a content file: front matter with Hugo's page parser and
// metadecoders, the body with goldmark as Hugo configures it by default
// (see Parser). It returns an *Error when the file is not UTF-8, its
// front matter is never closed, a shortcode does not parse or lists and
// block quotes nest too deep; front matter that does not decode is
// FrontMatterErr, and the body is read all the same.
func Parse(src []byte) (*Document, error) { return defaultParser().Parse(src) }

// Parse reads a content file; see the function Parse.
func (p *Parser) Parse(src []byte) (*Document, error) {
	if !utf8.Valid(src) {
		line, col := firstInvalid(src)
		return nil, &Error{Line: line, Msg: "the file is not valid UTF-8 (first bad byte in column " + strconv.Itoa(col) + "); save it as UTF-8"}
	}
	d := &Document{Src: src, FrontMatter: map[string]any{}}
	items, err := pageparser.ParseBytes(src, pageparser.Config{NoSummaryDivider: true})
	if err == nil && len(items) > 0 && items[len(items)-1].IsError() {
		err = items[len(items)-1].Err
	}
	if err != nil {
		return nil, lexError(src, items, err)
	}
	if bytes.HasPrefix(src, bom) {
		d.Body = len(bom)
	}
	for i, it := range items {
		if !it.IsFrontMatter() {
			if !it.IsText() && it.Type != pageparser.TypeIgnore {
				items = items[i:]
				break
			}
			continue
		}
		d.Format = pageparser.FormatFromFrontMatterType(it.Type)
		d.FMStart = it.Pos()
		d.FMEnd = d.FMStart + len(it.Val(src))
		d.Body = d.FMEnd
		if d.Format == metadecoders.TOML || d.Format == metadecoders.YAML {
			d.Body += 3 // the closing delimiter
			if d.Body < len(src) && src[d.Body] == '\r' {
				d.Body++
			}
			if d.Body < len(src) && src[d.Body] == '\n' {
				d.Body++
			}
		}
		d.FrontMatter, d.FrontMatterErr = d.decode()
		items = items[i+1:]
		break
	}
	d.BodyLine = lineAt(src, d.Body)
	body := d.Src[d.Body:]
	md := d.shortcodes(items)
	if err := d.marks(); err != nil {
		return nil, err
	}
	if err := checkDepth(md, d.BodyLine); err != nil {
		return nil, err
	}
	if err := p.read(d, body, md); err != nil {
		return nil, err
	}
	return d, nil
}

var bom = []byte("\xef\xbb\xbf")

// lexError is the error of Hugo's page parser, at its line.
func lexError(src []byte, items pageparser.Items, err error) error {
	// A shortcode error is at the call it is in.
	line := 0
	for _, it := range items {
		if it.IsLeftShortcodeDelim() || it.IsError() && line == 0 {
			line = lineAt(src, it.Pos())
		}
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "front matter delimiter"):
		delim := "+++"
		if strings.Contains(msg, "YAML") {
			delim = "---"
		}
		return &Error{1, "the front matter opened with " + delim + " is never closed", true}
	case strings.Contains(msg, "JSON front matter"):
		return &Error{1, "the JSON front matter opened with { is never closed", true}
	}
	return &Error{Line: line, Msg: "a shortcode call does not parse: " + msg}
}

// decode decodes the front matter.
func (d *Document) decode() (map[string]any, error) {
	fm := d.Src[d.FMStart:d.FMEnd]
	m, err := metadecoders.Default.UnmarshalToMap(fm, d.Format)
	if err != nil {
		line, msg := DecodeError(err, fm)
		if line > 0 {
			line += lineAt(d.Src, d.FMStart) - 1
		}
		return nil, &Error{line, "the " + strings.ToUpper(string(d.Format)) + " front matter does not parse: " + msg, true}
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// shortcodes records the shortcode calls among items, the page parser's
// items of the body, and returns the body as goldmark is to read it: each
// call replaced by ObjectReplacement and its line breaks, so that the
// blocks around it stay as they are and every line keeps its number.
func (d *Document) shortcodes(items pageparser.Items) []byte {
	src := d.Src
	var md []byte
	at := d.Body
	var cur *Shortcode
	start := 0
	for i, it := range items {
		switch {
		case it.IsLeftShortcodeDelim():
			start = it.Pos()
			cur = &Shortcode{Line: lineAt(src, start), Markup: it.IsShortcodeMarkupDelimiter()}
		case cur == nil:
		case it.IsShortcodeClose():
			cur.Close = true
		case it.IsShortcodeName(), it.IsInlineShortcodeName():
			cur.Name = it.ValStr(src)
		case it.IsShortcodeParam():
			if i+1 < len(items) && items[i+1].IsShortcodeParamVal() {
				continue // a named argument: name="value"
			}
			cur.Args = append(cur.Args, it.ValStr(src))
		case it.IsRightShortcodeDelim():
			end := it.Pos() + len(it.Val(src))
			if md == nil {
				// A call is longer than what stands for it: md is never
				// longer than the body.
				md = make([]byte, 0, len(src)-d.Body)
			}
			md = append(md, src[at:start]...)
			md = append(md, ObjectReplacement...)
			for range bytes.Count(src[start:end], []byte("\n")) {
				md = append(md, '\n')
			}
			at = end
			d.Shortcodes = append(d.Shortcodes, *cur)
			cur = nil
		}
	}
	if at == d.Body {
		return src[d.Body:]
	}
	return append(md, src[at:]...)
}

// ObjectReplacement stands for a shortcode call (or a template action in
// a translated string): a character that is no
// word and no white space, so that it neither joins nor counts as a word,
// and a link destination it stands in stays one.
const ObjectReplacement = "\uFFFC"

// firstInvalid returns the line and column (in bytes) of the first byte of
// b that is not UTF-8.
func firstInvalid(b []byte) (line, col int) {
	line, col = 1, 1
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col += size
		}
		b = b[size:]
	}
	return line, col
}

// lineAt is the line of src that offset i is on, from 1.
func lineAt(src []byte, i int) int { return 1 + bytes.Count(src[:i], []byte("\n")) }

// lineIndex returns a function that gives the line that an offset of text
// is on; text starts on line first.
func lineIndex(text []byte, first int) func(int) int {
	starts := make([]int, 0, bytes.Count(text, []byte("\n")))
	for i, c := range text {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return func(off int) int {
		n, _ := slices.BinarySearch(starts, off+1)
		return first + n
	}
}

// yamlPos is the position goccy/go-yaml (Hugo's YAML decoder) starts its
// messages with: "[3:1] ',' or ']' must be specified".
var yamlPos = regexp.MustCompile(`^\[(\d+):\d+\] `)

// DecodeError reads the line of data that an error of a TOML, YAML or JSON
// decoder (as metadecoders uses them) points at, 0 when it does not tell,
// and returns the error's message without the decoder's own position and
// excerpt of the source: a report names the file and line itself.
func DecodeError(err error, data []byte) (line int, msg string) {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		msg := firstLine(de.Error())
		lines := strings.Split(string(data), "\n")
		// An inline table is one line long: when the parser meets the
		// next line's first token before the table ends, the mistake is
		// the table left open on the last line that is not blank above.
		// (A missing comma inside the table is where the parser says.)
		if strings.Contains(msg, "after inline table key-value") && line >= 1 && line <= len(lines) &&
			firstToken(lines[line-1], col) {
			for l := line - 1; l >= 1; l-- {
				if strings.TrimSpace(lines[l-1]) != "" {
					return l, "toml: the inline table { … } is not closed on its line: end it with }"
				}
			}
		}
		return line, msg
	}
	var je *json.SyntaxError
	if errors.As(err, &je) {
		off := min(max(int(je.Offset)-1, 0), len(data))
		return 1 + bytes.Count(data[:off], []byte("\n")), firstLine(je.Error())
	}
	msg = firstLine(err.Error())
	if m := yamlPos.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return line, msg[len(m[0]):]
	}
	return 0, msg
}

// firstToken reports whether column col (1-based, in bytes) of line is
// its first token: only white space before it.
func firstToken(line string, col int) bool {
	return strings.TrimSpace(line[:min(max(col-1, 0), len(line))]) == ""
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}

// Stored is d as a cache keeps it (see lint.Cache): without its source,
// its parse tree and Markdown, its decoded front matter, or its sections'
// text, which Restore takes again from the source. Those are most of its
// bytes, and taking them again costs a small part of the goldmark parse
// that the cache saves.
func (d *Document) Stored() *Document {
	s := *d
	s.Src, s.Tree, s.Markdown, s.FrontMatter, s.FrontMatterErr = nil, nil, nil, nil, nil
	s.Sections = make([]*Section, len(d.Sections))
	for i, sec := range d.Sections {
		c := *sec
		c.Text = ""
		s.Sections[i] = &c
	}
	return &s
}

// Restore completes a document that Stored gave, read back from a cache,
// with src, the bytes Parse read: the front matter is decoded again, and
// each section's text taken from the body. The document is then what
// Parse returned, once Released.
func (d *Document) Restore(src []byte) {
	d.Src = src
	d.FrontMatter, d.FrontMatterErr = map[string]any{}, nil
	if d.Format != "" {
		d.FrontMatter, d.FrontMatterErr = d.decode()
	}
	d.sectionTexts(src[d.Body:])
}
