package check

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/spf13/afero"
	"legalcenter/site/report"
)

// site runs the rules that need more than one page, once every page is
// scanned.
type site struct {
	fsys   afero.Fs // the site, for the pages the DOM is asked about (sections)
	pages  []*page
	byPath map[string]*page
	base   string
	source string
	groups [][]*page // translations of one document, found through hreflang
}

func (p *page) add(lvl report.Level, rule, tgt string, l loc, msg string) {
	p.findings = append(p.findings, report.Finding{Level: lvl, Page: p.path, File: l.file, Line: l.line, Target: tgt, Rule: rule, Message: msg})
}

// head locates findings about a page's metadata: at its first alternate, or
// the file itself.
func (p *page) head() loc {
	if len(p.alts) > 0 {
		return p.alts[0].loc
	}
	return loc{file: p.file}
}

// hreflang checks each page's alternates, then that every page of a group of
// translations lists every other, under the language that page gives itself.
func (c *site) hreflang() {
	if !slices.ContainsFunc(c.pages, func(p *page) bool { return len(p.alts) > 0 }) {
		return // a site in one language
	}
	var unmapped *page
	for _, p := range c.pages {
		if len(p.alts) == 0 {
			if !p.redirect && !p.noindex {
				p.add(report.Error, ruleNoAlts, "", p.head(), "no hreflang alternates: a page lists itself, each translation and x-default")
			}
			continue
		}
		self, xdef, mapped := false, false, true
		for i, a := range p.alts {
			l := strings.ToLower(a.lang)
			if slices.ContainsFunc(p.alts[:i], func(b alt) bool { return strings.ToLower(b.lang) == l }) {
				p.add(report.Error, ruleHreflng, a.href, a.loc, fmt.Sprintf("hreflang %q listed twice", a.lang))
				continue
			}
			if l == "x-default" {
				xdef = true
			} else if !validLang(a.lang) {
				p.add(report.Error, ruleHreflng, a.href, a.loc, fmt.Sprintf("hreflang %q is not a language code", a.lang))
			}
			if !absoluteURL(a.href) {
				p.add(report.Error, ruleHreflng, a.href, a.loc, fmt.Sprintf("alternate %s is not an absolute URL", a.lang))
			}
			switch a.kind {
			case kindInternal:
				if !a.found {
					p.add(report.Error, ruleHreflng, a.href, a.loc, fmt.Sprintf("alternate %s does not exist: /%s", a.lang, a.file))
				}
			case kindExternal:
				if c.base == "" {
					mapped = false
					if unmapped == nil {
						unmapped = p
					}
				} else {
					p.add(report.Error, ruleHreflng, a.href, a.loc, fmt.Sprintf("alternate %s is not on this site (%s)", a.lang, c.base))
				}
			default:
				p.add(report.Error, ruleHreflng, a.href, a.loc, fmt.Sprintf("alternate %s is not a usable URL", a.lang))
			}
			if a.found && a.file == p.path && l != "x-default" {
				self = true
			}
		}
		if !xdef {
			p.add(report.Error, ruleXDefault, "", p.head(), "no x-default alternate")
		}
		if mapped && !self {
			p.add(report.Error, ruleHreflng, "", p.head(), "the alternates do not list the page itself")
		}
		if self && p.htmlLang != "" && !strings.EqualFold(p.htmlLang, p.lang) {
			p.add(report.Warning, ruleHreflng, "", p.head(), fmt.Sprintf("<html lang=%q> but the page lists itself as hreflang %q", p.htmlLang, p.lang))
		}
	}
	if unmapped != nil {
		unmapped.add(report.Warning, ruleHreflng, "", unmapped.head(), "hreflang alternates are absolute URLs of an unknown site: set the base URL, or give pages an absolute canonical link, to check them")
	}
	c.groups = c.group()
	for _, g := range c.groups {
		for _, p := range g {
			for _, q := range g {
				if q == p {
					continue
				}
				lang, ok := p.listedAs(q.path)
				switch {
				case !ok && q.lists(p.path):
					p.add(report.Error, ruleHreflng, q.url(), p.head(), fmt.Sprintf("not reciprocal: %s lists this page as an alternate, this page does not list it", q.path))
				case !ok:
					p.add(report.Error, ruleHreflng, q.url(), p.head(), fmt.Sprintf("does not list the translation %s (%s)", q.path, q.lang))
				case q.lang != "" && !strings.EqualFold(lang, q.lang):
					p.add(report.Error, ruleHreflng, q.url(), p.head(), fmt.Sprintf("lists %s as %q, but that page lists itself as %q", q.path, lang, q.lang))
				}
			}
		}
	}
}

