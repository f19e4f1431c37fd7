package site

import (
	"path"
	"slices"

	"github.com/spf13/afero"

	"legalcenter/site/check"
	"legalcenter/site/hugo"
	"legalcenter/site/report"
)

// traceLayouts locates the findings on elements a layout wrote at the
// layout line that wrote them (check.TraceLayouts), in the source's layout
// folders: the mounts whose target is "layouts" (Hugo's default is the
// layouts folder), then themes/*/layouts.
func traceLayouts(src afero.Fs, mounts []hugo.Mount, site afero.Fs, findings []report.Finding) {
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
	check.TraceLayouts(check.Layouts{Fs: afero.NewBasePathFs(src, "/"), Dirs: dirs, Site: site, Root: "/"}, findings)
}
