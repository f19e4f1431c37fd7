package check

import (
	"bytes"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// element is a start tag with the attributes the checker reads. Values are
// copied out of the tokenizer's buffer only for those attributes.
type element struct {
	tag  string
	line int // line of the "<" in the HTML file, from 1

	id, name, href, src, srcset, xhref string
	dataSrc, rel, hreflang, lang       string
	httpEquiv, content                 string

	hasID, hasHref, hasSrc, hasSrcset, hasXHref bool
}

// mapped reports whether e is one of the elements that Origins lists: the
// link-bearing elements and headings. It goes by tag name alone, so that a
// minifier dropping an empty attribute cannot shift the list.
func (e *element) mapped() bool {
	switch e.tag {
	case "a", "link", "img", "script", "source", "use", "h1", "h2", "h3", "h4", "h5", "h6":
		return true
	}
	return false
}

func (e *element) heading() bool {
	return len(e.tag) == 2 && e.tag[0] == 'h' && '1' <= e.tag[1] && e.tag[1] <= '6'
}

// elements streams the start tags of an HTML document to fn, in document
// order, with their line numbers. No tree is built. The *element is reused:
// fn must copy what it keeps (its strings are safe to keep).
func elements(data []byte, fn func(*element)) {
	z := html.NewTokenizer(bytes.NewReader(data))
	line := 1
	var e element
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		start := line
		line += bytes.Count(z.Raw(), []byte{'\n'})
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		e = element{tag: tagName(name), line: start}
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			if string(k) == "id" {
				e.id, e.hasID = string(v), true
				continue
			}
			if e.tag == "" { // only ids matter on other elements
				continue
			}
			switch string(k) {
			case "name":
				e.name = string(v)
			case "href":
				e.href, e.hasHref = string(v), true
			case "src":
				e.src, e.hasSrc = string(v), true
			case "srcset":
				e.srcset, e.hasSrcset = string(v), true
			case "xlink:href":
				e.xhref, e.hasXHref = string(v), true
			case "data-src":
				e.dataSrc = string(v)
			case "rel":
				e.rel = string(v)
			case "hreflang":
				e.hreflang = string(v)
			case "lang":
				e.lang = string(v)
			case "http-equiv":
				e.httpEquiv = string(v)
			case "content":
				e.content = string(v)
			}
		}
		fn(&e)
	}
}

// tagName interns the names the checker compares, so a page's thousands of
// tags do not each allocate.
func tagName(b []byte) string {
	switch string(b) {
	case "a":
		return "a"
	case "link":
		return "link"
	case "img":
		return "img"
	case "script":
		return "script"
	case "source":
		return "source"
	case "use":
		return "use"
	case "html":
		return "html"
	case "meta":
		return "meta"
	case "h1", "h2", "h3", "h4", "h5", "h6":
		return [...]string{"h1", "h2", "h3", "h4", "h5", "h6"}[b[1]-'1']
	}
	return ""
}

// Origins returns the data-src attribute ("content/ko/privacy-policy.md:142")
// of each link-bearing element (a, link, img, script, source, use) and heading
// (h1-h6) of an HTML page, in document order, "" where an element has none.
// Call it on a page before the minifier strips the attributes, and hand the
// result to Run in Options.Origins: the n-th entry locates the n-th such
// element of the minified page.
func Origins(r io.Reader) ([]string, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var out []string
	elements(data, func(e *element) {
		if e.mapped() {
			out = append(out, e.dataSrc)
		}
	})
	return out, nil
}

// parseOrigin splits "file:line"; a value without a line number is a file.
func parseOrigin(s string) loc {
	if i := strings.LastIndexByte(s, ':'); i > 0 {
		if n, err := strconv.Atoi(s[i+1:]); err == nil && n > 0 {
			return loc{file: s[:i], line: n}
		}
	}
	return loc{file: s}
}

// loc is where a finding is, in a source file or in the HTML file.
type loc struct {
	file string
	line int
}