// listedAs returns the language under which p's alternates (the last to)
// list file.
func (p *page) listedAs(file string) (string, bool) {
	for i := len(p.alts) - 1; i >= 0; i-- {
		if a := p.alts[i]; a.found && a.file == file && !strings.EqualFold(a.lang, "x-default") {
			return a.lang, true
		}
	}
	return "", false
}

func (p *page) lists(file string) bool {
	return slices.ContainsFunc(p.alts, func(a alt) bool {
		return a.found && a.file == file && !strings.EqualFold(a.lang, "x-default")
	})
}

// url is how the page names itself in its alternates, else its path.
func (p *page) url() string {
	for _, a := range p.alts {
		if a.found && a.file == p.path && !strings.EqualFold(a.lang, "x-default") {
			return a.href
		}
	}
	return "/" + p.path
}

// group joins pages linked by hreflang alternates (either way) into groups of
// translations; groups of one are left out.
func (c *site) group() [][]*page {
	parent := make(map[*page]*page, len(c.pages))
	var find func(*page) *page
	find = func(p *page) *page {
		for parent[p] != nil && parent[p] != p {
			if gp := parent[parent[p]]; gp != nil {
				parent[p] = gp
			}
			p = parent[p]
		}
		return p
	}
	for _, p := range c.pages {
		for _, a := range p.alts {
			q := c.byPath[a.file]
			if !a.found || q == nil || q == p || strings.EqualFold(a.lang, "x-default") {
				continue
			}
			rp, rq := find(p), find(q)
			if rp != rq {
				if rp.path > rq.path {
					rp, rq = rq, rp
				}
				parent[rq] = rp
				parent[rp] = rp
			}
		}
	}
	members := map[*page][]*page{}
	var roots []*page
	for _, p := range c.pages { // sorted, so groups and members are too
		if parent[p] == nil {
			continue
		}
		r := find(p)
		if members[r] == nil {
			roots = append(roots, r)
		}
		members[r] = append(members[r], p)
	}
	var out [][]*page
	for _, r := range roots {
		out = append(out, members[r])
	}
	return out
}

// parity compares the heading ids of each translation with the source
// language's page of its group.
// hasLang says what is wrong when no page of the site is in language lang.
func (c *site) hasLang(lang string) error {
	seen := map[string]bool{}
	for _, p := range c.pages {
		if p.lang != "" {
			if langIs(p.lang, lang) {
				return nil
			}
			seen[strings.ToLower(p.lang)] = true
		}
	}
	langs := slices.Sorted(maps.Keys(seen))
	if len(langs) == 0 {
		return fmt.Errorf("check: source language %q: no page of the site names its language", lang)
	}
	return fmt.Errorf("check: source language %q is not a language of the site (%s)", lang, strings.Join(langs, ", "))
}

// parityEach is how many missing anchors of one translation are reported
// one by one; more are one finding.
const parityEach = 10

func (c *site) parity() {
	for _, g := range c.groups {
		i := slices.IndexFunc(g, func(p *page) bool { return langIs(p.lang, c.source) })
		if i < 0 {
			continue
		}
		src := g[i]
		for _, p := range g {
			if p == src {
				continue
			}
			srcHeads, heads := src.heads, p.heads
			if !slices.Equal(headIDs(srcHeads), headIDs(heads)) {
				// The scan found different anchors: ask the DOM which
				// of them are sections of the page, before reporting.
				srcHeads, heads = c.sections(src), c.sections(p)
			}
			want, have := headIDs(srcHeads), headIDs(heads)
			var missing, extra []heading
			for j, h := range srcHeads {
				if contains(have, h.id) || slices.ContainsFunc(srcHeads[:j], func(o heading) bool { return o.id == h.id }) {
					continue
				}
				missing = append(missing, heading{id: h.id, loc: p.near(srcHeads[:j], have)})
			}
			for j, h := range heads {
				if contains(want, h.id) || slices.ContainsFunc(heads[:j], func(o heading) bool { return o.id == h.id }) {
					continue
				}
				extra = append(extra, h)
			}
			renamed := len(missing) == 1 && len(extra) == 1
			if len(missing) > parityEach {
				// A page that lacks most of its source's sections is one
				// problem (a translation not done yet), not one per section.
				ids := make([]string, 0, 3)
				for _, h := range missing[:3] {
					ids = append(ids, "#"+h.id)
				}
				p.add(report.Error, ruleParity, src.path, missing[0].loc, fmt.Sprintf("%d section anchors of the %s source %s are missing from this translation: %s and %d more",
					len(missing), c.source, src.path, strings.Join(ids, ", "), len(missing)-3))
				missing = nil
			}
			for k, h := range missing {
				msg := fmt.Sprintf("section anchor #%s of the %s source %s (%s) is missing from this translation", h.id, c.source, src.path, src.headLoc(h.id))
				if renamed {
					msg += fmt.Sprintf("; renamed to #%s?", extra[0].id)
				}
				p.add(report.Error, ruleParity, "#"+missing[k].id, h.loc, msg)
			}
			for _, h := range extra {
				msg := fmt.Sprintf("section anchor #%s is not in the %s source %s", h.id, c.source, src.path)
				if renamed {
					msg += fmt.Sprintf("; renamed from #%s?", missing[0].id)
				}
				p.add(report.Error, ruleParity, "#"+h.id, h.loc, msg)
			}
		}
	}
}

