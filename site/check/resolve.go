package check

import (
	"fmt"
	"net/url"
	"strings"
)

// kind classifies a reference found in a page.
type kind uint8

const (
	kindInternal    kind = iota // a file of the site: target.path
	kindSamePage                // only a fragment or a query: the page itself
	kindExternal                // another site: checked for syntax only
	kindData                    // a data: URL
	kindEmpty                   // "" (after trimming white space)
	kindPlaceholder             // "#"
	kindNoAddress               // mailto: or tel: without an address
	kindUnsafe                  // javascript:, vbscript:, file:, a drive letter
	kindBad                     // not a valid URL
	kindOutside                 // climbs above the site root
)

// target is where a reference points.
type target struct {
	kind      kind
	path      string // kindInternal: slash-separated, relative to the site root, no "." or ".."
	dir       bool   // the path ended in a slash (or is the root)
	hasFrag   bool
	frag      string // the fragment, percent-decoded when that is valid
	rawFrag   string // the fragment as written
	backslash bool   // the reference used "\" as a separator, which only browsers forgive
	relative  bool   // resolved against the page's folder: it means something else on another page
	maybeOwn  bool   // kindExternal, an http(s) URL, and the site's own host is unknown: it may be the site's
	reason    string // why kindBad, kindUnsafe or kindNoAddress
}

// resolver resolves references against a page, knowing which absolute URLs are
// the site's own.
type resolver struct {
	host   string // lower-case host[:port] of the base URL; "" when unknown
	prefix string // path of the base URL without slashes at either end; "" at the root
}

func newResolver(baseURL string) (resolver, error) {
	if baseURL == "" {
		return resolver{}, nil
	}
	u, err := url.Parse(baseURL)
	if err != nil {
		return resolver{}, err
	}
	if u.Host == "" {
		return resolver{}, errNoHost
	}
	return resolver{host: strings.ToLower(u.Host), prefix: strings.Trim(u.Path, "/")}, nil
}

// The characters HTML strips around an attribute's URL, and the ones the URL
// parser drops anywhere in it.
const (
	htmlSpace   = " \t\n\f\r"
	urlDropped  = "\t\n\r"
	schemeChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-."
)