// page holds the compact facts the cross-page rules need; the page's bytes and
// tokens are gone once scan returns.
type page struct {
	path     string // site-relative file path
	file     string // the HTML file as the report names it
	fsPath   string // the HTML file in the afero.Fs
	lang     string // from the page's own hreflang alternate, else <html lang>
	htmlLang string
	ids      []string // sorted: every id, and the names of <a name>
	heads    []heading
	alts     []alt
	canon    string
	redirect bool // <meta http-equiv=refresh>: an alias, not a document
	noindex  bool
	frags    []fragRef // fragments to look up once every page is scanned
	findings []Finding
	links    int
}

type heading struct {
	id  string
	loc loc
}

type alt struct {
	lang, href string
	kind       kind   // of the resolved href
	file       string // the local file it maps to
	found      bool   // and that file exists
	loc        loc
}

// fragRef is a link with a fragment, to look up in the target page's ids
// once every page is scanned. The fragment is split from ref again then:
// there are many of these, so they stay small.
type fragRef struct {
	to  *page
	ref string
	loc loc
}

func (p *page) hasID(id string) bool {
	_, ok := slices.BinarySearch(p.ids, id)
	return ok
}

// scanner holds what scanning one page needs from the whole run.
type scanner struct {
	res     resolver
	files   map[string]bool
	pages   map[string]*page
	origins map[string][]string
}

// scan reads one page: page-local rules (links, duplicate ids) are checked
// here, in parallel; fragments and cross-page rules wait for every page.
func (s *scanner) scan(p *page, data []byte) {
	dir := path.Dir(p.path)
	if dir == "." {
		dir = ""
	}
	origins := s.origins[p.path]
	var (
		n       int // ordinal among mapped elements
		seen    = map[string]int{}
		ids     []string
		current loc
	)
	add := func(lvl Level, rule, tgt, msg string) {
		p.findings = append(p.findings, Finding{Level: lvl, Page: p.path, File: current.file, Line: current.line, Target: tgt, Rule: rule, Message: msg})
	}
	link := func(tag, attr, ref string) {
		p.links++
		t := s.res.resolve(dir, ref)
		if t.backslash && t.kind != kindUnsafe {
			add(Warning, ruleBadURL, ref, "backslash in a URL: browsers read it as \"/\", servers and other tools may not")
		}
		switch t.kind {
		case kindEmpty:
			add(Error, ruleEmpty, ref, "empty "+attr+" on <"+tag+">")
		case kindPlaceholder:
			add(Warning, ruleEmpty, ref, "placeholder link \"#\" on <"+tag+">")
		case kindNoAddress:
			add(Error, ruleEmpty, ref, t.reason)
		case kindUnsafe:
			add(Error, ruleUnsafe, ref, t.reason+" in "+attr+" of <"+tag+">")
		case kindData:
			if tag == "a" {
				add(Error, ruleUnsafe, ref, "data: URL in a link")
			}
		case kindBad:
			add(Error, ruleBadURL, ref, "malformed URL: "+t.reason)
		case kindOutside:
			add(Error, ruleOutside, ref, "link climbs above the site root")
		case kindSamePage:
			if t.hasFrag && t.frag != "" {
				p.frags = append(p.frags, fragRef{to: p, ref: ref, loc: current})
			}
		case kindInternal:
			file, ok := lookup(s.files, t)
			if !ok {
				add(Error, ruleBroken, ref, "target does not exist: /"+file)
				return
			}
			if to := s.pages[file]; to != nil && t.hasFrag && t.frag != "" {
				p.frags = append(p.frags, fragRef{to: to, ref: ref, loc: current})
			}
		}
	}
	elements(data, func(e *element) {
		current = loc{file: p.file, line: e.line}
		if e.mapped() {
			switch {
			case e.dataSrc != "":
				current = parseOrigin(e.dataSrc)
			case n < len(origins) && origins[n] != "":
				current = parseOrigin(origins[n])
			}
			n++
		}
		if e.hasID {
			if first, dup := seen[e.id]; dup {
				where := "line " + strconv.Itoa(first)
				if current.file != p.file {
					where += " of " + p.file
				}
				add(Error, ruleDupID, "#"+e.id, "duplicate id #"+e.id+" (first at "+where+")")
			} else {
				seen[e.id] = e.line
				ids = append(ids, e.id)
			}
		}
		switch e.tag {
		case "html":
			p.htmlLang = e.lang
		case "meta":
			if strings.EqualFold(e.httpEquiv, "refresh") {
				p.redirect = true
			}
			if strings.EqualFold(e.name, "robots") && strings.Contains(strings.ToLower(e.content), "noindex") {
				p.noindex = true
			}
		case "a":
			if e.name != "" {
				ids = append(ids, e.name)
			}
			if e.hasHref {
				link("a", "href", e.href)
			}
		case "link":
			if !e.hasHref {
				break
			}
			rels := strings.Fields(strings.ToLower(e.rel))
			if e.hreflang != "" && slices.Contains(rels, "alternate") {
				a := alt{lang: e.hreflang, href: e.href, loc: current}
				if t := s.res.resolve(dir, e.href); t.kind == kindInternal {
					a.file, a.found = lookup(s.files, t)
					if q := s.pages[a.file]; q != nil {
						a.file = q.path // one string for all the pages that name it
					}
				} else {
					a.kind = t.kind
				}
				p.alts = append(p.alts, a)
				break
			}
			if slices.Contains(rels, "canonical") {
				p.canon = e.href
			}
			link("link", "href", e.href)
		case "img", "source":
			if e.hasSrc {
				link(e.tag, "src", e.src)
			}
			if e.hasSrcset {
				for _, u := range srcset(e.srcset) {
					link(e.tag, "srcset", u)
				}
			}
		case "script":
			if e.hasSrc {
				link("script", "src", e.src)
			}
		case "use":
			if e.hasHref {
				link("use", "href", e.href)
			} else if e.hasXHref {
				link("use", "xlink:href", e.xhref)
			}
		}
		if e.hasID && e.heading() {
			p.heads = append(p.heads, heading{id: e.id, loc: current})
		}
	})
	if len(origins) > 0 && n != len(origins) {
		current = loc{file: p.file}
		add(Warning, ruleOrigins, "", "origins list "+strconv.Itoa(len(origins))+" elements, the page has "+strconv.Itoa(n)+": source lines may be wrong")
	}
	slices.Sort(ids)
	p.ids = slices.Compact(ids)
	p.lang = p.htmlLang
	for _, a := range p.alts {
		if a.found && a.file == p.path && !strings.EqualFold(a.lang, "x-default") {
			p.lang = a.lang
			break
		}
	}
}

