package l10n

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"legalcenter/site/hugo"
	"legalcenter/site/report"
)

// Languages returns the languages of the site cfg configures, the source
// first.
func Languages(cfg *hugo.Config) []string { return translationOrder(cfg) }

// Limit drops from r the pages, progress rows and findings of the
// translation languages not in shown (sitectl i18n -lang), and makes the
// text and Markdown say so. Findings of the source language stay: they
// are about files every translation depends on. Each row keeps its own
// counts, and the report's documents and keys are still the source's.
func (r *Report) Limit(shown []string) {
	all := make([]string, len(r.Languages))
	for i, p := range r.Languages {
		all[i] = p.Lang
	}
	out := func(lang string) bool { return !slices.Contains(shown, lang) }
	r.Languages = slices.DeleteFunc(r.Languages, func(p Progress) bool { return out(p.Lang) })
	r.Pages = slices.DeleteFunc(r.Pages, func(p Page) bool { return out(p.Lang) })
	r.Findings = slices.DeleteFunc(r.Findings, func(f report.Finding) bool { return f.Lang != r.Source && out(f.Lang) })
	if len(r.Languages) < len(all) {
		r.shown, r.all = make([]string, len(r.Languages)), all
		for i, p := range r.Languages {
			r.shown[i] = p.Lang
		}
	}
}

// DataFile is where the build writes Data, in the Hugo source, so that
// templates read it as site.Data.generated.l10n.
const DataFile = "data/generated/l10n.json"

// PageData is what templates learn of one translated page.
type PageData struct {
	Status State `json:"status"`
	// Changed is never null, so templates can take its length. It holds
	// section ids only, which templates link to, of the sections the
	// translation has (one it lacks is shown in English, marked
	// untranslated): a page stale because
	// its source's title or description changed (Page.Fields) may have
	// none, and the stale notice then links to the top of the source.
	Changed []string `json:"changed"`
}

// Data returns the part of the report that templates need, as JSON:
//
//	{"source": "en", "pages": {"ko/privacy-policy.md": {"status": "stale", "changed": ["data-retention"]}}}
//
// Pages are keyed by language and path inside the language's content
// directory, which a template builds as
// printf "%s/%s" .Language.Lang .File.Path. Missing pages are left out.
func (r *Report) Data() []byte {
	data := struct {
		Source string              `json:"source"`
		Pages  map[string]PageData `json:"pages"`
	}{r.Source, map[string]PageData{}}
	for _, p := range r.Pages {
		if p.Status == Missing {
			continue
		}
		// A section the translation does not have yet is shown in
		// English, marked untranslated: not a stale translation.
		changed := slices.DeleteFunc(slices.Clone(p.Changed), func(id string) bool {
			return slices.ContainsFunc(p.Sections, func(w SectionWork) bool { return w.ID == id && w.Kind == SectionAdded })
		})
		data.Pages[p.Lang+"/"+p.Path] = PageData{p.Status, append([]string{}, changed...)}
	}
	b, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		panic(err) // strings and slices of strings always marshal
	}
	return append(b, '\n')
}

// Report returns the report as every format writes it: the progress
// table (text, Markdown) or lines (GitHub), the facts of the JSON (the
// languages and pages, which the translators' status page reads), and the
// findings.
func (r *Report) Report() *report.Report {
	summary := ""
	if len(r.Findings) == 0 {
		summary = "Nothing to do."
	}
	text, markdown := r.writeTable, r.writeMarkdownTable
	if d := r.delta; d != nil {
		// Compared with a base: the pull request's summary shows what the
		// change did, and the backlog in one line.
		text = func(w io.Writer) { r.writeTable(w); d.writeText(w) }
		markdown = d.writeMarkdown
		if len(r.Findings) == 0 {
			summary = "Nothing new to do."
		}
	}
	return &report.Report{
		Title:    "Translation status",
		Summary:  summary,
		Findings: r.Findings,
		Text:     text,
		Markdown: markdown,
		Log:      r.progressLines(),
		JSON: struct {
			Source    string     `json:"source"`
			Documents int        `json:"documents"`
			Keys      int        `json:"keys"`
			Languages []Progress `json:"languages"`
			Pages     []Page     `json:"pages"`
			Since     *deltaJSON `json:"since,omitempty"`
		}{r.Source, r.Documents, r.Keys, r.Languages, r.Pages, r.delta.json()},
	}
}

// Write writes the report in one of report.Formats.
func (r *Report) Write(w io.Writer, format string) error { return r.Report().Write(w, format) }

// writeTable writes what the text report says before the findings: the
// source, the languages shown, and the progress table.
func (r *Report) writeTable(w io.Writer) {
	fmt.Fprintf(w, "Translation status: source %s, %s, %s\n", r.Source, report.Plural(r.Documents, "document"), report.Plural(r.Keys, "i18n key"))
	if r.shown != nil {
		fmt.Fprintf(w, "Languages shown: %s only (-lang), of %s\n", strings.Join(r.shown, ", "), strings.Join(r.all, ", "))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "lang\tdocuments\tfresh\tstale\tunstamped\tmissing\torphans\tkeys\tstale keys\tunstamped keys\tdone\twords to do")
	for _, p := range r.Languages {
		fmt.Fprintf(tw, "%s\t%d/%d\t%d\t%d\t%d\t%d\t%d\t%d/%d\t%d\t%d\t%d%%\t%d\n", p.Lang, p.Translated, p.Documents,
			p.Fresh, p.Stale, p.Unstamped, p.Missing, p.Orphans, p.KeysComplete, p.Keys, p.KeysStale, p.KeysUnstamped, p.Percent, p.WordsTodo)
	}
	tw.Flush()
	fmt.Fprintln(w)
}

// writeMarkdownTable writes the progress table of a pull-request comment
// or job summary.
func (r *Report) writeMarkdownTable(w io.Writer) {
	fmt.Fprintf(w, "Source `%s`: %s, %s.", r.Source, report.Plural(r.Documents, "document"), report.Plural(r.Keys, "i18n key"))
	if r.shown != nil {
		fmt.Fprintf(w, " Languages shown: %s only, of %s.", codeList(r.shown), codeList(r.all))
	}
	fmt.Fprint(w, "\n\n")
	fmt.Fprint(w, "| Language | Documents | Fresh | Stale | Unstamped | Missing | Orphans | Keys | Stale keys | Unstamped keys | Done | Words to do |\n")
	fmt.Fprint(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, p := range r.Languages {
		fmt.Fprintf(w, "| `%s` | %d/%d | %d | %d | %d | %d | %d | %d/%d | %d | %d | %d%% | %d |\n", p.Lang, p.Translated, p.Documents,
			p.Fresh, p.Stale, p.Unstamped, p.Missing, p.Orphans, p.KeysComplete, p.Keys, p.KeysStale, p.KeysUnstamped, p.Percent, p.WordsTodo)
	}
	fmt.Fprintln(w)
}

// progressLines is the progress per language as plain lines of a GitHub
// log.
func (r *Report) progressLines() string {
	var b strings.Builder
	for _, p := range r.Languages {
		fmt.Fprintf(&b, "%s: %d%% done, %d/%s (%d stale, %d unstamped, %d missing), keys %d/%d, %s to do\n",
			p.Lang, p.Percent, p.Translated, report.Plural(p.Documents, "document"), p.Stale, p.Unstamped, p.Missing, p.KeysComplete, p.Keys, report.Plural(p.WordsTodo, "word"))
	}
	return b.String()
}

// codeList writes languages as Markdown code, comma-separated.
func codeList(langs []string) string {
	return "`" + strings.Join(langs, "`, `") + "`"
}
