package lint

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gohugoio/hugo/common/htime"
	"legalcenter/site/content"
	"legalcenter/site/report"
)

// required front-matter fields, and what each is for.
var required = []struct{ name, why string }{
	{"title", "the document's title"},
	{"description", "the summary shown in lists and search results"},
	{"date", "the effective date"},
	{"weight", "the position in the legal navigation"},
}

// frontMatter reports what is wrong with the front matter of d, and
// whether the file can be read on.
func frontMatter(doc *Doc, d *content.Document, add func(report.Finding)) bool {
	switch {
	case d.Format == "":
		add(report.Finding{File: doc.File, Line: 1, Rule: ruleFrontMatter, Message: "the file does not start with front matter (+++ for TOML, --- for YAML)"})
		return false
	case d.FrontMatterErr != nil:
		add(report.Finding{File: doc.File, Line: max(1, content.ErrorLine(d.FrontMatterErr)), Rule: ruleFrontMatter, Message: d.FrontMatterErr.Error()})
		return false
	}
	for _, r := range required {
		v, ok := d.FrontMatter[r.name]
		if !ok || v == nil || v == "" {
			add(report.Finding{File: doc.File, Line: 1, Rule: ruleFrontMatter, Message: "the front matter has no " + r.name + " (" + r.why + ")"})
		}
	}
	fm := string(d.Src[d.FMStart:d.FMEnd])
	checkDates(doc, d.FrontMatter, fm, add)
	doc.claims = claimsOf(d.FrontMatter, fm)
	return true
}

// dateFields are the front matter fields Hugo reads as dates (its keys are
// not case-sensitive), and the aliases it takes for them.
var dateFields = []string{"date", "lastmod", "modified", "publishdate", "pubdate", "published", "expirydate", "unpublishdate"}

// checkDates reports a date field whose text Hugo cannot parse as a date
// (it would stop the build with a message naming the file only), and a
// revision date (params.revisions, which the layouts read as dates) alike.
func checkDates(doc *Doc, params map[string]any, fm string, add func(report.Finding)) {
	bad := func(field string, v any) {
		s, ok := v.(string)
		if !ok || strings.TrimSpace(s) == "" {
			return
		}
		if _, err := htime.ToTimeInDefaultLocationE(s, time.UTC); err == nil {
			return
		}
		add(report.Finding{File: doc.File, Line: fmLine(fm, field, s), Rule: ruleFrontMatter, Target: s,
			Message: field + " " + quote(s) + " is not a date: write it as 2020-08-17 (or 2020-08-17T09:00:00Z)"})
	}
	for k, v := range params {
		if slices.Contains(dateFields, strings.ToLower(k)) {
			bad(k, v)
		}
	}
	if p, ok := params["params"].(map[string]any); ok {
		if revs, ok := p["revisions"].([]any); ok {
			for _, r := range revs {
				if m, ok := r.(map[string]any); ok {
					bad("date", m["date"])
				}
			}
		}
	}
}

// fmLine is the line of the file (the front matter fm starting on line 2)
// that sets field to value, or else the first that sets field, or 1.
func fmLine(fm, field, value string) int {
	key := regexp.MustCompile(`^\s*["']?` + regexp.QuoteMeta(field) + `["']?\s*[=:]`)
	first := 0
	for i, l := range strings.Split(fm, "\n") {
		if key.MatchString(l) {
			if value == "" || strings.Contains(l, value) {
				return 2 + i
			}
			if first == 0 {
				first = 2 + i
			}
		}
	}
	return cmp.Or(first, 1)
}
