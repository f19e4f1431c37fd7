package site

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"
	"legalcenter/internal/sitetest"
	"legalcenter/site/check"
	"legalcenter/site/hugo"
	"legalcenter/site/l10n"
	"legalcenter/site/lint"
	"legalcenter/site/report"
	"legalcenter/site/shrink"
)

// testSource returns a source with the repository's layouts and the files of
// the txtar archive a, which replace repository files of the same name.
func testSource(t testing.TB, a string) *Source {
	t.Helper()
	mem := afero.NewMemMapFs()
	sitetest.CopyParts(t, mem, "/")
	for _, f := range txtar.Parse([]byte(a)).Files {
		if err := afero.WriteFile(mem, "/"+f.Name, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return newSource(afero.NewReadOnlyFs(mem))
}

// build builds the archive a in memory and fails the test on error.
func build(t testing.TB, a string) *Result {
	t.Helper()
	res, err := Build(context.Background(), Options{Source: testSource(t, a), CacheDir: t.TempDir()})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res
}

func read(t testing.TB, fsys afero.Fs, name string) string {
	t.Helper()
	b, err := afero.ReadFile(fsys, "/"+name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return string(b)
}

// doc is a document of the test sites, in the language given.
func doc(lang, title, body string) string {
	return "-- content/" + lang + "/privacy-policy.md --\n+++\ntitle = \"" + title + "\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n" + body + "\n"
}

const retention = "## Data retention {#data-retention}\n\nWe keep it for a while.\n"

func TestBuildSixLanguages(t *testing.T) {
	var a strings.Builder
	titles := map[string]string{"en": "Privacy Policy", "ko": "개인정보 처리방침", "ja": "プライバシーポリシー", "zh-cn": "隐私政策", "pt-br": "Política de Privacidade", "id": "Kebijakan Privasi"}
	locales := map[string]string{"en": "en-US", "ko": "ko-KR", "ja": "ja-JP", "zh-cn": "zh-Hans-CN", "pt-br": "pt-BR", "id": "id-ID"}
	for lang, title := range titles {
		a.WriteString(doc(lang, title, retention))
	}
	res := build(t, a.String())
	for lang, title := range titles {
		t.Run(lang, func(t *testing.T) {
			page := read(t, res.Site, lang+"/privacy-policy/index.html")
			for _, want := range []string{
				`<html lang="` + locales[lang] + `"`,
				"<h1>" + title + "</h1>",
				`<h2 id="data-retention">`,
				`<link rel="alternate" hreflang="x-default" href="https://legal.example.com/en/privacy-policy/">`,
				`<link rel="canonical" href="https://legal.example.com/` + lang + `/privacy-policy/">`,
			} {
				if !strings.Contains(page, want) {
					t.Errorf("%s lacks %s", lang, want)
				}
			}
			if n := strings.Count(page, `rel="alternate" hreflang=`); n != 7 {
				t.Errorf("%s has %d hreflang alternates, want 6 languages + x-default", lang, n)
			}
			read(t, res.Site, lang+"/404.html")
		})
	}
	if root := read(t, res.Site, "index.html"); !strings.Contains(root, "/en/") {
		t.Errorf("/ does not send the reader to a language:\n%s", root)
	}
	var sources []string
	for _, p := range res.Pages {
		if strings.HasSuffix(p.Out, "privacy-policy/index.html") {
			sources = append(sources, p.Lang+"="+p.Source)
		}
	}
	if got := strings.Join(sources, " "); got != "en=content/en/privacy-policy.md id=content/id/privacy-policy.md ja=content/ja/privacy-policy.md ko=content/ko/privacy-policy.md pt-br=content/pt-br/privacy-policy.md zh-cn=content/zh-cn/privacy-policy.md" {
		t.Errorf("pages do not know their source files: %s", got)
	}
}

func TestLanguageMenu(t *testing.T) {
	res := build(t, doc("en", "Privacy Policy", retention)+doc("ko", "개인정보 처리방침", retention))
	page := read(t, res.Site, "en/privacy-policy/index.html")
	menu := regexp.MustCompile(`(?s)<details class="langmenu">.*?</details>`).FindString(page)
	for _, want := range []string{
		`<a href="/ko/privacy-policy/" lang="ko-KR" hreflang="ko-KR" data-keep-fragment>한국어</a>`,
		`<a href="/en/privacy-policy/" lang="en-US" hreflang="en-US" aria-current="true" data-keep-fragment>English</a>`,
		// Untranslated: the language's home page, marked, without the
		// #fragment (no data-keep-fragment).
		`<a href="/ja/" class="unavailable" lang="ja-JP" hreflang="ja-JP">日本語 <small lang="en-US">(not translated yet: opens the home page)</small></a>`,
		`href="https://cloud.tencent.com/"`,
	} {
		if !strings.Contains(menu, want) {
			t.Errorf("language menu lacks %s\n%s", want, menu)
		}
	}
	if strings.Contains(menu, `href="/ja/privacy-policy/`) {
		t.Errorf("language menu links to a page that does not exist:\n%s", menu)
	}
	// The fragment is carried over by an external script (no inline script
	// under the Content-Security-Policy).
	if !regexp.MustCompile(`<script src="/js/site\.min\.[0-9a-f]+\.js" integrity="sha384-[^"]+" defer></script>`).MatchString(page) {
		t.Error("site script missing")
	}
	if strings.Contains(page, "<script>") || strings.Contains(page, " onclick=") {
		t.Error("inline script found")
	}
	js := read(t, res.Site, regexp.MustCompile(`/js/site\.min\.[0-9a-f]+\.js`).FindString(page))
	if !strings.Contains(js, "data-keep-fragment") || !strings.Contains(js, "location.hash") {
		t.Error("the script does not carry the #fragment to the language links")
	}
}

func TestLinksResolvePerLanguage(t *testing.T) {
	res := build(t, doc("en", "Privacy Policy", retention)+doc("ko", "개인정보", retention+"\n[보존](#data-retention), [쿠키](/cookies-policy/#cookies), [outside](https://example.org/x)\n")+
		"-- content/ko/cookies-policy.md --\n+++\ntitle = \"쿠키\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 120\n+++\n## 쿠키 {#cookies}\n\nx\n")
	page := read(t, res.Site, "ko/privacy-policy/index.html")
	for _, want := range []string{`<a href="#data-retention">보존</a>`, `<a href="/ko/cookies-policy/#cookies">쿠키</a>`, `<a href="https://example.org/x" rel="external">outside</a>`} {
		if !strings.Contains(page, want) {
			t.Errorf("lacks %s", want)
		}
	}
	if strings.Contains(page, "data-src") {
		t.Error("build-only attribute data-src was published")
	}
}

// TestCheckNamesSourceLine: a broken deep link is reported at the line of
// the Markdown source a reviewer fixes, and the build publishes nothing.
func TestCheckNamesSourceLine(t *testing.T) {
	a := doc("en", "Privacy Policy", retention) + doc("ko", "개인정보", retention+"\n[보존](#data-retention)\n\n[쿠키](/cookies-policy/#cookie)\n") +
		"-- content/ko/cookies-policy.md --\n+++\ntitle = \"쿠키\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 120\n+++\n## 쿠키 {#cookies}\n\nx\n"
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), Options{Source: testSource(t, a), Out: out, CacheDir: t.TempDir()})
	if !errors.Is(err, ErrCheck) {
		t.Fatalf("err = %v, want ErrCheck", err)
	}
	var got []string
	for _, f := range res.Check.Findings {
		got = append(got, fmt.Sprintf("%s:%d %s %s %s", f.File, f.Line, f.Level, f.Rule, f.Target))
	}
	want := "content/ko/privacy-policy.md:13 error missing-fragment /ko/cookies-policy/#cookie"
	if len(got) != 1 || got[0] != want {
		t.Errorf("findings:\n%s\nwant only\n%s", strings.Join(got, "\n"), want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("published despite a broken link")
	}
	if res.Site != nil {
		t.Error("a build that did not publish returned a site")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.tmp-*")); len(left) > 0 {
		t.Errorf("staging folders left behind: %v", left)
	}

	// Lenient builds publish anyway, for local previews.
	res, err = Build(context.Background(), Options{Source: testSource(t, a), Out: out, CacheDir: t.TempDir(), Lenient: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(out); err != nil {
		t.Error("lenient build did not publish")
	}
	// The findings it waives are reported as what they are to this build:
	// warnings, in every format.
	if len(res.Check.Findings) != 1 || res.Check.Findings[0].Level != report.Warning || res.Check.HasErrors() {
		t.Errorf("lenient findings %v, want the broken fragment as a warning", res.Check.Findings)
	}

	// Lenient waives the link check's findings only: a heading without an
	// id, a link to no page or a broken translated string still stop it.
	for name, files := range map[string]string{
		"heading without id": doc("en", "P", "intro\n\n## Data retention\n\nx"),
		"link to no page":    doc("en", "P", retention+"\nsee [the terms](/terms-of-service/)\n"),
	} {
		lenientOut := filepath.Join(t.TempDir(), "public")
		_, err := Build(context.Background(), Options{Source: testSource(t, files), Out: lenientOut, CacheDir: t.TempDir(), Lenient: true, Log: io.Discard})
		if !errors.Is(err, ErrCheck) {
			t.Errorf("lenient, %s: err = %v, want ErrCheck", name, err)
		}
		if _, err := os.Stat(lenientOut); !os.IsNotExist(err) {
			t.Errorf("lenient, %s: published", name)
		}
	}
	for _, f := range []string{"ko/privacy-policy/index.html", "en/privacy-policy/index.html"} {
		if page := read(t, res.Site, f); regexp.MustCompile(`data-(md|src)=`).MatchString(page) {
			t.Errorf("%s keeps build-only attributes", f)
		}
		if on, err := os.ReadFile(filepath.Join(out, f)); err != nil || string(on) != read(t, res.Site, f) {
			t.Errorf("%s: Result.Site is not what was published (%v)", f, err)
		}
	}
}

// TestSourceLineForEveryPage: findings name the Markdown line whatever the
// page's file name or the base URL's path.
func TestSourceLineForEveryPage(t *testing.T) {
	for _, tc := range []struct{ name, file, baseURL string }{
		{"ascii", "content/ko/cookies-policy.md", ""},
		{"korean file name", "content/ko/쿠키 정책.md", ""},
		{"base url with a path", "content/ko/cookies-policy.md", "https://legal.example.com/center/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := doc("en", "Privacy Policy", retention) +
				"-- " + tc.file + " --\n+++\ntitle = \"쿠키\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 120\n+++\n## 쿠키 {#cookies}\n\n[없음](#nope)\n"
			res, err := Build(context.Background(), Options{Source: testSource(t, a), BaseURL: tc.baseURL, CacheDir: t.TempDir()})
			if !errors.Is(err, ErrCheck) {
				t.Fatalf("err = %v, want ErrCheck", err)
			}
			var got []string
			for _, f := range res.Check.Findings {
				got = append(got, fmt.Sprintf("%s:%d %s", f.File, f.Line, f.Rule))
			}
			if want := tc.file + ":9 missing-fragment"; len(got) != 1 || got[0] != want {
				t.Errorf("findings %q, want only %q", got, want)
			}
		})
	}
}

// TestSectionLists: a section index lists its pages by weight, under a
// heading per category, and never opens a list without items.
func TestSectionLists(t *testing.T) {
	page := func(file, category string, weight int) string {
		return "-- content/en/" + file + " --\n+++\ntitle = \"" + file + "\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = " + fmt.Sprint(weight) + "\ncategory = \"" + category + "\"\n+++\n## A {#a}\n"
	}
	res := build(t, doc("en", "P", retention)+
		page("slas/_index.md", "", 90)+page("slas/cos.md", "storage", 1)+page("slas/cbs.md", "storage", 2)+page("slas/redis.md", "database", 3)+
		page("requests/_index.md", "", 100)+page("requests/europe.md", "", 1)+page("requests/korea.md", "", 2)+
		page("empty/_index.md", "", 110))
	outline := regexp.MustCompile(`<h2 id="category-[^"]*">|<ul class="doc-list">|</ul>|<li><a href="[^"]*"`)
	for _, tc := range []struct{ page, want string }{
		{"en/slas/index.html", `<h2 id="category-storage"> <ul class="doc-list"> <li><a href="/en/slas/cos/" <li><a href="/en/slas/cbs/" </ul> <h2 id="category-database"> <ul class="doc-list"> <li><a href="/en/slas/redis/" </ul>`},
		{"en/requests/index.html", `<ul class="doc-list"> <li><a href="/en/requests/europe/" <li><a href="/en/requests/korea/" </ul>`},
		{"en/empty/index.html", ``},
	} {
		t.Run(tc.page, func(t *testing.T) {
			main := regexp.MustCompile(`(?s)<main.*</main>`).FindString(read(t, res.Site, tc.page))
			if got := strings.Join(outline.FindAllString(main, -1), " "); got != tc.want {
				t.Errorf("lists:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestLandmarks: every navigation landmark is named and none is nested in
// another, so a screen reader's list of landmarks says what each one is.
func TestLandmarks(t *testing.T) {
	periods := retention + "\n### Periods {#periods}\n\nx\n"
	res := build(t, doc("en", "Privacy Policy", periods)+doc("ko", "개인정보", periods))
	for _, page := range []string{"en/index.html", "en/privacy-policy/index.html", "ko/privacy-policy/index.html", "en/404.html"} {
		t.Run(page, func(t *testing.T) {
			z := html.NewTokenizer(strings.NewReader(read(t, res.Site, page)))
			depth, navs, mains := 0, 0, 0
			for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
				tok := z.Token()
				switch {
				case tok.Type == html.StartTagToken && tok.Data == "main":
					mains++
				case tok.Type == html.StartTagToken && tok.Data == "nav":
					navs++
					if attr(tok, "aria-label") == "" && attr(tok, "aria-labelledby") == "" {
						t.Errorf("unnamed navigation landmark: %s", tok)
					}
					if depth > 0 {
						t.Errorf("navigation landmark inside another: %s", tok)
					}
					depth++
				case tok.Type == html.EndTagToken && tok.Data == "nav":
					depth--
				}
			}
			if navs < 2 || mains != 1 {
				t.Errorf("%d navigation landmarks and %d main, want the site's and the legal navigation, and one main", navs, mains)
			}
		})
	}
}

func TestFacts(t *testing.T) {
	res := build(t, doc("en", "Privacy Policy", retention+"\nWrite to {{< fact \"privacy.dpo_email\" >}} or call {{< fact \"privacy.agent_phone\" >}}. We delete it within {{< fact \"privacy.retention_days\" >}} days. Updated {{< fact \"privacy.updated\" >}}.\n")+
		"-- data/facts/privacy.toml --\ndpo_email = \"dpo@example.com\"\nagent_phone = \"+82-2185-0902\"\nretention_days = 10\nupdated = 2020-12-07\n")
	page := read(t, res.Site, "en/privacy-policy/index.html")
	for _, want := range []string{`<a href="mailto:dpo@example.com">dpo@example.com</a>`, `<a href="tel:+8221850902">+82-2185-0902</a>`, "within 10 days", `<time datetime="2020-12-07">December 7, 2020</time>`} {
		if !strings.Contains(page, want) {
			t.Errorf("lacks %s\n%s", want, regexp.MustCompile(`(?s)<div class="content">.*?</div>`).FindString(page))
		}
	}
}

// TestBadInput: each broken source fails the build with a message naming
// the file (and line where Hugo knows it), and publishes nothing.
func TestBadInput(t *testing.T) {
	good := doc("en", "Privacy Policy", retention)
	for _, tc := range []struct {
		name, files, want string
	}{
		{"front matter", "-- content/en/broken.md --\n+++\ntitle = \"x\n+++\nbody\n", "content/en/broken.md:2: error: the TOML front matter does not parse"},
		{"yaml front matter", "-- content/en/broken.md --\n---\ntitle: [x\n---\nbody\n", "content/en/broken.md:2: error: the YAML front matter does not parse"},
		{"missing field", "-- content/en/terms.md --\n+++\ntitle = \"Terms\"\n+++\nbody\n", "content/en/terms.md:1: error: the front matter has no description"},
		{"heading without id", doc("en", "P", "intro\n\n## Data retention\n\nx"), `content/en/privacy-policy.md:9: error: the heading "Data retention" has no id`},
		{"duplicate heading id", doc("en", "P", retention+"\n## Again {#data-retention}\n"), `content/en/privacy-policy.md:11: error: the heading id "data-retention" is already used on line 7`},
		{"empty file", "-- content/en/empty.md --\n", "content/en/empty.md: error: the file is empty"},
		{"invalid utf-8", doc("ko", "P", retention+"\n\xc3\x28\n"), "content/ko/privacy-policy.md:11: error: the file is not valid UTF-8"},
		{"link to a missing page", doc("en", "P", retention+"\nsee [the terms](/terms-of-service/#x)\n"), `content/en/privacy-policy.md:11: error: the link "/terms-of-service/#x" points to a page that does not exist in English [build]`},
		{"relative link", doc("en", "P", retention+"\nsee [the terms](terms-of-service.md)\n"), `content/en/privacy-policy.md:11: error: the link "terms-of-service.md" is relative`},
		{"javascript link", doc("en", "P", retention+"\n[x](javascript:alert(1))\n"), `uses the scheme "javascript"`},
		{"unknown fact", doc("en", "P", retention+"\n{{< fact \"privacy.nope\" >}}\n"), `content/en/privacy-policy.md:11: error: the fact "privacy.nope" does not exist`},
		{"unknown shortcode", doc("en", "P", retention+"\n{{< facts \"privacy.x\" >}}\n"), `template for shortcode "facts" not found`},
		{"template error", good + "-- layouts/page.html --\n{{ define \"main\" }}{{ .Nope }}{{ end }}\n", "layouts/page.html:1:"},
		{"invalid i18n file", good + "-- i18n/ko.toml --\nyes = \"예\nno = 1\n", "i18n/ko.toml:1: error:"},
		{"i18n stamp not a string", good + "-- i18n/ko.toml --\nbrand = \"Tencent Cloud\"\nlegal_center = { other = \"법률 센터\", hash = 1 }\n", `i18n/ko.toml:2: error: the hash of "legal_center" is not a string`},
		{"anchors file", good + "-- data/anchors.toml --\n[privacy-policy]\nold = \"nope\"\n", `data/anchors.toml:2: error: old = "nope" in [privacy-policy]: content/en/privacy-policy.md has no heading {#nope}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			res, err := Build(context.Background(), Options{Source: testSource(t, good+tc.files), Out: out, CacheDir: t.TempDir(), Log: new(strings.Builder)})
			if err == nil {
				t.Fatal("build succeeded")
			}
			msg := err.Error()
			if res != nil && res.Check != nil {
				var b strings.Builder
				res.Check.Write(&b, "text")
				msg += "\n" + b.String()
			}
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q\ndoes not name %q", msg, tc.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("a failed build published %s", out)
			}
		})
	}
}

// TestOneRun: the mistakes of one change are all reported by one build,
// each once, at its source line: a heading without an id, a link to a page
// that does not exist, a link to a section that does not exist, a mistyped
// placeholder in a translated string; a string not translated yet is a
// warning. Follow-on findings (the duplicate ids and anchor differences of
// the heading, the link check's broken link where Hugo already reported the
// page missing) are left out.
func TestOneRun(t *testing.T) {
	koStrings, err := os.ReadFile(filepath.Join(sitetest.Repo(), "i18n", "ko.toml"))
	if err != nil {
		t.Fatal(err)
	}
	koStrings = []byte(strings.Replace(string(koStrings), "{{ .Title }}", "{{ .Titel }}", 1))
	koStrings = regexp.MustCompile(`(?m)^language = .*\n`).ReplaceAll(koStrings, nil)
	a := doc("en", "Privacy Policy", retention+"\n## Contact {#contact}\n\nWrite to us.\n") +
		doc("ko", "개인정보 처리방침", "[보존](#retention)\n\n"+retention+"\n## 연락처\n\n[약관](/terms-of-service/)\n") +
		"-- i18n/ko.toml --\n" + string(koStrings)
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), Options{Source: testSource(t, a), Out: out, CacheDir: t.TempDir(), Log: io.Discard})
	if !errors.Is(err, ErrCheck) {
		t.Fatalf("err = %v, want ErrCheck", err)
	}
	var got []string
	for _, f := range res.Check.Findings {
		got = append(got, fmt.Sprintf("%s:%d %s %s", f.File, f.Line, f.Level, f.Rule))
	}
	// In the order a reviewer walks through them: file, then line.
	want := []string{
		"content/ko/privacy-policy.md:7 error missing-fragment",
		"content/ko/privacy-policy.md:13 error heading-id",
		"content/ko/privacy-policy.md:15 error build",
		"i18n/ko.toml:0 warning missing-key",
		"i18n/ko.toml:66 error placeholder",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("published despite errors")
	}
}

// TestReportBeforeRender: a build that stops before Hugo says so in its
// pull-request comment, without a count of pages and links it never
// checked, and without language columns no finding has.
func TestReportBeforeRender(t *testing.T) {
	res, err := Build(context.Background(), Options{Source: testSource(t, doc("en", "P", retention)+"-- content/en/broken.md --\n+++\ntitle = \"x\n+++\n"), CacheDir: t.TempDir()})
	if !errors.Is(err, ErrCheck) {
		t.Fatalf("err = %v, want ErrCheck", err)
	}
	var b strings.Builder
	if err := res.Check.Write(&b, "markdown"); err != nil {
		t.Fatal(err)
	}
	want := "### Build: 1 error, 0 warnings\n\n| rule | total |\n|---|---:|\n| `front-matter` | 1 |\n| **total** | 1 |\n\n" +
		"- **error** `content/en/broken.md:2` front-matter: the TOML front matter does not parse"
	if !strings.HasPrefix(b.String(), want) {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestFailureKeepsPublic: a build that fails at any stage leaves the
// previous public/ byte-identical and no temporary files next to it.
func TestFailureKeepsPublic(t *testing.T) {
	good := doc("en", "Privacy Policy", retention)
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	if _, err := Build(context.Background(), Options{Source: testSource(t, good), Out: out, CacheDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	before := sitetest.Tree(t, out)
	if len(before) < 5 {
		t.Fatalf("first build published only %v", before)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	// dropIDs is a minifier that loses every id: the preservation check
	// must stop it.
	dropIDs := shrink.MinifierFunc(func(mediatype string, w io.Writer, r io.Reader) error {
		b, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		_, err = w.Write(regexp.MustCompile(` id="[^"]*"`).ReplaceAll(b, nil))
		return err
	})
	for _, tc := range []struct {
		name  string
		files string
		ctx   context.Context
		opt   Options
		want  string
	}{
		{name: "content", files: good + "-- content/en/terms-of-service.md --\n+++\ntitle = \n+++\n", want: "the check found errors"},
		{name: "template", files: good + "-- layouts/_partials/footer.html --\n{{ if }}\n", want: "layouts/_partials/footer.html"},
		{name: "link check", files: doc("en", "P", retention+"\n[x](#nope)\n"), want: "the check found errors"},
		{name: "minify", files: good, opt: Options{Minifier: dropIDs}, want: "en/privacy-policy/index.html"},
		{name: "disk full", files: good, opt: Options{OutFs: &sitetest.FullDisk{Fs: afero.NewOsFs(), Budget: 2000}}, want: "no space left on device"},
		{name: "cancelled", files: good, ctx: cancelled, want: "context canceled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := tc.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			opt := tc.opt
			opt.Source, opt.Out, opt.CacheDir = testSource(t, tc.files), out, t.TempDir()
			_, err := Build(ctx, opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			after := sitetest.Tree(t, out)
			if len(after) != len(before) {
				t.Fatalf("public/ changed from %d to %d files", len(before), len(after))
			}
			for k, v := range before {
				if after[k] != v {
					t.Errorf("%s changed", k)
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "public" && !strings.HasSuffix(e.Name(), ".lock") {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	a := doc("en", "Privacy Policy", retention+"\n[x](/privacy-policy/#data-retention)\n") + doc("ko", "개인정보", retention)
	one := build(t, a)
	// The second build is published: staged on disk, rewritten there in
	// place, and swapped in. It must be the same bytes, readable by a
	// static server (the modes follow the umask, as the hugo command's do).
	two, err := Build(context.Background(), Options{Source: testSource(t, a), Out: filepath.Join(t.TempDir(), "public"), CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	err = afero.Walk(two.Site, "/", func(p string, info fs.FileInfo, err error) error {
		if err == nil && !info.IsDir() && info.Mode().Perm()&0o444 != 0o444 {
			t.Errorf("%s: mode %v, want readable by all (a static server's user)", p, info.Mode().Perm())
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = afero.Walk(one.Site, "/", func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		files++
		if read(t, one.Site, p[1:]) != read(t, two.Site, p[1:]) {
			t.Errorf("%s differs between a build in memory and a published one", p)
		}
		return nil
	})
	if err != nil || files < 10 {
		t.Fatalf("walked %d files: %v", files, err)
	}
}

// TestRawHTMLStaysText: content cannot inject markup; raw HTML is an
// error of the content check at its line and, behind it, omitted by Hugo;
// an attribute-breaking title stays inside its attribute.
func TestRawHTMLStaysText(t *testing.T) {
	res, err := Build(context.Background(), Options{Source: testSource(t, doc("en", "P", retention+"\n<script>alert(1)</script>\n\nInline <img src=x onerror=alert(1)> text.\n\n[x](#data-retention \"t\\\" onmouseover=\\\"alert(1)\")\n")), CacheDir: t.TempDir()})
	if !errors.Is(err, ErrCheck) {
		t.Fatalf("build: %v, want %v", err, ErrCheck)
	}
	var raw []string
	for _, f := range res.Check.Findings {
		if f.Rule == "raw-html" {
			raw = append(raw, fmt.Sprintf("%s:%d %s", f.File, f.Line, f.Target))
		}
	}
	if want := []string{"content/en/privacy-policy.md:11 <script>", "content/en/privacy-policy.md:13 <img src=x onerror=alert(1)>"}; !slices.Equal(raw, want) {
		t.Errorf("raw HTML findings %q, want %q", raw, want)
	}
	page := read(t, res.Site, "en/privacy-policy/index.html")
	z := html.NewTokenizer(strings.NewReader(page))
	scripts := 0
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		if tok.Type != html.StartTagToken && tok.Type != html.SelfClosingTagToken {
			continue
		}
		if tok.Data == "script" {
			scripts++
			if !strings.Contains(tok.String(), `src="/js/`) {
				t.Errorf("inline script reached the page: %s", tok)
			}
		}
		if tok.Data == "img" {
			t.Errorf("content image reached the page: %s", tok)
		}
		for _, a := range tok.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("event handler reached the page: %s", tok)
			}
		}
	}
	if scripts != 1 {
		t.Errorf("%d scripts, want only the site script", scripts)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(t.TempDir(), "public")
	_, err := Build(ctx, Options{Source: testSource(t, doc("en", "P", retention)), Out: out, CacheDir: t.TempDir()})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a cancelled build published")
	}
}

// copyFs copies every file of src into dst.
func copyFs(t testing.TB, dst, src afero.Fs) {
	t.Helper()
	err := afero.Walk(src, "/", func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := afero.ReadFile(src, p)
		if err != nil {
			return err
		}
		return afero.WriteFile(dst, p, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestAnchorAliases: a section id renamed in data/anchors.toml keeps old
// deep links working in every language: the old id is an element inside the
// renamed heading, links to it pass the check, and a stale alias fails the
// build at its line.
func TestAnchorAliases(t *testing.T) {
	var a strings.Builder
	for _, lang := range languages {
		a.WriteString(doc(lang, "Privacy "+lang, "## Retention {#data-retention}\n\nx\n"))
	}
	a.WriteString(doc("en", "Privacy", "## Retention {#data-retention}\n\nSee [the old link](/privacy-policy/#retention-period).\n"))
	aliases := "-- data/anchors.toml --\n[privacy-policy]\nretention-period = \"data-retention\"\nkept = \"data-retention\"\n"
	res := build(t, a.String()+aliases)
	for _, lang := range languages {
		page := read(t, res.Site, lang+"/privacy-policy/index.html")
		h2 := regexp.MustCompile(`<h2 id="?data-retention"?>.*?</h2>`).FindString(page)
		if !regexp.MustCompile(`^<h2 id="?data-retention"?><span id="?kept"? class="?anchor-alias"?></span><span id="?retention-period"? class="?anchor-alias"?></span>Retention`).MatchString(h2) {
			t.Errorf("%s: no old ids inside the heading:\n%s", lang, h2)
		}
	}
	if n := len(res.Check.Findings); n > 0 {
		t.Errorf("%d findings, want none: %v", n, res.Check.Findings)
	}

	res, err := Build(context.Background(), Options{Source: testSource(t, a.String()+"-- data/anchors.toml --\n[privacy-policy]\nretention-period = \"retention\"\n"), CacheDir: t.TempDir()})
	if !errors.Is(err, ErrCheck) || len(res.Check.Findings) != 1 || res.Check.Findings[0].File != "data/anchors.toml" || res.Check.Findings[0].Line != 2 {
		t.Errorf("an alias to no heading: err %v, findings %v", err, res.Check)
	}
}

// TestStatusPageAllFresh: when every translation is fresh, the status page
// says so instead of heading an empty list.
func TestStatusPageAllFresh(t *testing.T) {
	var a strings.Builder
	for _, lang := range languages {
		a.WriteString(doc(lang, "Privacy "+lang, retention))
	}
	mem := afero.NewMemMapFs()
	copyFs(t, mem, testSource(t, a.String()))
	for _, lang := range languages[1:] {
		if err := l10n.Stamp(afero.NewBasePathFs(mem, "/"), "content/"+lang+"/privacy-policy.md", l10n.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Build(context.Background(), Options{Source: newSource(afero.NewReadOnlyFs(mem)), Environment: "preview", CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	status := read(t, res.Site, "en/translation-status/index.html")
	if strings.Contains(status, "<ul></ul>") || strings.Count(status, "None: every page is up to date.") != len(languages)-1 {
		t.Errorf("status page:\n%s", regexp.MustCompile(`(?s)<table>.*</article>`).FindString(status))
	}
}

// TestStaleTranslation: a translation stamped against an older English text
// shows readers a notice linking to the changed English section; a fresh one
// does not. Preview builds add the translators' status page.
func TestStaleTranslation(t *testing.T) {
	mem := afero.NewMemMapFs()
	src := testSource(t, doc("en", "Privacy Policy", "## Summary {#summary}\n\nShort.\n\n"+retention)+
		doc("ko", "개인정보", "## 요약 {#summary}\n\n짧게.\n\n## 보존 {#data-retention}\n\n보관합니다.\n")+
		doc("ja", "プライバシー", "## 概要 {#summary}\n\n短く。\n\n## 保存 {#data-retention}\n\n保存します。\n"))
	// Copy into a writable filesystem, stamp both translations, then change
	// the English data-retention section.
	copyFs(t, mem, src)
	for _, f := range []string{"content/ko/privacy-policy.md", "content/ja/privacy-policy.md"} {
		if err := l10n.Stamp(afero.NewBasePathFs(mem, "/"), f, l10n.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	en := read(t, mem, "content/en/privacy-policy.md")
	en = strings.Replace(en, "We keep it for a while.", "We keep it for ten days.", 1)
	en = strings.Replace(en, `title = "Privacy Policy"`, `title = "Privacy Notice"`, 1)
	afero.WriteFile(mem, "/content/en/privacy-policy.md", []byte(en), 0o644)
	// An English UI string changes: its translations are stale.
	ui := strings.Replace(read(t, mem, "i18n/en.toml"), `legal_center = { other = "Legal Center"`, `legal_center = { other = "Legal Hub"`, 1)
	afero.WriteFile(mem, "/i18n/en.toml", []byte(ui), 0o644)
	// ja is re-stamped after the change: fresh again.
	if err := l10n.Stamp(afero.NewBasePathFs(mem, "/"), "content/ja/privacy-policy.md", l10n.Options{}); err != nil {
		t.Fatal(err)
	}

	for _, env := range []string{"production", "preview"} {
		res, err := Build(context.Background(), Options{Source: newSource(afero.NewReadOnlyFs(mem)), Environment: env, CacheDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		ko := read(t, res.Site, "ko/privacy-policy/index.html")
		if !strings.Contains(ko, `class="stale-notice"`) || !strings.Contains(ko, `href="/en/privacy-policy/#data-retention"`) {
			t.Errorf("%s: the stale Korean page has no notice linking to the changed section", env)
		}
		// The changed section, and it only, has a marker under its
		// heading, in Korean, linking to the English section.
		marker := regexp.MustCompile(`</h2>\s*<p class="?stale-marker"? role="?note"?><a href="?/en/privacy-policy/#data-retention"? hreflang="?en-US"?>영어 원문이 변경됨</a></p>`)
		if n := len(regexp.MustCompile(`class="?stale-marker`).FindAllString(ko, -1)); n != 1 || !regexp.MustCompile(`id="?data-retention"?[^<]*>[^<]*<a [^>]*>#</a></h2>\s*<p class="?stale-marker`).MatchString(ko) || !marker.MatchString(ko) {
			t.Errorf("%s: %d section markers in the stale Korean page, want one under #data-retention:\n%s", env, n, regexp.MustCompile(`(?s)<div class="?content"?>.*</div>`).FindString(ko))
		}
		if ja := read(t, res.Site, "ja/privacy-policy/index.html"); strings.Contains(ja, `class="stale-notice"`) {
			t.Errorf("%s: the fresh Japanese page shows the stale notice", env)
		}
		status, err := afero.ReadFile(res.Site, "/en/translation-status/index.html")
		if env == "production" && err == nil {
			t.Error("production build has the translation status page")
		}
		if env == "preview" {
			if err != nil {
				t.Fatal("preview build lacks the translation status page")
			}
			s := string(status)
			for _, want := range []string{`<strong><a href="/ko/privacy-policy/">privacy-policy.md</a></strong>: stale`, `<a href="/en/privacy-policy/#data-retention">data-retention</a>`,
				`<th scope="row"><a href="#lang-ko">ko</a></th>`, `<section class="status-language" id="lang-ko" lang="en">`,
				"; title changed in English", `<strong>stale-key</strong> <code>i18n/ko.toml:3</code> <code>legal_center</code>`,
				// Each stale part, at its line in the translation, with its
				// words; without git history the diff is unavailable, and
				// the page says how to get it.
				`<strong><a href="/en/privacy-policy/#data-retention">section #data-retention</a></strong>, <code>content/ko/privacy-policy.md:18</code>, 8 words: the English now (the English as stamped is <a href="#diff-unavailable">unavailable</a>)`,
				`<strong>field title</strong>, <code>content/ko/privacy-policy.md:2</code>, 2 words:`,
				"The word diffs are unavailable in this build: the site's folder is not known.", "git fetch --unshallow", "fetch-depth: 0",
				`<pre class="worddiff">## Data retention {#data-retention}`,
				// A key's go-i18n description, context for translators.
				`<span class="status-description">Context: Name of this site, shown after the brand in the header and in page titles</span>`} {
				if !strings.Contains(s, want) {
					t.Errorf("status page lacks %s\n%s", want, s)
				}
			}
			if strings.Contains(read(t, res.Site, "en/privacy-policy/index.html"), "translation-status") {
				t.Error("the status page is listed in the navigation")
			}
		}
	}
}

func TestBuildFindings(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string // File:Line: Message of each finding; "" for none
	}{
		{"line and column", &hugo.BuildError{Msg: "content/en/a.md:11:1: the fact \"x.y\" does not exist"}, "content/en/a.md:11: the fact \"x.y\" does not exist"},
		{"line only", &hugo.BuildError{Msg: "content/en/a.md:7: the heading \"A\" has no id"}, "content/en/a.md:7: the heading \"A\" has no id"},
		{"space in the file name", &hugo.BuildError{Msg: "content/ko/쿠키 정책.md:9:3: the link \"x\" is relative"}, "content/ko/쿠키 정책.md:9: the link \"x\" is relative"},
		{"two errors", &hugo.BuildError{Msg: "content/en/a.md:3:1: one\nlayouts/page.html:1:25: two: at <.Nope>"}, "content/en/a.md:3: one\nlayouts/page.html:1: two: at <.Nope>"},
		{"a line without position", &hugo.BuildError{Msg: "content/en/a.md:3:1: one\ncontent/en/b.md: the heading has no id"}, "content/en/a.md:3: one\ncontent/en/b.md:0: content/en/b.md: the heading has no id"},
		{"a file mentioned", errors.New(`the "date" front matter field is not a parsable date: see /content/en/cookies-policy.md`), `content/en/cookies-policy.md:0: the "date" front matter field is not a parsable date: see /content/en/cookies-policy.md`},
		{"no file", errors.New("error building site: access denied"), ":0: error building site: access denied"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range buildFindings(tc.err) {
				if f.Level != report.Error || f.Rule != "build" || f.Page != f.File {
					t.Errorf("finding %+v: want an error of rule build on its file", f)
				}
				got = append(got, fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Message))
			}
			if strings.Join(got, "\n") != tc.want {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), tc.want)
			}
		})
	}
}

// TestSourceSeesSymlinks: walks over a Source see a symlink as one, so the
// content check reports it instead of reading its target.
func TestSourceSeesSymlinks(t *testing.T) {
	root := t.TempDir()
	if err := os.Symlink(t.TempDir(), filepath.Join(root, "link")); err != nil {
		t.Skip(err)
	}
	src, err := NewSource(root)
	if err != nil {
		t.Fatal(err)
	}
	fi, lstat, err := src.LstatIfPossible("/link")
	if err != nil || !lstat || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("LstatIfPossible = %v, %v, %v; want a symlink", fi, lstat, err)
	}
}

// TestTypographyInBuild: the build reports the typography rules'
// findings as the content check alone does, in its order, among the
// others: here a doubled word and, at the same line, a heading without
// an id, which Hugo's render hook reports too.
func TestTypographyInBuild(t *testing.T) {
	src := testSource(t, "-- data/typography.toml --\nspaced = [\"en\"]\n"+doc("en", "P", retention+"\nWe keep the the logs.\n\n## Logs and and more\n\nAnd the end end.\n"))
	res, err := Build(context.Background(), Options{Source: src, CacheDir: t.TempDir()})
	if !errors.Is(err, ErrCheck) {
		t.Fatalf("err = %v, want ErrCheck", err)
	}
	cfg, err := hugo.LoadConfig(hugo.Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	alone, err := lint.Run(context.Background(), src, lint.Options{Langs: cfg.Codes(), SourceLang: cfg.DefaultContentLanguage})
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, f := range alone.Findings {
		if f.Rule == "doubled-word" {
			words = append(words, fmt.Sprintf("%s:%d", f.File, f.Line))
		}
	}
	if want := "content/en/privacy-policy.md:11 content/en/privacy-policy.md:13 content/en/privacy-policy.md:15"; strings.Join(words, " ") != want {
		t.Fatalf("the content check alone found doubled words at %v, want %s", words, want)
	}
	// The content check's findings are in the build's, in their order.
	i := 0
	for _, f := range res.Check.Findings {
		if i < len(alone.Findings) && f == alone.Findings[i] {
			i++
		}
	}
	if i < len(alone.Findings) {
		t.Errorf("the build reports the content check's findings up to %+v only; all of the build's:\n%v", alone.Findings[i], res.Check.Findings)
	}
}

// TestBuildContentCache: a build keeps what the content check found in
// each file, and the pages it minified, in its cache folder, and the
// next build, reading them, reports the same findings and publishes the
// same bytes; a file changed between them is checked again, and its
// pages minified again.
func TestBuildContentCache(t *testing.T) {
	root, cache, out := t.TempDir(), t.TempDir(), t.TempDir()
	disk := afero.NewBasePathFs(afero.NewOsFs(), root)
	sitetest.CopyParts(t, disk, "/")
	write := func(body string) {
		t.Helper()
		d := txtar.Parse([]byte(doc("en", "P", body))).Files[0]
		disk.MkdirAll("/"+filepath.Dir(d.Name), 0o755)
		if err := afero.WriteFile(disk, "/"+d.Name, d.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	unchanged := 0                            // files the next build should find unchanged
	var checked []check.Report                // the link check's report of each build that went through
	var edited struct{ Pages, Unchanged int } // the last build's pages, from the cache or not
	fresh := false                            // build as -fresh does
	build := func(name string, fails bool) ([]report.Finding, map[string]string) {
		t.Helper()
		src, err := NewSource(root)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Build(context.Background(), Options{Source: src, CacheDir: cache, Out: filepath.Join(out, name), Fresh: fresh})
		if fails != errors.Is(err, ErrCheck) || err != nil && !fails {
			t.Fatalf("%s: %v", name, err)
		}
		if c := res.Content; c.Files != 1 || c.Unchanged != unchanged {
			t.Errorf("%s: %d content files, %d unchanged; want 1, %d", name, c.Files, c.Unchanged, unchanged)
		}
		if m := res.Minified; !fails && name != "edited" && (m.Pages < 2 || (m.Unchanged == m.Pages) != (unchanged == 1)) {
			t.Errorf("%s: %d pages minified, %d of them unchanged; want all unchanged: %v", name, m.Pages, m.Unchanged, unchanged == 1)
		}
		unchanged = 1
		if fails {
			return res.Check.Findings, nil
		}
		checked = append(checked, *res.Check)
		edited = res.Minified
		return res.Check.Findings, sitetest.Tree(t, filepath.Join(out, name))
	}
	headingID := func(f report.Finding) bool { return f.Rule == "heading-id" }

	write(retention + "\n## Logs\n")
	cold, _ := build("cold", true)
	files, _ := filepath.Glob(filepath.Join(cache, "sitectl", "content-*.gob"))
	if len(files) != 1 {
		t.Fatalf("the cache folder holds %v, want one content cache", files)
	}
	if !slices.ContainsFunc(cold, headingID) {
		t.Fatalf("findings %v, want the heading without an id", cold)
	}
	if again, _ := build("again", true); sitetest.Diff(cold, again) != "" {
		t.Errorf("the second build's findings differ: %s", sitetest.Diff(cold, again))
	}

	write(retention + "\n## Logs {#logs}\n")
	unchanged = 0
	fixed, site := build("fixed", false)
	if slices.ContainsFunc(fixed, headingID) {
		t.Errorf("after the fix, the build still reports %v", fixed)
	}
	again, againSite := build("fixed-again", false)
	if d := sitetest.Diff(fixed, again); d != "" {
		t.Errorf("the second build's findings differ: %s", d)
	}
	if d := sitetest.Diff(site, againSite); d != "" {
		t.Errorf("the second build's site differs: %s", d)
	}
	// The link check read every page, those written from the cache too.
	if d := sitetest.Diff(checked[0], checked[1]); d != "" || checked[1].Pages < 2 || checked[1].Links == 0 {
		t.Errorf("the second build's link check differs: %s (%d pages, %d links)", d, checked[1].Pages, checked[1].Links)
	}
	// A page edited is minified again, the others are not.
	write(retention + "\n## Logs {#logs}\n\nKept a year.\n")
	unchanged = 0
	_, editedSite := build("edited", false)
	if m := edited; m.Unchanged == 0 || m.Unchanged >= m.Pages {
		t.Errorf("after an edit, %d of %d pages came from the cache; want all but the edited page's", m.Unchanged, m.Pages)
	}
	// A fresh build reads nothing from the caches, and writes nothing
	// into them.
	before := sitetest.Tree(t, cache)
	fresh, unchanged = true, 0
	if _, freshSite := build("fresh", false); sitetest.Diff(editedSite, freshSite) != "" {
		t.Errorf("the fresh build's site differs: %s", sitetest.Diff(editedSite, freshSite))
	}
	if d := sitetest.Diff(before, sitetest.Tree(t, cache)); d != "" {
		t.Errorf("the fresh build changed the caches: %s", d)
	}
}
