package site

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestNotFoundPages: each language's 404 page is in that language, title
// included; search engines are told not to index it and are given no
// canonical URL or alternates (the page stands for every missing address);
// its language menu leads to each language's home page, and the page links
// back to its own language's home. No sitemap lists it.
func TestNotFoundPages(t *testing.T) {
	var a strings.Builder
	for _, lang := range []string{"en", "ko", "ja", "zh-cn", "pt-br", "id"} {
		a.WriteString(doc(lang, "Privacy Policy "+lang, retention))
	}
	// Production: a preview says noindex, nofollow on every page.
	res, err := Build(context.Background(), Options{Source: testSource(t, a.String()), Environment: "production", CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	englishH1 := ""
	for _, lang := range []string{"en", "ko", "ja", "zh-cn", "pt-br", "id"} {
		t.Run(lang, func(t *testing.T) {
			page := read(t, res.Site, lang+"/404.html")
			var title, h1, robots string
			var inTitle, inH1, inMenu, inMain bool
			var head, menu, main []string
			z := html.NewTokenizer(strings.NewReader(page))
			for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
				tok := z.Token()
				switch tok.Type {
				case html.StartTagToken, html.SelfClosingTagToken:
					switch tok.Data {
					case "title":
						inTitle = true
					case "h1":
						inH1 = true
					case "details":
						inMenu = attr(tok, "class") == "langmenu"
					case "main":
						inMain = true
					case "meta":
						if attr(tok, "name") == "robots" {
							robots = attr(tok, "content")
						}
					case "link":
						if rel := attr(tok, "rel"); rel == "canonical" || rel == "alternate" {
							head = append(head, rel+" "+attr(tok, "href"))
						}
					case "a":
						if inMenu && attr(tok, "rel") != "external" {
							menu = append(menu, attr(tok, "hreflang")+" "+attr(tok, "href"))
						}
						if inMain {
							main = append(main, attr(tok, "href"))
						}
					}
				case html.EndTagToken:
					switch tok.Data {
					case "title":
						inTitle = false
					case "h1":
						inH1 = false
					case "details":
						inMenu = false
					case "main":
						inMain = false
					}
				case html.TextToken:
					if inTitle {
						title += tok.Data
					}
					if inH1 {
						h1 += tok.Data
					}
				}
			}
			if lang == "en" {
				englishH1 = h1
			} else if h1 == "" || h1 == englishH1 {
				t.Errorf("the heading %q is not translated", h1)
			}
			if !strings.HasPrefix(title, h1+" | ") || strings.Contains(title, "404 Page not found") {
				t.Errorf("<title>%s</title>, want the heading %q and the site's title", title, h1)
			}
			if robots != "noindex" {
				t.Errorf(`robots meta %q, want "noindex"`, robots)
			}
			if len(head) > 0 {
				t.Errorf("a 404 page has canonical or alternate links: %v", head)
			}
			want := []string{"en-US /en/", "ko-KR /ko/", "ja-JP /ja/", "zh-Hans-CN /zh-cn/", "pt-BR /pt-br/", "id-ID /id/"}
			if strings.Join(menu, ", ") != strings.Join(want, ", ") {
				t.Errorf("the language menu links to %v, want each language's home %v", menu, want)
			}
			if strings.Contains(regexp.MustCompile(`(?s)<details class="?langmenu.*?</details>`).FindString(page), "data-keep-fragment") {
				t.Error("the language menu carries the missing address's #fragment to the home pages")
			}
			if !slices.Contains(main, "/"+lang+"/") {
				t.Errorf("the page links to %v, not back to /%s/", main, lang)
			}
			if strings.Contains(read(t, res.Site, lang+"/sitemap.xml"), "404") {
				t.Errorf("%s/sitemap.xml lists the 404 page", lang)
			}
		})
	}
}
