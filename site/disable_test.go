package site

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// TestDisableLanguages builds the repository's site with one language
// disabled in hugo.toml, as a preview (with the translators' status page):
// the other five are built, and nothing that is published or reported,
// no page, sitemap entry, hreflang, language-menu entry, status row or
// finding, names the disabled one. Every stage reads its languages from
// the configuration Hugo loaded.
func TestDisableLanguages(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole site")
	}
	src, err := NewSource("..")
	if err != nil {
		t.Fatal(err)
	}
	conf, err := afero.ReadFile(src, "/hugo.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Generate("hugo.toml", append([]byte("disableLanguages = [\"id\"]\n"), conf...)); err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), Options{Source: src, Environment: "preview", CacheDir: t.TempDir()})
	if err != nil {
		if res != nil && res.Check != nil {
			var b strings.Builder
			res.Check.Write(&b, "text")
			t.Fatalf("%v\n%s", err, b.String())
		}
		t.Fatal(err)
	}

	var langs []string
	for _, p := range res.Pages {
		if !slices.Contains(langs, p.Lang) {
			langs = append(langs, p.Lang)
		}
	}
	slices.Sort(langs)
	if want := []string{"en", "ja", "ko", "pt-br", "zh-cn"}; !slices.Equal(langs, want) {
		t.Errorf("languages built: %q, want %q", langs, want)
	}

	// What would name Indonesian: its folder in a link or a file name,
	// its locale (hreflang, lang), its label in the language menu, its
	// content and i18n files.
	mentions := []string{"/id/", `"id-ID"`, "Bahasa Indonesia", "content/id/", "i18n/id.toml", `<th scope="row"><a href="#lang-id">id</a></th>`, `id="lang-id"`}
	files := 0
	err = afero.Walk(res.Site, "/", func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		files++
		if strings.HasPrefix(p, "/id/") {
			t.Errorf("%s: built for the disabled language", p)
			return nil
		}
		b, err := afero.ReadFile(res.Site, p)
		if err != nil {
			return err
		}
		for _, m := range mentions {
			if strings.Contains(string(b), m) {
				t.Errorf("%s names the disabled language: %s", p, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// The checks did run on what was built: the sitemaps list the other
	// languages, the status page has their rows, the menu their entries.
	for file, want := range map[string][]string{
		"/ko/sitemap.xml":                   {"/ko/privacy-policy/", `hreflang="ja-JP"`},
		"/en/translation-status/index.html": {`<th scope="row"><a href="#lang-ko">ko</a></th>`, `<th scope="row"><a href="#lang-pt-br">pt-br</a></th>`},
		"/ja/privacy-policy/index.html":     {"Português (Brasil)", "简体中文", `hreflang="zh-Hans-CN"`},
	} {
		b, err := afero.ReadFile(res.Site, file)
		if err != nil {
			t.Error(err)
			continue
		}
		for _, w := range want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %s", file, w)
			}
		}
	}

	for _, f := range res.Check.Findings {
		line := f.File + " " + f.Page + " " + f.Message
		for _, m := range mentions {
			if strings.Contains(line, m) {
				t.Errorf("finding names the disabled language: %+v", f)
			}
		}
	}
}

// TestNewLanguage: a language added to hugo.toml is built, linked and
// reported on with no change in Go code: its pages, its hreflang and
// language-menu entry on the other languages' pages, and its row on the
// translators' status page.
func TestNewLanguage(t *testing.T) {
	conf, err := afero.ReadFile(afero.NewOsFs(), "../hugo.toml")
	if err != nil {
		t.Fatal(err)
	}
	fr := "\n[languages.fr]\nlabel = \"Français\"\nlocale = \"fr-FR\"\ntitle = \"Centre juridique\"\nweight = 7\ncontentDir = \"content/fr\"\n"
	src := testSource(t, "-- hugo.toml --\n"+string(conf)+fr+doc("en", "Privacy Policy", retention)+doc("fr", "Politique de confidentialité", retention))
	res, err := Build(context.Background(), Options{Source: src, Environment: "preview", CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string][]string{
		"fr/privacy-policy/index.html":     {"Politique de confidentialité", `hreflang="en-US"`},
		"en/privacy-policy/index.html":     {`hreflang="fr-FR" href="https://legal.example.com/fr/privacy-policy/"`, "Français"},
		"en/translation-status/index.html": {`<th scope="row"><a href="#lang-fr">fr</a></th>`},
	} {
		got := read(t, res.Site, file)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %s", file, w)
			}
		}
	}
}
