package site

import (
	"path"
	"slices"

	"github.com/spf13/afero"

	"legalcenter/site/check"
	"legalcenter/site/hugo"
	"legalcenter/site/report"
)

// layoutsOf are the source's layout folders, for check.TraceLayouts: the
// mounts whose target is "layouts" (Hugo's default is the layouts folder),
// then themes/*/layouts.
func layoutsOf(src afero.Fs, mounts []hugo.Mount) check.Layouts {
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
	return check.Layouts{Fs: afero.NewBasePathFs(src, "/"), Dirs: dirs}
}

// traceLayouts locates the findings on elements a layout wrote at the
// layout line that wrote them (check.TraceLayouts), in the source's layout
// folders (layoutsOf). The lines of the pages scanned holds are read there
// (it kept those the layouts can have written), those of the others in
// site.
func traceLayouts(src afero.Fs, mounts []hugo.Mount, site afero.Fs, scanned *check.Pages, findings []report.Finding) {
	l := layoutsOf(src, mounts)
	l.Site, l.Root, l.Pages = site, "/", scanned
	check.TraceLayouts(l, findings)
}
