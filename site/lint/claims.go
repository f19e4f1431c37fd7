package lint

import (
	"cmp"
	"errors"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/spf13/afero"
	"legalcenter/site/report"
)

// ruleAddress is the rule of a page address that another file has.
const ruleAddress = "address"

// claim is one address a document's front matter asks for.
type claim struct {
	Field string // "url", "slug" or "aliases"
	Value string
	Line  int // in the file
}

// claimsOf reads url, slug and aliases from the parsed front matter
// params, fm being its text (for the lines).
func claimsOf(params map[string]any, fm string) []claim {
	var out []claim
	for _, field := range []string{"url", "slug"} {
		if v, ok := params[field].(string); ok && strings.TrimSpace(v) != "" {
			out = append(out, claim{field, v, fmLine(fm, field, v)})
		}
	}
	switch v := params["aliases"].(type) {
	case string:
		out = append(out, claim{"aliases", v, fmLine(fm, "aliases", v)})
	case []any:
		for _, a := range v {
			if s, ok := a.(string); ok {
				out = append(out, claim{"aliases", s, fmLine(fm, "aliases", s)})
			}
		}
	}
	return out
}

// claimPath is the address, as a clean path without a trailing
// "/index.html" ("/en/privacy-policy"), that the claim c of the document
// at key ("info/a.md") of a language whose pages are under prefix ("/en")
// asks for, as Hugo resolves it: an absolute url is taken as it is, a
// relative one and every alias are under the language's prefix, a slug
// and a relative alias replace the document's own name.
func claimPath(prefix, key string, c claim) (string, bool) {
	v := strings.TrimSpace(strings.ReplaceAll(c.Value, `\`, "/"))
	if v == "" || strings.Contains(v, "://") || strings.HasPrefix(v, "//") {
		return "", false
	}
	dir := path.Dir(key)
	switch c.Field {
	case "url":
		if strings.HasPrefix(v, "/") {
			return address(v), true
		}
		return address(prefix + "/" + v), true
	case "slug":
		if isIndex(key) {
			return "", false // sections keep their folder's name
		}
		return address(prefix + "/" + dir + "/" + v), true
	case "aliases":
		if strings.HasPrefix(v, "/") {
			return address(prefix + v), true
		}
		return address(prefix + "/" + dir + "/" + v), true
	}
	return "", false
}

// ownPath is the address of the document at key when its front matter
// claims none: "/en/info/a" for info/a.md, "/en/info" for info/_index.md.
func ownPath(prefix, key string) string {
	p := strings.TrimSuffix(key, path.Ext(key))
	if isIndex(key) {
		p = path.Dir(key)
	}
	return address(prefix + "/" + strings.ReplaceAll(strings.ToLower(p), " ", "-"))
}

func isIndex(key string) bool {
	base := strings.TrimSuffix(path.Base(key), path.Ext(key))
	return base == "_index" || base == "index"
}

// address is p as a clean absolute path without "/index.html": the key
// two claims of the same page share.
func address(p string) string {
	p = path.Clean("/" + p)
	if p == "/index.html" {
		return "/"
	}
	return strings.TrimSuffix(p, "/index.html")
}

// generated are the files of the site that no page may replace, and what
// each is; prefix is a language's.
func generated(prefixes []string) map[string]string {
	g := map[string]string{
		"/":            "the home page that sends readers to their language",
		"/robots.txt":  "robots.txt, which Hugo generates",
		"/sitemap.xml": "the sitemap index, which Hugo generates",
		"/_redirects":  "Netlify's redirect rules",
		"/_headers":    "Netlify's header rules (the security headers)",
		"/404.html":    "the 404 page",
	}
	for _, p := range prefixes {
		if p == "" {
			continue
		}
		g[address(p+"/sitemap.xml")] = "the language's sitemap, which Hugo generates"
		g[address(p+"/404.html")] = "the language's 404 page"
	}
	return g
}

// checkClaims reports front matter (url, slug, aliases) that asks for the
// address of a generated file (robots.txt, a sitemap, Netlify's
// _redirects or _headers, a 404 page, a static file) or of another
// document: Hugo would silently write one over the other, and later checks
// would blame the wrong files. The error is at the line that asks.
func checkClaims(fsys afero.Fs, docs []*Doc, opt Options, add func(report.Finding)) error {
	prefix := func(lang string) string {
		if p, ok := opt.Prefixes[lang]; ok {
			return p
		}
		return "/" + lang
	}
	var prefixes []string
	for _, l := range opt.Langs {
		prefixes = append(prefixes, prefix(l))
	}
	reserved := generated(prefixes)
	for _, m := range append([]Mount{{Source: "static", Target: "static"}}, opt.Mounts...) {
		if m.Target != "static" || path.IsAbs(m.Source) || strings.HasPrefix(m.Source, "..") {
			continue
		}
		err := afero.Walk(fsys, "/"+m.Source, func(p string, info fs.FileInfo, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if !info.IsDir() {
				reserved[address(strings.TrimPrefix(p, "/"+m.Source))] = "the static file " + strings.TrimPrefix(p, "/")
			}
			return nil
		})
		if err != nil {
			return err
		}
	}

	type owner struct {
		doc *Doc
		c   *claim // nil: the document's own address
	}
	owners := map[string][]owner{}
	for _, d := range docs {
		if d.Broken {
			continue
		}
		moved := false
		for i := range d.claims {
			c := &d.claims[i]
			p, ok := claimPath(prefix(d.Lang), d.Key, *c)
			if !ok {
				continue
			}
			moved = moved || c.Field != "aliases"
			owners[p] = append(owners[p], owner{d, c})
		}
		if !moved {
			p := ownPath(prefix(d.Lang), d.Key)
			owners[p] = append(owners[p], owner{d, nil})
		}
	}
	for _, p := range slices.Sorted(maps.Keys(owners)) {
		all := owners[p]
		for _, o := range all {
			if o.c == nil {
				continue
			}
			what := o.c.Field + " = " + quote(o.c.Value)
			if g, ok := reserved[p]; ok {
				add(report.Finding{File: o.doc.File, Line: o.c.Line, Rule: ruleAddress, Target: p,
					Message: what + " asks for " + p + ", the address of " + g + ": the page would replace it; choose another address"})
				continue
			}
			var others []string
			for _, x := range all {
				if x.doc != o.doc {
					others = append(others, x.doc.File)
				}
			}
			if len(others) > 0 {
				slices.Sort(others)
				add(report.Finding{File: o.doc.File, Line: o.c.Line, Rule: ruleAddress, Target: p,
					Message: what + " asks for " + cmp.Or(p, "/") + ", the address of " + strings.Join(slices.Compact(others), ", ") + ": one page would overwrite the other; choose another address"})
			}
		}
	}
	return nil
}
