// Package checktest generates multilingual sites with planted defects, for
// the tests and benchmarks of package check and for comparing it with other
// link checkers.
package checktest

import (
	"fmt"
	"net/url"
	"strings"
)

// BaseURL is the generated site's address; pages name it in their canonical
// and hreflang links.
const BaseURL = "https://legal.example.com/"

// Langs are the site's languages, English (the source) first.
var Langs = []string{"en", "ko", "ja", "zh-cn", "pt-br", "id"}

// MinDocs is the least number of documents per language that holds every
// planted defect.
const MinDocs = 17

// Config describes a site.
type Config struct {
	Docs    int  // documents per language (at least MinDocs when Defects)
	Paras   int  // paragraphs per section, which sets the page size (default 3)
	Defects bool // plant the defects that Generate returns
}

// Defect is a planted problem as package check reports it.
type Defect struct {
	Level, Page, Rule, Target string
}

// unicodeAnchor is a section id every language shares, to test that Unicode
// ids and percent-encoded fragments compare correctly.
const unicodeAnchor = "개인정보-처리방침"

var sentences = map[string]string{
	"en":    "We process personal information only for the purposes described in this policy and keep it no longer than necessary. ",
	"ko":    "회사는 이 방침에서 설명한 목적을 위해서만 개인정보를 처리하며 필요한 기간 동안만 보관합니다. ",
	"ja":    "当社は、本ポリシーに記載された目的のためにのみ個人情報を取り扱い、必要な期間を超えて保存しません。",
	"zh-cn": "我们仅为本政策所述目的处理个人信息，并且保存时间不超过必要的期限。",
	"pt-br": "Tratamos informações pessoais apenas para as finalidades descritas nesta política e não as mantemos além do necessário. ",
	"id":    "Kami memproses informasi pribadi hanya untuk tujuan yang dijelaskan dalam kebijakan ini dan tidak menyimpannya lebih lama dari yang diperlukan. ",
}

const sections = 8

