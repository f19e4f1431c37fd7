package l10n

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/afero"

	"legalcenter/internal/annotate"
)

// A Formatter writes a report in one format.
type Formatter interface {
	Format(w io.Writer, r *Report) error
}

// FormatterFunc adapts a function to a Formatter.
type FormatterFunc func(w io.Writer, r *Report) error

// Format calls f(w, r).
func (f FormatterFunc) Format(w io.Writer, r *Report) error { return f(w, r) }

// Formats are the report formats by name, as -format takes them.
var Formats = map[string]Formatter{
	"text":     FormatterFunc(writeText),
	"json":     FormatterFunc(writeJSON),
	"markdown": FormatterFunc(writeMarkdown),
	"github":   FormatterFunc(writeGitHub),
	"data":     FormatterFunc(func(w io.Writer, r *Report) error { _, err := w.Write(r.Data()); return err }),
}

// scope is the languages a report is limited to (sitectl i18n -lang), of
// all the site's translation languages; nil means all of them.
type scope struct{ shown, all []string }

// limit drops from r the pages, progress rows and findings of the languages
// not shown. Findings of the source language stay: they are about files
// every translation depends on. Each row keeps its own counts, and the
// report's documents and keys are still the source's.
func (sc *scope) limit(r *Report) {
	if sc == nil {
		return
	}
	out := func(lang string) bool { return !slices.Contains(sc.shown, lang) }
	r.Languages = slices.DeleteFunc(r.Languages, func(p Progress) bool { return out(p.Lang) })
	r.Pages = slices.DeleteFunc(r.Pages, func(p Page) bool { return out(p.Lang) })
	r.Findings = slices.DeleteFunc(r.Findings, func(f Finding) bool { return f.Lang != r.Source && out(f.Lang) })
}

// writeFormat writes r in format, which the text and Markdown reports
// begin by saying the report is limited to sc's languages. strict is
// -strict: the GitHub annotations are errors for what fails the command.
func writeFormat(w io.Writer, format string, r *Report, sc *scope, strict bool) error {
	switch format {
	case "text":
		return writeTextScoped(w, r, sc)
	case "markdown":
		return writeMarkdownScoped(w, r, sc)
	case "github":
		return writeGitHubStrict(w, r, strict)
	}
	return Formats[format].Format(w, r)
}

// DataFile is where the build writes Data, in the Hugo source, so that
// templates read it as site.Data.generated.l10n.
const DataFile = "data/generated/l10n.json"

// PageData is what templates learn of one translated page.
type PageData struct {
	Status State `json:"status"`
	// Changed is never null, so templates can take its length. It holds
	// section ids only, which templates link to: a page stale because
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
		data.Pages[p.Lang+"/"+p.Path] = PageData{p.Status, append([]string{}, p.Changed...)}
	}
	b, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		panic(err) // strings and slices of strings always marshal
	}
	return append(b, '\n')
}

// WriteData writes Data to DataFile in fsys.
func WriteData(fsys afero.Fs, r *Report) error {
	if err := fsys.MkdirAll(path.Dir(DataFile), 0o755); err != nil {
		return err
	}
	return afero.WriteFile(fsys, DataFile, r.Data(), 0o644)
}

func writeJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func writeText(w io.Writer, r *Report) error { return writeTextScoped(w, r, nil) }

