package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Level is what the command does with a finding.
type Level string

const (
	Error   Level = "error"   // fails the command; the build publishes nothing
	Warning Level = "warning" // reported; the command passes
	Notice  Level = "notice"  // for information
)

// Rank orders levels: errors (0), then warnings, then notices.
func (l Level) Rank() int {
	switch l {
	case Error:
		return 0
	case Warning:
		return 1
	}
	return 2
}

// Finding is one problem found by a stage.
type Finding struct {
	Level Level `json:"level"`
	// Page is the built page the problem was found in, relative to the
	// site root, when it was found in one; File then names its source.
	Page    string `json:"page,omitempty"`
	Lang    string `json:"lang,omitempty"`   // the language of the page or file, when it has one
	File    string `json:"file"`             // slash path from the site (or checked folder) root
	Line    int    `json:"line,omitempty"`   // in File; 0 when unknown
	Target  string `json:"target,omitempty"` // what the finding is about: a link target, an i18n key, a fact
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// Position is "file:line", or the file when the line is unknown.
func (f Finding) Position() string {
	if f.Line > 0 {
		return f.File + ":" + strconv.Itoa(f.Line)
	}
	return f.File
}

// inPage is " (in page)" when the finding is located in a source file, not
// in the page it was found in.
func (f Finding) inPage() string {
	if f.Page != "" && f.File != f.Page && !strings.HasSuffix(f.File, "/"+f.Page) {
		return " (in " + f.Page + ")"
	}
	return ""
}

// place is where a finding is, and on which page when that is another file.
func (f Finding) place() string { return f.Position() + f.inPage() }

// withTarget is the message, with the target unless it names it.
func (f Finding) withTarget() string {
	if strings.TrimSpace(f.Target) != "" && !strings.Contains(f.Message, f.Target) {
		return f.Message + ": " + f.Target
	}
	return f.Message
}

// Text is the message, with the target and, when the finding is located in
// a source file, the page it was found in.
func (f Finding) Text() string { return f.withTarget() + f.inPage() }

// Count returns the number of errors and of warnings (notices are neither).
func Count(fs []Finding) (errors, warnings int) {
	for _, f := range fs {
		switch f.Level {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return errors, warnings
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Level == Error })
}

// Group is one problem that many findings share, written once with its
// places: an external URL that fails, linked from many pages.
type Group struct {
	Level   Level
	Rule    string
	Name    string // what the findings share: the URL
	Message string
	Pages   int   // pages the findings are on
	Places  []int // the findings, as indexes into Report.Findings, in report order
}

// where is the one place, "file:line", that every finding of the group is
// at (the layout line that wrote a template's bug on every page); "" when
// they are at several.
func (g *Group) where(fs []Finding) string {
	if len(g.Places) < 2 {
		return "" // the place is listed
	}
	first := fs[g.Places[0]]
	for _, i := range g.Places[1:] {
		if f := fs[i]; f.File != first.File || f.Line != first.Line {
			return ""
		}
	}
	if first.Line == 0 || first.File == first.Page {
		return ""
	}
	return first.Position()
}

// usage is "12 pages (13 links)", or "12 pages" when each has one link.
func (g *Group) usage() string {
	if len(g.Places) == g.Pages {
		return Plural(g.Pages, "page")
	}
	return Plural(g.Pages, "page") + " (" + Plural(len(g.Places), "link") + ")"
}

// Report is a stage's findings and what the stage adds around them. Only
// Findings is required.
type Report struct {
	Title    string // heads the Markdown: "Link check", "Build", "Translation status"
	Summary  string // one line: what was checked, and the counts; "" for the counts alone
	Findings []Finding
	// Groups are problems that many findings share, listed once
	// (GroupsTitle heads their Markdown table, GroupNoun names one in it).
	Groups      []Group
	GroupsTitle string // "External links"
	GroupNoun   string // "URL"
	// Text and Markdown are the stage's own part of those formats, written
	// before the findings (the translation progress table); Log is plain
	// lines of the GitHub log, after the annotations.
	Text, Markdown func(w io.Writer)
	Log            string
	// JSON is the stage's own facts: a value that encodes as a JSON
	// object, whose fields come before the counts and the findings.
	JSON any
}

// summary is the summary line: Summary, or the counts.
func (r *Report) summary() string {
	if r.Summary != "" {
		return r.Summary
	}
	e, w := Count(r.Findings)
	return Plural(e, "error") + ", " + Plural(w, "warning")
}

// grouped returns, for each finding, whether it belongs to a group.
func (r *Report) grouped() []*Group {
	in := make([]*Group, len(r.Findings))
	for i := range r.Groups {
		for _, p := range r.Groups[i].Places {
			in[p] = &r.Groups[i]
		}
	}
	return in
}

// Formats are the names Write takes, as -format takes them.
var Formats = []string{"text", "json", "github", "markdown"}

var formats = map[string]func(io.Writer, *Report) error{
	"text":     writeText,
	"json":     writeJSON,
	"github":   writeGitHub,
	"markdown": writeMarkdown,
}

// CheckFormat returns an error naming the formats unless format is one.
func CheckFormat(format string) error {
	if _, ok := formats[format]; !ok {
		return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
	}
	return nil
}

// Write writes the report in one of Formats.
func (r *Report) Write(w io.Writer, format string) error {
	if err := CheckFormat(format); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if err := formats[format](bw, r); err != nil {
		return err
	}
	return bw.Flush()
}

// Plural says n nouns, in the singular when n is 1: "1 page", "2 pages".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
