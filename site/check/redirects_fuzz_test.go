package check

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// FuzzRedirects feeds hostile _redirects files to the parser and follows
// their rules: whatever the input, parsing never panics, an error names
// the file and a line of it, every rule is a path from the site root (or
// an absolute URL) on the line it was read from, matching is deterministic,
// and following the rules ends.
func FuzzRedirects(f *testing.F) {
	for _, s := range []struct{ file, path string }{
		{"/old /new 301\n/blog/* /news/:splat 302!\n", "/blog/a/b/"},
		{"/:lang/privacy /:lang/privacy-policy/ 301\n", "/ko/privacy/"},
		{"/a /b\n/b /a\n", "/a"},            // a loop
		{"/* /index.html 200\n", "/x/y"},    // catch-all
		{"/gone /404.html 404\n", "/gone/"}, // a 404 rule
		{"https://old.example.com/* https://legal.example.com/:splat 301!\n", "/x"},
		{"# comment\n\n/a /b # trailing\n/c /d 301 Language=ko,ja Country=kr\n", "/c"},
		{"/:a/:ab /:ab/:a\n", "/x/y"}, // a placeholder's name starts another's
		{"/only-one-field\n", "/"},
		{"old /new\n", "/old"},
		{"/a\t/b\r\n/c /d\r\n", "/a"},
		{"/a /b 9999999999999999999999\n", "/a"},
	} {
		f.Add([]byte(s.file), s.path)
	}
	res, err := newResolver("https://legal.example.com/")
	if err != nil {
		f.Fatal(err)
	}
	files := map[string]bool{"index.html": true, "new/index.html": true, "404.html": true}
	lineErr := regexp.MustCompile(`^_redirects:([0-9]+): `)
	f.Fuzz(func(t *testing.T, data []byte, p string) {
		rules, err := parseRedirects("_redirects", data)
		lines := bytes.Count(data, []byte("\n")) + 1
		if err != nil {
			m := lineErr.FindStringSubmatch(err.Error())
			if m == nil {
				t.Fatalf("error %q does not name _redirects:line", err)
			}
			if n, _ := strconv.Atoi(m[1]); n < 1 || n > lines {
				t.Fatalf("error %q names line %s of a %d-line file", err, m[1], lines)
			}
			return
		}
		last := 0
		for _, r := range rules {
			if r.line <= last || r.line > lines {
				t.Fatalf("rule %+v: line out of order or range (%d lines)", r, lines)
			}
			last = r.line
			if r.from == "" || r.to == "" || r.from[0] != '/' && !bytes.Contains([]byte(r.from), []byte("://")) {
				t.Fatalf("rule %+v: not a path from the root", r)
			}
			for _, q := range []string{p, r.from} {
				to, ok := r.match(q)
				to2, ok2 := r.match(q)
				if to != to2 || ok != ok2 {
					t.Fatalf("rule %+v on %q: %q %v, then %q %v", r, q, to, ok, to2, ok2)
				}
			}
		}
		l := newLinker(res, files, nil, nil)
		l.redirects = rules
		for _, q := range []string{p, "/"} {
			tg := res.resolve("", q)
			if tg.kind != kindInternal {
				continue
			}
			_, found := lookup(files, tg)
			matched, problems := l.redirected(tg, found)
			if !matched && len(problems) > 0 {
				t.Fatalf("%q: no rule matched, yet %q", q, problems)
			}
		}
	})
}

// FuzzNetlify feeds hostile netlify.toml files to its [[redirects]]
// reader: it never panics, an error names netlify.toml and a line of it,
// and each rule is on a line of the file, in order.
func FuzzNetlify(f *testing.F) {
	for _, s := range []string{
		"[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\n",
		"[[redirects]]\nfrom = \"/*\"\nto = \"/en/:splat\"\nstatus = 302\nforce = true\nconditions = {Language = [\"ko\"]}\n",
		"redirects = [{from = \"/a\", to = \"/b\"}, {from = \"/c\", to = \"/d\", status = 404}]\n",
		"[build]\ncommand = \"x\"\n[[redirects]]\nfrom = \"a\"\nto = \"/b\"\n",
		"[[redirects]]\nfrom = \"/a\"\nstatus = \"x\"\n",
		"[[redirects]\n",
		"[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\n[redirects.conditions]\nCountry = [\"kr\"]\n",
	} {
		f.Add([]byte(s))
	}
	lineErr := regexp.MustCompile(`^netlify.toml:([0-9]+): `)
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, err := parseNetlify("netlify.toml", data)
		lines := bytes.Count(data, []byte("\n")) + 1
		if err != nil {
			m := lineErr.FindStringSubmatch(err.Error())
			if m == nil {
				if strings.HasPrefix(err.Error(), "netlify.toml: ") {
					return // an error of the TOML decoder with no position
				}
				t.Fatalf("error %q does not name netlify.toml:line", err)
			}
			if n, _ := strconv.Atoi(m[1]); n < 1 || n > lines {
				t.Fatalf("error %q names line %s of a %d-line file", err, m[1], lines)
			}
			return
		}
		last := 0
		for _, r := range rules {
			if r.line < last || r.line < 1 || r.line > lines {
				t.Fatalf("rule %+v: line out of order or range (%d lines)", r, lines)
			}
			last = r.line
		}
	})
}

// TestRedirectPlaceholders: a placeholder whose name starts another's is
// expanded whole, the same way every time.
func TestRedirectPlaceholders(t *testing.T) {
	for _, tc := range []struct{ from, to, path, want string }{
		{"/:a/:ab", "/:ab/:a", "/x/y", "/y/x"},
		{"/:lang/*", "/:lang/new/:splat", "/ko/a/b", "/ko/new/a/b"},
		{"/:s/*", "/:splat/:s", "/x/y", "/y/x"},
	} {
		r := redirect{from: tc.from, to: tc.to}
		for range 20 { // map order varies from run to run
			if got, ok := r.match(tc.path); !ok || got != tc.want {
				t.Fatalf("%s -> %s on %s: %q, %v; want %q", tc.from, tc.to, tc.path, got, ok, tc.want)
			}
		}
	}
}
