package lint

import (
	"regexp"
	"strconv"
	"strings"

	"legalcenter/site/content"
	"legalcenter/site/report"
)

// goodID is the form ids must have: the same ASCII words in every language.
var goodID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// markdown applies the rules of the body: every heading (whatever its
// form, at any depth) has a well-formed id of its own, and records the
// headings and facts of the document.
func markdown(doc *Doc, d *content.Document, add func(report.Finding)) {
	doc.Facts = map[string]int{}
	lines := map[string]int{} // heading id -> line, for duplicates
	for _, h := range d.Headings {
		switch {
		case h.ID == "":
			fix := strings.Repeat("#", h.Level) + " " + h.Text + " {#an-id}"
			if h.Setext {
				fix = h.Text + " {#an-id}"
			}
			add(report.Finding{File: doc.File, Line: h.Line, Rule: "heading-id", Message: "the heading " + quote(h.Text) + " has no id: write it as " + quote(fix) + ", with the same id in every language"})
		case !goodID.MatchString(h.ID):
			add(report.Finding{File: doc.File, Line: h.Line, Rule: "heading-id", Target: h.ID, Message: "the heading id " + quote(h.ID) + " must be lower-case ASCII words joined by hyphens, the same in every language"})
		default:
			if prev, dup := lines[h.ID]; dup {
				add(report.Finding{File: doc.File, Line: h.Line, Rule: "heading-id", Target: h.ID, Message: "the heading id " + quote(h.ID) + " is already used on line " + itoa(prev)})
				continue
			}
			lines[h.ID] = h.Line
			doc.Headings = append(doc.Headings, Heading{ID: h.ID, Line: h.Line})
		}
	}
	for _, sc := range d.Shortcodes {
		if k, ok := sc.Fact(); ok {
			if _, seen := doc.Facts[k]; !seen {
				doc.Facts[k] = sc.Line
			}
		}
	}
}

func quote(s string) string { return strconv.Quote(s) }
func itoa(n int) string     { return strconv.Itoa(n) }

func size(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
