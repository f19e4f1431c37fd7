package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCountWords(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"", 0},
		{"  \t\n ", 0},
		{"We respect your privacy.", 4},
		{"Tencent's users don’t", 3},
		{"third-party e-mail, non‑breaking", 3},
		{"a - b -- c", 3},
		{"-lead trail- 'quoted'", 3},
		{"99.95% of 3,200 days in 2020.", 6},
		{"e.g. 1,a a,1", 6},
		// Accented Latin, composed and decomposed (combining marks).
		{"résumé re\u0301sume\u0301 São Paulo, Bahasa Indonesia", 6},
		// Han, Hiragana and Katakana: a word per character; Hangul has spaces.
		{"法务中心 and 개인정보 처리방침", 7},
		{"ひらがなカタカナ", 8},
		{"Tencent云", 2},
		{"\uFFFC-day period", 2},
	} {
		if got := CountWords(tc.text); got != tc.want {
			t.Errorf("CountWords(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
}

// TestMarkdownWords counts what a reader sees of each Markdown construct.
func TestMarkdownWords(t *testing.T) {
	for _, tc := range []struct {
		name string
		md   string
		want int
	}{
		{"empty", "", 0},
		{"syntax only", "---\n\n***\n\n| |\n|---|\n", 0},
		{"paragraph", "We keep personal information\nfor 30 days.", 7},
		{"heading id", "## Data retention {#data-retention}", 2},
		{"heading attributes", "### Your rights {#your-rights .lead}", 2},
		{"heading closing hashes", "## Summary ##", 1},
		{"setext heading", "Summary\n=======", 1},
		{"link", "See [Data retention](#data-retention) below.", 4},
		{"link url", "[Cookies Policy](/cookies-policy/#what-cookies-are)", 2},
		{"link title", `[Cookies](/cookies-policy/ "Our cookies policy")`, 4},
		{"link glued", "re[ad](/x/)ing", 1},
		{"reference link", "[Terms][t] apply.\n\n[t]: /terms-of-service/ \"\"", 2},
		{"image", "![Our office in Singapore](/img/office.png)", 4},
		{"autolink", "Write to <https://example.com/legal/contact> now", 3},
		{"bare url", "See https://example.com/legal/contact-us today", 2},
		{"email autolink", "Mail <legal@example.com>.", 1},
		{"fact", `Write to us at {{< fact "privacy.dpo_email" >}}.`, 4},
		{"fact alone", `{{< fact "privacy.eu_controller_address" >}}`, 0},
		{"fact glued", `a {{< fact "privacy.retention_days" >}}-day period`, 3},
		{"fact in link", `[write to us]({{< fact "privacy.dpo_url" >}})`, 3},
		{"shortcode percent", `{{% fact "privacy.dpo_email" %}}`, 0},
		{"shortcode on lines", "Call {{< fact\n  \"privacy.dpo_phone\"\n>}} today.", 2},
		{"paired shortcode", "{{% note %}}Read this first.{{% /note %}}", 3},
		// Hugo shows a commented-out call as written: {{< fact "privacy.dpo_email" >}}.
		{"shortcode comment", `{{</* fact "privacy.dpo_email" */>}}`, 4},
		{"html comment", "<!-- translators: keep the order -->\nText here.", 2},
		{"html comment inline", "Text <!-- not this --> here.", 2},
		{"html comment lines", "Intro.\n\n<!--\nnot\nthese words\n-->\n\nEnd.", 2},
		{"raw html", "<span class=\"x\">Hi</span> there", 2},
		{"table", "| Role | Who to contact |\n|---|:---:|\n| Data controller | By e-mail to {{< fact \"privacy.dpo_email\" >}} |", 9},
		{"table cells apart", "|a|b|\n|-|-|\n|c|d|", 4},
		{"emphasis", "**What** do we *collect*? _Really_ ~~old~~ __all__", 7},
		{"emphasis inside a word", "un**believ**able foo*bar*", 2},
		{"lists", "1. First item\n2. Second\n\n- Third\n* [x] Done\n+ Last", 6},
		{"list numbers", "10. Tenth\n11) Eleventh", 2},
		{"blockquote", "> Quoted words here\n> and there", 5},
		{"code span", "Set `hash = \"x\"` in the file.", 4},
		{"fenced code", "Before.\n\n```toml\ntitle = \"Terms\"\n```\n\n~~~\nmore code\n~~~\nAfter.", 2},
		{"indented code", "Text.\n\n    code here\n", 1},
		{"escapes", `\*not emphasis\* and \# no heading`, 5},
		{"entities", "AT&amp;T&nbsp;Inc &copy; 2020", 4},
		{"hard break", "one  \ntwo\\\nthree", 3},
		{"definition list", "Controller\n: The one who decides.", 5},
		{"footnote", "A claim.[^1]\n\n[^1]: The source.", 4},
		{"task list", "- [ ] open task", 2},
		{"strikethrough", "~~gone~~ kept", 2},
		{"accents", "## Résumé {#resume}\n\nSão Paulo", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MarkdownWords(tc.md); got != tc.want {
				t.Errorf("MarkdownWords(%q) = %d, want %d", tc.md, got, tc.want)
			}
		})
	}
}

// TestRuneClassesFast: the shortcuts of isWordRune and isIdeograph give
// the Unicode tables' answer for every rune.
func TestRuneClassesFast(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		word := unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
		if r < utf8.RuneSelf {
			word = 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		}
		if got := isWordRune(r); got != word {
			t.Errorf("isWordRune(%U) = %v, want %v", r, got, word)
		}
		if got, want := isIdeograph(r), unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana); got != want {
			t.Errorf("isIdeograph(%U) = %v, want %v", r, got, want)
		}
	}
}

// BenchmarkParseSite parses every content file of the repository, as the
// build's content check does once per build.
//
//	go test -run '^$' -bench ParseSite ./site/content/
func BenchmarkParseSite(b *testing.B) {
	var files [][]byte
	var n int64
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		data, err := os.ReadFile(p)
		files, n = append(files, data), n+int64(len(data))
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	if len(files) < 100 {
		b.Fatalf("%d content files", len(files))
	}
	b.SetBytes(n)
	for b.Loop() {
		words := 0
		for _, data := range files {
			d, err := Parse(data)
			if err != nil {
				b.Fatal(err)
			}
			for _, s := range d.Sections {
				words += s.Words
			}
		}
		if words < 1000 {
			b.Fatalf("%d words", words)
		}
	}
}

// countWordsRunes is CountWords rune by rune, without its ASCII path.
func countWordsRunes(s string) int {
	n := 0
	in := false
	var prev rune
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isIdeograph(r):
			n++
			in = false
		case isWordRune(r):
			if !in {
				n++
				in = true
			}
		case in && i+size < len(s):
			next, _ := utf8.DecodeRuneInString(s[i+size:])
			in = joins(prev, r, next)
		default:
			in = false
		}
		prev = r
		i += size
	}
	return n
}

// FuzzCountWords: CountWords's ASCII path counts as the rune-by-rune
// rules do.
func FuzzCountWords(f *testing.F) {
	for _, s := range []string{"99.95% of 3,200 days", "don't-stop 'x' a--b", "法务 and 개인정보", "e.g. 1,a a,1.", "\uFFFC-day"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := CountWords(s), countWordsRunes(s); got != want {
			t.Errorf("CountWords(%q) = %d, want %d", s, got, want)
		}
	})
}