// resolve resolves ref, found in a page whose directory is dir (site-relative,
// "" at the root). It never touches a file system: a target is only a path,
// and a path that would climb above the root is kindOutside, never a path.
func (r resolver) resolve(dir, ref string) target {
	ref = cleanRef(ref)
	if ref == "" {
		return target{kind: kindEmpty}
	}
	var t target
	ref, t.frag, t.rawFrag, t.hasFrag = splitFragment(ref)
	if strings.IndexByte(ref, '\\') >= 0 {
		// Browsers read "\" as "/" in http(s) URLs; so must we, to find
		// where such a link really goes.
		t.backslash = true
		ref = strings.ReplaceAll(ref, `\`, "/")
	}
	if scheme, rest, ok := cutScheme(ref); ok {
		return r.absolute(t, strings.ToLower(scheme), ref, rest)
	}
	if strings.HasPrefix(ref, "//") {
		return r.network(t, ref, ref[2:])
	}
	if i := strings.IndexByte(ref, '?'); i >= 0 {
		ref = ref[:i]
	}
	if ref == "" {
		if t.hasFrag && t.rawFrag == "" {
			t.kind = kindPlaceholder
		} else {
			t.kind = kindSamePage
		}
		return t
	}
	if ref[0] == '/' {
		return r.rooted(t, ref)
	}
	t.relative = true
	return r.path(t, dir+"/"+ref)
}

// cleanRef trims a URL from an attribute as browsers do.
func cleanRef(ref string) string {
	ref = strings.Trim(ref, htmlSpace)
	if strings.ContainsAny(ref, urlDropped) {
		ref = strings.Map(func(c rune) rune {
			if strings.ContainsRune(urlDropped, c) {
				return -1
			}
			return c
		}, ref)
	}
	return ref
}

// splitFragment splits a cleaned reference at "#": the rest, the fragment
// percent-decoded (when that is valid) and as written.
func splitFragment(ref string) (rest, frag, raw string, ok bool) {
	rest, raw, ok = strings.Cut(ref, "#")
	frag = raw
	if f, err := url.PathUnescape(raw); err == nil {
		frag = f
	}
	return rest, frag, raw, ok
}

// cutScheme splits "scheme:rest" when ref starts with a URL scheme.
func cutScheme(ref string) (scheme, rest string, ok bool) {
	i := strings.IndexByte(ref, ':')
	if i < 1 {
		return "", "", false
	}
	scheme = ref[:i]
	c := scheme[0]
	if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		return "", "", false
	}
	for j := 1; j < len(scheme); j++ {
		if !strings.ContainsRune(schemeChars, rune(scheme[j])) {
			return "", "", false
		}
	}
	return scheme, ref[i+1:], true
}

func (r resolver) absolute(t target, scheme, ref, rest string) target {
	switch scheme {
	case "http", "https":
		if !strings.HasPrefix(rest, "//") {
			t.kind, t.reason = kindBad, "an http(s) URL needs \"//\" and a host"
			return t
		}
		return r.network(t, ref, rest[2:])
	case "mailto", "tel":
		addr, query, _ := strings.Cut(rest, "?")
		a, err := url.PathUnescape(addr)
		if err != nil {
			t.kind, t.reason = kindBad, scheme+": address with bad percent-encoding"
			return t
		}
		addr = a
		if scheme == "mailto" && strings.TrimSpace(addr) == "" && strings.Contains(strings.ToLower(query), "to=") {
			t.kind = kindExternal // mailto:?to=a@example.org
			return t
		}
		if strings.TrimSpace(addr) == "" {
			t.kind, t.reason = kindNoAddress, scheme+": with no address"
			return t
		}
		if scheme == "mailto" {
			// RFC 6068: a list of addr-spec, each local-part "@" domain.
			for _, a := range strings.Split(addr, ",") {
				local, domain, ok := strings.Cut(strings.TrimSpace(a), "@")
				if !ok || local == "" || domain == "" {
					t.kind, t.reason = kindNoAddress, fmt.Sprintf("mailto: %q is not an e-mail address (local@domain)", strings.TrimSpace(a))
					return t
				}
			}
		}
		t.kind = kindExternal
		return t
	case "javascript", "vbscript", "file":
		t.kind, t.reason = kindUnsafe, scheme+": URL"
		return t
	case "data":
		t.kind = kindData
		return t
	}
	if len(scheme) == 1 {
		t.kind, t.reason = kindUnsafe, "a file path with a drive letter"
		return t
	}
	if _, err := url.Parse(ref); err != nil {
		t.kind, t.reason = kindBad, urlError(err)
		return t
	}
	t.kind = kindExternal
	return t
}

// network handles a URL with an authority: ref is the whole URL (without the
// fragment) and rest what follows "//".
func (r resolver) network(t target, ref, rest string) target {
	authority, p := rest, ""
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		authority, p = rest[:i], rest[i:]
	}
	if _, err := url.Parse(ref); err != nil {
		t.kind, t.reason = kindBad, urlError(err)
		return t
	}
	host := authority
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if host == "" || strings.HasPrefix(host, ":") {
		t.kind, t.reason = kindBad, "no host"
		return t
	}
	if r.host == "" || strings.ToLower(host) != r.host {
		t.kind, t.maybeOwn = kindExternal, r.host == ""
		return t
	}
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	if p == "" {
		p = "/"
	}
	return r.rooted(t, p)
}

// rooted resolves a root-relative path, which must lie under the base URL's
// path to be part of the site.
func (r resolver) rooted(t target, p string) target {
	if r.prefix != "" {
		rest, ok := strings.CutPrefix(p[1:], r.prefix)
		if !ok || rest != "" && rest[0] != '/' {
			// Same host, another application: not ours to check.
			t.kind = kindExternal
			return t
		}
		p = rest
	}
	return r.path(t, p)
}

// path decodes and cleans a slash-separated path. Decoding comes first, so that
// "%2e%2e", "%2f" and "%5c" cannot smuggle a ".." past the cleaning.
func (r resolver) path(t target, p string) target {
	d, err := url.PathUnescape(p)
	if err != nil {
		t.kind, t.reason = kindBad, "invalid percent-encoding in the path"
		return t
	}
	for i := 0; i < len(d); i++ {
		if d[i] < 0x20 || d[i] == 0x7f {
			t.kind, t.reason = kindBad, "control character in the path"
			return t
		}
	}
	d = strings.ReplaceAll(d, `\`, "/")
	t.kind = kindInternal
	if !strings.Contains(d, "//") && !strings.Contains(d, "/.") && !strings.HasPrefix(d, ".") {
		// Nothing to clean, as in most links.
		t.path = strings.Trim(d, "/")
		t.dir = t.path == "" || strings.HasSuffix(d, "/")
		return t
	}
	var (
		b     = make([]byte, 0, len(d))
		marks []int // where each segment in b starts, with its "/"
		dir   = true
	)
	for seg := range strings.SplitSeq(d, "/") {
		dir = true
		switch seg {
		case "", ".":
		case "..":
			if len(marks) == 0 {
				t.kind = kindOutside
				return t
			}
			b = b[:marks[len(marks)-1]]
			marks = marks[:len(marks)-1]
		default:
			marks = append(marks, len(b))
			if len(b) > 0 {
				b = append(b, '/')
			}
			b = append(b, seg...)
			dir = false
		}
	}
	t.path = string(b)
	t.dir = dir || t.path == ""
	return t
}

func urlError(err error) string {
	if e, ok := err.(*url.Error); ok {
		return e.Err.Error()
	}
	return err.Error()
}
