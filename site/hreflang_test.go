package site

import (
	"context"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"golang.org/x/net/html"
	"legalcenter/site/l10n"
)

// linkLanguages checks the links of the built page name that say which
// language they lead to (hreflang): each must name the page it leads to
// as that page names itself among its hreflang alternates, so a reader's
// browser or screen reader gets one name for each language. It returns
// the links it checked, "hreflang href".
func linkLanguages(t *testing.T, site afero.Fs, name string) []string {
	t.Helper()
	var links []string
	z := html.NewTokenizer(strings.NewReader(read(t, site, name)))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		if tok.Type != html.StartTagToken || tok.Data != "a" || attr(tok, "hreflang") == "" {
			continue
		}
		lang, href := attr(tok, "hreflang"), attr(tok, "href")
		links = append(links, lang+" "+href)
		if !strings.HasPrefix(href, "/") {
			continue // another site's page
		}
		path, _, _ := strings.Cut(href, "#")
		var self string
		for _, a := range headAlternates(read(t, site, strings.TrimPrefix(path, "/")+"index.html")) {
			if l, u, _ := strings.Cut(a, " "); u == "https://legal.example.com"+path && l != "x-default" {
				self = l
			}
		}
		if self != lang {
			t.Errorf("%s: the link to %s says hreflang=%q; that page names itself %q", name, href, lang, self)
		}
	}
	return links
}

// TestStaleNoticeHreflang: the stale-translation notice names the English
// page's language as that page and the language menu do ("en-US"), not by
// its language code.
func TestStaleNoticeHreflang(t *testing.T) {
	mem := afero.NewMemMapFs()
	copyFs(t, mem, testSource(t, doc("en", "Privacy Policy", retention)+doc("ko", "개인정보", "## 보존 {#data-retention}\n\n보관합니다.\n")))
	if err := l10n.Stamp(afero.NewBasePathFs(mem, "/"), "content/ko/privacy-policy.md", l10n.Options{}); err != nil {
		t.Fatal(err)
	}
	en := strings.Replace(read(t, mem, "content/en/privacy-policy.md"), "We keep it for a while.", "We keep it for ten days.", 1)
	afero.WriteFile(mem, "/content/en/privacy-policy.md", []byte(en), 0o644)
	res, err := Build(context.Background(), Options{Source: newSource(afero.NewReadOnlyFs(mem)), CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	links := linkLanguages(t, res.Site, "ko/privacy-policy/index.html")
	found := false
	for _, l := range links {
		found = found || strings.HasSuffix(l, " /en/privacy-policy/#data-retention")
	}
	if !found {
		t.Errorf("no stale-translation notice linking to the English section among the language links %q", links)
	}
}
