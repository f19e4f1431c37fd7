package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"golang.org/x/tools/txtar"
	"legalcenter/internal/sitetest"
)

func run(t *testing.T, archive string) *Result {
	t.Helper()
	fs := afero.NewMemMapFs()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		afero.WriteFile(fs, "/"+f.Name, f.Data, 0o644)
	}
	opt := Options{Langs: []string{"en", "ko"}, SourceLang: "en", Shortcodes: []string{"fact", "mark"}}
	res, err := Run(context.Background(), fs, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkCached(t, fs, opt, res)
	return res
}

// checkCached fails unless a run with a cache, and one after it that
// finds every file in the cache as the first saved it, find what want
// found.
func checkCached(t testing.TB, fsys afero.Fs, opt Options, want *Result) {
	t.Helper()
	dir := t.TempDir()
	for i, name := range []string{"the run that fills the cache", "the run that reads it"} {
		opt.Cache = OpenCache(dir, "/site")
		got, err := Run(context.Background(), fsys, opt)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := opt.Cache.Save(); err != nil {
			t.Fatal(err)
		}
		if found, linted := opt.Cache.Found(); i == 1 && found != linted {
			t.Errorf("%s read %d of its %d files again", name, linted-found, linted)
		}
		if d := sitetest.Diff(want, got); d != "" {
			t.Fatalf("%s found otherwise than a run without a cache: %s", name, d)
		}
	}
}

func findings(res *Result) string {
	var b strings.Builder
	for _, f := range res.Findings {
		fmt.Fprintf(&b, "%s:%d: %s: %s\n", f.File, f.Line, f.Rule, f.Message)
	}
	return b.String()
}

const fm = "+++\ntitle = \"T\"\ndescription = \"D\"\ndate = 2020-08-17\nweight = 1\n+++\n"