// Generate writes the site through write (a slash-separated path relative
// to the site root, and the file's bytes) and returns the planted defects.
func Generate(cfg Config, write func(name string, data []byte) error) ([]Defect, error) {
	if cfg.Paras == 0 {
		cfg.Paras = 3
	}
	if cfg.Defects && cfg.Docs < MinDocs {
		return nil, fmt.Errorf("checktest: %d documents per language cannot hold the defects (%d needed)", cfg.Docs, MinDocs)
	}
	g := &gen{cfg: cfg}
	for _, f := range []struct{ name, data string }{
		{"css/site.css", "body{font-family:sans-serif}\n"},
		{"js/site.js", "document.documentElement.classList.add('js');\n"},
		{"images/logo.png", "\x89PNG\r\n\x1a\n"},
		{"images/logo@2x.png", "\x89PNG\r\n\x1a\n"},
		{"icons.svg", `<svg xmlns="http://www.w3.org/2000/svg"><symbol id="menu"></symbol></svg>` + "\n"},
		{"index.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=` + BaseURL + `en/"><link rel="canonical" href="` + BaseURL + `en/"></head></html>` + "\n"},
	} {
		if err := write(f.name, []byte(f.data)); err != nil {
			return nil, err
		}
	}
	if cfg.Defects {
		// An alias left behind by a moved document, redirecting to a page
		// that is gone: an old deep link that now breaks.
		g.defects = append(g.defects, Defect{Level: "error", Page: "en/legacy/index.html", Rule: "broken-link", Target: "/en/docs/doc-9998/"})
		alias := `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url=/en/docs/doc-9998/"></head></html>` + "\n"
		if err := write("en/legacy/index.html", []byte(alias)); err != nil {
			return nil, err
		}
	}
	for _, lang := range Langs {
		if err := write(lang+"/404.html", g.notFound(lang)); err != nil {
			return nil, err
		}
		if err := write(lang+"/index.html", g.home(lang)); err != nil {
			return nil, err
		}
		for i := range cfg.Docs {
			if err := write(docPath(lang, i)+"index.html", g.doc(lang, i)); err != nil {
				return nil, err
			}
		}
	}
	return g.defects, nil
}

type gen struct {
	cfg     Config
	defects []Defect
}

func docPath(lang string, i int) string { return fmt.Sprintf("%s/docs/doc-%04d/", lang, i) }

// plant reports whether the defect numbered n goes on this page, and records
// it.
func (g *gen) plant(lang string, i int, wantLang string, wantDoc int, level, rule string, targets ...string) bool {
	if !g.cfg.Defects || lang != wantLang || i != wantDoc {
		return false
	}
	for _, t := range targets {
		g.defects = append(g.defects, Defect{Level: level, Page: docPath(lang, i) + "index.html", Rule: rule, Target: t})
	}
	return true
}

func (g *gen) head(b *strings.Builder, lang, self, title string, alts []string, extra string) {
	fmt.Fprintf(b, "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n", lang, title)
	fmt.Fprintf(b, "<meta name=\"description\" content=\"%s\">\n<meta name=\"viewport\" content=\"width=device-width\">\n", title)
	fmt.Fprintf(b, "<link rel=\"canonical\" href=\"%s%s\">\n", BaseURL, self)
	for _, a := range alts {
		b.WriteString(a)
	}
	b.WriteString("<link rel=\"stylesheet\" href=\"/css/site.css\">\n<script src=\"/js/site.js\" defer></script>\n")
	b.WriteString(extra)
	b.WriteString("</head>\n<body>\n<header>\n")
	fmt.Fprintf(b, "<a href=\"/%s/\"><img src=\"/images/logo.png\" srcset=\"/images/logo.png 1x, /images/logo@2x.png 2x\" alt=\"Legal center\"></a>\n", lang)
	b.WriteString("<button><svg><use href=\"/icons.svg#menu\"></use></svg></button>\n")
}

func alternates(page func(lang string) string, skip func(lang string) bool, absolute func(lang string) bool) []string {
	var out []string
	for _, l := range Langs {
		if skip != nil && skip(l) {
			continue
		}
		base := BaseURL
		if absolute != nil && !absolute(l) {
			base = "/"
		}
		out = append(out, fmt.Sprintf("<link rel=\"alternate\" hreflang=\"%s\" href=\"%s%s\">\n", l, base, page(l)))
	}
	if skip == nil || !skip("x-default") {
		out = append(out, fmt.Sprintf("<link rel=\"alternate\" hreflang=\"x-default\" href=\"%s%s\">\n", BaseURL, page("en")))
	}
	return out
}

func (g *gen) notFound(lang string) []byte {
	var b strings.Builder
	g.head(&b, lang, lang+"/404.html", "404", nil, "<meta name=\"robots\" content=\"noindex\">\n")
	fmt.Fprintf(&b, "</header>\n<main>\n<h1>404</h1>\n<p><a href=\"/%s/\">Home</a></p>\n</main>\n</body>\n</html>\n", lang)
	return []byte(b.String())
}

func (g *gen) home(lang string) []byte {
	var b strings.Builder
	g.head(&b, lang, lang+"/", "Legal center", alternates(func(l string) string { return l + "/" }, nil, nil), "")
	b.WriteString("</header>\n<main>\n<h1>Legal center</h1>\n<h2 id=\"documents\">Documents</h2>\n<ul>\n")
	for i := range g.cfg.Docs {
		fmt.Fprintf(&b, "<li><a href=\"/%s\">Document %d</a></li>\n", docPath(lang, i), i)
	}
	b.WriteString("</ul>\n</main>\n</body>\n</html>\n")
	return []byte(b.String())
}

func (g *gen) doc(lang string, i int) []byte {
	n := g.cfg.Docs
	self := docPath(lang, i)
	other := func(j int) string { return docPath(lang, (i+j)%n) }
	var b strings.Builder

	// Head defects: hreflang.
	skip := func(string) bool { return false }
	absolute := func(string) bool { return true }
	extra := ""
	if g.plant(lang, i, "id", 7, "notice", "hreflang-x-default", "") {
		skip = func(l string) bool { return l == "x-default" }
	}
	if g.plant(lang, i, "ko", 8, "error", "hreflang", BaseURL+docPath("id", 8)) {
		skip = func(l string) bool { return l == "id" }
	}
	if g.plant(lang, i, "pt-br", 9, "error", "hreflang", "/"+docPath("en", 9)) {
		absolute = func(l string) bool { return l != "en" }
	}
	if g.plant(lang, i, "en", 4, "error", "missing-fragment", "#legacy-anchor") {
		// htmltest takes any name attribute for an anchor; browsers do not.
		extra = "<meta name=\"legacy-anchor\" content=\"x\">\n"
	}
	g.head(&b, lang, self, fmt.Sprintf("Document %d", i), alternates(func(l string) string { return docPath(l, i) }, skip, absolute), extra)
	b.WriteString("<nav class=\"languages\">\n")
	for _, l := range Langs {
		fmt.Fprintf(&b, "<a href=\"/%s\" hreflang=\"%s\" lang=\"%s\">%s</a>\n", docPath(l, i), l, l, l)
	}
	fmt.Fprintf(&b, "</nav>\n</header>\n<main>\n<h1>Document %d</h1>\n", i)

	ids := make([]string, 0, sections+1)
	for k := 1; k <= sections; k++ {
		ids = append(ids, fmt.Sprintf("section-%d", k))
	}
	ids = append(ids, unicodeAnchor)
	if g.plant(lang, i, "zh-cn", 6, "error", "anchor-parity", "#section-3", "#section-3-zh") {
		ids[2] = "section-3-zh"
	}
	b.WriteString("<nav class=\"toc\">\n<ol>\n")
	for _, id := range ids {
		fmt.Fprintf(&b, "<li><a href=\"#%s\">%s</a></li>\n", id, id)
	}
	b.WriteString("</ol>\n</nav>\n")

	sentence := sentences[lang]
	for k, id := range ids {
		fmt.Fprintf(&b, "<h2 id=\"%s\">Section %d</h2>\n", id, k+1)
		if k%2 == 1 {
			fmt.Fprintf(&b, "<h3 id=\"%s-details\">Details</h3>\n", id)
		}
		for p := range g.cfg.Paras {
			b.WriteString("<p>")
			for range 4 {
				b.WriteString(sentence)
			}
			switch p % 4 {
			case 0:
				fmt.Fprintf(&b, "See <a href=\"#%s\">the summary</a> and <a href=\"/%s#section-2\">another document</a>.", ids[0], other(1))
			case 1:
				fmt.Fprintf(&b, "Compare <a href=\"../doc-%04d/\">a related document</a> and <a href=\"/%s?from=doc#section-1\">its first section</a>.", (i+2)%n, other(3))
			case 2:
				fmt.Fprintf(&b, "Write to <a href=\"mailto:privacy@example.com\">privacy@example.com</a> or read <a href=\"https://www.example.org/reference/%d\">the reference</a>.", k)
			case 3:
				fmt.Fprintf(&b, "How we process it: <a href=\"/%s#%s\">processing</a>.", other(4), url.PathEscape(unicodeAnchor))
			}
			b.WriteString("</p>\n")
		}
	}

	// Body defects.
	b.WriteString("<aside>\n")
	if g.plant(lang, i, "ko", 1, "error", "broken-link", "/ko/docs/doc-9999/") {
		b.WriteString("<a href=\"/ko/docs/doc-9999/\">gone</a>\n")
	}
	if g.plant(lang, i, "ja", 2, "error", "missing-fragment", "/ja/docs/doc-0003/#no-such-section") {
		b.WriteString("<a href=\"/ja/docs/doc-0003/#no-such-section\">gone</a>\n")
	}
	if g.plant(lang, i, "en", 3, "error", "missing-fragment", "#section-99") {
		b.WriteString("<a href=\"#section-99\">gone</a>\n")
	}
	if g.cfg.Defects && lang == "en" && i == 4 {
		b.WriteString("<a href=\"#legacy-anchor\">old anchor</a>\n")
	}
	if g.plant(lang, i, "pt-br", 5, "error", "duplicate-id", "#note") {
		b.WriteString("<div id=\"note\">1</div>\n<div id=\"note\">2</div>\n")
	}
	if g.plant(lang, i, "en", 10, "error", "empty-link", "", "mailto:") {
		b.WriteString("<a href=\"\">empty</a>\n<a href=\"mailto:\">no address</a>\n")
	}
	if g.plant(lang, i, "en", 10, "warning", "empty-link", "#") {
		b.WriteString("<a href=\"#\">placeholder</a>\n")
	}
	if g.plant(lang, i, "ja", 11, "error", "unsafe-scheme", "javascript:void(0)", "file:///etc/passwd") {
		b.WriteString("<a href=\"javascript:void(0)\">chat</a>\n<a href=\"file:///etc/passwd\">file</a>\n")
	}
	if g.plant(lang, i, "ko", 12, "error", "outside-root", "../../../../etc/passwd", "/%2e%2e/%2e%2e/secret") {
		b.WriteString("<a href=\"../../../../etc/passwd\">up</a>\n<a href=\"/%2e%2e/%2e%2e/secret\">encoded</a>\n")
	}
	if g.plant(lang, i, "id", 13, "error", "broken-link", "/images/missing.png", "/images/logo@3x.png") {
		b.WriteString("<img src=\"/images/missing.png\" srcset=\"/images/logo.png 1x, /images/logo@3x.png 3x\" alt=\"\">\n")
	}
	if g.plant(lang, i, "en", 14, "error", "bad-url", "https://exa mple.com/") {
		b.WriteString("<a href=\"https://exa mple.com/\">partner</a>\n")
	}
	if g.plant(lang, i, "en", 14, "warning", "bad-url", `..\doc-0015\`) {
		b.WriteString("<a href=\"..\\doc-0015\\\">next</a>\n")
	}
	if g.plant(lang, i, "ko", 15, "error", "missing-fragment", "#%EA%B0%80") {
		b.WriteString("<a href=\"#%EA%B0%80\">가</a>\n")
	}
	if g.plant(lang, i, "ja", 16, "error", "duplicate-id", "#section-2") {
		b.WriteString("<h2 id=\"section-2\">again</h2>\n")
	}
	b.WriteString("</aside>\n</main>\n<footer>\n")
	fmt.Fprintf(&b, "<a href=\"/%s#section-1\">first document</a> <a href=\"/%s/\">home</a> <a href=\"%s%s\">permalink</a>\n", docPath(lang, 0), lang, BaseURL, self)
	b.WriteString("</footer>\n</body>\n</html>\n")
	return []byte(b.String())
}
