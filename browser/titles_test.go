package browser

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/pelletier/go-toml/v2"
	xhtml "golang.org/x/net/html"
)

// A translated page's <h1> and <title> must be in the page's language, not
// English left over from the source. The rule, for every language but
// English, after the names that stay as written in every language (brands)
// are taken out of both texts:
//
//   - Korean has Hangul, Japanese has kana or kanji, Simplified Chinese has
//     Han characters; none has another of these scripts (no Hangul in
//     Japanese, no kana in Chinese...); Portuguese and Indonesian have words
//     in Latin letters and none of these scripts;
//   - no two consecutive words of the English page's text remain ("Privacy
//     Policy" in a Korean title; all of it, when the English text has one
//     word). Single loanwords pass: "Cookie 政策", "개인정보 보호 FAQ",
//     "Keamanan Data".
//
// The brands are hugo.toml's [params.l10n] identicalOK (the UI strings that
// may stay in English) and the product names of data/slas.toml (short, name
// and localized names), which the agreements' titles carry.

// titlePages are the pages whose title and heading the browser reads in
// every language: the home page, the privacy policy, a service level
// agreement and law-enforcement guidelines. TestAllTitlesInLanguage reads
// every published document without a browser.
func (f *fixture) titlePages(t *testing.T, lang string) []string {
	return append(f.keyPages(t, lang), "/"+lang+"/information-requests/law-enforcement-data-request-guidelines-rest-of-world/")
}

// pageText is what the reader sees of a page's language and title.
type pageText struct {
	Lang  string   `json:"lang"`
	Title string   `json:"title"`
	H1    []string `json:"h1"` // every h1 of the page
}

const readPageText = `({lang: document.documentElement.lang, title: document.title,
  h1: [...document.querySelectorAll("h1")].map(h => h.innerText.trim())})`

// TestTitlesInLanguage opens the titlePages in every language: each has
// one h1, its <title> holds it, and both are in the page's language (the
// English page's h1 and title are the texts that must not remain).
func TestTitlesInLanguage(t *testing.T) {
	f := browserSite(t)
	brands := titleBrands(t)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb := f.newTab(t, desktopWidth, desktopHeight)
			for _, path := range f.titlePages(t, lang) {
				tb.open(path)
				got := eval[pageText](tb, readPageText)
				en := f.publishedText(t, "en"+strings.TrimPrefix(path, "/"+lang)+"index.html")
				for _, p := range titleProblems(lang, f.locale[lang], got, en, brands) {
					t.Errorf("%s: %s", path, p)
				}
			}
		})
	}
}

// TestAllTitlesInLanguage applies the rule of TestTitlesInLanguage to every
// published document (home, section and regular pages), from the files.
func TestAllTitlesInLanguage(t *testing.T) {
	f := servedSite(t)
	brands := titleBrands(t)
	english := map[string]string{} // kind and path: the English file
	for _, p := range f.res.Pages {
		if p.Lang == "en" {
			english[p.Kind+" "+p.Path] = p.Out
		}
	}
	checked := map[string]int{}
	for _, p := range f.res.Pages {
		if p.Kind != "home" && p.Kind != "section" && p.Kind != "page" {
			continue
		}
		got := f.publishedText(t, p.Out)
		var en pageText
		if name, ok := english[p.Kind+" "+p.Path]; ok {
			en = f.publishedText(t, name)
		}
		for _, problem := range titleProblems(p.Lang, f.locale[p.Lang], got, en, brands) {
			t.Errorf("%s: %s", p.Out, problem)
		}
		checked[p.Lang]++
	}
	for _, lang := range languages {
		if checked[lang] < 20 {
			t.Errorf("%s: only %d documents checked", lang, checked[lang])
		}
	}
	t.Logf("documents checked per language: %v", checked)
}

