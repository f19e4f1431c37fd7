package l10n

import (
	"slices"

	"legalcenter/site/report"
)

// reused is a page of an earlier report, and its findings, that Status
// takes as it was: neither its translation nor its source changed since.
type reused struct {
	page     Page
	findings []report.Finding
}

// reuse returns the page rel of lang from Options.Previous, if Status
// may take it as it was (see Options.Previous).
func (s *site) reuse(lang, rel, file, source string) (reused, bool) {
	prev := s.opt.Previous
	if prev == nil || slices.Contains(s.opt.Changed, file) || slices.Contains(s.opt.Changed, source) {
		return reused{}, false
	}
	i := slices.IndexFunc(prev.Pages, func(p Page) bool { return p.Lang == lang && p.Path == rel })
	if i < 0 || prev.Pages[i].Status == Missing || prev.Pages[i].Status == Orphan {
		return reused{}, false
	}
	out := reused{page: prev.Pages[i]}
	for _, f := range prev.Findings {
		if f.Lang == lang && f.File == file {
			out.findings = append(out.findings, f)
		}
	}
	return out, true
}
