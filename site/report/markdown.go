package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// markdownLimit keeps a pull-request comment under GitHub's size limit:
// the findings listed, and markdownGroups the groups.
const (
	markdownLimit  = 200
	markdownGroups = 50
)

// writeMarkdown writes a summary for a pull-request comment or a job
// summary: the title and summary, the stage's own part, counts by rule and
// language, a table of the groups, then the findings, errors first.
func writeMarkdown(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "### %s: %s\n\n", cmp.Or(r.Title, "Report"), r.summary())
	if r.Markdown != nil {
		r.Markdown(w)
	}
	if len(r.Findings) == 0 {
		_, err := fmt.Fprintln(w, "No problems found.")
		return err
	}
	var rules, langs []string
	counts := map[[2]string]int{}
	for _, f := range r.Findings {
		lang := cmp.Or(f.Lang, "-")
		if !slices.Contains(rules, f.Rule) {
			rules = append(rules, f.Rule)
		}
		if !slices.Contains(langs, lang) {
			langs = append(langs, lang)
		}
		counts[[2]string{f.Rule, lang}]++
		counts[[2]string{f.Rule, ""}]++
		counts[[2]string{"", lang}]++
	}
	slices.Sort(rules)
	slices.Sort(langs)
	if len(langs) == 1 && langs[0] == "-" {
		langs = nil // no finding is of a language: no columns
	}
	fmt.Fprintf(w, "| rule |%s total |\n|---|%s---:|\n", joinCells(langs), strings.Repeat("---:|", len(langs)))
	for _, rule := range append(rules, "") {
		name := "`" + rule + "`"
		if rule == "" {
			name = "**total**"
		}
		fmt.Fprintf(w, "| %s |", name)
		for _, l := range langs {
			fmt.Fprintf(w, " %d |", counts[[2]string{rule, l}])
		}
		if rule == "" {
			fmt.Fprintf(w, " %d |\n", len(r.Findings))
		} else {
			fmt.Fprintf(w, " %d |\n", counts[[2]string{rule, ""}])
		}
	}
	fmt.Fprintln(w)
	if len(r.Groups) > 0 {
		noun := cmp.Or(r.GroupNoun, "problem")
		fmt.Fprintf(w, "#### %s: %s with problems\n\n| %s | problem | pages | links |\n|---|---|---:|---:|\n",
			cmp.Or(r.GroupsTitle, "Shared problems"), Plural(len(r.Groups), noun), noun)
		for i, g := range r.Groups {
			if i == markdownGroups {
				more := len(r.Groups) - markdownGroups
				word := noun + "s"
				if more == 1 {
					word = noun
				}
				fmt.Fprintf(w, "\n…and %d more %s (-format json lists them all).\n", more, word)
				break
			}
			msg := MarkdownEscape(g.Message)
			if at := g.where(r.Findings); at != "" {
				msg += ", at " + mdCode(at)
			}
			fmt.Fprintf(w, "| %s | **%s** %s | %d | %d |\n", mdCode(g.Name), g.Level, msg, g.Pages, len(g.Places))
		}
		fmt.Fprintln(w)
	}
	grouped := r.grouped()
	others := 0 // the findings of no group
	for _, g := range grouped {
		if g == nil {
			others++
		}
	}
	// Errors first, so that the one that fails a pull request is never
	// below the cut; report order within each level.
	listed := 0
	for _, level := range []Level{Error, Warning, Notice} {
		for i, f := range r.Findings {
			if grouped[i] != nil || f.Level.Rank() != level.Rank() {
				continue
			}
			if listed == markdownLimit {
				fmt.Fprintf(w, "\n…and %d more.\n", others-markdownLimit)
				return nil
			}
			listed++
			fmt.Fprintf(w, "- **%s** `%s` %s: %s\n", f.Level, f.Position(), f.Rule, MarkdownEscape(f.Text()))
		}
	}
	return nil
}

// joinCells writes table cells, each followed by " |", after a space.
func joinCells(cells []string) string {
	var b strings.Builder
	for _, c := range cells {
		b.WriteString(" " + c + " |")
	}
	return b.String()
}

// mdCode writes a URL as code in a Markdown table: a backtick or a "|" in
// it (a query may hold them) is percent-encoded, the same URL.
func mdCode(u string) string {
	return "`" + strings.NewReplacer("`", "%60", "|", "%7C").Replace(u) + "`"
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "|", `\|`)

// MarkdownEscape keeps URLs and ids in a message from turning into
// Markdown or HTML in a comment.
func MarkdownEscape(s string) string { return mdEscaper.Replace(s) }
