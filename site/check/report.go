package check

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"legalcenter/internal/annotate"
)

// Formats lists the names Report.Write accepts.
var Formats = []string{"text", "json", "github", "markdown"}

// formatter writes a report in one format.
type formatter func(w io.Writer, r *Report) error

var formatters = map[string]formatter{
	"text":     writeText,
	"json":     writeJSON,
	"github":   writeGitHub,
	"markdown": writeMarkdown,
}

// Write writes the report in one of Formats.
func (r *Report) Write(w io.Writer, format string) error {
	f, ok := formatters[format]
	if !ok {
		return fmt.Errorf("check: unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
	}
	bw := bufio.NewWriter(w)
	if err := f(bw, r); err != nil {
		return err
	}
	return bw.Flush()
}

// Count returns the number of errors and of warnings.
func (r *Report) Count() (errors, warnings int) {
	for _, f := range r.Findings {
		if f.Level == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

func (r *Report) summary() string {
	e, w := r.Count()
	links := plural(r.Links, "link")
	if r.External > 0 {
		links += fmt.Sprintf("; %s checked online, %d from the cache", plural(r.External, "external URL"), r.Cached)
	}
	if r.Pages == 0 && r.Links == 0 { // no built pages were checked: a build that stopped before
		return fmt.Sprintf("%s, %s", plural(e, "error"), plural(w, "warning"))
	}
	return fmt.Sprintf("%s, %s in %s (%s)", plural(e, "error"), plural(w, "warning"), plural(r.Pages, "page"), links)
}

func plural(n int, s string) string {
	if n == 1 {
		return "1 " + s
	}
	return strconv.Itoa(n) + " " + s + "s"
}

func (f Finding) position() string {
	if f.Line > 0 {
		return f.File + ":" + strconv.Itoa(f.Line)
	}
	return f.File
}

// repeatShown is how many places of a problem the text report lists when
// the same problem (rule, target, message) is on more pages than
// repeatLimit, as a broken link in the footer is on every page: the rest are
// counted in one line at the end. A failing external URL lists as many of
// its links, whatever number of pages it is on. The JSON report lists every
// place.
const (
	repeatLimit = 5
	repeatShown = 3
)

// writeText writes "file:line: level: message [rule]", the form editors and
// compilers use; then each external URL that failed, once, with its first
// links; then a summary line.
func writeText(w io.Writer, r *Report) error {
	groups, grouped := r.externalGroups()
	type problem struct{ level, rule, target, msg string }
	key := func(f Finding) problem { return problem{string(f.Level), f.Rule, f.Target, f.Message} }
	total := map[problem]int{}
	pages := map[problem]map[string]bool{}
	for i, f := range r.Findings {
		if grouped[i] != nil {
			continue
		}
		k := key(f)
		total[k]++
		if pages[k] == nil {
			pages[k] = map[string]bool{}
		}
		pages[k][f.Page] = true
	}
	shown := map[problem]int{}
	var folded []Finding // the first place of each folded problem, in report order
	for i, f := range r.Findings {
		if grouped[i] != nil {
			continue
		}
		k := key(f)
		if len(pages[k]) > repeatLimit {
			if shown[k] == repeatShown {
				folded = append(folded, f)
			}
			if shown[k]++; shown[k] > repeatShown {
				continue
			}
		}
		fmt.Fprintf(w, "%s: %s: %s [%s]\n", f.position(), f.Level, f.text(), f.Rule)
	}
	for _, f := range folded {
		fmt.Fprintf(w, "…and %d more places with the same %s: %s [%s] (-format json lists them all)\n", total[key(f)]-repeatShown, f.Level, f.withTarget(), f.Rule)
	}
	for _, g := range groups {
		fmt.Fprintf(w, "%s: %s: %s [%s], on %s:\n", g.Level, g.URL, g.Message, ruleExternal, g.usage())
		places := g.places
		if len(places) > repeatLimit {
			places = places[:repeatShown]
		}
		for _, f := range places {
			fmt.Fprintf(w, "    %s\n", f.place())
		}
		if more := len(g.places) - len(places); more > 0 {
			fmt.Fprintf(w, "    …and %d more (-format json lists them all)\n", more)
		}
	}
	_, err := fmt.Fprintln(w, r.summary())
	return err
}

// place is where a finding is, and on which page when that is another file.
func (f Finding) place() string {
	return f.position() + f.inPage()
}

// inPage is " (in page)" when the finding is located in a source file, not
// in its page.
func (f Finding) inPage() string {
	if f.File != f.Page && !strings.HasSuffix(f.File, "/"+f.Page) {
		return " (in " + f.Page + ")"
	}
	return ""
}

// withTarget is the message, with the target unless it names it.
func (f Finding) withTarget() string {
	if strings.TrimSpace(f.Target) != "" && !strings.Contains(f.Message, f.Target) {
		return f.Message + ": " + f.Target
	}
	return f.Message
}

// text is the message, with the target and, when the finding is located in a
// source file, the page it was found in.
func (f Finding) text() string { return f.withTarget() + f.inPage() }

// ExternalURL sums up the findings of one external URL that failed when
// fetched (Options.Online): the check reports the failure at every link to
// the URL, and this is the URL once, with how many pages and links use it.
type ExternalURL struct {
	URL     string `json:"url"` // as fetched: no fragment, the host in lower case
	Level   Level  `json:"level"`
	Status  int    `json:"status,omitempty"` // the HTTP status, when the server answered
	Message string `json:"message"`          // why: the status, or the error with no response
	Pages   int    `json:"pages"`            // pages that link to the URL
	Links   int    `json:"links"`            // links to the URL: its findings
}

// urlGroup is an external URL with its findings, in report order.
type urlGroup struct {
	ExternalURL
	places []Finding
}

// usage is "12 pages (13 links)", or "12 pages" when each has one link.
func (g *urlGroup) usage() string {
	if g.Links == g.Pages {
		return plural(g.Pages, "page")
	}
	return plural(g.Pages, "page") + " (" + plural(g.Links, "link") + ")"
}

// ExternalURLs returns the external URLs that failed (findings of rule
// external-link), each once: errors first, then the URLs on the most pages,
// then by URL.
func (r *Report) ExternalURLs() []ExternalURL {
	groups, _ := r.externalGroups()
	urls := make([]ExternalURL, len(groups))
	for i, g := range groups {
		urls[i] = g.ExternalURL
	}
	return urls
}

// externalGroups groups the findings of fetched external links by URL (and
// level and message, the same for every link to a URL of one run), sorted
// as ExternalURLs. grouped[i] is the group of r.Findings[i], nil for a
// finding of another rule, or of no URL (the cache not saved).
func (r *Report) externalGroups() (groups []*urlGroup, grouped []*urlGroup) {
	grouped = make([]*urlGroup, len(r.Findings))
	type key struct {
		url, msg string
		level    Level
	}
	byKey := map[key]*urlGroup{}
	type pageOf struct {
		g    *urlGroup
		page string
	}
	pages := map[pageOf]bool{}
	fetched := map[string]string{} // target: the URL fetched, "" for none
	for i, f := range r.Findings {
		if f.Rule != ruleExternal {
			continue
		}
		u, seen := fetched[f.Target]
		if !seen {
			if fu, ok := fetchURL(f.Target); ok {
				u = fu.String()
			}
			fetched[f.Target] = u
		}
		if u == "" {
			continue
		}
		k := key{u, f.Message, f.Level}
		g := byKey[k]
		if g == nil {
			g = &urlGroup{ExternalURL: ExternalURL{URL: u, Level: f.Level, Status: httpStatus(f.Message), Message: f.Message}}
			byKey[k] = g
			groups = append(groups, g)
		}
		if !pages[pageOf{g, f.Page}] {
			pages[pageOf{g, f.Page}] = true
			g.Pages++
		}
		g.Links++
		g.places = append(g.places, f)
		grouped[i] = g
	}
	slices.SortFunc(groups, func(a, b *urlGroup) int {
		return cmpFirst(levelRank(a.Level)-levelRank(b.Level), b.Pages-a.Pages, strings.Compare(a.URL, b.URL),
			strings.Compare(string(a.Level), string(b.Level)), strings.Compare(a.Message, b.Message))
	})
	return groups, grouped
}

// levelRank orders errors before warnings.
func levelRank(l Level) int {
	if l == Error {
		return 0
	}
	return 1
}

// writeJSON writes the counts, the external URLs that failed, each once
// (external_urls, when there are any), and every finding.
func writeJSON(w io.Writer, r *Report) error {
	e, wn := r.Count()
	findings := r.Findings
	if findings == nil {
		findings = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Pages        int           `json:"pages"`
		Links        int           `json:"links"`
		Errors       int           `json:"errors"`
		Warnings     int           `json:"warnings"`
		External     int           `json:"external,omitempty"`
		Cached       int           `json:"cached,omitempty"`
		ExternalURLs []ExternalURL `json:"external_urls,omitempty"`
		Findings     []Finding     `json:"findings"`
	}{r.Pages, r.Links, e, wn, r.External, r.Cached, r.ExternalURLs(), findings})
}

// githubPerURL is how many links to one failing external URL the GitHub
// format annotates (GitHub shows only the first few annotations of a step
// anyway); one notice counts the others.
const githubPerURL = 10

// writeGitHub writes workflow commands that GitHub Actions shows as
// annotations on the files of a pull request: one for each finding, but
// for an external URL that fails at more than githubPerURL links, those
// first and then one notice with the number of the others. GitHub shows
// only the first annotate.Limit errors and warnings of a step, so errors
// come first, then warnings, then notices, and a last notice counts those
// it will not show (annotate.Write).
func writeGitHub(w io.Writer, r *Report) error {
	groups, grouped := r.externalGroups()
	annotated := map[*urlGroup]int{}
	var as []annotate.Annotation
	for i, f := range r.Findings {
		if g := grouped[i]; g != nil {
			if annotated[g] == githubPerURL {
				continue
			}
			annotated[g]++
		}
		as = append(as, annotate.Annotation{Level: string(f.Level), File: f.File, Line: f.Line, Title: f.Rule, Msg: f.text()})
	}
	for _, g := range groups {
		if more := g.Links - annotated[g]; more > 0 {
			as = append(as, annotate.Annotation{Level: "notice", Title: ruleExternal, Msg: fmt.Sprintf(
				"%s: %s: %d more not annotated, %s on %s in all (-format json lists them all)",
				g.URL, g.Message, more, plural(g.Links, "link"), plural(g.Pages, "page"))})
		}
	}
	return annotate.Write(w, as, annotate.Text(r.summary())+"\n")
}

// markdownLimit keeps a pull-request comment under GitHub's size limit:
// the findings listed, and markdownURLs the failing external URLs.
const (
	markdownLimit = 200
	markdownURLs  = 50
)

// writeMarkdown writes a summary for a pull-request comment: counts by rule
// and language, a table of the external URLs that failed, each once, then
// the other findings.
func writeMarkdown(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "### %s: %s\n\n", cmp.Or(r.Title, "Link check"), r.summary())
	if len(r.Findings) == 0 {
		_, err := fmt.Fprintln(w, "No problems found.")
		return err
	}
	var rules, langs []string
	counts := map[[2]string]int{}
	for _, f := range r.Findings {
		lang := f.Lang
		if lang == "" {
			lang = "-"
		}
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
		langs = nil // no finding is on a page of a language: no columns
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
	groups, grouped := r.externalGroups()
	if len(groups) > 0 {
		fmt.Fprintf(w, "#### External links: %s with problems\n\n| URL | problem | pages | links |\n|---|---|---:|---:|\n", plural(len(groups), "URL"))
		for i, g := range groups {
			if i == markdownURLs {
				more, word := len(groups)-markdownURLs, "URLs"
				if more == 1 {
					word = "URL"
				}
				fmt.Fprintf(w, "\n…and %d more %s (-format json lists them all).\n", more, word)
				break
			}
			fmt.Fprintf(w, "| %s | **%s** %s | %d | %d |\n", mdCode(g.URL), g.Level, mdEscape(g.Message), g.Pages, g.Links)
		}
		fmt.Fprintln(w)
	}
	others := len(r.Findings) // the findings of no external URL
	for _, g := range groups {
		others -= g.Links
	}
	// Errors first, so that the one that fails a pull request is never
	// below the cut; file order within each level.
	listed := 0
	for _, level := range []Level{Error, Warning} {
		for i, f := range r.Findings {
			if grouped[i] != nil || (f.Level == Error) != (level == Error) {
				continue
			}
			if listed == markdownLimit {
				fmt.Fprintf(w, "\n…and %d more.\n", others-markdownLimit)
				return nil
			}
			listed++
			fmt.Fprintf(w, "- **%s** `%s` %s: %s\n", f.Level, f.position(), f.Rule, mdEscape(f.text()))
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

// mdEscape keeps URLs and ids in a message from turning into Markdown or
// HTML in the comment.
func mdEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "|", `\|`).Replace(s)
}
