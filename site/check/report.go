package check

import (
	"bufio"
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
// counted in one line at the end. The other formats list every place.
const (
	repeatLimit = 5
	repeatShown = 3
)

// writeText writes "file:line: level: message [rule]", the form editors and
// compilers use, then a summary line.
func writeText(w io.Writer, r *Report) error {
	type problem struct{ level, rule, target, msg string }
	key := func(f Finding) problem { return problem{string(f.Level), f.Rule, f.Target, f.Message} }
	total := map[problem]int{}
	pages := map[problem]map[string]bool{}
	for _, f := range r.Findings {
		k := key(f)
		total[k]++
		if pages[k] == nil {
			pages[k] = map[string]bool{}
		}
		pages[k][f.Page] = true
	}
	shown := map[problem]int{}
	var folded []Finding // the first place of each folded problem, in report order
	for _, f := range r.Findings {
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
	_, err := fmt.Fprintln(w, r.summary())
	return err
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
func (f Finding) text() string {
	s := f.withTarget()
	if f.File != f.Page && !strings.HasSuffix(f.File, "/"+f.Page) {
		s += " (in " + f.Page + ")"
	}
	return s
}

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
		Pages    int       `json:"pages"`
		Links    int       `json:"links"`
		Errors   int       `json:"errors"`
		Warnings int       `json:"warnings"`
		External int       `json:"external,omitempty"`
		Cached   int       `json:"cached,omitempty"`
		Findings []Finding `json:"findings"`
	}{r.Pages, r.Links, e, wn, r.External, r.Cached, findings})
}

// writeGitHub writes workflow commands that GitHub Actions shows as
// annotations on the files of a pull request.
func writeGitHub(w io.Writer, r *Report) error {
	for _, f := range r.Findings {
		io.WriteString(w, annotate.Line(string(f.Level), f.File, f.Line, f.Rule, f.text()))
	}
	_, err := fmt.Fprintln(w, annotate.Text(r.summary()))
	return err
}

// markdownLimit keeps a pull-request comment under GitHub's size limit.
const markdownLimit = 200

// writeMarkdown writes a summary for a pull-request comment: counts by rule
// and language, then the findings.
func writeMarkdown(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "### Link check: %s\n\n", r.summary())
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
	fmt.Fprintf(w, "| rule | %s | total |\n|---|%s---:|\n", strings.Join(langs, " | "), strings.Repeat("---:|", len(langs)))
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
	for i, f := range r.Findings {
		if i == markdownLimit {
			fmt.Fprintf(w, "\n…and %d more.\n", len(r.Findings)-markdownLimit)
			break
		}
		fmt.Fprintf(w, "- **%s** `%s` %s: %s\n", f.Level, f.position(), f.Rule, mdEscape(f.text()))
	}
	return nil
}

// mdEscape keeps URLs and ids in a message from turning into Markdown or
// HTML in the comment.
func mdEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "|", `\|`).Replace(s)
}
