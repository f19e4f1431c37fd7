package check

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	toml "github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// redirect is one redirect rule of the site: a line of a Netlify
// _redirects file at the site root ("from [query] to [status[!]]
// [conditions]"), or a [[redirects]] table of netlify.toml, which Netlify
// applies after the _redirects file's rules.
type redirect struct {
	from, to string
	status   int
	force    bool   // applies even where a file exists ("301!", force = true)
	conds    conds  // the requests it applies to; nil: all
	file     string // where the rule is written, for messages
	line     int
}

// at names where the rule is written: "_redirects:3".
func (r redirect) at() string {
	return fmt.Sprintf("%s:%d", cmp.Or(r.file, "_redirects"), r.line)
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
		r := redirect{from: f[0], status: 301, file: file, line: n}
		f = f[1:]
		// Query parameters to match come between the path and the target:
		// "/store id=:id /blog/:id".
		for len(f) > 0 && strings.Contains(f[0], "=") && !strings.HasPrefix(f[0], "/") && !strings.Contains(f[0], "://") {
			name, _, _ := strings.Cut(f[0], "=")
			r.conds = r.conds.add("?"+name, nil)
			f = f[1:]
		}
		if len(f) == 0 {
			return nil, fmt.Errorf("%s:%d: a redirect needs a path and a target", file, n)
		}
		r.to = f[0]
		for _, w := range f[1:] {
			if s, err := strconv.Atoi(strings.TrimSuffix(w, "!")); err == nil {
				r.status, r.force = s, strings.HasSuffix(w, "!")
			} else if name, vals, ok := strings.Cut(w, "="); ok {
				r.conds = r.conds.add(name, strings.Split(vals, ",")) // Language=ko,ja Country=kr Role=admin
			}
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

// parseNetlify reads the [[redirects]] tables of a netlify.toml with the
// TOML parser Hugo's configuration uses; the rest of the file is not
// looked at. An error names the file and the line: the TOML's, or the
// rule's key that is wrong.
func parseNetlify(file string, data []byte) ([]redirect, error) {
	// A map, not a struct: TOML keys are case-sensitive, as Netlify reads
	// them, and the decoder matches struct fields in any case.
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ := de.Position()
			return nil, fmt.Errorf("%s:%d: %s", file, line, de.Error())
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	lines := redirectLines(data)
	var rules []redirect
	list, ok := doc["redirects"].([]any)
	if _, there := doc["redirects"]; there && !ok {
		return nil, fmt.Errorf("%s:%d: redirects is not a list of tables", file, max(1, keyLine(data, "redirects")))
	}
	for i, v := range list {
		var at map[string]int
		if i < len(lines) {
			at = lines[i]
		}
		line := func(key string) int { return cmp.Or(at[key], at[""], 1) }
		d, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s:%d: a redirect is a table, not %v", file, line(""), v)
		}
		r := redirect{status: 301, file: file, line: line("")}
		var bad string
		for _, key := range slices.Sorted(maps.Keys(d)) {
			v := d[key]
			switch key {
			case "from", "to":
				s, ok := v.(string)
				if !ok {
					bad = key
				} else if key == "from" {
					r.from = s
				} else {
					r.to = s
				}
			case "status":
				n, ok := v.(int64)
				if !ok || n < 200 || n > 599 {
					return nil, fmt.Errorf("%s:%d: status = %v is not an HTTP status", file, line("status"), v)
				}
				r.status = int(n)
			case "force":
				if r.force, ok = v.(bool); !ok {
					bad = key
				}
			case "query":
				q, ok := v.(map[string]any)
				if !ok {
					bad = key
				}
				for name := range q {
					r.conds = r.conds.add("?"+name, nil)
				}
			case "conditions":
				c, ok := v.(map[string]any)
				if !ok {
					bad = key
				}
				for _, name := range slices.Sorted(maps.Keys(c)) {
					v := c[name]
					vals, ok := v.([]any)
					if !ok {
						return nil, fmt.Errorf("%s:%d: conditions.%s = %v: want a list of values", file, line("conditions"), name, v)
					}
					var ss []string
					for _, x := range vals {
						ss = append(ss, fmt.Sprint(x))
					}
					r.conds = r.conds.add(name, ss)
				}
			}
			if bad != "" {
				return nil, fmt.Errorf("%s:%d: %s = %v has the wrong type", file, line(bad), bad, v)
			}
		}
		switch {
		case r.from == "":
			return nil, fmt.Errorf("%s:%d: a redirect needs from, a path", file, line(""))
		case !strings.HasPrefix(r.from, "/") && !strings.Contains(r.from, "://"):
			return nil, fmt.Errorf("%s:%d: from = %q is not a path from the site root", file, line("from"), r.from)
		case r.to == "":
			return nil, fmt.Errorf("%s:%d: the redirect from %q needs to, a target", file, line(""), r.from)
		}
		rules = append(rules, r)
	}
	return rules, nil
}

// keyLine is the line of the first top-level key named key, 0 if none.
func keyLine(data []byte, key string) int {
	var p unstable.Parser
	p.Reset(data)
	for p.NextExpression() {
		if e := p.Expression(); e.Kind == unstable.KeyValue {
			k := e.Key()
			if k.Next() && string(k.Node().Data) == key {
				return p.Shape(e.Raw).Start.Line
			}
		}
	}
	return 0
}

// redirectLines returns, for each [[redirects]] table of a netlify.toml in
// order, the line of its header ("") and of each of its keys. Tables
// written inline (redirects = [{...}]) all get the line of that key. The
// TOML already decoded: a parser error only ends the list early.
func redirectLines(data []byte) []map[string]int {
	var (
		out []map[string]int
		cur map[string]int
		p   unstable.Parser
	)
	p.Reset(data)
	line := func(n *unstable.Node) int { return p.Shape(n.Raw).Start.Line }
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.ArrayTable, unstable.Table:
			cur = nil
			k := e.Key()
			if e.Kind == unstable.ArrayTable && k.Next() && string(k.Node().Data) == "redirects" && !k.Next() {
				k = e.Key()
				k.Next()
				cur = map[string]int{"": line(k.Node())}
				out = append(out, cur)
			}
		case unstable.KeyValue:
			k := e.Key()
			k.Next()
			name := string(k.Node().Data)
			if cur != nil {
				cur[name] = line(e)
				continue
			}
			if name == "redirects" && !k.Next() && e.Value().Kind == unstable.Array {
				for it := e.Value().Children(); it.Next(); {
					out = append(out, map[string]int{"": line(e)})
				}
			}
		}
	}
	return out
}

