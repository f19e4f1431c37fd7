package content

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/gohugoio/hugo/markup/goldmark/goldmark_config"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Parser reads documents with one goldmark configuration.
type Parser struct{ md parser.Parser }

// NewParser returns a parser for Hugo's goldmark configuration
// (markup.goldmark): the extensions and the parser options that decide what
// a document is made of, set up as Hugo's markup/goldmark sets them up.
// Options of the renderer do not change it, nor do automatic heading ids:
// sections are named by the ids written in the content. Hugo's block
// attributes and passthrough are extensions of its own, not read here.
func NewParser(cfg goldmark_config.Config) *Parser {
	e := cfg.Extensions
	var ext []goldmark.Extender
	for _, x := range []struct {
		on bool
		x  goldmark.Extender
	}{
		{e.Table, extension.Table},
		{e.Strikethrough, extension.Strikethrough},
		{e.Linkify, extension.Linkify},
		{e.TaskList, extension.TaskList},
		// The typographer's substitutions change punctuation only, never
		// what a document is made of or its words: goldmark's own serve.
		{!e.Typographer.Disable, extension.Typographer},
		{e.DefinitionList, extension.DefinitionList},
		{e.Footnote.Enable, extension.Footnote},
		{e.CJK.Enable, extension.CJK},
	} {
		if x.on {
			ext = append(ext, x.x)
		}
	}
	var opts []parser.Option
	if cfg.Parser.Attribute.Title {
		opts = append(opts, parser.WithAttribute()) // {#id} on headings
	}
	return &Parser{goldmark.New(goldmark.WithExtensions(ext...), goldmark.WithParserOptions(opts...)).Parser()}
}

// defaultParser reads as Hugo does by default, which is what this site's
// hugo.toml keeps for everything that decides what a document is made of
// (it turns automatic heading ids off, and sets {#id} attributes on
// headings on and on blocks off, as Hugo's defaults are).
var defaultParser = sync.OnceValue(func() *Parser { return NewParser(goldmark_config.Default) })

// read parses the body md (the body with its shortcode calls replaced)
// into d's headings and sections.
func (p *Parser) read(d *Document, body, md []byte) error {
	doc := p.md.Parse(text.NewReader(md))
	if err := checkTree(doc, md, d.BodyLine); err != nil {
		return err
	}
	d.Tree, d.Markdown = doc, md
	lineOf := lineIndex(md, d.BodyLine)
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			d.Headings = append(d.Headings, heading(h, md, lineOf))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	top := &Section{ID: TopSection}
	d.Sections = []*Section{top}
	cur := top
	var plain strings.Builder // the text of cur, block after block
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			cur.Plain = plain.String()
			plain.Reset()
			cur = &Section{ID: headingID(h), Line: nodeLine(h, lineOf)}
			text := visible(h, md)
			plain.WriteString(text)
			cur.Words = CountWords(text)
			d.Sections = append(d.Sections, cur)
			continue
		}
		if cur == top && top.Line == 0 {
			top.Line = nodeLine(n, lineOf)
		}
		plain.WriteString(cur.add(n, md))
	}
	cur.Plain = plain.String()
	if top.Line == 0 {
		top.Line = d.BodyLine // no text before the first heading
	}
	for _, sc := range d.Shortcodes {
		if k, ok := sc.Fact(); ok {
			s := d.SectionAt(sc.Line)
			if s.Facts == nil {
				s.Facts = map[string]int{}
			}
			s.Facts[k]++
		}
	}
	d.sectionTexts(body)
	return nil
}

// sectionTexts sets each section's Text from body, the document's body.
// Each section's source runs to the next section's first line: a part of
// the body's text, which they share.
func (d *Document) sectionTexts(body []byte) {
	text := string(body)
	lines := strings.SplitAfter(text, "\n")
	starts := make([]int, len(lines)+1) // of each line in text, and its end
	for i, l := range lines {
		starts[i+1] = starts[i] + len(l)
	}
	from := 0
	for i, s := range d.Sections {
		to := len(lines)
		if i+1 < len(d.Sections) {
			to = min(max(d.Sections[i+1].Line-d.BodyLine, from), len(lines))
		}
		s.Text = text[starts[from]:starts[to]]
		from = to
	}
}

// SectionAt returns the section that line is in: the last one whose
// heading is on it or above it.
func (d *Document) SectionAt(line int) *Section {
	s := d.Sections[0]
	for _, sec := range d.Sections[1:] {
		if sec.Line > line {
			break
		}
		s = sec
	}
	return s
}

