package l10n_test

import (
	"strings"
	"testing"

	"github.com/gohugoio/hugo/hugolib"
)

// hashSite is a site whose Korean i18n file has a stamp in each shape
// stamp writes: a simple key turned into an inline table (one with a
// multi-line string), a table, and a plural table.
const hashSite = `
-- hugo.toml --
baseURL = "https://legal.example.com/"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotsTXT", "404", "section"]
enableMissingTranslationPlaceholders = true
printI18nWarnings = true
[languages.en]
weight = 1
[languages.ko]
weight = 2
-- layouts/home.html --
[{{ T "read_more" }}|{{ T "back" }}|{{ T "documents" 1 }}|{{ T "documents" 2 }}|{{ T "greeting" (dict "Name" "Kim") }}]
-- i18n/en.toml --
read_more = "Read more"
back = "Back"
greeting = "Hello, {{ .Name }}"
[documents]
one = "{{ .Count }} document"
other = "{{ .Count }} documents"
-- i18n/ko.toml --
read_more = { other = "더 보기", hash = "1a2b3c4d" } # a comment stays
greeting = { other = """
{{ .Name }}님, 안녕하세요""", hash = "5e6f7a8b" }
[back]
hash = "9c0d1e2f"
other = "뒤로"
[documents]
hash = "3a4b5c6d"
other = "문서 {{ .Count }}건"
`

// TestHugoReadsHash builds a site with Hugo (the version in go.mod) to show
// that the hash a stamp writes into an i18n file is go-i18n's own field:
// Hugo reads it, renders the text and never the hash, and logs nothing at
// warning level, with missing translations shown and warned about.
func TestHugoReadsHash(t *testing.T) {
	b := hugolib.Test(t, hashSite, hugolib.TestOptWarn())
	b.AssertFileContent("public/ko/index.html", "[더 보기|뒤로|문서 1건|문서 2건|Kim님, 안녕하세요]")
	b.AssertFileContent("public/en/index.html", "[Read more|Back|1 document|2 documents|Hello, Kim]")
	for _, lang := range []string{"en", "ko"} {
		if got := b.FileContent("public/" + lang + "/index.html"); strings.Contains(got, "[i18n]") || strings.Contains(got, "hash") {
			t.Errorf("%s renders a placeholder or a hash: %s", lang, got)
		}
	}
	if log := b.LogString(); strings.Contains(log, "WARN") || strings.Contains(log, "i18n") {
		t.Errorf("Hugo logged:\n%s", log)
	}
}

// TestHugoRejectsHashNotString: a hash that is not a string is no longer
// go-i18n's field but a key of its own, and Hugo refuses the file; this is
// why Status and Stamp report it at its line.
func TestHugoRejectsHashNotString(t *testing.T) {
	files := strings.Replace(hashSite, `[back]
hash = "9c0d1e2f"`, `[back]
hash = 1`, 1)
	_, err := hugolib.TestE(t, files)
	if err == nil || !strings.Contains(err.Error(), "failed to load translations") {
		t.Fatalf("build with hash = 1: %v, want a failure to load translations", err)
	}
}