// titleProblems checks a page's h1 and title in a language with a locale
// against the English page's (en, empty when the page has no English
// version).
func titleProblems(lang, locale string, got, en pageText, brands []string) []string {
	var out []string
	if got.Lang != locale {
		out = append(out, fmt.Sprintf("<html lang=%q>, want %q", got.Lang, locale))
	}
	if len(got.H1) != 1 || got.H1[0] == "" {
		return append(out, fmt.Sprintf("want one h1 with a text, the page has %q", got.H1))
	}
	h1 := got.H1[0]
	if !strings.Contains(got.Title, h1) {
		out = append(out, fmt.Sprintf("the <title> %q does not hold the h1 %q", got.Title, h1))
	}
	var enH1 string
	if len(en.H1) == 1 {
		enH1 = en.H1[0]
	}
	if p := notInLanguage(lang, h1, enH1, brands); p != "" {
		out = append(out, fmt.Sprintf("the h1 %q %s", h1, p))
	}
	if p := notInLanguage(lang, got.Title, en.Title, brands); p != "" {
		out = append(out, fmt.Sprintf("the <title> %q %s", got.Title, p))
	}
	return out
}

// Scripts a title's letters are sorted into.
const (
	scriptLatin = iota + 1
	scriptHangul
	scriptKana
	scriptHan
)

func scriptOf(r rune) int {
	switch {
	case unicode.Is(unicode.Hangul, r):
		return scriptHangul
	case unicode.In(r, unicode.Hiragana, unicode.Katakana) || r == 'ー' || r == 'ｰ':
		return scriptKana
	case unicode.Is(unicode.Han, r):
		return scriptHan
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		return scriptLatin
	}
	return 0
}

// ownScripts are the scripts a title in a language must have one of, and
// foreignScripts those it must not have.
var ownScripts = map[string][]int{
	"ko": {scriptHangul}, "ja": {scriptKana, scriptHan}, "zh-cn": {scriptHan},
	"pt-br": {scriptLatin}, "id": {scriptLatin},
}

// scriptNames name the scripts for messages.
var scriptNames = map[int]string{scriptLatin: "Latin letters", scriptHangul: "Hangul", scriptKana: "kana", scriptHan: "Han characters"}

func namesOf(scripts []int) string {
	var names []string
	for _, s := range scripts {
		names = append(names, scriptNames[s])
	}
	return strings.Join(names, " or ")
}

var foreignScripts = map[string][]int{
	"ko": {scriptKana}, "ja": {scriptHangul}, "zh-cn": {scriptKana, scriptHangul},
	"pt-br": {scriptHangul, scriptKana, scriptHan}, "id": {scriptHangul, scriptKana, scriptHan},
}

// notInLanguage says why text is not in the language lang, or returns ""
// when it is (see the rule at the top of this file). english is the English
// page's text, "" when there is none.
func notInLanguage(lang, text, english string, brands []string) string {
	own, ok := ownScripts[lang]
	if !ok {
		return ""
	}
	words := titleWords(withoutBrands(text, brands))
	has := map[int]bool{}
	for _, w := range words {
		has[scriptOf([]rune(w)[0])] = true
	}
	if !slices.ContainsFunc(own, func(s int) bool { return has[s] }) {
		return fmt.Sprintf("has no %s (%s) once the brand names are taken out: words %q", namesOf(own), lang, words)
	}
	for _, s := range foreignScripts[lang] {
		if has[s] {
			return fmt.Sprintf("has %s, which %s does not use: words %q", scriptNames[s], lang, words)
		}
	}
	if english == "" {
		return ""
	}
	// Numbers (a version, "1.0") are no English left over.
	notNumber := func(ws []string) []string {
		return slices.DeleteFunc(slices.Clone(ws), func(w string) bool { return strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 })
	}
	words = notNumber(words)
	enWords := notNumber(titleWords(withoutBrands(english, brands)))
	n := min(2, len(enWords))
	if n == 0 {
		return ""
	}
	for i := 0; i+n <= len(words); i++ {
		run := words[i : i+n]
		for j := 0; j+n <= len(enWords); j++ {
			if slices.EqualFunc(run, enWords[j:j+n], strings.EqualFold) {
				return fmt.Sprintf("keeps %q of the English %q", strings.Join(run, " "), english)
			}
		}
	}
	return ""
}

