package check

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"legalcenter/site/report"
)

// linker checks the URLs of pages once every page is scanned, so that each
// #fragment is looked up in its target's ids at once. Each scanner's pages
// are checked by one linker, which resolves each URL of the scanner's
// urlTable once, and relative URLs once per page.
type linker struct {
	res      resolver
	files    map[string]bool
	pages    map[string]*page
	urls     []string
	outcomes []*outcome         // by URL; nil: not resolved yet
	local    map[int32]*outcome // relative URLs, on the page being checked

	// The <base href> of the page being checked, if any.
	baseDoc string // the base document, when another page: "docs/"; relative links of only a fragment or query go there
	offsite bool   // the base is another site: relative links are not ours to check

	redirects []redirect // the site's redirect rules: _redirects, then netlify.toml
	forced    bool       // some rule applies where a file exists

	online bool     // collect external links to fetch (Options.Online)
	ext    []extRef // those links, with where each is

	maybeOwn int // http(s) links that may be the site's own: its host is unknown
}

func newLinker(res resolver, files map[string]bool, pages map[string]*page, urls []string) *linker {
	return &linker{res: res, files: files, pages: pages, urls: urls, outcomes: make([]*outcome, len(urls)), local: map[int32]*outcome{}}
}

// outcome is what a URL resolves to, and the file it maps to.
type outcome struct {
	ref   string // the URL as written
	t     target
	file  string // kindInternal: the file it is served from
	found bool   // and that file exists
	to    *page  // that file's page, when it is one

	fragDone, fragOK bool // t's fragment, looked up in to

	redirDone, redirMatched bool      // the redirect rules applied to t
	redirProblems           []problem // and why they fail, if they do
}

func (l *linker) resolve(dir string, id int32) *outcome {
	o := l.outcomes[id]
	if o != nil && !o.t.relative {
		return o
	}
	if o != nil {
		if o := l.local[id]; o != nil {
			return o
		}
	}
	ref := l.urls[id]
	o = &outcome{ref: ref, t: l.res.resolve(dir, ref)}
	if o.t.kind == kindInternal {
		o.file, o.found = lookup(l.files, o.t)
		o.to = l.pages[o.file]
	}
	l.outcomes[id] = o
	if o.t.relative {
		l.local[id] = o
	}
	return o
}

// check checks the URLs of one page, and resolves its hreflang alternates.
func (l *linker) check(p *page) {
	clear(l.local)
	dir := path.Dir(p.path)
	if dir == "." {
		dir = ""
	}
	l.baseDoc, l.offsite = "", false
	if p.baseLine > 0 {
		dir = l.setBase(p, dir)
	}
	for r := range p.refs.all() {
		l.link(p, dir, r)
	}
	p.refs, p.origins = nil, nil
	for i := range p.alts {
		a := &p.alts[i]
		if o := l.resolve(dir, a.url); o.t.kind == kindInternal {
			a.file, a.found = o.file, o.found
			if o.to != nil {
				a.file = o.to.path // one string for all the pages that name it
			}
		} else {
			a.kind = o.t.kind
		}
	}
	p.lang = p.htmlLang
	for _, a := range p.alts {
		if a.found && a.file == p.path && !strings.EqualFold(a.lang, "x-default") {
			p.lang = a.lang
			break
		}
	}
}

// setBase applies the page's <base href>, as browsers do: relative links
// resolve against it (the folder it returns), and links of only a fragment
// or a query go to the base document. A base on another site makes the
// page's relative links external.
func (l *linker) setBase(p *page, dir string) string {
	t := l.res.resolve(dir, p.base)
	at := loc{file: p.file, line: p.baseLine}
	switch t.kind {
	case kindInternal:
		if file, _ := lookup(l.files, t); file != p.path {
			l.baseDoc = "./" + t.path
			if t.dir && t.path != "" {
				l.baseDoc += "/"
			}
		}
		if t.dir {
			return t.path
		}
		if d := path.Dir(t.path); d != "." {
			return d
		}
		return ""
	case kindExternal:
		l.offsite = true
	case kindEmpty, kindSamePage, kindPlaceholder: // the page itself
	case kindOutside:
		p.add(report.Error, ruleOutside, p.base, at, "<base href> climbs above the site root")
	case kindUnsafe:
		p.add(report.Error, ruleUnsafe, p.base, at, t.reason+" in <base href>")
	default:
		p.add(report.Error, ruleBadURL, p.base, at, "<base href> is not a usable URL: "+t.reason)
	}
	return dir
}

