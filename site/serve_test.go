package site

import (
	"strings"
	"testing"
)

// TestServeNotFound: the preview server's 404 rules send each language's
// missing addresses to that language's 404 page, and the rest to the
// default language's, wherever the default language's pages are.
func TestServeNotFound(t *testing.T) {
	cfg := repoConfig(t)
	rules := func(inSubdir bool) string {
		c := *cfg
		c.DefaultContentLanguageInSubdir = inSubdir
		var out []string
		for _, l := range strings.Split(string(serveNotFound(&c)), "\n") {
			if v, ok := strings.CutPrefix(l, "from = "); ok {
				out = append(out, strings.Trim(v, `"`))
			}
			if v, ok := strings.CutPrefix(l, "to = "); ok {
				out[len(out)-1] += " " + strings.Trim(v, `"`)
			}
		}
		return strings.Join(out, ", ")
	}
	want := "/en/** /en/404.html, /ko/** /ko/404.html, /ja/** /ja/404.html, /zh-cn/** /zh-cn/404.html, /pt-br/** /pt-br/404.html, /id/** /id/404.html, /** /en/404.html"
	if got := rules(true); got != want {
		t.Errorf("in subfolders:\n%s\nwant\n%s", got, want)
	}
	want = "/ko/** /ko/404.html, /ja/** /ja/404.html, /zh-cn/** /zh-cn/404.html, /pt-br/** /pt-br/404.html, /id/** /id/404.html, /** /404.html"
	if got := rules(false); got != want {
		t.Errorf("English at the root:\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(string(serveNotFound(cfg)), "status = 404\n") {
		t.Error("the rules do not answer with status 404")
	}
}