func TestRules(t *testing.T) {
	for _, tc := range []struct {
		name, files, want string
	}{
		{"clean", "-- content/en/a.md --\n" + fm + "## A {#a}\n\n{{< fact \"x.y\" >}}\n-- content/ko/a.md --\n" + fm + "## 가 {#a}\n\n{{< fact \"x.y\" >}}\n", ""},
		{"broken toml", "-- content/en/a.md --\n+++\ntitle = \"T\ndate = 2020-08-17\n+++\n", "content/en/a.md:2: front-matter: the TOML front matter does not parse"},
		{"broken yaml", "-- content/en/a.md --\n---\ntitle: T\n  date: : x\n---\n", "content/en/a.md:3: front-matter: the YAML front matter does not parse: found an invalid key for this map\n"},
		{"yaml list cut by the end", "-- content/en/a.md --\n---\ntitle: [x\n---\nbody\n", "content/en/a.md:2: front-matter: the YAML front matter does not parse: sequence end token ']' not found\n"},
		{"unclosed yaml list", "-- content/en/a.md --\n---\ntitle: T\ndescription: [unclosed\ndate: 2020-08-17\n---\n", "content/en/a.md:4: front-matter: the YAML front matter does not parse: ',' or ']' must be specified\n"},
		{"unclosed", "-- content/en/a.md --\n+++\ntitle = \"T\"\n", "content/en/a.md:1: front-matter: the front matter opened with +++ is never closed"},
		{"empty front matter", "-- content/en/a.md --\n+++\n+++\n## A {#a}\n", "content/en/a.md:1: front-matter: the front matter has no title"},
		{"closed at the end of the file", "-- content/en/a.md --\n" + strings.TrimSuffix(fm, "\n"), ""},
		{"body right after the front matter", "-- content/en/a.md --\n" + fm + "## A\n", `content/en/a.md:7: heading-id: the heading "A" has no id`},
		{"no front matter", "-- content/en/a.md --\n# hi\n", "content/en/a.md:1: front-matter: the file does not start with front matter"},
		{"missing field", "-- content/en/a.md --\n+++\ntitle = \"T\"\ndate = 2020-08-17\nweight = 1\n+++\n", "content/en/a.md:1: front-matter: the front matter has no description"},
		{"empty", "-- content/en/a.md --\n\n", "content/en/a.md:0: file: the file is empty"},
		{"heading without id", "-- content/en/a.md --\n" + fm + "intro\n\n## Data retention\n", `content/en/a.md:9: heading-id: the heading "Data retention" has no id: write it as "## Data retention {#an-id}"`},
		{"heading in code fence", "-- content/en/a.md --\n" + fm + "```\n## not a heading\n```\n", ""},
		{"long fence closed only by a long fence", "-- content/en/a.md --\n" + fm + "````\n```\n## not a heading\n````\n", ""},
		{"setext heading without id", "-- content/en/a.md --\n" + fm + "intro\n\nData retention\n==============\n", `content/en/a.md:9: heading-id: the heading "Data retention" has no id: write it as "Data retention {#an-id}"`},
		{"setext heading with id", "-- content/en/a.md --\n" + fm + "Data retention {#data-retention}\n--------------\n", ""},
		{"thematic break after a list", "-- content/en/a.md --\n" + fm + "- item\n---\n\ntext\n", ""},
		{"table delimiter", "-- content/en/a.md --\n" + fm + "| a | b |\n|---|---|\n| 1 | 2 |\n", ""},
		{"bad id", "-- content/en/a.md --\n" + fm + "## 보존 {#보존}\n", `content/en/a.md:7: heading-id: the heading id "보존" must be lower-case ASCII words`},
		{"duplicate id", "-- content/en/a.md --\n" + fm + "## A {#a}\n\n### B {#a}\n", `content/en/a.md:9: heading-id: the heading id "a" is already used on line 7`},
		{"fact dropped", "-- content/en/a.md --\n" + fm + "{{< fact \"privacy.dpo_email\" >}}\n-- content/ko/a.md --\n" + fm + "dpo@example.com\n", `content/ko/a.md:0: fact: the fact "privacy.dpo_email" is used in content/en/a.md:7 but not in this translation`},
		{"fact added", "-- content/en/a.md --\n" + fm + "x\n-- content/ko/a.md --\n" + fm + "{{< fact \"privacy.x\" >}}\n", `content/ko/a.md:7: fact: the fact "privacy.x" is not used in content/en/a.md`},
		{"byte order mark", "-- content/en/a.md --\n\xef\xbb\xbf" + fm + "## A {#a}\n\n## B\n", `content/en/a.md:9: heading-id: the heading "B" has no id`},
		{"anchor aliases", "-- content/en/a.md --\n" + fm + "## A {#a}\n-- content/en/info/b.md --\n" + fm + "## B {#b}\n-- data/anchors.toml --\n[a]\nold-a = \"a\"\n[\"info/b\"]\nold-b = \"b\"\n", ""},
		{"anchor alias to no heading", "-- content/en/a.md --\n" + fm + "## A {#a}\n-- data/anchors.toml --\n# renamed\n[a]\nold = \"gone\"\n", `data/anchors.toml:3: anchor-alias: old = "gone" in [a]: content/en/a.md has no heading {#gone}`},
		{"anchor alias still in use", "-- content/en/a.md --\n" + fm + "## A {#a}\n\n## B {#b}\n-- data/anchors.toml --\n[a]\nb = \"a\"\n", `data/anchors.toml:2: anchor-alias: "b" in [a] is still a heading id of content/en/a.md`},
		{"anchor alias for no document", "-- content/en/a.md --\n" + fm + "## A {#a}\n-- data/anchors.toml --\n[\"a.md\"]\nold = \"a\"\n", `data/anchors.toml:1: anchor-alias: ["a.md"] names no document`},
		{"anchor alias not a string", "-- content/en/a.md --\n" + fm + "## A {#a}\n-- data/anchors.toml --\n[a]\nold = 1\n", `data/anchors.toml:2: anchor-alias: old in [a] must be a string`},
		{"anchor alias with a space", "-- content/en/a.md --\n" + fm + "## A {#a}\n-- data/anchors.toml --\n[a]\n\"old one\" = \"a\"\n", `data/anchors.toml:2: anchor-alias: "old one" in [a] is not a usable id`},
		{"anchors file broken", "-- content/en/a.md --\n" + fm + "## A {#a}\n-- data/anchors.toml --\n[a]\nold = \"a\n", `data/anchors.toml:2: anchor-alias: the file does not parse`},
		{"invalid utf-8", "-- content/ko/a.md --\n" + fm + "ok\n\xff\xfe\n", "content/ko/a.md:8: file: the file is not valid UTF-8 (first bad byte in column 1)"},
		// Content Hugo would read is checked whatever its Markdown suffix,
		// and other formats are refused.
		{".markdown linted", "-- content/en/a.markdown --\n# hi\n", "content/en/a.markdown:1: front-matter: the file does not start with front matter"},
		{".markdown headings", "-- content/en/a.markdown --\n" + fm + "## A\n", `content/en/a.markdown:7: heading-id: the heading "A" has no id`},
		{"html content", "-- content/en/a.html --\n<p>x</p>\n", "content/en/a.html:0: file: Hugo would publish this .html file as a page, unchecked: content is written in Markdown; rename it to a.md"},
		{"org content", "-- content/ko/b.org --\n* x\n", "content/ko/b.org:0: file: Hugo would publish this .org file as a page"},
		{"adoc content", "-- content/en/c.adoc --\n= x\n", "content/en/c.adoc:0: file: Hugo would publish this .adoc file"},
		{"other files pass", "-- content/en/a.md --\n" + fm + "x\n-- content/en/_content.gotmpl --\n{{ x }}\n-- content/en/img.png --\npng\n", ""},
		// Links to schemes the site does not allow, wherever they are written.
		{"javascript autolink", "-- content/en/a.md --\n" + fm + "intro\n\nSee <javascript:alert(1)> now.\n", `content/en/a.md:9: link: the link "javascript:alert(1)" uses the scheme "javascript", which is not allowed`},
		{"javascript reference definition", "-- content/en/a.md --\n" + fm + "See [here][x].\n\n[x]: JavaScript:alert(1)\n", `content/en/a.md:9: link: the link "JavaScript:alert(1)" uses the scheme "javascript"`},
		{"data image", "-- content/en/a.md --\n" + fm + "![x](data:text/html,x)\n", `content/en/a.md:7: link: the link "data:text/html,x" uses the scheme "data"`},
		{"missing image", "-- content/en/a.md --\n" + fm + "intro\n\n![Diagram](/img/missing.png)\n", `content/en/a.md:9: link: the image "/img/missing.png" does not exist: put the file in static/`},
		{"images that exist", "-- static/img/a.png --\npng\n-- content/en/b/c.png --\npng\n-- content/en/b/index.md --\n" + fm + "![a](/img/a.png) ![c](c.png) ![x](https://example.com/x.png)\n", ""},
		{"allowed schemes", "-- content/en/a.md --\n" + fm + "[a](https://x.example/) <mailto:a@example.com> [t](tel:+1555) [p](/privacy-policy/#x) <https://y.example/>\n", ""},
		// Fact keys that name no single value.
		{"fact table", "-- data/facts/privacy.toml --\ndpo_email = \"a@example.com\"\nage = 16\n-- content/en/a.md --\n" + fm + "x\n\n{{< fact \"privacy\" >}}\n", `content/en/a.md:9: fact-key: the fact "privacy" is a whole table, not one value: name one of its values, such as "privacy.age", "privacy.dpo_email"`},
		{"fact missing", "-- data/facts/privacy.toml --\ndpo_email = \"a@example.com\"\n-- content/en/a.md --\n" + fm + "{{< fact \"privacy.dpo_mail\" >}}\n", `content/en/a.md:7: fact-key: the fact "privacy.dpo_mail" does not exist: data/facts/privacy.toml has no "dpo_mail" (it has "privacy.dpo_email")`},
		{"fact past a value", "-- data/facts/privacy.toml --\ndpo_email = \"a@example.com\"\n-- content/en/a.md --\n" + fm + "{{< fact \"privacy.dpo_email.x\" >}}\n", `content/en/a.md:7: fact-key: the fact "privacy.dpo_email.x" goes past the value "privacy.dpo_email"`},
		{"fact file missing", "-- data/facts/privacy.toml --\ndpo_email = \"a@example.com\"\n-- content/en/a.md --\n" + fm + "{{< fact \"terms.x\" >}}\n", `content/en/a.md:7: fact-key: the fact "terms.x" names no file of data/facts/`},
		{"fact url not a web address", "-- data/facts/privacy.toml --\nportal_url = \"javascript:alert(1)\"\n-- content/en/a.md --\n" + fm + "{{< fact \"privacy.portal_url\" >}}\n", `content/en/a.md:7: fact-key: the fact "privacy.portal_url" is linked as a web address, but its value "javascript:alert(1)" in data/facts/privacy.toml is none`},
		{"fact url", "-- data/facts/privacy.toml --\nportal_url = \"https://example.com/p\"\n-- content/en/a.md --\n" + fm + "{{< fact \"privacy.portal_url\" >}}\n", ""},
		{"fact nested", "-- data/facts/privacy.toml --\n[korea]\nagent_email = \"a@example.com\"\n-- content/en/a.md --\n" + fm + "{{< fact \"privacy.korea.agent_email\" >}}\n", ""},
		// Dates Hugo cannot parse.
		{"date not a date", "-- content/en/a.md --\n+++\ntitle = \"T\"\ndescription = \"D\"\ndate = \"last tuesday\"\nweight = 1\n+++\n", `content/en/a.md:4: front-matter: date "last tuesday" is not a date: write it as 2020-08-17`},
		{"yaml lastmod not a date", "-- content/en/a.md --\n---\ntitle: T\ndescription: D\ndate: 2020-08-17\nlastmod: 17/08/2020\nweight: 1\n---\n", `content/en/a.md:5: front-matter: lastmod "17/08/2020" is not a date`},
		{"revision date not a date", "-- content/en/a.md --\n" + strings.TrimSuffix(fm, "+++\n") + "[[params.revisions]]\nversion = \"1.0\"\ndate = \"soon\"\n+++\n", `content/en/a.md:8: front-matter: date "soon" is not a date`},
		{"dates as strings", "-- content/en/a.md --\n+++\ntitle = \"T\"\ndescription = \"D\"\ndate = \"2020-08-17\"\nlastmod = \"2020-08-17T10:00:00+09:00\"\nweight = 1\n+++\n", ""},
		// Front matter that asks for another file's address.
		{"url robots.txt", "-- content/en/a.md --\n+++\ntitle = \"T\"\ndescription = \"D\"\ndate = 2020-08-17\nweight = 1\nurl = \"/robots.txt\"\n+++\n", `content/en/a.md:6: address: url = "/robots.txt" asks for /robots.txt, the address of robots.txt, which Hugo generates: the page would replace it`},
		{"yaml url _headers", "-- content/en/a.md --\n---\ntitle: T\ndescription: D\ndate: 2020-08-17\nweight: 1\nurl: /_headers\n---\n", `content/en/a.md:6: address: url = "/_headers" asks for /_headers, the address of Netlify's header rules`},
		{"alias 404", "-- content/ko/a.md --\n+++\ntitle = \"T\"\ndescription = \"D\"\ndate = 2020-08-17\nweight = 1\naliases = [\"/old/\", \"/404.html\"]\n+++\n", `content/ko/a.md:6: address: aliases = "/404.html" asks for /ko/404.html, the address of the language's 404 page`},
		{"relative url sitemap", "-- content/en/a.md --\n+++\ntitle = \"T\"\ndescription = \"D\"\ndate = 2020-08-17\nweight = 1\nurl = \"sitemap.xml\"\n+++\n", `content/en/a.md:6: address: url = "sitemap.xml" asks for /en/sitemap.xml, the address of the language's sitemap`},
		{"url static file", "-- static/favicon.svg --\n<svg/>\n-- content/en/a.md --\n+++\ntitle = \"T\"\ndescription = \"D\"\ndate = 2020-08-17\nweight = 1\nurl = \"/favicon.svg\"\n+++\n", `content/en/a.md:6: address: url = "/favicon.svg" asks for /favicon.svg, the address of the static file static/favicon.svg`},
		{"slug of another document", "-- content/en/a.md --\n" + fm + "x\n-- content/en/b.md --\n+++\ntitle = \"T\"\ndescription = \"D\"\ndate = 2020-08-17\nweight = 1\nslug = \"a\"\n+++\n", `content/en/b.md:6: address: slug = "a" asks for /en/a, the address of content/en/a.md: one page would overwrite the other`},
		{"url of another language's document", "-- content/ko/a.md --\n" + fm + "x\n-- content/en/b.md --\n+++\ntitle = \"T\"\ndescription = \"D\"\ndate = 2020-08-17\nweight = 1\nurl = \"/ko/a/\"\n+++\n", `content/en/b.md:6: address: url = "/ko/a/" asks for /ko/a, the address of content/ko/a.md`},
		{"alias of a section", "-- content/en/info/_index.md --\n" + fm + "x\n-- content/en/b.md --\n+++\ntitle = \"T\"\ndescription = \"D\"\ndate = 2020-08-17\nweight = 1\naliases = [\"/info/index.html\"]\n+++\n", `content/en/b.md:6: address: aliases = "/info/index.html" asks for /en/info, the address of content/en/info/_index.md`},
		{"own addresses are fine", "-- content/en/a.md --\n+++\ntitle = \"T\"\ndescription = \"D\"\ndate = 2020-08-17\nweight = 1\nurl = \"/en/a/\"\naliases = [\"/old-a/\", \"older-a\"]\n+++\n-- content/ko/a.md --\n+++\ntitle = \"T\"\ndescription = \"D\"\ndate = 2020-08-17\nweight = 1\naliases = [\"/old-a/\"]\n+++\n", ""},
		// Only the project's shortcodes.
		{"youtube", "-- content/en/a.md --\n" + fm + "intro\n\n{{< youtube dQw4w9WgXcQ >}}\n", `content/en/a.md:9: shortcode: the shortcode "youtube" is not one of this site's (fact, mark): Hugo's built-in shortcodes embed third-party content`},
		{"vimeo with markup", "-- content/en/a.md --\n" + fm + "{{% vimeo 1 %}}\n", `content/en/a.md:7: shortcode: the shortcode "vimeo" is not one of this site's`},
		{"x in a code fence", "-- content/en/a.md --\n" + fm + "```\n{{< x user=\"a\" id=\"1\" >}}\n```\n", `content/en/a.md:8: shortcode: the shortcode "x" is not one of this site's`},
		{"shortcode commented out", "-- content/en/a.md --\n" + fm + "{{</* youtube x */>}}\n", ""},
		// Raw HTML is dropped with the words inside it.
		{"inline html", "-- content/en/a.md --\n" + fm + "intro\n\nchoose <kbd>Save</kbd>, then press\n", `content/en/a.md:9: raw-html: raw HTML is not published: Hugo drops "<kbd>", and the words inside it, from the page; write ` + "`code`" + ` instead`},
		{"html block", "-- content/en/a.md --\n" + fm + "<div class=\"note\">\nRead this.\n</div>\n", `content/en/a.md:7: raw-html: raw HTML is not published: Hugo drops "<div class=\"note\">"`},
		{"line break", "-- content/en/a.md --\n" + fm + "a<br>b\n", `content/en/a.md:7: raw-html: raw HTML is not published: Hugo drops "<br>", and the words inside it, from the page; end the line with a backslash`},
		{"comments, autolinks, code and shortcodes are no raw HTML", "-- content/en/a.md --\n" + fm + "<!-- a note for translators -->\n\nsee <https://example.com/> and `<b>`\n\n```\n<b>x</b>\n```\n\n{{< fact \"a.b\" >}} x <!-- inline -->\n", ""},
		{"closed heading without id", "-- content/en/a.md --\n" + fm + "### Scope ###\n", `content/en/a.md:7: heading-id: the heading "Scope" has no id: write it as "### Scope {#an-id}"`},
		{"heading in a block quote", "-- content/en/a.md --\n" + fm + "> ## Note\n", `content/en/a.md:7: heading-id: the heading "Note" has no id`},
		{"fact with markup", "-- content/en/a.md --\n" + fm + "x\n-- content/ko/a.md --\n" + fm + "{{% fact \"privacy.x\" %}}\n", `content/ko/a.md:7: fact: the fact "privacy.x" is not used in content/en/a.md`},
		{"nested too deep", "-- content/en/a.md --\n" + fm + "intro\n\n" + strings.Repeat("> ", 60000) + "x\n", "content/en/a.md:9: file: lists and block quotes are nested more than 100 levels deep here"},
		{"shortcode unclosed", "-- content/en/a.md --\n" + fm + "intro\n\n{{< fact \"x.y\"\n", "content/en/a.md:9: file: a shortcode call does not parse: unclosed shortcode action"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := findings(run(t, tc.files))
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestBrokenFileOneError: a file that cannot be read through gets its one
// error, not a train of follow-on ones (facts "missing", aliases to
// headings "gone") that hide it.
func TestBrokenFileOneError(t *testing.T) {
	en := "-- content/en/a.md --\n" + fm + "## A {#a}\n\n{{< fact \"x.y\" >}} {{< fact \"x.z\" >}}\n"
	ko := "-- content/ko/a.md --\n" + fm + "## 가 {#a}\n\n{{< fact \"x.y\" >}} {{< fact \"x.z\" >}}\n"
	aliases := "-- data/anchors.toml --\n[a]\nold = \"a\"\n"
	for _, tc := range []struct{ name, files, want string }{
		{"translation front matter", en + aliases + "-- content/ko/a.md --\n+++\ntitle = \"T\n+++\n{{< fact \"x.y\" >}}\n", "content/ko/a.md:2: front-matter: the TOML front matter does not parse"},
		{"translation not utf-8", en + aliases + ko + "\xff\n", "content/ko/a.md:10: file: the file is not valid UTF-8"},
		{"translation empty", en + aliases + "-- content/ko/a.md --\n\n", "content/ko/a.md:0: file: the file is empty"},
		{"source front matter", ko + aliases + "-- content/en/a.md --\n---\ntitle: [x\n---\n## A {#a}\n", "content/en/a.md:2: front-matter: the YAML front matter does not parse"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := findings(run(t, tc.files))
			if strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, tc.want) {
				t.Errorf("findings:\n%s\nwant only:\n%s", got, tc.want)
			}
		})
	}
}

// TestRunReleasesTrees: Run hands the later stages documents without
// their parse trees, which the rules alone read, and the rules that read
// them still ran (a doubled word is a typography rule, raw HTML one of
// lintFile's).
func TestRunReleasesTrees(t *testing.T) {
	res := run(t, "-- data/typography.toml --\nspaced = [\"en\"]\n-- content/en/a.md --\n"+fm+"## A {#a}\n\nWe keep the the logs. <b>x</b>\n")
	if got := findings(res); !strings.Contains(got, "doubled-word") || !strings.Contains(got, "raw-html") {
		t.Errorf("findings:\n%s\nwant a doubled word and raw HTML", got)
	}
	if len(res.Docs) != 1 || res.Docs[0].Content == nil {
		t.Fatalf("docs: %+v", res.Docs)
	}
	d := res.Docs[0].Content
	if d.Tree != nil || d.Markdown != nil {
		t.Errorf("the document keeps its parse tree (%T) and Markdown (%d bytes)", d.Tree, len(d.Markdown))
	}
	if len(d.Sections) != 2 || d.Sections[1].ID != "a" || d.Sections[1].Words == 0 {
		t.Errorf("sections: %+v", d.Sections)
	}
}

func TestHugeFile(t *testing.T) {
	fs := afero.NewMemMapFs()
	afero.WriteFile(fs, "/content/en/big.md", []byte(fm+strings.Repeat("a", 50<<20)), 0o644)
	res, err := Run(context.Background(), fs, Options{Langs: []string{"en"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := findings(res); !strings.Contains(got, "content/en/big.md:0: file: the file is 50.0 MiB; content files may be at most 4.0 MiB") {
		t.Errorf("findings:\n%s", got)
	}
}

// noLstat hides the Lstater of its Fs, as any wrapper that embeds afero.Fs
// does: afero.Walk then follows symlinks.
type noLstat struct{ afero.Fs }

func TestSymlinkOutside(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "content", "en"), 0o755)
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	os.WriteFile(secret, []byte(fm+"secret"), 0o644)
	if err := os.Symlink(secret, filepath.Join(root, "content", "en", "leak.md")); err != nil {
		t.Skip(err)
	}
	os.Symlink(outside, filepath.Join(root, "content", "en", "dir"))
	base := afero.NewBasePathFs(afero.NewOsFs(), root)
	for _, tc := range []struct {
		name string
		fs   afero.Fs
	}{
		{"BasePathFs", base},
		{"without Lstat", noLstat{base}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Run(context.Background(), tc.fs, Options{Langs: []string{"en"}, Root: root})
			if err != nil {
				t.Fatal(err)
			}
			got := findings(res)
			for _, want := range []string{
				"content/en/dir:0: file: the symlink points outside the repository (to " + filepath.ToSlash(outside),
				"content/en/leak.md:0: file: the symlink points outside the repository (to " + filepath.ToSlash(secret),
			} {
				if !strings.Contains(got, want) {
					t.Errorf("findings:\n%s\nwant: %s", got, want)
				}
			}
			if strings.Contains(got, "secret.md") && strings.Contains(got, "front-matter") {
				t.Errorf("the target of a symlink was read:\n%s", got)
			}
		})
	}
}

// TestSymlinksEverywhere: a symlink in any folder Hugo reads is an error at
// the link's path, before Hugo runs: one leaving the repository could
// publish a file of the build machine (static/env.txt -> the build's
// environment), one inside is a file Hugo would drop (and under assets/,
// fail on). A mount leaving the repository is refused at hugo.toml.
func TestSymlinksEverywhere(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.txt")
	os.WriteFile(secret, []byte("TOKEN=x"), 0o644)
	for _, d := range []string{"content/en", "static", "assets/css", "layouts/_partials", "data", "i18n", "archetypes", "shared"} {
		os.MkdirAll(filepath.Join(root, filepath.FromSlash(d)), 0o755)
	}
	os.WriteFile(filepath.Join(root, "assets", "real.css"), []byte("a{}"), 0o644)
	os.WriteFile(filepath.Join(root, "layouts", "real.html"), []byte("x"), 0o644)
	links := map[string]string{
		"static/env.txt":               secret,
		"static/etc":                   outside,
		"assets/css/site.css":          filepath.Join(root, "assets", "real.css"),
		"layouts/_partials/x.html":     filepath.Join(root, "layouts", "real.html"),
		"data/facts.toml":              secret,
		"i18n/en.toml":                 filepath.Join(root, "nowhere.toml"),
		"archetypes/default.md":        secret,
		"shared/leak.txt":              secret,
		"static/ok.txt.not-a-link.txt": "",
	}
	for name, target := range links {
		p := filepath.Join(root, filepath.FromSlash(name))
		if target == "" {
			os.WriteFile(p, []byte("plain"), 0o644)
			continue
		}
		if err := os.Symlink(target, p); err != nil {
			t.Skip(err)
		}
	}
	mounts := []Mount{{"content/en", "content"}, {"static", "static"}, {"assets", "assets"}, {"layouts", "layouts"},
		{"data", "data"}, {"i18n", "i18n"}, {"archetypes", "archetypes"}, {"shared", "static"}, {"/etc", "data"}}
	res, err := Run(context.Background(), afero.NewBasePathFs(afero.NewOsFs(), root), Options{Langs: []string{"en"}, Root: root, Mounts: mounts})
	if err != nil {
		t.Fatal(err)
	}
	got := findings(res)
	for _, want := range []string{
		"archetypes/default.md:0: file: the symlink points outside the repository",
		"assets/css/site.css:0: file: Hugo does not read symlinks: resources.Get finds nothing here",
		"data/facts.toml:0: file: the symlink points outside the repository",
		"hugo.toml:0: file: a module mount reads /etc, outside the repository",
		"i18n/en.toml:0: file: the symlink is broken",
		"layouts/_partials/x.html:0: file: Hugo does not read symlinks: the file would be missing from the site",
		"shared/leak.txt:0: file: the symlink points outside the repository",
		"static/env.txt:0: file: the symlink points outside the repository (to " + filepath.ToSlash(secret) + "): it could publish any file of the build machine; commit the file itself",
		"static/etc:0: file: the symlink points outside the repository",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("findings:\n%s\nwant: %s", got, want)
		}
	}
	if n := strings.Count(got, "\n"); n != 9 {
		t.Errorf("%d findings, want 9:\n%s", n, got)
	}
	for _, f := range res.Findings {
		if !Stops(f) {
			t.Errorf("%s does not stop the build", f.File)
		}
	}
}

