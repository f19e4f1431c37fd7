package lint

import (
	"strings"
	"testing"

	"legalcenter/site/content"
)

// TestTypographyStrings: the rules of the content apply to the i18n
// strings (each plural form) and to the per-language texts of data/, at
// the TOML line of the string, with the key named.
func TestTypographyStrings(t *testing.T) {
	for _, tc := range []struct {
		name, files, want string
	}{
		{"i18n inline other", "-- i18n/ja.toml --\na = { other = \"データ及び情報\", hash = \"1\" }\n",
			"i18n/ja.toml:1: spelling: write および, not 及び, in \"データ及び情報\": the form ja documents use (data/typography.toml) (a.other)\n"},
		{"i18n bare string", "-- i18n/zh-cn.toml --\n# x\nb = \"以下简称\\\"本条款\\\"\"\n",
			"i18n/zh-cn.toml:2: ascii-quote: ASCII quotation marks in \"以下简称\\\"本条款\\\"\": zh-cn text quotes with “…” (b)\n"},
		{"i18n plural forms", "-- i18n/en.toml --\n[document_count]\none = \"{{ .Count }} document\"\nother = \"{{ .Count }} documents documents\"\ndescription = \"the the\"\n",
			"i18n/en.toml:3: doubled-word: the word \"documents\" is doubled in \"" + content.ObjectReplacement + " documents documents\" (document_count.other)\n"},
		{"i18n sub-folder", "-- i18n/sla/ko.toml --\nx = { other = \"“당사\\\"란\" }\n",
			"i18n/sla/ko.toml:1: quote-pair: mismatched quotation marks in \"“당사\\\"란\": opened with “ and closed with \"; use “…” (or \"…\") on both sides (x.other)\n"},
		{"i18n Markdown", "-- i18n/ja.toml --\nx = { other = \"**質問。** [本文](/a/)\" }\n",
			"i18n/ja.toml:1: stop-space: a half-width space after 。 in \"質問。 本文\": ja sets 。 full width, with no space after it (x.other)\n"},
		{"i18n template action", "-- i18n/ko.toml --\nx = { other = \"{{ .Email }}로 보내\" }\ny = { other = \"a@example.com로\" }\n",
			"i18n/ko.toml:2: particle: the particle in \"a@example.com로\" should be 으로: \"com\" is read ending on a consonant (data/typography.toml) (y.other)\n"},
		{"i18n multi-line", "-- i18n/en.toml --\nx = { other = \"a\" }\n[y]\nother = \"\"\"\nfirst line\nthe the end\"\"\"\n",
			"i18n/en.toml:5: doubled-word: the word \"the\" is doubled in \"the the end\" (y.other)\n"},
		{"i18n meta not text", "-- i18n/en.toml --\nx = { other = \"ok\", description = \"Service Service\", hash = \"B.V..\" }\n", ""},
		{"i18n not a language", "-- i18n/fr.toml --\nx = \"Service Service\"\n", ""},
		{"i18n does not parse", "-- i18n/en.toml --\nx = = \"Service Service\"\n", ""},
		{"data per language", "-- data/slas.toml --\n[scopes.instance]\nen = \"for each each instance\"\nja = \"インスタンスごとに\"\n",
			"data/slas.toml:2: doubled-word: the word \"each\" is doubled in \"for each each instance\" (scopes.instance.en)\n"},
		{"data array table and inline", "-- data/slas.toml --\n[[agreements]]\nslug = \"a\"\n[[agreements]]\nslug = \"b\"\nnames = { zh-cn = \"云服务器\\\"x\\\"\" }\n",
			"data/slas.toml:5: ascii-quote: ASCII quotation marks in \"云服务器\\\"x\\\"\": zh-cn text quotes with “…” (agreements.1.names.zh-cn)\n"},
		{"data fact value", "-- data/slas.toml --\n[x]\nen = \"by {{< fact \\\"privacy.eu_controller_name\\\" >}}. Then\"\n",
			"data/slas.toml:2: double-period: a doubled period in \"Cloud Europe B.V.. Then\""},
		{"data sub-table of an array table", "-- data/slas.toml --\n[[agreements]]\nslug = \"a\"\n[[agreements]]\nslug = \"b\"\n[agreements.unavailable]\nen = \"the the end\"\n",
			"data/slas.toml:6: doubled-word: the word \"the\" is doubled in \"the the end\" (agreements.1.unavailable.en)\n"},
		{"data field named like a language", "-- data/x.toml --\n[[items]]\nid = \"layanan layanan\"\nname = \"x\"\n", ""},
		{"data other keys not text", "-- data/slas.toml --\nname = \"Service Service\"\n[x]\nfr = \"Service Service\"\n", ""},
		{"config language title", "-- hugo.toml --\ntitle = \"Service Service\"\n[languages.ja]\nlocale = \"ja-JP\"\ntitle = \"法務及び規約\"\n[languages.en.params]\nsub = \"the the\"\n",
			"hugo.toml:4: spelling: write および, not 及び, in \"法務及び規約\": the form ja documents use (data/typography.toml) (languages.ja.title)\nhugo.toml:6: doubled-word: the word \"the\" is doubled in \"the the\" (languages.en.params.sub)\n"},
		{"data generated skipped", "-- data/generated/x.toml --\n[x]\nen = \"Service Service\"\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := findings(runLangs(t, typographyTable+tc.files))
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// FuzzTypographyStrings: any i18n or data file lints without a panic, and
// every finding in it is on a line of the file.
func FuzzTypographyStrings(f *testing.F) {
	for _, s := range []string{
		"a = { other = \"データ及び情報\" }\n",
		"[b]\none = \"x\"\nother = \"\"\"\nthe the\"\"\"\n",
		"[[agreements]]\nnames = { ja = \"“x\\\"\" }\n[agreements.unavailable]\nja = '''\n質問。 本文'''\n",
		"x = [\"a\", { ja = \"及び\" }]\n",
		"x = = 1\n",
	} {
		f.Add(true, s)
		f.Add(false, s)
	}
	f.Fuzz(func(t *testing.T, i18n bool, src string) {
		file := "data/x.toml"
		if i18n {
			file = "i18n/ja.toml"
		}
		got := runLangs(t, typographyTable+"-- "+file+" --\n"+src)
		lines := strings.Count(src, "\n") + 1
		for _, f := range got.Findings {
			if f.File == file && (f.Line < 1 || f.Line > lines) {
				t.Errorf("%s:%d: %s: a line the file does not have (%d lines)", f.File, f.Line, f.Rule, lines)
			}
		}
	})
}
