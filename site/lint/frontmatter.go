package lint

import (
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
	return true
}