func (l *linker) link(p *page, dir string, r ref) {
	o := l.resolve(dir, r.url)
	if l.offsite && (o.t.relative || o.t.kind == kindSamePage) {
		return // a page of the base's site
	}
	if l.baseDoc != "" && o.t.kind == kindSamePage {
		o = l.based(o)
	}
	t := &o.t
	tag, attr := refTags[r.tag], refAttrs[r.attr]
	if r.attr == refURL || r.attr == refStyleAttr {
		attr = "url()"
		if r.attr == refStyleAttr {
			tag = "style attribute"
		} else if p.sheet {
			tag = "style sheet"
		}
	}
	add := func(lvl report.Level, rule, msg string) {
		if r.tag == refForm && lvl == report.Error {
			lvl = report.Warning // a form's action is a link only once submitted
		}
		p.add(lvl, rule, o.ref, p.loc(r), msg)
	}
	if t.backslash && t.kind != kindUnsafe {
		add(report.Warning, ruleBadURL, "backslash in a URL: browsers read it as \"/\", servers and other tools may not")
	}
	switch t.kind {
	case kindEmpty:
		add(report.Error, ruleEmpty, "empty "+attr+" on "+angle(tag))
	case kindPlaceholder:
		if p.sheet || attr == "url()" {
			break // url(#id) names an SVG element; a sheet has none
		}
		add(report.Warning, ruleEmpty, "placeholder link \"#\" on "+angle(tag))
	case kindNoAddress:
		add(report.Error, ruleEmpty, t.reason)
	case kindUnsafe:
		add(report.Error, ruleUnsafe, t.reason+" in "+attr+" of "+angle(tag))
	case kindData:
		if tag == "a" {
			add(report.Error, ruleUnsafe, "data: URL in a link")
		}
	case kindBad:
		add(report.Error, ruleBadURL, "malformed URL: "+t.reason)
	case kindOutside:
		add(report.Error, ruleOutside, "link climbs above the site root")
	case kindExternal:
		if t.maybeOwn {
			l.maybeOwn++
		}
		if l.online {
			l.ext = append(l.ext, extRef{p: p, ref: o.ref, at: p.loc(r)})
		}
	case kindSamePage:
		if p.sheet {
			return // url(#id) in a sheet names an element of the page that uses it
		}
		if t.hasFrag && t.frag != "" && !p.hasFragment(t) {
			p.add(report.Error, ruleFrag, o.ref, p.loc(r), p.missing(p, t.frag))
		}
	case kindInternal:
		if len(l.redirects) > 0 && (!o.found || l.forced) {
			if !o.redirDone {
				o.redirDone = true
				o.redirMatched, o.redirProblems = l.redirected(o.t, o.found)
			}
			if o.redirMatched {
				for _, pr := range firstProblems(o.redirProblems) {
					add(report.Error, pr.rule, pr.msg)
				}
				return // served by a redirect; its fragment is looked up where it leads
			}
		}
		if !o.found {
			switch link := symlink(l.files, o.file); {
			case link == o.file:
				add(report.Error, ruleBroken, "target is a symbolic link, which the check does not follow: /"+link)
			case link != "":
				add(report.Error, ruleBroken, "target is in a symbolic link, which the check does not follow: /"+link)
			default:
				msg := "target does not exist: /" + o.file
				if o.ref != "/"+o.file && strings.Contains(msg, o.ref) {
					// The report shows the URL as written unless the
					// message names it: say it beside what it resolved to.
					msg += " (" + attr + " " + strconv.QuoteToGraphic(o.ref) + ")"
				}
				add(report.Error, ruleBroken, msg)
			}
			return
		}
		if o.to == nil || !t.hasFrag || t.frag == "" {
			return
		}
		if !o.fragDone {
			o.fragDone, o.fragOK = true, o.to.hasFragment(t)
		}
		if !o.fragOK {
			p.add(report.Error, ruleFrag, o.ref, p.loc(r), o.to.missing(p, t.frag))
		}
	}
}

// based resolves a link of only a fragment or a query against the base
// document. The outcome is the page's own: it is not kept for other pages.
func (l *linker) based(o *outcome) *outcome {
	b := &outcome{ref: o.ref, t: l.res.resolve("", l.baseDoc+cleanRef(o.ref))}
	if b.t.kind == kindInternal {
		b.file, b.found = lookup(l.files, b.t)
		b.to = l.pages[b.file]
	}
	return b
}

// hasFragment reports whether a link's fragment names an element of p. Like
// a browser, it accepts the fragment as written or percent-decoded, and
// "#top".
// A text fragment ("#:~:text=...", or "#id:~:text=...") is a fragment
// directive, which browsers strip before they look for the id: only what
// comes before ":~:" names an element, and nothing names none.
func (p *page) hasFragment(t *target) bool {
	frag, raw := t.frag, t.rawFrag
	if i := strings.Index(frag, ":~:"); i >= 0 {
		frag = frag[:i]
		if j := strings.Index(raw, ":~:"); j >= 0 {
			raw = raw[:j]
		}
		if frag == "" {
			return true
		}
	}
	return p.hasID(frag) || p.hasID(raw) || strings.EqualFold(frag, "top")
}

// angle names an element as <tag>; a style attribute or sheet as itself.
func angle(tag string) string {
	if strings.Contains(tag, " ") {
		return tag
	}
	return "<" + tag + ">"
}

// missing is the message for a link from page from to a fragment that p
// lacks.
func (p *page) missing(from *page, frag string) string {
	where := "on this page"
	if p != from {
		where = "in " + p.path
	}
	msg := fmt.Sprintf("no element with id %q %s", frag, where)
	if p.redirect {
		msg += " (a redirect page: link to where it redirects)"
	}
	for _, id := range p.ids {
		if strings.EqualFold(id, frag) {
			msg += fmt.Sprintf(" (ids are case-sensitive: there is %q)", id)
			break
		}
	}
	return msg
}

// lookup finds the file a site path is served from, with Hugo's pretty URLs:
// "/x/" is x/index.html, and "/x" is x itself or else x/index.html.
func lookup(files map[string]bool, t target) (string, bool) {
	if t.dir {
		p := "index.html"
		if t.path != "" {
			p = t.path + "/index.html"
		}
		return p, files[p]
	}
	if files[t.path] {
		return t.path, true
	}
	if p := t.path + "/index.html"; files[p] {
		return p, true
	}
	return t.path, false
}

// symlink returns the symbolic link of the site that file is, or lies in;
// "" if none. The walk records links as files that are false.
func symlink(files map[string]bool, file string) string {
	for p := file; p != "." && p != "/" && p != ""; p = path.Dir(p) {
		if regular, ok := files[p]; ok && !regular {
			return p
		}
	}
	return ""
}

func isHTML(p string) bool {
	return strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".htm")
}
