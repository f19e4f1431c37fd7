package lint

import (
	"context"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/afero"
	"golang.org/x/tools/txtar"
)

// typographyTable is a typography table as data/typography.toml writes it.
const typographyTable = `-- data/typography.toml --
spaced = ["en", "ko", "pt-br", "id"]
full_stops = ["ja", "zh-cn"]
[quotes]
ja = "「」"
zh-cn = "“”"
[spellings.ja]
"および" = ["及び"]
"または" = ["又は"]
[readings]
consonant = ["com", "net"]
rieul = ["kr", "mail"]
vowel = ["org", "cloud"]
-- data/facts/privacy.toml --
dpo_email = "dpo@example.com"
eu_controller_name = "Tencent Cloud Europe B.V."
`

// TestTypography: each rule, per language, at its file and line; the
// allow mark waives one rule for its span.
func TestTypography(t *testing.T) {
	for _, tc := range []struct {
		name, lang, body, want string
	}{
		// quote-pair
		{"ko mismatched quotes", "ko", "“당사\"란 회사를 말합니다.\n", `content/ko/a.md:7: quote-pair: mismatched quotation marks in "“당사\"란 회사를 말합니다.": opened with “ and closed with "`},
		{"ko ascii then curly", "ko", "\"당사”란 회사를 말합니다.\n", `content/ko/a.md:7: quote-pair: mismatched quotation marks in "\"당사”란 회사를 말합니다.": opened with " and closed with ”`},
		{"ko matched curly", "ko", "“당사”란 회사를 말합니다.\n", ""},
		{"ko matched ascii", "ko", "\"당사\"란 회사를 말합니다.\n", ""},
		{"en mismatched", "en", "the “Service\" means\n", `content/en/a.md:7: quote-pair: mismatched`},
		{"quotes in code", "ko", "`“당사\"` 코드\n", ""},
		{"allowed", "ko", "{{< mark \"allow\" \"quote-pair\" >}}“당사\"란{{< /mark >}}\n", ""},
		// ascii-quote
		{"zh ascii quotes", "zh-cn", "本服务条款（以下简称\"本条款\"）构成协议。\n", `content/zh-cn/a.md:7: ascii-quote: ASCII quotation marks in "本服务条款（以下简称\"本条款\"）构成协议。": zh-cn text quotes with “…”`},
		{"zh ascii quotes around emphasis", "zh-cn", "- \"**控制者**\"指\n", `content/zh-cn/a.md:7: ascii-quote: ASCII quotation marks in "\"控制者\"指"`},
		{"zh curly quotes", "zh-cn", "本服务条款（以下简称“本条款”）构成协议。\n", ""},
		{"ja ascii quotes", "ja", "intro\n\n\"本規約\"といいます。\n", `content/ja/a.md:9: ascii-quote: ASCII quotation marks in "\"本規約\"といいます。": ja text quotes with 「…」`},
		{"ja in the title", "ja", "x\n", ""},
		{"en ascii quotes", "en", "the \"Service\" means\n", ""},
		// stop-space
		{"ja space after a full stop", "ja", "**収集しますか。** 当社は\n", `content/ja/a.md:7: stop-space: a half-width space after 。 in "収集しますか。 当社は": ja sets 。 full width, with no space after it`},
		{"zh space after a question mark", "zh-cn", "收集哪些信息？ 我们\n", `content/zh-cn/a.md:7: stop-space: a half-width space after ？`},
		{"ja stop at the end of a line", "ja", "収集します。 \n次の行\n", ""},
		{"ja no space", "ja", "収集しますか。当社は\n", ""},
		{"ko space after a period is fine", "ko", "합니다. 당사는\n", ""},
		// spelling
		{"ja kanji conjunction", "ja", "個人データ及び関連情報\n", `content/ja/a.md:7: spelling: write および, not 及び, in "個人データ及び関連情報": the form ja documents use (data/typography.toml)`},
		{"ja preferred", "ja", "個人データおよび関連情報、または\n", ""},
		{"zh not configured", "zh-cn", "个人数据及其他\n", ""},
		// particle
		{"ko particle after a fact e-mail", "ko", "{{< fact \"privacy.dpo_email\" >}}로 보내 주십시오.\n", `content/ko/a.md:7: particle: the particle in "dpo@example.com로 보내 주십시오." should be 으로: "com" is read ending on a consonant`},
		{"ko particle after an e-mail", "ko", "a@example.net를 통해\n", `content/ko/a.md:7: particle: the particle in "a@example.net를 통해" should be 을`},
		{"ko 으로 after com", "ko", "{{< fact \"privacy.dpo_email\" >}}으로 보내 주십시오.\n", ""},
		{"ko 로서 after a vowel", "ko", "Tencent Cloud로서 책임을\n", ""},
		{"ko wrong after a vowel", "ko", "Tencent Cloud은 서비스를\n", `content/ko/a.md:7: particle: the particle in "Tencent Cloud은 서비스를" should be 는: "Cloud" is read ending on a vowel`},
		{"ko rieul takes 로", "ko", "example.kr로 보내고 example.kr으로\n", `content/ko/a.md:7: particle: the particle in "example.kr로 보내고 example.kr으로" should be 로: "kr" is read ending on ㄹ`},
		{"ko after a parenthesis", "ko", "이메일(dpo@example.com)로 보내\n", ""},
		{"ko unknown word", "ko", "Weiling로 보내\n", ""},
		{"ko not a particle", "ko", "example.com이메일\n", ""},
		{"ko allowed", "ko", "{{< mark \"allow\" \"particle\" >}}example.com로{{< /mark >}}\n", ""},
		// double-period
		{"fact ending in a period", "en", "The controller is {{< fact \"privacy.eu_controller_name\" >}}. The framework\n", `content/en/a.md:7: double-period: a doubled period in "Cloud Europe B.V.. The framework": a sentence that ends with an abbreviation`},
		{"written twice", "pt-br", "Fim.. Outro\n", `content/pt-br/a.md:7: double-period: a doubled period in "Fim.. Outro"`},
		{"ellipsis", "en", "and so on... and.... more\n", ""},
		{"in a link", "en", "see [the file](../a/) here\n", ""},
		// doubled-word
		{"en doubled in text", "en", "the Short Message Service Service Level Agreement\n", `content/en/a.md:7: doubled-word: the word "Service" is doubled in "e Short Message Service Service Level Agreement"`},
		{"id doubled", "id", "layanan  layanan ini\n", `content/id/a.md:7: doubled-word: the word "layanan" is doubled in "layanan  layanan ini"`},
		{"ko doubled", "ko", "서비스 서비스 수준\n", `content/ko/a.md:7: doubled-word: the word "서비스" is doubled`},
		{"case differs", "en", "Service service\n", `content/en/a.md:7: doubled-word: the word "Service" is doubled`},
		{"across emphasis", "en", "the **Service** Service\n", `content/en/a.md:7: doubled-word`},
		{"punctuation between", "en", "service, service. Service (Service)\n", ""},
		{"e-mail and a word", "pt-br", "{{< fact \"privacy.dpo_email\" >}} com antecedência\n", ""},
		{"numbers", "en", "within 30 30 days\n", ""},
		{"ja not space-separated", "ja", "サービス サービス\n", ""},
		{"allowed doubled", "en", "{{< mark \"allow\" \"doubled-word\" >}}had had{{< /mark >}}\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			front := fm
			if tc.name == "ja in the title" {
				front = strings.Replace(fm, `title = "T"`, `title = "\"本規約\""`, 1)
				tc.want = `content/ja/a.md:2: ascii-quote: ASCII quotation marks`
			}
			got := findings(runLangs(t, typographyTable+"-- content/"+tc.lang+"/a.md --\n"+front+tc.body))
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestTypographyTitle: titles and descriptions are text too, reported at
// their front matter line.
func TestTypographyTitle(t *testing.T) {
	got := findings(runLangs(t, typographyTable+"-- content/en/a.md --\n+++\ntitle = \"SMS Service Service Level Agreement\"\ndescription = \"D\"\ndate = 2020-08-17\nweight = 1\n+++\nx\n"))
	if want := "content/en/a.md:2: doubled-word: the word \"Service\" is doubled in \"SMS Service Service Level Agreement\"\n"; got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
}

// TestTypographyTable: a table that does not parse is an error at its
// line; without one, the rules that need it say nothing.
func TestTypographyTable(t *testing.T) {
	got := findings(runLangs(t, "-- data/typography.toml --\nspaced = [\"en\"]\nfull_stops = = 1\n-- content/en/a.md --\n"+fm+"Service Service\n"))
	if want := "data/typography.toml:2: typography: the typography table does not parse"; !strings.HasPrefix(got, want) {
		t.Errorf("findings:\n%s\nwant: %s", got, want)
	}
	if got := findings(runLangs(t, "-- content/en/a.md --\n"+fm+"Service Service\n")); got != "" {
		t.Errorf("without a table: %s", got)
	}
}

// TestDoubledWord: the words of a built page's title.
func TestDoubledWord(t *testing.T) {
	for s, want := range map[string]string{
		"Short Message Service Service Level Agreement": "Service",
		"SMS Service Level Agreement":                   "",
		"Acordo de Nível de Serviço do SMS":             "",
		"Tencent Cloud Europe B.V. B.V.":                "",
		"the the":                                       "the",
	} {
		if got, _ := DoubledWord(s); got != want {
			t.Errorf("DoubledWord(%q) = %q, want %q", s, got, want)
		}
	}
}

// runLangs lints archive as a site in the six languages.
func runLangs(t *testing.T, archive string) *Result {
	t.Helper()
	fs := afero.NewMemMapFs()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		afero.WriteFile(fs, "/"+f.Name, f.Data, 0o644)
	}
	opt := Options{Langs: []string{"en", "ko", "ja", "zh-cn", "pt-br", "id"}, SourceLang: "en", Shortcodes: []string{"fact", "mark"}}
	res, err := Run(context.Background(), fs, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkCached(t, fs, opt, res)
	return res
}

// FuzzTypography: any body in any language lints without a panic,
// every typography finding is on a line of the file, and a run through
// the cache finds what a run without it finds.
func FuzzTypography(f *testing.F) {
	for _, s := range []string{"“당사\"란", "本条款\"。 x", "**質問。** 本文", "a@example.com로 Service Service B.V..", "| a。 b |\n|---|\n| “x\" |\n", "`x` <b>y</b> ![i](/i.png) [l](/x)", "{{< fact \"privacy.dpo_email\" >}}으로\n"} {
		f.Add(uint8(1), s)
		f.Add(uint8(2), s)
	}
	langs := []string{"en", "ko", "ja", "zh-cn", "pt-br", "id"}
	f.Fuzz(func(t *testing.T, n uint8, body string) {
		lang := langs[int(n)%len(langs)]
		src := fm + body
		fs := afero.NewMemMapFs()
		for _, f := range txtar.Parse([]byte(typographyTable)).Files {
			afero.WriteFile(fs, "/"+f.Name, f.Data, 0o644)
		}
		afero.WriteFile(fs, "/content/"+lang+"/a.md", []byte(src), 0o644)
		opt := Options{Langs: []string{lang}, SourceLang: "en", Shortcodes: []string{"fact", "mark"}}
		res, err := Run(context.Background(), fs, opt)
		if err != nil {
			t.Fatal(err)
		}
		checkCached(t, fs, opt, res)
		lines := strings.Count(src, "\n") + 1
		for _, f := range res.Findings {
			if f.Line < 0 || f.Line > lines {
				t.Errorf("%s:%d: %s: a line the file does not have (%d lines)", f.File, f.Line, f.Rule, lines)
			}
		}
	})
}

// doubledWordTrim is doubledWord as it trimmed each word, with the
// library's functions on every character.
func doubledWordTrim(s string) (string, int, int, bool) {
	type token struct {
		core        string
		start, end  int
		lead, trail bool
	}
	var prev *token
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += n
		}
		core := strings.TrimLeftFunc(s[i:j], notWordChar)
		start := j - len(core)
		core = strings.TrimRightFunc(core, notWordChar)
		t := &token{core: core, start: start, end: start + len(core), lead: start > i, trail: start+len(core) < j}
		i = j
		if t.core == "" {
			prev = nil
			continue
		}
		if prev != nil && !prev.trail && !t.lead && strings.EqualFold(prev.core, t.core) && word(t.core) {
			return prev.core, prev.start, t.end, true
		}
		prev = t
	}
	return "", 0, 0, false
}

// FuzzDoubledWord: doubledWord's ASCII paths find what the library's
// functions find.
func FuzzDoubledWord(f *testing.F) {
	for _, s := range []string{"the the", "“Service” Service", "(com, com)", "example.com com", "é-é É-É", "a\u00a0a", "1 1 x\u0301 x\u0301", "ça. ça"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, a, b, ok := doubledWord(s)
		w2, a2, b2, ok2 := doubledWordTrim(s)
		if w != w2 || a != a2 || b != b2 || ok != ok2 {
			t.Errorf("doubledWord(%q) = %q, %d, %d, %v, want %q, %d, %d, %v", s, w, a, b, ok, w2, a2, b2, ok2)
		}
	})
}
