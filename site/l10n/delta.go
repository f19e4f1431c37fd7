package l10n

import (
	"cmp"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"legalcenter/site/report"
)

// A delta is what a change made of the translation status (Report.Since):
// the work it fixed, and the backlog it left as it was.
type delta struct {
	base      string           // the revision compared with
	statusURL string           // the translators' status page, "" when unknown
	fixed     []report.Finding // findings of the base that no finding of the head continues
	backlog   []report.Finding // findings of the head the base has too
}

// Since keeps, of r's findings, those that base (the status of the
// revision rev, before the change) does not have: the work this change
// made, and what breaks the built site whatever made it. The findings it
// drops are the backlog, counted in one line (with a link to statusURL,
// the translators' status page, when given), and the base's findings that
// the change removed are listed as fixed. A finding is the same in both
// when its language, rule, file, key and message match, numbers aside
// (lines and word counts move with any edit); a stale page with a section
// more to re-read is new work.
func (r *Report) Since(base *Report, rev, statusURL string) {
	d := &delta{base: rev, statusURL: statusURL}
	had := map[string]bool{}
	for _, f := range base.Findings {
		had[sameFinding(f)] = true
	}
	still := map[string]bool{}
	for _, f := range r.Findings {
		still[sameWork(f)] = true
	}
	for _, f := range base.Findings {
		if !still[sameWork(f)] {
			d.fixed = append(d.fixed, f)
		}
	}
	r.Findings = slices.DeleteFunc(r.Findings, func(f report.Finding) bool {
		if breaks(f) || !had[sameFinding(f)] {
			return false
		}
		d.backlog = append(d.backlog, f)
		return true
	})
	r.delta = d
}

// digits are the numbers of a message: lines, counts, words.
var digits = regexp.MustCompile(`[0-9]+`)

// sameFinding identifies a finding across two revisions.
func sameFinding(f report.Finding) string {
	return strings.Join([]string{f.Lang, f.Rule, f.File, f.Target, digits.ReplaceAllString(f.Message, "#")}, "\x00")
}

// sameWork identifies the work a finding asks for, whatever its details:
// a base finding is fixed when the head has no finding of that work.
func sameWork(f report.Finding) string {
	return strings.Join([]string{f.Lang, f.Rule, f.File, f.Target}, "\x00")
}

// backlogLine is the one line the backlog folds into.
func (d *delta) backlogLine(markdown bool) string {
	if len(d.backlog) == 0 {
		return "No translation backlog from before this change."
	}
	var langs []string
	for _, f := range d.backlog {
		if f.Lang != "" && !slices.Contains(langs, f.Lang) {
			langs = append(langs, f.Lang)
		}
	}
	where := "sitectl i18n lists it"
	if d.statusURL != "" {
		where = "see the translators' status page, " + d.statusURL
		if markdown {
			where = "see the [translators' status page](" + d.statusURL + ")"
		}
	}
	return fmt.Sprintf("Backlog from before this change, unchanged: %s (%s); %s.",
		report.Plural(len(d.backlog), "finding"), strings.Join(langs, ", "), where)
}

// writeText writes what the change did, after the progress table.
func (d *delta) writeText(w io.Writer) {
	fmt.Fprintf(w, "Compared with %s: the findings below are what this change made (and any error, whatever made it).\n", d.base)
	if len(d.fixed) > 0 {
		fmt.Fprintf(w, "Fixed by this change (%d):\n", len(d.fixed))
		for _, f := range d.fixed {
			fmt.Fprintf(w, "  %s: %s [%s]\n", f.File, cmp.Or(f.Target, f.Lang), f.Rule)
		}
	}
	fmt.Fprintln(w, d.backlogLine(false))
	fmt.Fprintln(w)
}

// writeMarkdown writes what the change did, in place of the progress
// table of a pull request's summary.
func (d *delta) writeMarkdown(w io.Writer) {
	fmt.Fprintf(w, "Compared with `%s`: the findings below are what this change made (and any error, whatever made it).\n\n", d.base)
	if len(d.fixed) > 0 {
		fmt.Fprintf(w, "<details><summary>Fixed by this change: %s</summary>\n\n", report.Plural(len(d.fixed), "finding"))
		for _, f := range d.fixed {
			fmt.Fprintf(w, "- `%s` %s `%s`\n", f.Rule, report.MarkdownEscape(f.File), cmp.Or(f.Target, f.Lang))
		}
		fmt.Fprint(w, "\n</details>\n\n")
	}
	fmt.Fprintf(w, "%s\n\n", d.backlogLine(true))
}

// deltaJSON is the delta in the JSON report.
type deltaJSON struct {
	Base    string           `json:"base"`
	Fixed   []report.Finding `json:"fixed"`
	Backlog int              `json:"backlog"`
}

func (d *delta) json() *deltaJSON {
	if d == nil {
		return nil
	}
	return &deltaJSON{d.base, append([]report.Finding{}, d.fixed...), len(d.backlog)}
}