// titleWords splits a text into words: runs of letters and digits of one
// script.
func titleWords(s string) []string {
	var words []string
	var cur []rune
	cs := 0
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
		}
		cur, cs = nil, 0
	}
	for _, r := range s {
		sc := scriptOf(r)
		if sc == 0 || sc != cs {
			flush()
		}
		if sc != 0 {
			cur, cs = append(cur, r), sc
		}
	}
	flush()
	return words
}

// withoutBrands blanks out every brand name in s, longest first, where it
// stands as a whole: a brand's Latin letters do not continue into a word
// ("IM" is not taken out of "IMPORTANT"; "Cloud Kafka" is out of "Cloud
// Kafkaサービス").
func withoutBrands(s string, brands []string) string {
	for _, b := range brands {
		br := []rune(b)
		if len(br) == 0 {
			continue
		}
		first, last := scriptOf(br[0]), scriptOf(br[len(br)-1])
		var out strings.Builder
		rest := s
		for {
			i := strings.Index(rest, b)
			if i < 0 {
				out.WriteString(rest)
				break
			}
			before, after := []rune(rest[:i]), []rune(rest[i+len(b):])
			joined := (first == scriptLatin && len(before) > 0 && scriptOf(before[len(before)-1]) == scriptLatin) ||
				(last == scriptLatin && len(after) > 0 && scriptOf(after[0]) == scriptLatin)
			out.WriteString(rest[:i])
			if joined {
				out.WriteString(b)
			} else {
				out.WriteString(" ")
			}
			rest = rest[i+len(b):]
		}
		s = out.String()
	}
	return s
}

var (
	brandsOnce sync.Once
	brandList  []string
	brandsErr  error
)

// titleBrands are the names that stay as written in every language, longest
// first: hugo.toml's identicalOK and data/slas.toml's product names.
func titleBrands(t *testing.T) []string {
	t.Helper()
	brandsOnce.Do(func() { brandList, brandsErr = readBrands(sourceRoot()) })
	if brandsErr != nil {
		t.Fatal(brandsErr)
	}
	return brandList
}

func readBrands(root string) ([]string, error) {
	var cfg struct {
		Params struct {
			L10n struct {
				IdenticalOK []string `toml:"identicalOK"`
			} `toml:"l10n"`
		} `toml:"params"`
	}
	var cat struct {
		Agreements []struct {
			Short string            `toml:"short"`
			Name  string            `toml:"name"`
			Names map[string]string `toml:"names"`
		} `toml:"agreements"`
	}
	for name, v := range map[string]any{"hugo.toml": &cfg, "data/slas.toml": &cat} {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			return nil, err
		}
		if err := toml.Unmarshal(b, v); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	brands := slices.Clone(cfg.Params.L10n.IdenticalOK)
	for _, a := range cat.Agreements {
		brands = append(brands, a.Short, a.Name)
		for _, n := range a.Names {
			brands = append(brands, n)
		}
	}
	brands = slices.DeleteFunc(brands, func(b string) bool { return len([]rune(strings.TrimSpace(b))) < 2 })
	if len(cat.Agreements) == 0 || len(cfg.Params.L10n.IdenticalOK) == 0 {
		return nil, fmt.Errorf("%s: no brand names in hugo.toml's identicalOK (%d) or data/slas.toml's agreements (%d)", root, len(cfg.Params.L10n.IdenticalOK), len(cat.Agreements))
	}
	slices.SortFunc(brands, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b)) })
	return slices.Compact(brands), nil
}

// publishedText reads the language, title and h1s of a published file.
func (f *fixture) publishedText(t *testing.T, name string) pageText {
	t.Helper()
	file, err := os.Open(filepath.Join(f.public, name))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	doc, err := xhtml.Parse(file)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var p pageText
	for n := range doc.Descendants() {
		if n.Type != xhtml.ElementNode {
			continue
		}
		switch n.Data {
		case "html":
			for _, a := range n.Attr {
				if a.Key == "lang" {
					p.Lang = a.Val
				}
			}
		case "title":
			if p.Title == "" {
				p.Title = strings.TrimSpace(nodeText(n))
			}
		case "h1":
			p.H1 = append(p.H1, strings.Join(strings.Fields(nodeText(n)), " "))
		}
	}
	return p
}

