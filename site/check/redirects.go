package check

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
)

// redirect is one rule of a Netlify _redirects file at the site root:
// "from to [status[!]] [conditions]".
type redirect struct {
	from, to string
	status   int
	line     int
}

// parseRedirects reads a _redirects file. A line it cannot read is an
// error naming its line.
func parseRedirects(file string, data []byte) ([]redirect, error) {
	var rules []redirect
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 1
	for ; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 {
			return nil, fmt.Errorf("%s:%d: a redirect needs a path and a target", file, n)
		}
		r := redirect{from: f[0], to: f[1], status: 301, line: n}
		for _, w := range f[2:] {
			if s, err := strconv.Atoi(strings.TrimSuffix(w, "!")); err == nil {
				r.status = s
			}
			// name=value: a query or a condition (Language, Country);
			// every branch is followed: the rule counts.
		}
		if !strings.HasPrefix(r.from, "/") && !strings.Contains(r.from, "://") {
			return nil, fmt.Errorf("%s:%d: %q is not a path from the site root", file, n, r.from)
		}
		rules = append(rules, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", file, n, err)
	}
	return rules, nil
}

// match returns where the rule sends the request path p ("/a/b/"), with
// its splat (*) and placeholders (:name) expanded; ok is false when it does
// not match.
func (r redirect) match(p string) (to string, ok bool) {
	from := strings.TrimSuffix(r.from, "/")
	p = strings.TrimSuffix(p, "/")
	if from == "" {
		from = "/"
	}
	if p == "" {
		p = "/"
	}
	vals := map[string]string{}
	fs, ps := strings.Split(from, "/"), strings.Split(p, "/")
	for i, seg := range fs {
		switch {
		case seg == "*" && i == len(fs)-1:
			vals["splat"] = strings.Join(ps[min(i, len(ps)):], "/")
			return expand(r.to, vals), true
		case i >= len(ps):
			return "", false
		case strings.HasPrefix(seg, ":"):
			vals[seg[1:]] = ps[i]
		case !strings.EqualFold(seg, ps[i]):
			return "", false
		}
	}
	if len(fs) != len(ps) {
		return "", false
	}
	return expand(r.to, vals), true
}

// expand replaces the placeholders of to in one pass, so that a value is
// not expanded again, the longest name first: ":ab" is not ":a" and "b".
func expand(to string, vals map[string]string) string {
	names := make([]string, 0, len(vals))
	for k := range vals {
		names = append(names, k)
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b))
	})
	var pairs []string
	for _, k := range names {
		pairs = append(pairs, ":"+k, vals[k])
	}
	return strings.NewReplacer(pairs...).Replace(to)
}

// redirected follows the site's redirect rules from the missing internal
// target t, as Netlify does when no file answers: the first rule that
// matches, then its target, up to a few hops. It returns "" when the rules
// lead to a page that exists or to another site; else why the link stays
// broken, and whether a rule matched at all.
func (l *linker) redirected(t target) (matched bool, why string) {
	p := "/" + t.path
	if t.dir && t.path != "" {
		p += "/"
	}
	for hop := 0; hop < 5; hop++ {
		var r redirect
		to, ok := "", false
		for _, r = range l.redirects {
			if to, ok = r.match(p); ok {
				break
			}
		}
		if !ok {
			if hop == 0 {
				return false, ""
			}
			return true, fmt.Sprintf("redirected to %s, which does not exist", p)
		}
		if r.status == 404 {
			return true, fmt.Sprintf("a 404 rule answers it (_redirects:%d)", r.line)
		}
		nt := l.res.resolve("", "/"+strings.TrimPrefix(to, "/"))
		if strings.Contains(to, "://") {
			nt = l.res.resolve("", to)
		}
		if nt.kind != kindInternal {
			return true, "" // another site: not ours to check offline
		}
		if _, found := lookup(l.files, nt); found {
			return true, ""
		}
		p = "/" + nt.path
		if nt.dir && nt.path != "" {
			p += "/"
		}
		if path.Clean(p) == path.Clean("/"+t.path) {
			break
		}
	}
	return true, fmt.Sprintf("redirected to %s, which does not exist", p)
}