// match returns where the rule sends the request path p ("/a/b/"), with
// its splat (*) and placeholders (:name) expanded; ok is false when it does
// not match.
func (r redirect) match(p string) (to string, ok bool) {
	from := strings.TrimSuffix(r.from, "/")
	p, slash := strings.CutSuffix(p, "/")
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
			if slash && vals["splat"] != "" {
				vals["splat"] += "/" // the rest of the path, as requested
			}
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

// A branch is a way a request can go through the rules; redirected
// follows each, up to maxHops rules and maxBranches in all.
const (
	maxHops     = 8
	maxBranches = 64
)

// problem is why a branch of a redirected link fails.
type problem struct{ rule, msg string }

// redirected follows the site's redirect rules from the internal target t,
// as Netlify does: a rule applies to a path with no file, or to any path
// when forced; the first rule that matches wins, but one with a condition
// (a language, a country, a query) applies to some requests only, so the
// rules after it are followed too, and every branch must lead to a page
// that exists (or to another site), with t's #fragment on it. A rule with
// a 4xx or 5xx status never makes a link valid. matched is false when no
// rule applies; problems says what fails.
func (l *linker) redirected(t target, found bool) (matched bool, problems []problem) {
	w := redirectWalk{l: l, t: t, seen: map[string]bool{}}
	w.seen[reqPath(t)] = true
	matched = w.follow(reqPath(t), found, 0, reader{})
	return matched, w.problems
}

// reqPath is the request path of an internal target: "/a/b/".
func reqPath(t target) string {
	p := "/" + t.path
	if t.dir && t.path != "" {
		p += "/"
	}
	return p
}

type redirectWalk struct {
	l        *linker
	t        target // the link's target, whose fragment ends every branch
	seen     map[string]bool
	branches int
	problems []problem
}

func (w *redirectWalk) fail(rule, format string, args ...any) {
	pr := problem{rule, fmt.Sprintf(format, args...)}
	if !slices.Contains(w.problems, pr) {
		w.problems = append(w.problems, pr)
	}
}

// follow applies the rules to a request for p, which has a file when
// hasFile; it returns whether any rule applied.
func (w *redirectWalk) follow(p string, hasFile bool, hops int, rd reader) (matched bool) {
	for _, r := range w.l.redirects {
		if hasFile && !r.force {
			continue
		}
		to, ok := r.match(p)
		if !ok {
			continue
		}
		some, all, next := rd.meet(r.conds)
		if !some {
			continue // no reader of this branch meets its conditions
		}
		matched = true
		if w.branches++; w.branches > maxBranches {
			w.fail(ruleBroken, "more than %d ways through the redirect rules from %s", maxBranches, reqPath(w.t))
			return true
		}
		w.branch(r, p, to, hops, next)
		if all {
			break // no rule after one that applies to every reader of the branch does
		}
		if rd = rd.unmet(r.conds); rd == nil {
			break // and no reader is left for the rules after it
		}
	}
	return matched
}

// branch follows the rule r, which sends p to to.
func (w *redirectWalk) branch(r redirect, p, to string, hops int, rd reader) {
	if r.status >= 400 {
		w.fail(ruleBroken, "a %d rule answers %s (%s)", r.status, p, r.at())
		return
	}
	nt := w.l.res.resolve("", "/"+strings.TrimPrefix(to, "/"))
	if strings.Contains(to, "://") {
		nt = w.l.res.resolve("", to)
	}
	if nt.kind != kindInternal {
		return // another site: not ours to check offline
	}
	np := reqPath(nt)
	if w.seen[np] {
		w.fail(ruleBroken, "the redirect rules loop: %s leads back to %s (%s)", p, np, r.at())
		return
	}
	if hops+1 >= maxHops {
		w.fail(ruleBroken, "more than %d redirects from %s", maxHops, reqPath(w.t))
		return
	}
	file, found := lookup(w.l.files, nt)
	w.seen[np] = true
	matched := w.follow(np, found, hops+1, rd)
	delete(w.seen, np)
	switch {
	case matched:
	case !found:
		w.fail(ruleBroken, "redirected to %s (%s), which does not exist", np, r.at())
	case w.t.hasFrag && w.t.frag != "" && !nt.hasFrag:
		// A redirect keeps the link's fragment, a rewrite serves the
		// target's page: either way the fragment is looked up there.
		if to := w.l.pages[file]; to != nil && !to.hasFragment(&w.t) {
			w.fail(ruleFrag, "no element with id %q in %s, where %s leads (%s)", w.t.frag, to.path, reqPath(w.t), r.at())
		}
	}
}

// conds are a rule's conditions by name, in lower case ("language",
// "country", "role", "cookie"; "?id" for a query parameter): each holds
// when the request's value is one of the values, or, with no values,
// when the request has one.
type conds map[string][]string

func (c conds) add(name string, vals []string) conds {
	if c == nil {
		c = conds{}
	}
	name = strings.ToLower(name)
	for _, v := range vals {
		if v = strings.ToLower(strings.TrimSpace(v)); v != "" && !slices.Contains(c[name], v) {
			c[name] = append(c[name], v)
		}
	}
	if c[name] == nil {
		c[name] = []string{}
	}
	return c
}

// reader is what a branch of the walk knows of the requests that take
// it: for a condition's name, the values they have (in) or do not have
// (out). A reader whose language is ko, redirected once, is still one
// whose language is ko: a rule for ja never applies to it.
type reader map[string]known

type known struct{ in, out []string }

// meet reports whether the rule of conditions c applies to some requests
// of the branch, to all of them, and what is known of those it applies to.
func (rd reader) meet(c conds) (some, all bool, next reader) {
	all, next = true, maps.Clone(rd)
	for name, vals := range c {
		if len(vals) == 0 {
			all = false // a query parameter: some requests have it
			continue
		}
		k := rd[name]
		var in []string
		for _, v := range vals {
			if k.in != nil && slices.Contains(k.in, v) || k.in == nil && !slices.Contains(k.out, v) {
				in = append(in, v)
			}
		}
		if len(in) == 0 {
			return false, false, nil
		}
		if k.in == nil || len(in) < len(k.in) {
			all = false
		}
		if next == nil {
			next = reader{}
		}
		next[name] = known{in: in}
	}
	return true, all, next
}

// unmet is what is known of the requests of the branch that a rule of
// conditions c, which applies to some of them, leaves to the rules after
// it; nil when it leaves none.
func (rd reader) unmet(c conds) reader {
	if len(c) != 1 {
		return rd // the requests that fail one of several conditions: nothing more is known
	}
	next := maps.Clone(rd)
	if next == nil {
		next = reader{}
	}
	for name, vals := range c {
		if len(vals) == 0 {
			return rd
		}
		k := rd[name]
		if k.in == nil {
			next[name] = known{out: append(slices.Clone(k.out), vals...)}
			continue
		}
		var in []string
		for _, v := range k.in {
			if !slices.Contains(vals, v) {
				in = append(in, v)
			}
		}
		if len(in) == 0 {
			return nil
		}
		next[name] = known{in: in}
	}
	return next
}

// firstProblems keeps the first problem of each rule, saying how many
// other ways through the rules fail the same way: a link that no branch
// serves is one finding, not one per language.
func firstProblems(ps []problem) []problem {
	var out []problem
	n := map[string]int{}
	for _, pr := range ps {
		if n[pr.rule]++; n[pr.rule] == 1 {
			out = append(out, pr)
		}
	}
	for i, pr := range out {
		if more := n[pr.rule] - 1; more == 1 {
			out[i].msg += "; 1 other way through the redirect rules fails too"
		} else if more > 1 {
			out[i].msg += fmt.Sprintf("; %d other ways through the redirect rules fail too", more)
		}
	}
	return out
}
