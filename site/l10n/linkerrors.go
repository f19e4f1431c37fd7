package l10n

import (
	"maps"
	"path"
	"strings"

	"legalcenter/site/content"
)

// linkErrorsAside returns the sections of a translation (of the source
// sections src), where a section that links to a page the site does not
// have, while its English links only to pages it has, takes the English
// section's link targets: the build reports that link as an error at its
// line, and the structure check would repeat it as targets that differ.
// The number of links is still compared; once the link is fixed, so are
// the targets.
func (s *site) linkErrorsAside(docs []string, src, trans []*content.Section) []*content.Section {
	var known func(string) bool
	srcByID := map[string]*content.Section{}
	for _, sec := range src {
		if sec.ID != "" && srcByID[sec.ID] == nil {
			srcByID[sec.ID] = sec
		}
	}
	out := trans
	for i, t := range trans {
		e := srcByID[t.ID]
		if e == nil || len(t.Targets) == 0 || maps.Equal(t.Targets, e.Targets) {
			continue
		}
		if known == nil {
			known = s.knownTarget(docs)
		}
		broken := false
		for k := range t.Targets {
			broken = broken || !known(k)
		}
		for k := range e.Targets {
			broken = broken && known(k)
		}
		if !broken {
			continue
		}
		if &out[0] == &trans[0] {
			out = append([]*content.Section(nil), trans...)
		}
		c := *t
		c.Targets = e.Targets
		out[i] = &c
	}
	return out
}

// knownTarget returns whether an internal link target, as written, leads
// to a document of the site: a language-neutral path of a source document
// ("/privacy-policy/", "/information-requests/", with or without a
// #fragment). What it cannot judge counts as known: fragments alone,
// relative paths, paths with a language prefix or a file extension, and
// pages under a folder whose pages a content adapter makes.
func (s *site) knownTarget(docs []string) func(string) bool {
	src := s.source()
	pages := map[string]bool{}
	for _, rel := range docs {
		p := strings.TrimSuffix(rel, path.Ext(rel))
		p = strings.TrimSuffix(strings.TrimSuffix(p, "_index"), "index")
		pages["/"+strings.Trim(p, "/")] = true
	}
	adapters := map[string]bool{}
	return func(target string) bool {
		p, _, _ := strings.Cut(target, "#")
		p, _, _ = strings.Cut(p, "?")
		if !strings.HasPrefix(p, "/") || strings.Contains(path.Base(p), ".") {
			return true
		}
		p = "/" + strings.Trim(p, "/")
		if pages[p] {
			return true
		}
		first, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
		for _, lang := range s.langs {
			if strings.EqualFold(first, lang) {
				return true
			}
		}
		for dir := path.Dir(p); dir != "/" && dir != "."; dir = path.Dir(dir) {
			has, ok := adapters[dir]
			if !ok {
				_, err := s.fsys.Stat(path.Join(s.contentDirs[src], dir, "_content.gotmpl"))
				has = err == nil
				adapters[dir] = has
			}
			if has {
				return true
			}
		}
		return false
	}
}
