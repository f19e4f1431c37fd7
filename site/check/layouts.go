package check

import (
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
// on every page. The tracer looks for the element's literal text in the
// site's layouts, the project's and its themes' (a theme's file that the
// project overrides is not read): when exactly one line of one file holds
// it, that line wrote it.
type layoutTracer struct {
	files []layoutFile
	found map[string]place // by needle; a zero place: none, or more than one
}

type layoutFile struct {
	name  string // slash path from the site's folder
	lines []string
}

// TraceLayouts moves each finding that names only its built page (no
// source line: an element a layout wrote, not a render hook) to the layout
// line that wrote the element, when one line alone of the layout folders
// dirs of fsys holds the element's id (duplicate-id) or URL as written, in
// quotes. dirs are in Hugo's order of precedence (the project's layouts,
// then each theme's): a file that an earlier folder has at the same path
// is not read. Files are named by their path as dirs give it.
func TraceLayouts(fsys afero.Fs, dirs []string, findings []report.Finding) {
	if !slices.ContainsFunc(findings, onPage) {
		return
	}
	t := &layoutTracer{found: map[string]place{}}
	seen := map[string]bool{} // paths inside a layouts folder
	for _, dir := range dirs {
		dir = filepath.Clean(dir)
		_ = afero.Walk(fsys, dir, func(p string, info fs.FileInfo, err error) error {
			if err != nil || !info.Mode().IsRegular() || info.Size() > 1<<20 {
				return nil // a folder that is not there, a link, a huge file: not a layout to trace
			}
			rel, err := filepath.Rel(dir, p)
			if err != nil || seen[rel] {
				return nil
			}
			seen[rel] = true
			b, err := afero.ReadFile(fsys, p)
			if err != nil {
				return nil
			}
			t.files = append(t.files, layoutFile{name: filepath.ToSlash(p), lines: strings.Split(string(b), "\n")})
			return nil
		})
	}
	t.trace(findings)
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

// locate returns the one layout line that holds one of the needles.
func (t *layoutTracer) locate(ns []string) (place, bool) {
	key := strings.Join(ns, "\x00")
	if p, ok := t.found[key]; ok {
		return p, p.file != ""
	}
	var at place
	n := 0
	for _, f := range t.files {
		for i, l := range f.lines {
			if slices.ContainsFunc(ns, func(s string) bool { return strings.Contains(l, s) }) {
				if n++; n > 1 {
					t.found[key] = place{}
					return place{}, false
				}
				at = place{file: f.name, line: i + 1}
			}
		}
	}
	t.found[key] = at
	return at, n == 1
}

// trace moves each finding that names only its built page (no source
// line) to the layout line that wrote the element, when one line alone
// holds it. A duplicate id's message then says what every page shares,
// not where on each page the id came first, so that the pages' findings
// are one problem.
func (t *layoutTracer) trace(fs []report.Finding) {
	if len(t.files) == 0 {
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
		at, ok := t.locate(ns)
		if !ok {
			continue
		}
		f.File, f.Line = at.file, at.line
		if f.Rule == ruleDupID {
			f.Message = "duplicate id " + f.Target + " (the page already has an element with this id)"
		}
	}
}
