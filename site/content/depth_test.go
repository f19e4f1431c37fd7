package content

import (
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// TestDepth: more than MaxDepth levels of lists or block quotes is an
// error at the line where the nesting goes too deep, found without
// goldmark's quadratic work; up to MaxDepth is read.
func TestDepth(t *testing.T) {
	staircase := func(n int) string { // one list item per line, each inside the last
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- level\n")
		}
		return b.String()
	}
	for _, tc := range []struct {
		name string
		body string
		line int // of the error (the body starts on line 3); 0: none
	}{
		{"quotes 100", strings.Repeat("> ", 100) + "x\n", 0},
		{"quotes 101", "Intro.\n\n" + strings.Repeat("> ", 101) + "x\n", 5},
		{"lists 100", strings.Repeat("- ", 100) + "x\n", 0},
		{"lists 101", strings.Repeat("- ", 101) + "x\n", 3},
		{"ordered 101", strings.Repeat("1. ", 101) + "x\n", 3},
		{"mixed 101", strings.Repeat("> - ", 51) + "x\n", 3},
		{"definitions 101", "Term\n" + strings.Repeat(": - ", 51) + "x\n", 4},
		{"staircase 100", staircase(100), 0},
		{"staircase 101", staircase(101), 103},
		{"quotes 60000", strings.Repeat("> ", 60000), 3},
		{"lists 60000", strings.Repeat("- ", 60000) + "x", 3},
		{"thematic break", strings.Repeat("- ", 200) + "\n", 0},
		{"text", "A line " + strings.Repeat("- a ", 200) + "\n", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := Parse([]byte("+++\n+++\n" + tc.body))
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			switch {
			case tc.line == 0 && err != nil:
				t.Errorf("error %v", err)
			case tc.line > 0 && (err == nil || ErrorLine(err) != tc.line || !strings.Contains(err.Error(), "more than 100 levels")):
				t.Errorf("error %v at line %d, want one at line %d", err, ErrorLine(err), tc.line)
			}
		})
	}
}

// FuzzDepth: the bound checkDepth computes line by line is never below
// the depth goldmark finds, so that no input checkDepth lets through is
// nested deeper than MaxDepth; and Parse returns (or fails) on any input.
func FuzzDepth(f *testing.F) {
	for _, s := range []string{
		"- a\n  - b\n    > c\n    > - d\n",
		"> > - 1. x\n>   >\n",
		"Term\n: - a\n  : b\n",
		"[^1]: - a\n    - b\n",
		"*\t- x\n\t- y\n",
		"1) a\n   2) b\n      - c\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		bound := 0
		for _, l := range strings.Split(src, "\n") {
			bound = max(bound, depthBound([]byte(l)))
		}
		if bound > MaxDepth {
			return // refused before goldmark runs
		}
		md := []byte(src)
		doc := defaultParser().md.Parse(text.NewReader(md))
		if d := treeDepth(doc); d > bound {
			t.Fatalf("depth %d, bound %d:\n%q", d, bound, src)
		}
		Parse(md)
	})
}

// treeDepth is how deep lists and block quotes nest in doc.
func treeDepth(doc ast.Node) int {
	depth, deepest := 0, 0
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Kind() != ast.KindList && n.Kind() != ast.KindBlockquote {
			return ast.WalkContinue, nil
		}
		if entering {
			depth++
			deepest = max(deepest, depth)
		} else {
			depth--
		}
		return ast.WalkContinue, nil
	})
	return deepest
}
