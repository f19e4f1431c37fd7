package site

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"legalcenter/site/hugo"
	"legalcenter/site/report"
)

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

// newLayoutTracer reads the layout folders of the source: the mounts
// whose target is "layouts" (Hugo's default is the layouts folder), then
// themes/*/layouts.
func newLayoutTracer(src afero.Fs, mounts []hugo.Mount) *layoutTracer {
	t := &layoutTracer{found: map[string]place{}}
	var dirs []string
	for _, m := range mounts {
		if m.Target == "layouts" && !path.IsAbs(m.Source) {
			dirs = append(dirs, m.Source)
		}
	}
	if !slices.Contains(dirs, "layouts") {
		dirs = append(dirs, "layouts")
	}
	themes, _ := afero.ReadDir(src, "/themes")
	for _, th := range themes {
		if th.IsDir() {
			dirs = append(dirs, "themes/"+th.Name()+"/layouts")
		}
	}
	seen := map[string]bool{} // paths inside a layouts folder: the first folder wins, as Hugo's overrides do
	for _, dir := range dirs {
		_ = afero.Walk(src, "/"+dir, func(p string, info fs.FileInfo, err error) error {
			if err != nil || !info.Mode().IsRegular() || info.Size() > 1<<20 {
				return nil // a folder that is not there, a link, a huge file: not a layout to trace
			}
			name := strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(p, "\\", "/")), "/")
			rel := strings.TrimPrefix(name, dir+"/")
			if seen[rel] {
				return nil
			}
			seen[rel] = true
			b, err := afero.ReadFile(src, p)
			if err != nil {
				return nil
			}
			t.files = append(t.files, layoutFile{name: name, lines: strings.Split(string(b), "\n")})
			return nil
		})
	}
	return t
}

// needles are the literals that the element of a finding has in the
// template that wrote it: its id for a duplicate id, else its URL in
// quotes.
func needles(f report.Finding) []string {
	switch {
	case f.Target == "" || strings.ContainsAny(f.Target, "\"'\n"):
		return nil
	case f.Rule == "duplicate-id":
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
		if f.Page == "" || f.File != f.Page {
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
		if f.Rule == "duplicate-id" {
			f.Message = "duplicate id " + f.Target + " (the page already has an element with this id)"
		}
	}
}
