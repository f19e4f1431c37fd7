package report

// GitHub Actions workflow commands: annotations that show a message on a
// file's line in a pull request, and the job summary.

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

var (
	data     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	property = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// Line returns the command that annotates line of file (no line when 0, no
// file when "") at level ("error", "warning" or "notice") with a title and
// a message, ending in a newline.
func Line(level, file string, line int, title, msg string) string {
	var props []string
	if file != "" {
		props = append(props, "file="+property.Replace(file))
		if line > 0 {
			props = append(props, "line="+strconv.Itoa(line))
		}
	}
	props = append(props, "title="+property.Replace(title))
	return "::" + level + " " + strings.Join(props, ",") + "::" + data.Replace(msg) + "\n"
}

// Text escapes a line of the log that is no command, so that it cannot
// read as one across line breaks.
func Text(s string) string { return data.Replace(s) }

// Limit is how many annotations of each level (errors, warnings, notices)
// GitHub shows for one step of a job; it drops the others silently.
const Limit = 10

// An Annotation is one workflow command: a message on a line of a file.
type Annotation struct {
	Level      Level
	File       string
	Line       int
	Title, Msg string
}

// String is the command, as Line writes it.
func (a Annotation) String() string { return Line(string(a.Level), a.File, a.Line, a.Title, a.Msg) }

// Write writes annotations so that GitHub shows the ones that matter:
// errors first, then warnings, then notices, each level in the order
// given; then log, plain lines of the log (the caller escapes them).
// When more than Limit errors or warnings are written, it ends with one
// notice that says how many GitHub will not show and where they all are; the notices of as beyond the first Limit-1 are then
// written as plain log lines, so that this notice is among those shown.
func Write(w io.Writer, as []Annotation, log string) error {
	sorted := slices.Clone(as)
	slices.SortStableFunc(sorted, func(a, b Annotation) int { return a.Level.Rank() - b.Level.Rank() })
	hidden := Hidden(as)
	var b strings.Builder
	notices := 0
	for _, a := range sorted {
		if a.Level.Rank() == 2 {
			if notices++; hidden != "" && notices >= Limit {
				where := a.File
				if where != "" && a.Line > 0 {
					where += ":" + strconv.Itoa(a.Line)
				}
				if where != "" {
					where += ": "
				}
				b.WriteString(Text(string(a.Level)+": "+where+a.Title+": "+a.Msg) + "\n")
				continue
			}
		}
		b.WriteString(a.String())
	}
	b.WriteString(log)
	b.WriteString(hidden)
	_, err := io.WriteString(w, b.String())
	return err
}

// Hidden returns the notice that says how many of as are errors and
// warnings beyond the Limit GitHub shows, or "" when it shows them all.
func Hidden(as []Annotation) string {
	var errors, warnings int
	for _, a := range as {
		switch a.Level {
		case "error":
			errors++
		case "warning":
			warnings++
		}
	}
	var more []string
	if errors > Limit {
		more = append(more, Plural(errors-Limit, "more error"))
	}
	if warnings > Limit {
		more = append(more, Plural(warnings-Limit, "more warning"))
	}
	if len(more) == 0 {
		return ""
	}
	verb := "are"
	if len(more) == 1 && strings.HasPrefix(more[0], "1 ") {
		verb = "is"
	}
	return Line("notice", "", 0, "more annotations",
		fmt.Sprintf("GitHub shows the first %d errors and %d warnings of a step as annotations: %s %s not shown there; all are in this step's log, and in the job summary when the build or the translation status wrote one",
			Limit, Limit, strings.Join(more, " and "), verb))
}

// SummaryEnv is the environment variable in which GitHub Actions names the
// file of a step's job summary: Markdown appended to it shows on the run's
// summary page.
const SummaryEnv = "GITHUB_STEP_SUMMARY"

// AppendSummary appends what write writes to the job summary file at path,
// followed by a blank line so that the next step's Markdown starts a new
// block. It does nothing when path is "".
func AppendSummary(path string, write func(io.Writer) error) error {
	if path == "" {
		return nil
	}
	var b strings.Builder
	if err := write(&b); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("job summary: %w", err)
	}
	_, err = io.WriteString(f, strings.TrimRight(b.String(), "\n")+"\n\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("job summary: %w", err)
	}
	return nil
}

// perGroup is how many findings of one group the GitHub format annotates
// (GitHub shows only the first few annotations of a step anyway); one
// notice counts the others.
const perGroup = 10

// writeGitHub writes workflow commands that GitHub Actions shows as
// annotations on the files of a pull request: one for each finding, but
// for a group of more than perGroup findings, its first perGroup and then
// one notice with the number of the others; the findings of no group come
// before those of groups; then the stage's log lines and the
// summary. Write puts errors first and ends with a notice counting those
// GitHub will not show.
func writeGitHub(w io.Writer, r *Report) error {
	grouped := r.grouped()
	annotated := map[*Group]int{}
	var as []Annotation
	// The findings of no group first, then each group's first places, in
	// the groups' order: a problem repeated on every page (a template's)
	// does not fill the few annotations GitHub shows before the distinct
	// problems. Write then puts errors before warnings.
	for i, f := range r.Findings {
		if grouped[i] == nil {
			as = append(as, Annotation{Level: f.Level, File: f.File, Line: f.Line, Title: f.Rule, Msg: f.Text()})
		}
	}
	for _, most := range []int{1, perGroup} { // every group's first place, then more
		for i := range r.Groups {
			g := &r.Groups[i]
			for _, p := range g.Places[annotated[g]:] {
				if annotated[g] == most || annotated[g] == 1 && g.where(r.Findings) != "" {
					break // a group at one line is annotated there once
				}
				annotated[g]++
				f := r.Findings[p]
				as = append(as, Annotation{Level: f.Level, File: f.File, Line: f.Line, Title: f.Rule, Msg: f.Text()})
			}
		}
	}
	for i := range r.Groups {
		g := &r.Groups[i]
		if more := len(g.Places) - annotated[g]; more > 0 {
			as = append(as, Annotation{Level: Notice, Title: g.Rule, Msg: fmt.Sprintf(
				"%s: %s: %d more not annotated, %s on %s in all (-format json lists them all)",
				g.Name, g.Message, more, Plural(len(g.Places), "link"), Plural(g.Pages, "page"))})
		}
	}
	return Write(w, as, r.Log+Text(r.summary())+"\n")
}