// TestPlaceholderFacts: a production build fails on each placeholder fact
// that content shows, at its line of the facts file, naming the pages;
// placeholders no page shows, and builds for previews, say nothing.
func TestPlaceholderFacts(t *testing.T) {
	files := "-- content/en/a.md --\n" + fm + "{{< fact \"terms.entity_name\" >}} {{< fact \"terms.email\" >}} {{< fact \"terms.city\" >}}\n" +
		"-- content/ko/a.md --\n" + fm + "\n{{< fact \"terms.entity_name\" >}} {{< fact \"terms.city\" >}}\n" +
		"-- data/facts/terms.toml --\n# Facts.\nplaceholders = [\n  \"entity_name\",\n  \"email\",\n  \"unused\",\n  \"undefined\",\n]\nentity_name = \"Entity (placeholder)\"\n\"email\" = \"legal@example.com\"\nunused = \"x\"\ncity = \"Amsterdam\"\n" +
		"-- data/facts/privacy.toml --\nplaceholders = []\n"
	for _, tc := range []struct {
		name       string
		production bool
		extra      string
		want       string
	}{
		{"production", true, "",
			"data/facts/terms.toml:8: placeholder-fact: the fact \"terms.entity_name\" is still a placeholder (Entity (placeholder)), shown on 2 pages: content/en/a.md:7, content/ko/a.md:8; replace the value with the confirmed one and remove \"entity_name\" from placeholders before publishing\n" +
				"data/facts/terms.toml:9: placeholder-fact: the fact \"terms.email\" is still a placeholder (legal@example.com), shown on 1 page: content/en/a.md:7; replace the value with the confirmed one and remove \"email\" from placeholders before publishing\n"},
		{"placeholder not defined", true, "-- content/en/b.md --\n" + fm + "{{< fact \"terms.undefined\" >}}\n",
			"data/facts/terms.toml:2: placeholder-fact: the fact \"terms.undefined\" is still a placeholder, shown on 1 page: content/en/b.md:7;"},
		{"preview", false, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := afero.NewMemMapFs()
			for _, f := range txtar.Parse([]byte(files + tc.extra)).Files {
				afero.WriteFile(fsys, "/"+f.Name, f.Data, 0o644)
			}
			res, err := Run(context.Background(), fsys, Options{Langs: []string{"en", "ko"}, SourceLang: "en", Production: tc.production})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, l := range strings.SplitAfter(findings(res), "\n") {
				if strings.Contains(l, "placeholder-fact") {
					got += l
				}
			}
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
	for _, f := range run(t, "-- data/facts/x.toml --\nplaceholders = []\n").Findings {
		t.Errorf("unexpected %v", f)
	}
}
