package lint

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"legalcenter/site/content"
	"legalcenter/site/report"
)

// ruleEmphasis: CommonMark opens emphasis only on a delimiter run that is
// left-flanking and closes it only on one that is right-flanking; a run
// between punctuation and a letter is neither on that side, so
// **「お客様個人データ」**とは and **"고객 개인정보"**란 show their asterisks.
// CJK text has no space to put there: the punctuation goes outside
// (「**お客様個人データ**」とは).
const ruleEmphasis = "emphasis"

// emphasis reports each ** or __ of the body that Goldmark (as the content
// model parsed it) leaves as text next to CJK punctuation, or between
// punctuation and CJK text: the reader would see the asterisks. Goldmark
// decides what renders; the rule only reads what it left unparsed. A
// {{< mark "allow" "emphasis" >}} span is an exception.
func emphasis(doc *Doc, d *content.Document, add func(report.Finding)) {
	body, root, first := string(d.Markdown), d.Tree, d.BodyLine
	reported := map[int]bool{} // a line's unmatched opener and closer are one mistake
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML, *ast.AutoLink:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			seg := n.Segment
			value := body[seg.Start:seg.Stop]
			for _, delim := range []string{"**", "__"} {
				for i := 0; ; {
					j := strings.Index(value[i:], delim)
					if j < 0 {
						break
					}
					start := seg.Start + i + j
					end := start
					for end < len(body) && body[end] == delim[0] {
						end++
					}
					before := '\n'
					if start > 0 {
						before, _ = utf8.DecodeLastRuneInString(body[:start])
					}
					after, _ := utf8.DecodeRuneInString(body[end:])
					line := first + strings.Count(body[:start], "\n")
					if stuck(before, after) && !reported[line] && !d.Allows(ruleEmphasis, line) {
						reported[line] = true
						add(report.Finding{File: doc.File, Line: line, Rule: ruleEmphasis, Target: delim,
							Message: "the " + delim + " in " + quote(excerpt(body, start, end)) + " does not render as emphasis (CommonMark neither opens nor closes it " +
								"between punctuation and a letter): the reader sees it; put the punctuation outside, as in 「**term**」とは or \"**용어**\"란"})
					}
					i = end - seg.Start
					if i >= len(value) {
						break
					}
				}
			}
		}
		return ast.WalkContinue, nil
	})
}

// excerpt is the text around s[start:end] on its line: up to 16
// characters either side.
func excerpt(s string, start, end int) string {
	from := strings.LastIndexByte(s[:start], '\n') + 1
	if r := []rune(s[from:start]); len(r) > 16 {
		from = start - len(string(r[len(r)-16:]))
	}
	to := len(s)
	if i := strings.IndexByte(s[end:], '\n'); i >= 0 {
		to = end + i
	}
	if r := []rune(s[end:to]); len(r) > 16 {
		to = end + len(string(r[:16]))
	}
	return strings.TrimSpace(s[from:to])
}

// stuck reports whether a delimiter run between the runes before and after
// is one CJK writing leaves unrendered: next to CJK punctuation, or between
// punctuation and a CJK letter.
func stuck(before, after rune) bool {
	if cjkPunct(before) || cjkPunct(after) {
		return true
	}
	return unicode.IsPunct(before) && cjkLetter(after) || cjkLetter(before) && unicode.IsPunct(after)
}

func cjkLetter(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana)
}

// cjkPunct: the CJK Symbols and Punctuation block (、。「」『』【】), the
// fullwidth forms' punctuation (：（），！？) and the curly quotes CJK
// text uses (“”‘’).
func cjkPunct(r rune) bool {
	switch {
	case r >= 0x3000 && r <= 0x303F:
		return r != 0x3000 // the ideographic space is a space
	case r >= 0xFF01 && r <= 0xFF65:
		return unicode.IsPunct(r) || unicode.IsSymbol(r)
	case r >= 0x2018 && r <= 0x201F:
		return true
	}
	return false
}