func writeTextScoped(w io.Writer, r *Report, sc *scope) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Translation status: source %s, %s, %s\n", r.Source, count(r.Documents, "document"), count(r.Keys, "i18n key"))
	if sc != nil {
		fmt.Fprintf(&b, "Languages shown: %s only (-lang), of %s\n", strings.Join(sc.shown, ", "), strings.Join(sc.all, ", "))
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "lang\tdocuments\tfresh\tstale\tunknown\tmissing\torphans\tkeys\tstale keys\tunknown keys\tdone\twords to do")
	for _, p := range r.Languages {
		fmt.Fprintf(tw, "%s\t%d/%d\t%d\t%d\t%d\t%d\t%d\t%d/%d\t%d\t%d\t%d%%\t%d\n", p.Lang, p.Translated, p.Documents,
			p.Fresh, p.Stale, p.Unknown, p.Missing, p.Orphans, p.KeysComplete, p.Keys, p.KeysStale, p.KeysUnknown, p.Percent, p.WordsTodo)
	}
	tw.Flush()
	for _, g := range groupFindings(r) {
		fmt.Fprintf(&b, "\n%s: %s\n", g.lang, g.summary())
		for _, f := range g.findings {
			fmt.Fprintf(&b, "  %s: %s: %s: %s\n", location(f), f.Level, f.Kind, f.Message)
		}
	}
	if len(r.Findings) == 0 {
		b.WriteString("\nNothing to do.\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

// writeGitHub writes each finding as a GitHub Actions annotation on its
// file and line ("::warning file=content/ko/a.md,line=12,title=i18n stale::…"),
// then the progress per language as plain log lines, as sitectl i18n does
// without -strict (writeGitHubStrict).
func writeGitHub(w io.Writer, r *Report) error { return writeGitHubStrict(w, r, false) }

// writeGitHubStrict writes the GitHub annotations. An annotation is an
// error when its finding fails the command, so that a green step shows no
// red: a finding that Breaks always, the translation backlog (pages and
// keys missing, stale, not stamped; structure that differs) only with
// strict, and a warning otherwise. A missing page has no file of its own:
// its annotation is on the English source. GitHub shows only the first
// annotate.Limit errors and warnings of a step: errors come first, and a
// last notice counts those it will not show (annotate.Write).
func writeGitHubStrict(w io.Writer, r *Report, strict bool) error {
	var as []annotate.Annotation
	for _, f := range r.Findings {
		level := f.Level
		if level == Error && !strict && !f.Breaks() {
			level = Warning
		}
		a := annotate.Annotation{Level: string(level), File: f.File, Line: f.Line, Title: "i18n " + string(f.Kind), Msg: f.Message}
		if f.Kind == KindMissing && f.Source != "" {
			a.File, a.Line = f.Source, 0
			a.Msg = fmt.Sprintf("not translated into %s yet, %s (%s does not exist)", f.Lang, count(f.Words, "word"), f.File)
		}
		as = append(as, a)
	}
	var b bytes.Buffer
	for _, p := range r.Languages {
		fmt.Fprintf(&b, "%s: %d%% done, %d/%s (%d stale, %d unknown, %d missing), keys %d/%d, %s to do\n",
			p.Lang, p.Percent, p.Translated, count(p.Documents, "document"), p.Stale, p.Unknown, p.Missing, p.KeysComplete, p.Keys, count(p.WordsTodo, "word"))
	}
	return annotate.Write(w, as, b.String())
}

// writeMarkdown writes the report as a pull-request comment: the
// progress table, then each language's findings folded away.
func writeMarkdown(w io.Writer, r *Report) error { return writeMarkdownScoped(w, r, nil) }

func writeMarkdownScoped(w io.Writer, r *Report, sc *scope) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "### Translation status\n\nSource `%s`: %s, %s.", r.Source, count(r.Documents, "document"), count(r.Keys, "i18n key"))
	if sc != nil {
		fmt.Fprintf(&b, " Languages shown: %s only, of %s.", codeList(sc.shown), codeList(sc.all))
	}
	b.WriteString("\n\n")
	b.WriteString("| Language | Documents | Fresh | Stale | Unknown | Missing | Orphans | Keys | Stale keys | Unknown keys | Done | Words to do |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, p := range r.Languages {
		fmt.Fprintf(&b, "| `%s` | %d/%d | %d | %d | %d | %d | %d | %d/%d | %d | %d | %d%% | %d |\n", p.Lang, p.Translated, p.Documents,
			p.Fresh, p.Stale, p.Unknown, p.Missing, p.Orphans, p.KeysComplete, p.Keys, p.KeysStale, p.KeysUnknown, p.Percent, p.WordsTodo)
	}
	for _, g := range groupFindings(r) {
		fmt.Fprintf(&b, "\n<details><summary><code>%s</code>: %s</summary>\n\n", g.lang, g.summary())
		for _, f := range g.findings {
			fmt.Fprintf(&b, "- **%s** %s `%s`: %s\n", f.Level, f.Kind, location(f), markdownEscape(f.Message))
		}
		b.WriteString("\n</details>\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

type findingGroup struct {
	lang     string
	findings []Finding
}

func (g findingGroup) summary() string {
	var errs, warns int
	for _, f := range g.findings {
		if f.Level == Error {
			errs++
		} else {
			warns++
		}
	}
	return fmt.Sprintf("%s, %s", count(errs, "error"), count(warns, "warning"))
}

// groupFindings splits the (sorted) findings by language.
func groupFindings(r *Report) []findingGroup {
	var groups []findingGroup
	for _, f := range r.Findings {
		if len(groups) == 0 || groups[len(groups)-1].lang != f.Lang {
			groups = append(groups, findingGroup{lang: f.Lang})
		}
		g := &groups[len(groups)-1]
		g.findings = append(g.findings, f)
	}
	return groups
}

// codeList writes languages as Markdown code, comma-separated.
func codeList(langs []string) string {
	return "`" + strings.Join(langs, "`, `") + "`"
}

func location(f Finding) string {
	if f.Line > 0 {
		return fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	return f.File
}

// count says n nouns, in the singular when n is 1: "1 word", "2 words".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;", "|", `\|`, "[", `\[`, "]", `\]`)

func markdownEscape(s string) string { return mdEscaper.Replace(s) }
