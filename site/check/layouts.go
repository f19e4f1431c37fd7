package check

import (
	"cmp"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"legalcenter/site/report"
)

// place is a line of a file.
type place struct {
	file string
	line int
}

// layoutTracer finds the layout line that wrote an element of a built
// page. The render hooks locate content (data-src); what a layout writes
// itself, a navigation bar or a footer, carries no such attribute, so a
// finding on it names the built page, and one template bug is a finding
// on every page. The tracer looks for the element's id or URL in the
// site's layouts, the project's and its themes' (a theme's file that the
// project overrides is not read), and keeps the lines whose literal text
// around it (up to the template actions on either side) is on the page's
// line: when exactly one line is left, that line wrote the element.
type layoutTracer struct {
	Layouts
	files []layoutFile
	cands map[string][]candidate // by needles
	page  string                 // the page whose lines are read
	lines []string
}

type layoutFile struct {
	name  string // slash path from the site's folder
	lines []string
}

// candidate is a layout line that holds a needle, and the literal text
// around it, which the page's line must hold too.
type candidate struct {
	at  place
	lit string
}

// Layouts are a site's layout folders and its built pages, for
// TraceLayouts.
type Layouts struct {
	Fs   afero.Fs // holds Dirs
	Dirs []string // layout folders in Hugo's order of precedence: the project's, then each theme's
	Site afero.Fs // the built site
	Root string   // its folder in Site
	// Pages, when not nil, holds the pages scanned as written (the
	// build's, which writes them minified): their lines are read there,
	// those of other pages in Site.
	Pages *Pages
}

// TraceLayouts moves each finding that names only its built page (no
// source line: an element a layout wrote, not a render hook) to the layout
// line that wrote the element: the one line of the layouts that holds the
// element's id (duplicate-id) or URL, in quotes, with the literal text
// around it as the page's line has it. A file that an earlier folder has
// at the same path is not read (the project overrides its theme). Files
// are named by their path as Dirs give it.
func TraceLayouts(l Layouts, findings []report.Finding) {
	if !slices.ContainsFunc(findings, onPage) {
		return
	}
	t := &layoutTracer{Layouts: l, cands: map[string][]candidate{}, files: readLayouts(l)}
	t.trace(findings)
}

// readLayouts reads the layout files of l.Dirs, a file that an earlier
// folder has at the same path left out.
func readLayouts(l Layouts) []layoutFile {
	var files []layoutFile
	seen := map[string]bool{} // paths inside a layouts folder
	for _, dir := range l.Dirs {
		dir = filepath.Clean(dir)
		_ = afero.Walk(l.Fs, dir, func(p string, info fs.FileInfo, err error) error {
			if err != nil || !info.Mode().IsRegular() || info.Size() > 1<<20 {
				return nil // a folder that is not there, a link, a huge file: not a layout to trace
			}
			rel, err := filepath.Rel(dir, p)
			if err != nil || seen[rel] {
				return nil
			}
			seen[rel] = true
			b, err := afero.ReadFile(l.Fs, p)
			if err != nil {
				return nil
			}
			files = append(files, layoutFile{name: filepath.ToSlash(p), lines: strings.Split(string(b), "\n")})
			return nil
		})
	}
	return files
}

// quoted calls fn with each text that a line holds between two quote
// characters of one kind with none between them: every needle that the
// line holds is one of them, in its quotes (no needle holds a quote).
func quoted[T string | []byte](line T, fn func(T)) {
	for _, q := range [...]byte{'"', '\''} {
		last := -1
		for i := 0; i < len(line); i++ {
			if line[i] != q {
				continue
			}
			if last >= 0 {
				fn(line[last+1 : i])
			}
			last = i
		}
	}
}

// onPage reports whether a finding is located in its built page, not in a
// source file the page names.
func onPage(f report.Finding) bool {
	return f.Page != "" && (f.File == f.Page || strings.HasSuffix(f.File, "/"+f.Page))
}

// needles are the literals that the element of a finding has in the
// template that wrote it: its id for a duplicate id, else its URL in
// quotes.
func needles(f report.Finding) []string {
	switch {
	case f.Target == "" || strings.ContainsAny(f.Target, "\"'\n"):
		return nil
	case f.Rule == ruleDupID:
		id := strings.TrimPrefix(f.Target, "#")
		return []string{`id="` + id + `"`, `id='` + id + `'`}
	}
	return []string{`"` + f.Target + `"`, `'` + f.Target + `'`}
}

// candidates returns the layout lines that hold one of the needles.
func (t *layoutTracer) candidates(ns []string) []candidate {
	key := strings.Join(ns, "\x00")
	if c, ok := t.cands[key]; ok {
		return c
	}
	var out []candidate
	for _, f := range t.files {
		for i, l := range f.lines {
			for _, n := range ns {
				if j := strings.Index(l, n); j >= 0 {
					out = append(out, candidate{place{f.name, i + 1}, literal(l, j, j+len(n))})
					break
				}
			}
		}
	}
	t.cands[key] = out
	return out
}

// literal is the text of the layout line l around l[i:j] up to the
// template actions on either side: what the template writes as it is.
func literal(l string, i, j int) string {
	start, end := 0, len(l)
	if k := strings.LastIndex(l[:i], "}}"); k >= 0 {
		start = k + 2
	}
	if k := strings.Index(l[j:], "{{"); k >= 0 {
		end = j + k
	}
	return strings.TrimSpace(l[start:end])
}

// line returns the line n of the built page, "" when it cannot be read.
func (t *layoutTracer) line(page string, n int) string {
	if l, ok := t.Pages.line(page, n); ok {
		return l
	}
	if t.Site == nil {
		return ""
	}
	if page != t.page {
		t.page, t.lines = page, nil
		name := filepath.Join(cmp.Or(t.Root, "."), filepath.FromSlash(page))
		if b, err := afero.ReadFile(t.Site, name); err == nil {
			t.lines = strings.Split(string(b), "\n")
		}
	}
	if n < 1 || n > len(t.lines) {
		return ""
	}
	return t.lines[n-1]
}

// trace moves each finding that names only its built page to the layout
// line that wrote the element, when one line alone can have. A duplicate
// id's message then says what every page shares, not where on each page
// the id came first, so that the pages' findings are one problem.
func (t *layoutTracer) trace(fs []report.Finding) {
	if len(t.files) == 0 || t.Site == nil && t.Pages == nil {
		return
	}
	for i := range fs {
		f := &fs[i]
		if !onPage(*f) {
			continue
		}
		ns := needles(*f)
		if ns == nil {
			continue
		}
		cs := t.candidates(ns)
		if len(cs) == 0 {
			continue
		}
		pl := t.line(f.Page, f.Line)
		var at place
		n := 0
		for _, c := range cs {
			if pl != "" && strings.Contains(pl, c.lit) {
				at, n = c.at, n+1
			}
		}
		if n != 1 {
			continue
		}
		f.File, f.Line = at.file, at.line
		if f.Rule == ruleDupID {
			f.Message = "duplicate id " + f.Target + " (the page already has an element with this id)"
		}
	}
}