func nodeText(n *xhtml.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == xhtml.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// TestNotInLanguage: the rule passes the real kinds of titles (brand names,
// loanwords, full-width brackets) and fails English left in a translation.
func TestNotInLanguage(t *testing.T) {
	brands := []string{"Tencent Cloud", "Cloud Virtual Machine", "CVM", "云服务器", "Cloud Kafka", "CKafka", "IM", "Private DNS"}
	slices.SortFunc(brands, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	for _, c := range []struct {
		lang, text, english string
		ok                  bool
	}{
		{"ko", "개인정보 처리방침", "Privacy Policy", true},
		{"ko", "개인정보 보호 FAQ", "Privacy FAQs", true},
		{"ko", "Cloud Virtual Machine 서비스 수준 계약", "Cloud Virtual Machine Service Level Agreement", true},
		{"ko", "개인정보 처리방침 | Tencent Cloud 법률 센터", "Privacy Policy | Tencent Cloud Legal Center", true},
		{"ja", "利用規約", "Terms of Service", true},
		{"ja", "Cookieポリシー", "Cookies Policy", true},
		{"ja", "Cloud Kafkaサービスレベル契約（新バージョン）", "Cloud Kafka Service Level Agreement (New Version)", true},
		{"zh-cn", "Cookie 政策", "Cookies Policy", true},
		{"zh-cn", "云服务器服务等级协议", "Cloud Virtual Machine Service Level Agreement", true},
		{"zh-cn", "私有域解析 Private DNS 服务等级协议", "Private DNS Service Level Agreement", true},
		{"pt-br", "Política de Cookies", "Cookies Policy", true},
		{"pt-br", "Central Jurídica da Tencent Cloud", "Tencent Cloud Legal Center", true},
		{"id", "Perjanjian Pemrosesan dan Keamanan Data", "Data Processing and Security Agreement", true},
		{"id", "Perjanjian Tingkat Layanan Cloud Virtual Machine", "Cloud Virtual Machine Service Level Agreement", true},

		{"ko", "Privacy Policy", "Privacy Policy", false},
		{"ko", "Privacy Policy (대한민국)", "Privacy Policy (South Korea)", false},
		{"ko", "개인정보 처리방침 | Tencent Cloud Legal Center", "Privacy Policy | Tencent Cloud Legal Center", false},
		{"ko", "Cloud Virtual Machine Service Level Agreement", "Cloud Virtual Machine Service Level Agreement", false},
		{"ko", "プライバシーポリシー", "Privacy Policy", false},
		{"ja", "Privacy Policy", "", false},
		{"ja", "Cloud Kafka Service Level Agreement", "Cloud Kafka Service Level Agreement", false},
		{"ja", "개인정보 처리방침", "Privacy Policy", false},
		{"zh-cn", "Cookies Policy", "Cookies Policy", false},
		{"zh-cn", "Tencent Cloud", "Tencent Cloud Legal Center", false},
		{"zh-cn", "プライバシーポリシー", "Privacy Policy", false},
		{"pt-br", "Privacy Policy", "Privacy Policy", false},
		{"pt-br", "Política de Privacidade | Tencent Cloud Legal Center", "Privacy Policy | Tencent Cloud Legal Center", false},
		{"id", "Cloud Virtual Machine Service Level Agreement", "Cloud Virtual Machine Service Level Agreement", false},
		{"id", "Terms", "Terms", false},
		{"id", "隐私政策", "Privacy Policy", false},
	} {
		p := notInLanguage(c.lang, c.text, c.english, brands)
		if (p == "") != c.ok {
			t.Errorf("%s %q (English %q): in the language %v, want %v (%s)", c.lang, c.text, c.english, p == "", c.ok, p)
		}
	}
	if p := notInLanguage("en", "Privacy Policy", "Privacy Policy", brands); p != "" {
		t.Errorf("English is English: %s", p)
	}
}
