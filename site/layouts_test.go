package site

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"legalcenter/internal/sitetest"
)

// TestLayoutTrace: a duplicated id and a broken link that a navigation
// partial writes on every page are each one problem at the partial's
// line, not one per page; a URL on two lines of the layouts is traced to
// the one whose text the page's line has, and stays on the page when two
// lines write the same text.
func TestLayoutTrace(t *testing.T) {
	a := doc("en", "Privacy Policy", retention) + `
-- layouts/_partials/nav.html --
<nav class="legal-nav" aria-label="legal">
  <ul>
    <li><span id="brand">Legal</span> <span id="brand">center</span></li>
    <li><a href="/en/gone/">gone</a></li>
    <li><a href="/en/away/">away</a></li>
    <li><a href="/en/away/">away again</a></li>
    <li><a href="/en/twice/">twice</a></li>
    <li><a href="/en/twice/">twice</a></li>
  </ul>
</nav>
`
	res, err := Build(context.Background(), Options{Source: testSource(t, a), CacheDir: t.TempDir()})
	if !errors.Is(err, ErrCheck) {
		t.Fatalf("err = %v, want ErrCheck", err)
	}
	at := map[string]map[string]bool{} // target: where its findings are
	for _, f := range res.Check.Findings {
		if at[f.Target] == nil {
			at[f.Target] = map[string]bool{}
		}
		file := f.File
		if file == f.Page {
			file = "page"
		}
		at[f.Target][fmt.Sprintf("%s:%d %s", file, f.Line, f.Rule)] = true
	}
	for target, want := range map[string]string{
		"#brand":     "layouts/_partials/nav.html:3 duplicate-id",
		"/en/gone/":  "layouts/_partials/nav.html:4 broken-link",
		"/en/away/":  "layouts/_partials/nav.html:5 broken-link layouts/_partials/nav.html:6 broken-link",
		"/en/twice/": "", // two lines write the same: on the page
	} {
		var got []string
		for w := range at[target] {
			got = append(got, w)
		}
		slices.Sort(got)
		g := strings.Join(got, " ")
		if want == "" && (len(got) == 0 || strings.Contains(g, "layouts/")) || want != "" && g != want {
			t.Errorf("%s: findings at %q, want %q", target, g, cmp.Or(want, "the pages"))
		}
	}
	rep := res.Check.Report()
	groups := 0
	for _, g := range rep.Groups {
		if g.Rule == "duplicate-id" {
			groups++
		}
	}
	var md bytes.Buffer
	if err := rep.Write(&md, "markdown"); err != nil {
		t.Fatal(err)
	}
	if groups != 1 || !strings.Contains(md.String(), "layouts/_partials/nav.html:3") {
		t.Errorf("%d groups of the duplicate id, want 1 at layouts/_partials/nav.html:3; markdown:\n%s", groups, md.String())
	}
}

// TestBadRuleLevel: a rule level the check cannot take, in hugo.toml's
// [params.check.rules], is an error at its line.
func TestBadRuleLevel(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(sitetest.Repo(), "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	conf := strings.Replace(string(b), "[params.check.rules]\n", "[params.check.rules]\nanchor-parity = \"loud\"\n", 1)
	line := strings.Count(conf[:strings.Index(conf, "anchor-parity = ")], "\n") + 1
	_, err = Build(context.Background(), Options{Source: testSource(t, doc("en", "P", retention)+"-- hugo.toml --\n"+conf), CacheDir: t.TempDir()})
	want := fmt.Sprintf("hugo.toml:%d: [params.check.rules] rule anchor-parity: unknown level \"loud\"", line)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}
}
