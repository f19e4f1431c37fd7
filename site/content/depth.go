package content

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark/ast"
)

// MaxDepth is how deep lists and block quotes may nest. Legal text nests
// a few levels; goldmark's time grows with the square of the depth, so a
// file nested thousands of levels deep (a few hundred kilobytes) would hold
// every stage that reads it, and Hugo, for hours.
const MaxDepth = 100

func tooDeep(line int) error {
	return &Error{Line: line, Msg: "lists and block quotes are nested more than " + strconv.Itoa(MaxDepth) + " levels deep here; nest them less deeply"}
}

// checkDepth refuses, before goldmark reads it, Markdown src (whose first
// line is first) where a line may be nested more than MaxDepth levels of
// lists and block quotes deep, at the first such line. A line opens
// containers only with markers (">", "-", "1.", ":", "[^1]:") at its start,
// and continues at most one list item for each two columns of indentation
// before them (a list item's content starts at least two columns after its
// own start): their sum bounds the depth of the line, in one pass.
func checkDepth(src []byte, first int) error {
	for line := first; len(src) > 0; line++ {
		l := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		if depthBound(l) > MaxDepth {
			return tooDeep(line)
		}
	}
	return nil
}

// depthBound bounds the depth of lists and block quotes that line is in.
func depthBound(line []byte) int {
	markers, cols := 0, 0
	var breakChar byte
	notBreak := 0
	i := 0
scan:
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ' && i > 0 && line[i-1] != ' ' && line[i-1] != '\t':
			// The space that ends a marker.
		case c == ' ':
			cols++
		case c == '\t':
			cols += 4
		case c == '>':
			markers++
		case c == ':' && blankAt(line, i+1):
			markers++ // a definition's description
		case c == '[' && i+1 < len(line) && line[i+1] == '^':
			// A footnote's definition, [^label]:, whose content may
			// start right after the colon ("[^1]:* a" holds a list).
			j := bytes.Index(line[i:], []byte("]:"))
			if j < 0 {
				break scan
			}
			markers++
			i += j + 1
		case c == '-' || c == '+' || c == '*':
			if !blankAt(line, i+1) {
				break scan
			}
			if c != '+' && (c != breakChar || i >= notBreak) {
				// Once a character that is not c follows, no later c
				// before it starts a thematic break: one scan per line.
				breakChar, notBreak = c, i+notThematicBreak(line[i:])
				if notBreak < i {
					break scan
				}
			}
			markers++
		case '0' <= c && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && '0' <= line[j] && line[j] <= '9' {
				j++
			}
			if j == len(line) || (line[j] != '.' && line[j] != ')') || !blankAt(line, j+1) {
				break scan
			}
			markers++
			i = j
		default:
			break scan
		}
		i++
	}
	if markers == 0 {
		return 0
	}
	return markers + cols/2
}

// blankAt reports whether line ends at i or has white space there.
func blankAt(line []byte, i int) bool {
	return i >= len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\r'
}

// notThematicBreak returns the offset in rest of the first character that
// keeps it from being a thematic break ("- - -", "***"), which is not a
// list item; -1 when it is one.
func notThematicBreak(rest []byte) int {
	c := rest[0]
	n := 0
	for i, b := range rest {
		switch b {
		case c:
			n++
		case ' ', '\t', '\r':
		default:
			return i
		}
	}
	if n < 3 {
		return len(rest)
	}
	return -1
}

// checkTree refuses a tree whose lists and block quotes nest more than
// MaxDepth levels, at the line of the first that is too deep: what
// checkDepth's bound lets through, goldmark reads in milliseconds.
func checkTree(doc ast.Node, src []byte, first int) error {
	depth := 0
	var deep ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.Kind() {
		case ast.KindList, ast.KindBlockquote:
		default:
			return ast.WalkContinue, nil
		}
		if !entering {
			depth--
			return ast.WalkContinue, nil
		}
		depth++
		if depth > MaxDepth {
			deep = n
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if deep == nil {
		return nil
	}
	return tooDeep(nodeLine(deep, lineIndex(src, first)))
}