// headIDs returns the ids of headings, sorted.
func headIDs(heads []heading) []string {
	ids := make([]string, len(heads))
	for i, h := range heads {
		ids[i] = h.id
	}
	slices.Sort(ids)
	return ids
}

// sections answers a DOM question: which of the headings the scan found in
// p are section anchors of the page, as the tree an HTML5 parser builds has
// them: h1-h6 with an id, or else the first element inside with one, of HTML (not inside svg or math), not in a
// template's content. It parses the page with goquery (over
// golang.org/x/net/html's parser) once, and only for pages whose anchors
// differ from their source page's by the scan: the scan answers the same on
// every page the pipeline writes (dom_test.go), at a fraction of the cost.
// A page the parser refuses (nested deeper than it allows) is a finding,
// and its anchors are the scan's.
func (c *site) sections(p *page) []heading {
	if p.sections != nil {
		return *p.sections
	}
	heads := p.heads
	defer func() { p.sections = &heads }()
	doc, err := c.parse(p)
	if err != nil {
		p.add(report.Error, ruleParse, "", loc{file: p.file}, "the HTML parser refuses this page ("+err.Error()+"): its section anchors are not checked against the DOM")
		return heads
	}
	dom := map[string]bool{}
	doc.Find("h1, h2, h3, h4, h5, h6").Each(func(_ int, s *goquery.Selection) {
		if s.Nodes[0].Namespace != "" || s.ParentsFiltered("template").Length() > 0 {
			return
		}
		if id, ok := s.Attr("id"); ok {
			dom[id] = true
		} else if id, ok := s.Find("[id]").First().Attr("id"); ok {
			dom[id] = true // the anchor is an element inside the heading
		}
	})
	heads = slices.DeleteFunc(slices.Clone(heads), func(h heading) bool { return !dom[h.id] })
	return heads
}

// parse reads p's DOM.
func (c *site) parse(p *page) (*goquery.Document, error) {
	f, err := c.fsys.Open(p.fsPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return goquery.NewDocumentFromReader(f)
}

func contains(sorted []string, s string) bool {
	_, ok := slices.BinarySearch(sorted, s)
	return ok
}

// near is where a missing heading belongs in p: after the last of the source
// headings before it that p has.
func (p *page) near(before []heading, have []string) loc {
	for j := len(before) - 1; j >= 0; j-- {
		if contains(have, before[j].id) {
			for _, h := range p.heads {
				if h.id == before[j].id {
					return h.loc
				}
			}
		}
	}
	if len(p.heads) > 0 {
		return p.heads[0].loc
	}
	return loc{file: p.file}
}

func (p *page) headLoc(id string) string {
	for _, h := range p.heads {
		if h.id == id {
			if h.loc.line > 0 {
				return h.loc.file + ":" + strconv.Itoa(h.loc.line)
			}
			return h.loc.file
		}
	}
	return p.file
}

func langIs(l, base string) bool {
	l, base = strings.ToLower(l), strings.ToLower(base)
	return l == base || strings.HasPrefix(l, base+"-")
}

// validLang accepts BCP 47-shaped tags: a 2-3 letter language, then
// subtags of letters and digits.
func validLang(s string) bool {
	for i := 0; ; i++ {
		sub, rest, more := strings.Cut(s, "-")
		s = rest
		if i == 0 && (len(sub) < 2 || len(sub) > 3) || len(sub) < 1 || len(sub) > 8 {
			return false
		}
		for _, c := range sub {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
				return false
			}
		}
		if !more {
			return true
		}
	}
}

func absoluteURL(s string) bool {
	s = strings.TrimSpace(s)
	for _, scheme := range [...]string{"https://", "http://"} {
		if len(s) > len(scheme) && lowerIs(s[:len(scheme)], scheme) {
			return s[len(scheme)] != '/'
		}
	}
	return false
}
