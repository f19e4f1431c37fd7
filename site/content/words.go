package content

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gohugoio/hugo/parser/pageparser"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// The size of the work, as translation tools count it: words of the text
// as a reader sees it.
//
// A word is a run of letters, digits and combining marks (so "résumé",
// decomposed or not, is one word). An apostrophe or a hyphen between two
// such characters does not end it ("don't", "third-party"), nor does a
// period or a comma between two digits ("99.95", "3,200"). Each Han,
// Hiragana or Katakana character is a word of its own, as those scripts do
// not put spaces between words.
//
// In Markdown, only the text a reader sees counts: the syntax (heading
// markers, {#id} attributes, emphasis markers, table pipes, list markers),
// link and image URLs, autolinks and bare URLs, code, raw HTML and HTML
// comments count nothing; link text, image alt text and link titles count.
// A shortcode call counts nothing: the only one in use,
// {{< fact "privacy.dpo_email" >}}, writes a value that is the same in
// every language, which the translator copies and does not translate; the
// text between a paired shortcode's opening and closing calls counts.

// CountWords counts the words of plain text.
func CountWords(s string) int {
	n := 0
	in := false // inside a word
	var prev rune
	for i := 0; i < len(s); {
		// ASCII, most of the text, without the cases below: a letter or
		// digit, or a character between words.
		if c := s[i]; c < utf8.RuneSelf && (asciiWord[c] || !in) {
			if asciiWord[c] && !in {
				n++
			}
			in, prev = asciiWord[c], rune(c)
			i++
			continue
		}
		r, size := decodeRune(s[i:])
		switch {
		case isIdeograph(r):
			n++
			in = false
		case isWordRune(r):
			if !in {
				n++
				in = true
			}
		case in && i+size < len(s):
			// A word goes on across a joiner.
			next, _ := decodeRune(s[i+size:])
			in = joins(prev, r, next)
		default:
			in = false
		}
		prev = r
		i += size
	}
	return n
}

// asciiWord tells the ASCII characters that are word characters.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

// decodeRune is utf8.DecodeRuneInString, with ASCII first.
func decodeRune(s string) (rune, int) {
	if s[0] < utf8.RuneSelf {
		return rune(s[0]), 1
	}
	return utf8.DecodeRuneInString(s)
}

func isWordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case isHangulSyllable(r), isCommonHan(r):
		return true // letters, without searching the tables
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

func isIdeograph(r rune) bool {
	// No Han, Hiragana or Katakana character comes before U+2E80: the
	// tables need not be searched for the others (most of the text),
	// nor for Korean's syllables and the common Han block (most of the
	// rest).
	switch {
	case r < 0x2e80 || isHangulSyllable(r):
		return false
	case isCommonHan(r):
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// isHangulSyllable reports whether r is in the Hangul Syllables block,
// every character of which is a letter of the Hangul script.
func isHangulSyllable(r rune) bool { return 0xac00 <= r && r <= 0xd7a3 }

// isCommonHan reports whether r is in the CJK Unified Ideographs block,
// every character of which is a Han letter.
func isCommonHan(r rune) bool { return 0x4e00 <= r && r <= 0x9fff }

// joins reports whether r, between prev and next, is part of a word.
func joins(prev, r, next rune) bool {
	if isIdeograph(next) || !isWordRune(next) {
		return false
	}
	switch r {
	case '\'', '’', '-', '‐', '‑':
		return true
	case '.', ',':
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	}
	return false
}

// MarkdownWords counts the words a reader sees in a Markdown text that is
// not a whole document, such as a translated string.
func MarkdownWords(s string) int {
	d := &Document{Src: []byte(s)}
	md := d.Src
	if items, err := pageparser.ParseBytes(d.Src, pageparser.Config{NoFrontMatter: true, NoSummaryDivider: true}); err == nil && (len(items) == 0 || !items[len(items)-1].IsError()) {
		md = d.shortcodes(items)
	}
	if checkDepth(md, 1) != nil {
		return CountWords(s)
	}
	doc := defaultParser().md.Parse(text.NewReader(md))
	if checkTree(doc, md, 1) != nil {
		return CountWords(s)
	}
	return words(doc, md)
}

// words counts the words a reader sees in the Markdown node n of src.
func words(n ast.Node, src []byte) int { return CountWords(visible(n, src)) }

// visible returns the text a reader sees in the Markdown node n of src:
// its text, then the titles of its links and images, blocks and titles
// each on lines of their own.
func visible(n ast.Node, src []byte) string {
	var seen, titles strings.Builder
	ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() != ast.TypeInline {
			// Words of two blocks (paragraphs, table cells) never join.
			seen.WriteByte('\n')
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.AutoLink, *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			seen.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				seen.WriteByte('\n')
			}
		case *ast.String:
			if !n.IsCode() {
				seen.Write(n.Value)
			}
		case *ast.Link:
			// A title is the tooltip a reader sees; kept apart from the
			// text around the link, which it must not join.
			titles.Write(n.Title)
			titles.WriteByte('\n')
		case *ast.Image:
			titles.Write(n.Title)
			titles.WriteByte('\n')
		}
		return ast.WalkContinue, nil
	})
	seen.WriteByte('\n')
	return html.UnescapeString(seen.String()) + html.UnescapeString(titles.String())
}
