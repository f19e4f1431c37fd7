package lint

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"legalcenter/site/report"
)

var (
	// atx is a Markdown heading line: "## Text {#id}".
	atx = regexp.MustCompile(`^ {0,3}(#{1,6})\s+(.*?)\s*$`)
	// attrID is the explicit id at the end of a heading.
	attrID = regexp.MustCompile(`\{#([^}\s]*)\}$`)
	// goodID is the form ids must have: the same ASCII words in every language.
	goodID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// factUse is a fact shortcode: {{< fact "file.key" >}}.
	factUse = regexp.MustCompile(`\{\{<\s*fact\s+"([^"]*)"\s*>\}\}`)
	// fence opens or closes a code block: three or more ` or ~.
	fence = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	// setext underlines the paragraph line above it: "Text {#id}" then "===".
	setext = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	// blockStart is a line that cannot be a setext heading's text: a list
	// item, a quote, a table row, indented code.
	blockStart = regexp.MustCompile(`^( {0,3}([-+*>|]|\d+[.)])(\s|$)| {4}|\t|\s*\|)`)
)

// markdown applies the rules of the body, which starts at line first.
func markdown(doc *Doc, body string, first int, add func(report.Finding)) {
	doc.Facts = map[string]int{}
	lines := map[string]int{} // heading id -> line, for duplicates
	heading := func(n int, marker, text string) {
		id := attrID.FindStringSubmatch(text)
		switch {
		case id == nil:
			fix := marker + " " + strings.TrimSpace(text) + " {#an-id}"
			if marker[0] == '=' || marker[0] == '-' {
				fix = strings.TrimSpace(text) + " {#an-id}"
			}
			add(report.Finding{File: doc.File, Line: n, Rule: "heading-id", Message: "the heading " + quote(strings.TrimSpace(text)) + " has no id: write it as " + quote(fix) + ", with the same id in every language"})
		case !goodID.MatchString(id[1]):
			add(report.Finding{File: doc.File, Line: n, Rule: "heading-id", Target: id[1], Message: "the heading id " + quote(id[1]) + " must be lower-case ASCII words joined by hyphens, the same in every language"})
		default:
			if prev, dup := lines[id[1]]; dup {
				add(report.Finding{File: doc.File, Line: n, Rule: "heading-id", Target: id[1], Message: "the heading id " + quote(id[1]) + " is already used on line " + itoa(prev)})
				return
			}
			lines[id[1]] = n
			doc.Headings = append(doc.Headings, Heading{ID: id[1], Line: n})
		}
	}
	var open string // the fence that opened the code block we are in
	var para string // the previous line, when it may be a setext heading's text
	for i, line := range strings.Split(body, "\n") {
		n := first + i
		prev := para
		para = ""
		if m := fence.FindStringSubmatch(line); m != nil {
			// A fence closes only with the same character, at least as long.
			switch {
			case open == "":
				open = m[1]
			case m[1][0] == open[0] && len(m[1]) >= len(open) && strings.TrimSpace(line[strings.Index(line, m[1])+len(m[1]):]) == "":
				open = ""
			}
			continue
		}
		if open != "" {
			continue
		}
		for _, m := range factUse.FindAllStringSubmatch(line, -1) {
			if _, ok := doc.Facts[m[1]]; !ok {
				doc.Facts[m[1]] = n
			}
		}
		if m := atx.FindStringSubmatch(line); m != nil {
			heading(n, m[1], m[2])
			continue
		}
		if m := setext.FindStringSubmatch(line); m != nil && prev != "" {
			heading(n-1, m[1], prev)
			continue
		}
		if strings.TrimSpace(line) != "" && !blockStart.MatchString(line) {
			para = line
		}
	}
}

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

func quote(s string) string { return strconv.Quote(s) }
func itoa(n int) string     { return strconv.Itoa(n) }

func size(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
