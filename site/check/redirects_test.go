package check

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// TestRedirectRules: how a _redirects rule matches a path, and the lines
// it cannot read.
func TestRedirectRules(t *testing.T) {
	rules, err := parseRedirects("_redirects", []byte("# c\n/a/*  /b/:splat  200!\n/n/:y/:s /m/:s/ 302 Country=kr\n/x /y\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rule    int
		path    string
		to      string
		matches bool
	}{
		{0, "/a/one/two/", "/b/one/two/", true},
		{0, "/a/", "/b/", true},
		{0, "/b/one/", "", false},
		{1, "/n/2024/post/", "/m/post/", true},
		{1, "/n/2024/", "", false},
		{2, "/x/", "/y", true},
		{2, "/x/z", "", false},
	} {
		to, ok := rules[tc.rule].match(tc.path)
		if ok != tc.matches || to != tc.to {
			t.Errorf("rule %d on %s: %q, %v; want %q, %v", tc.rule, tc.path, to, ok, tc.to, tc.matches)
		}
	}
	if rules[0].status != 200 || rules[1].status != 302 || rules[2].status != 301 {
		t.Errorf("statuses %d %d %d, want 200 302 301", rules[0].status, rules[1].status, rules[2].status)
	}
	for _, bad := range []struct{ in, err string }{
		{"/only\n", "_redirects:1: a redirect needs a path and a target"},
		{"\nrelative /x\n", `_redirects:2: "relative" is not a path from the site root`},
	} {
		if _, err := parseRedirects("_redirects", []byte(bad.in)); err == nil || !strings.Contains(err.Error(), bad.err) {
			t.Errorf("%q: error %v, want %q", bad.in, err, bad.err)
		}
	}
}

// TestNetlifyRedirects: the [[redirects]] of netlify.toml resolve links
// after the _redirects file's rules, as Netlify applies them: forced rules
// on paths with a file, every conditioned branch, 404 rules, loops, and the
// #fragment on the page each branch ends at.
func TestNetlifyRedirects(t *testing.T) {
	const netlify = `[build]
publish = "public"

[[redirects]]
from = "/"
to = "/ko/"
status = 302
force = true
conditions = {Language = ["ko"]}

[[redirects]]
from = "/"
to = "/en/"
status = 302
force = true

[[redirects]]
from = "/old/"
to = "/nowhere/"

[[redirects]]
from = "/en/b/"
to = "/en/gone/"
force = true

[[redirects]]
from = "/loop/a"
to = "/loop/b"

[[redirects]]
from = "/loop/b"
to = "/loop/a"

[[redirects]]
from = "/en/*"
to = "/en/404.html"
status = 404

[[redirects]]
from = "/ko/*"
to = "/ko/404.html"
status = 404

[[redirects]]
from = "/*"
to = "/ko/:splat"
status = 302
  [redirects.conditions]
  Language = ["ko"]

[[redirects]]
from = "/*"
to = "/en/:splat"
status = 302
`
	site := `
-- _redirects --
/old/  /en/a/  301
-- index.html --
<a href="/">home</a> <a href="/#intro">home intro</a>
<a href="/old/">_redirects first</a> <a href="/en/b/">forced to a missing page</a>
<a href="/loop/a">a loop</a> <a href="/en/missing/">a 404 rule</a>
<a href="/a/">language-neutral</a> <a href="/a/#s">with its fragment</a> <a href="/c/">only in English</a>
-- en/index.html --
<h2 id="intro">Intro</h2>
-- ko/index.html --
-- en/a/index.html --
<h2 id="s">S</h2>
-- ko/a/index.html --
<h2 id="s">S</h2>
-- en/b/index.html --
-- en/c/index.html --
-- en/404.html --
`
	for _, osfs := range []bool{false, true} {
		rep := run(t, site, Options{Netlify: &File{Name: "netlify.toml", Data: []byte(netlify)}}, osfs)
		var got []string
		for _, f := range rep.Findings {
			got = append(got, brief(f)+": "+f.Message)
		}
		slices.Sort(got)
		want := []string{
			`error missing-fragment index.html:1 /#intro: no element with id "intro" in ko/index.html, where / leads (netlify.toml:4)`,
			`error broken-link index.html:2 /en/b/: a 404 rule answers /en/gone/ (netlify.toml:34)`,
			`error broken-link index.html:3 /loop/a: the redirect rules loop: /loop/b leads back to /loop/a (netlify.toml:30)`,
			`error broken-link index.html:3 /en/missing/: a 404 rule answers /en/missing/ (netlify.toml:34)`,
			`error broken-link index.html:4 /c/: a 404 rule answers /ko/c/ (netlify.toml:39)`,
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("osfs %v: findings:\n\t%s\nwant:\n\t%s", osfs, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
		}
	}
	for _, bad := range []struct{ in, err string }{
		{"[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\n\n[[redirects]]\nfrom = \"a\"\nto = \"/b\"\n", `netlify.toml:6: from = "a" is not a path from the site root`},
		{"[[redirects]]\nfrom = \"/a\"\n", `netlify.toml:1: the redirect from "/a" needs to, a target`},
		{"[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nstatus = 99\n", `netlify.toml:4: status = 99 is not an HTTP status`},
		{"[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nstatus = \"301\"\n", `netlify.toml:4: `},
		{"\n[[redirects]\n", `netlify.toml:2: `},
		{"redirects = [{from = \"/a\", to = \"/b\"},\n  {from = \"b\", to = \"/c\"}]\n", `netlify.toml:1: from = "b"`},
	} {
		_, err := Run(context.Background(), afero.NewMemMapFs(), Options{Netlify: &File{Name: "netlify.toml", Data: []byte(bad.in)}})
		if err == nil || !strings.Contains(err.Error(), bad.err) {
			t.Errorf("%q: error %v, want %q", bad.in, err, bad.err)
		}
	}
}
