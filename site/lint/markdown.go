package lint

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"legalcenter/site/check"
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
	fence   = regexp.MustCompile("^ {0,3}(```|~~~)")
)

// markdown applies the rules of the body, which starts at line first.
func markdown(doc *Doc, body string, first int, add func(check.Finding)) {
	doc.Facts = map[string]int{}
	lines := map[string]int{} // heading id -> line, for duplicates
	inFence := ""
	for i, line := range strings.Split(body, "\n") {
		n := first + i
		if m := fence.FindStringSubmatch(line); m != nil {
			switch {
			case inFence == "":
				inFence = m[1]
			case inFence == m[1]:
				inFence = ""
			}
			continue
		}
		if inFence != "" {
			continue
		}
		for _, m := range factUse.FindAllStringSubmatch(line, -1) {
			if _, ok := doc.Facts[m[1]]; !ok {
				doc.Facts[m[1]] = n
			}
		}
		m := atx.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		text := m[2]
		id := attrID.FindStringSubmatch(text)
		switch {
		case id == nil:
			add(check.Finding{File: doc.File, Line: n, Rule: "heading-id", Message: "the heading " + quote(strings.TrimSpace(text)) + " has no id: write it as " + quote(m[1]+" "+strings.TrimSpace(text)+" {#an-id}") + ", with the same id in every language"})
		case !goodID.MatchString(id[1]):
			add(check.Finding{File: doc.File, Line: n, Rule: "heading-id", Target: id[1], Message: "the heading id " + quote(id[1]) + " must be lower-case ASCII words joined by hyphens, the same in every language"})
		default:
			if prev, dup := lines[id[1]]; dup {
				add(check.Finding{File: doc.File, Line: n, Rule: "heading-id", Target: id[1], Message: "the heading id " + quote(id[1]) + " is already used on line " + itoa(prev)})
				continue
			}
			lines[id[1]] = n
			doc.Headings = append(doc.Headings, Heading{ID: id[1], Line: n})
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

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func quote(s string) string { return strconv.Quote(s) }
func itoa(n int) string     { return strconv.Itoa(n) }

func size(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
