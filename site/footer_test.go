package site

import (
	"regexp"
	"testing"
)

// TestFooterCopyrightTranslated: the footer's copyright line is in the
// page's language, not the English one on every page.
func TestFooterCopyrightTranslated(t *testing.T) {
	res := builtNetlifySite(t)
	line := regexp.MustCompile(`<p class="?copyright"?>([^<]*)</p>`)
	copyright := func(lang string) string {
		m := line.FindStringSubmatch(read(t, res.Site, lang+"/privacy-policy/index.html"))
		if m == nil {
			t.Fatalf("%s/privacy-policy/: no copyright line in the footer", lang)
		}
		return m[1]
	}
	en := copyright("en")
	for _, lang := range []string{"ko", "ja", "zh-cn", "pt-br", "id"} {
		if got := copyright(lang); got == en {
			t.Errorf("%s: the footer says %q, as the English pages do", lang, got)
		}
	}
}
