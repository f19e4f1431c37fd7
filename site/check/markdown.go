package check

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"legalcenter/site/report"
)

// ruleMarkdown: Markdown syntax a reader sees as text, because it did not
// render (emphasis next to punctuation it cannot open or close at, a link
// in a raw string) or was never rendered (a shortcode that reached the
// page as text).
const ruleMarkdown = "unrendered-markdown"

var (
	// markdownCues are the bytes a page must contain for unrendered to look
	// at its text: most pages have none, and are not tokenized again.
	markdownCues = [][]byte{[]byte("**"), []byte("__"), []byte("]("), []byte("{{<"), []byte("{{%")}
	// markdownText finds the syntax in text: an emphasis delimiter run of
	// two or three that touches a word on one side (a blank to fill in,
	// "______", is not one), an inline link, a shortcode's delimiters.
	markdownText = regexp.MustCompile(`(?:^|[^*_])(\*{2,3}|_{2,3})(?:[^*_]|$)|\[[^\[\]\n]+\]\([^()\s]*\)|\{\{[<%]`)
)

// checkMarkdown adds a finding for each text of the page (outside code,
// pre, kbd, samp, scripts, styles and form fields) that shows Markdown
// syntax, at the page's line: the first such syntax of the text, with an
// excerpt.
func (p *page) checkMarkdown(data []byte) {
	if !containsAny(data, markdownCues) {
		return
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	line, skip := 1, 0
	for {
		tt := z.Next()
		raw := z.Raw()
		switch tt {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Code, atom.Pre, atom.Kbd, atom.Samp, atom.Script, atom.Style, atom.Textarea, atom.Template:
				if tt == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			}
		case html.TextToken:
			if skip > 0 {
				break
			}
			text := string(z.Text())
			for _, m := range markdownText.FindAllStringSubmatchIndex(text, -1) {
				at := m[0]
				if m[2] >= 0 { // the delimiter run, not the character before it
					at = m[2]
					if !touchesWord(text, m[2], m[3]) {
						continue
					}
				}
				excerpt := around(text, at, m[1])
				p.findings = append(p.findings, report.Finding{Level: report.Error, Page: p.path, File: p.file, Line: line + strings.Count(text[:at], "\n"),
					Target: excerpt, Rule: ruleMarkdown,
					Message: "Markdown shows as text: " + strconv.Quote(excerpt) + " (emphasis that cannot open or close next to punctuation, a link or a shortcode that was not rendered)"})
				break
			}
		}
		line += bytes.Count(raw, []byte("\n"))
	}
}

// touchesWord reports whether the delimiter run s[i:j] has a character
// other than a space on one side at least: "a ** b" is arithmetic, "**b" is
// emphasis that did not render.
func touchesWord(s string, i, j int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[j:])
	word := func(r rune) bool { return r != utf8.RuneError && !strings.ContainsRune(" \t\n\r\f\u00a0\u3000", r) }
	return i > 0 && word(before) || j < len(s) && word(after)
}

// around is the text about s[i:j]: up to 20 characters either side.
func around(s string, i, j int) string {
	from, to := i, j
	for n := 0; n < 20 && from > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(s[:from])
		from -= size
	}
	for n := 0; n < 20 && to < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[to:])
		to += size
	}
	return strings.Join(strings.Fields(s[from:to]), " ")
}

func containsAny(b []byte, subs [][]byte) bool {
	for _, s := range subs {
		if bytes.Contains(b, s) {
			return true
		}
	}
	return false
}