// lookup finds the file a site path is served from, with Hugo's pretty URLs:
// "/x/" is x/index.html, and "/x" is x itself or else x/index.html.
func lookup(files map[string]bool, t target) (string, bool) {
	if t.dir {
		p := path.Join(t.path, "index.html")
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

func isHTML(p string) bool {
	return strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".htm")
}

// srcset returns the URLs of a srcset attribute, following the HTML
// specification's parser: a URL runs to white space, and commas that end it
// are separators; a descriptor runs to the next comma outside parentheses.
func srcset(s string) []string {
	var out []string
	isSpace := func(c byte) bool { return strings.IndexByte(htmlSpace, c) >= 0 }
	i := 0
	for i < len(s) {
		for i < len(s) && (isSpace(s[i]) || s[i] == ',') {
			i++
		}
		if i >= len(s) {
			break
		}
		j := i
		for j < len(s) && !isSpace(s[j]) {
			j++
		}
		u := s[i:j]
		trimmed := strings.TrimRight(u, ",")
		i = j
		if len(trimmed) < len(u) {
			out = append(out, trimmed)
			continue
		}
		out = append(out, u)
		depth := 0
		for i < len(s) {
			c := s[i]
			if c == '(' {
				depth++
			} else if c == ')' && depth > 0 {
				depth--
			} else if c == ',' && depth == 0 {
				break
			}
			i++
		}
	}
	return out
}