// Section returns the first section with the id; nil if none has it.
func (d *Document) Section(id string) *Section {
	for _, s := range d.Sections {
		if s.ID == id {
			return s
		}
	}
	return nil
}

func heading(h *ast.Heading, src []byte, lineOf func(int) int) Heading {
	var t bytes.Buffer
	for i := 0; i < h.Lines().Len(); i++ {
		if i > 0 {
			t.WriteByte(' ')
		}
		seg := h.Lines().At(i)
		t.Write(bytes.TrimSpace(seg.Value(src)))
	}
	// A setext heading's underline follows its text; an ATX heading's text
	// starts after its # marks on their line.
	// goldmark can place a heading past the end of src: after a tab in a
	// block quote (">\t#", found by FuzzDepth) its position counts the tab's
	// expanded columns.
	setext := h.Pos() >= 0 && h.Pos() <= len(src) && !atx(src[h.Pos():])
	return Heading{Level: h.Level, Line: nodeLine(h, lineOf), Text: strings.TrimSpace(t.String()), ID: headingID(h), Setext: setext, Untranslated: untranslatedHeading(h)}
}

// untranslatedHeading reports whether h has the class UntranslatedClass
// ({#id .untranslated}).
func untranslatedHeading(h *ast.Heading) bool {
	v, ok := h.AttributeString("class")
	b, _ := v.([]byte)
	return ok && slices.Contains(strings.Fields(string(b)), UntranslatedClass)
}

// atx reports whether line starts with an ATX heading's marks.
func atx(line []byte) bool {
	line = bytes.TrimLeft(line, " ")
	n := len(line) - len(bytes.TrimLeft(line, "#"))
	return n >= 1 && n <= 6 && (n == len(line) || strings.IndexByte(" \t\r\n", line[n]) >= 0)
}

func headingID(h *ast.Heading) string {
	if v, ok := h.AttributeString("id"); ok {
		if b, ok := v.([]byte); ok {
			return string(b)
		}
	}
	return ""
}

// nodeLine returns the line a block starts on: its own position, or its
// first line of text, or a container's first child's.
func nodeLine(n ast.Node, lineOf func(int) int) int {
	if n.Pos() >= 0 {
		return lineOf(n.Pos())
	}
	for ; n != nil; n = n.FirstChild() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return lineOf(n.Lines().At(0).Start)
		}
		if n.Type() != ast.TypeBlock {
			break
		}
	}
	return 0
}

// add counts the blocks, links and words of one block of the section,
// and returns its text, which the section's Plain text goes on with.
func (s *Section) add(block ast.Node, src []byte) string {
	text := visible(block, src)
	s.Words += CountWords(text)
	ast.Walk(block, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			// A paragraph of shortcode calls alone (the lines that open
			// and close a mark) is no paragraph a reader sees.
			if callsOnly(n, src) {
				return ast.WalkSkipChildren, nil
			}
			if _, item := n.Parent().(*ast.ListItem); !item || n.PreviousSibling() != nil {
				s.Paragraphs++
			}
		case *ast.List:
			s.Lists = append(s.Lists, n.ChildCount())
		case *east.Table:
			rows := 0
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if _, ok := c.(*east.TableRow); ok {
					rows++
				}
			}
			s.Tables = append(s.Tables, [2]int{rows, len(n.Alignments)})
		case *ast.Blockquote:
			s.Quotes++
		case *ast.Link:
			s.link(string(n.Destination))
		case *ast.AutoLink:
			s.Links++
		}
		return ast.WalkContinue, nil
	})
	return text
}

// callsOnly reports whether the block's text is shortcode calls
// (ObjectReplacement) and white space only.
func callsOnly(n ast.Node, src []byte) bool {
	lines := n.Lines()
	if lines.Len() == 0 {
		return false
	}
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		if len(bytes.Trim(seg.Value(src), " \t\r\n"+ObjectReplacement)) > 0 {
			return false
		}
	}
	return true
}

func (s *Section) link(dest string) {
	s.Links++
	if u, err := url.Parse(dest); err == nil && (u.Scheme != "" || u.Host != "") {
		return // outside the legal center, or mailto: and the like
	}
	if s.Targets == nil {
		s.Targets = map[string]int{}
	}
	s.Targets[dest]++
}
