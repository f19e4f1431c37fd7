package check

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"legalcenter/site/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenSite has one defect or more of every rule, in three languages.
const goldenSite = `
-- en/privacy/index.html --
<!doctype html>
<html lang="en"><head>
<link rel="canonical" href="https://legal.example.com/en/privacy/">
<link rel="alternate" hreflang="en" href="https://legal.example.com/en/privacy/">
<link rel="alternate" hreflang="ko" href="https://legal.example.com/ko/privacy/">
<link rel="alternate" hreflang="ja" href="https://legal.example.com/ja/privacy/">
<link rel="alternate" hreflang="x-default" href="https://legal.example.com/en/privacy/">
<link rel="stylesheet" href="/css/site.css">
</head><body>
<h1>Privacy Policy</h1>
<h2 id="summary">Summary</h2>
<p>See <a href="#retention">retention</a> and <a href="/en/cookies/#consent">cookies</a>.
<h2 id="retention">Data retention</h2>
<p><a href="mailto:">Write to us</a>, <a href="javascript:void(0)">open chat</a>, <a href="https://exa mple.com/">partner</a>.
<h2 id="rights">Your rights</h2>
</body></html>
-- ko/privacy/index.html --
<!doctype html>
<html lang="ko"><head>
<link rel="canonical" href="https://legal.example.com/ko/privacy/">
<link rel="alternate" hreflang="en" href="https://legal.example.com/en/privacy/">
<link rel="alternate" hreflang="ko" href="https://legal.example.com/ko/privacy/">
<link rel="alternate" hreflang="ja" href="https://legal.example.com/ja/privacy/">
<link rel="alternate" hreflang="x-default" href="https://legal.example.com/en/privacy/">
<link rel="stylesheet" href="/css/site.css">
</head><body>
<h1>개인정보 처리방침</h1>
<h2 id="summary">요약</h2>
<p><a href="#보존">보존</a>, <a href="/ko/cookies/#%EB%8F%99%EC%9D%98">쿠키</a>, <a href="../../../etc/passwd">?</a>
<h2 id="보존">개인정보의 보존</h2>
<h2 id="rights">정보주체의 권리</h2>
<p id="rights">중복</p>
</body></html>
-- ja/privacy/index.html --
<!doctype html>
<html lang="ja"><head>
<link rel="canonical" href="https://legal.example.com/ja/privacy/">
<link rel="alternate" hreflang="en" href="https://legal.example.com/en/privacy/">
<link rel="alternate" hreflang="ja" href="https://legal.example.com/ja/privacy/">
<link rel="stylesheet" href="/css/site.css">
</head><body>
<h1>プライバシーポリシー</h1>
<h2 id="summary">概要</h2>
<h2 id="retention">保存期間</h2>
<h2 id="rights">権利</h2>
<p><a href="/ja/terms/">利用規約</a> <a href="#">トップ</a>
</body></html>
-- en/cookies/index.html --
<html lang="en"><head><meta name="robots" content="noindex"></head>
<h2 id="consent-and-choices">Consent</h2>
-- ko/cookies/index.html --
<html lang="ko"><head><meta name="robots" content="noindex"></head>
<h2 id="동의">동의</h2>
-- css/site.css --
`

func TestGolden(t *testing.T) {
	rep := run(t, goldenSite, Options{}, false)
	for _, format := range report.Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := rep.Write(&buf, format); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "report."+format+".golden")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s report differs from %s (go test -update rewrites it):\n%s", format, golden, buf.Bytes())
			}
		})
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	if err := (&Report{}).Write(&bytes.Buffer{}, "xml"); err == nil {
		t.Error("Write accepted an unknown format")
	}
}

func TestGitHubEscaping(t *testing.T) {
	rep := &Report{Findings: []report.Finding{{Level: report.Error, Page: "a,b.html", File: "c:d,e.md", Line: 3, Rule: "broken-link", Message: "100% broken\nreally"}}}
	var buf bytes.Buffer
	rep.Write(&buf, "github")
	want := "::error file=c%3Ad%2Ce.md,line=3,title=broken-link::100%25 broken%0Areally (in a,b.html)\n"
	if got, _, _ := strings.Cut(buf.String(), "\n"); got+"\n" != want {
		t.Errorf("got  %q\nwant %q", got+"\n", want)
	}
}

// TestGitHubOrder: GitHub shows the first 10 errors and 10 warnings of a
// step, so -format github writes errors before warnings, whatever their
// files, and ends with a notice when it writes more than 10 of a level.
func TestGitHubOrder(t *testing.T) {
	warn := func(file string) report.Finding {
		return report.Finding{Level: report.Warning, Page: file, File: file, Line: 1, Rule: "empty-link", Target: file, Message: "placeholder"} // each its own problem: no group
	}
	errAt := func(file string) report.Finding {
		return report.Finding{Level: report.Error, Page: file, File: file, Line: 2, Rule: "broken-link", Message: "gone"}
	}
	var warnings []report.Finding
	for i := range 11 {
		warnings = append(warnings, warn(fmt.Sprintf("content/en/%02d.md", i)))
	}
	for _, tc := range []struct {
		name        string
		findings    []report.Finding
		first, last string
	}{
		{"the error after 11 warnings comes first", append(slices.Clone(warnings), errAt("content/ko/z.md")),
			"::error file=content/ko/z.md,line=2,title=broken-link::gone",
			"::notice title=more annotations::GitHub shows the first 10 errors and 10 warnings of a step as annotations: 1 more warning is not shown there; all are in this step's log, and in the job summary when the build or the translation status wrote one"},
		{"10 warnings and an error: all shown, no notice", append(slices.Clone(warnings[:10]), errAt("content/ko/z.md")),
			"::error file=content/ko/z.md,line=2,title=broken-link::gone",
			"1 error, 10 warnings"},
		{"no findings", nil, "0 errors, 0 warnings", "0 errors, 0 warnings"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := (&Report{Findings: tc.findings}).Write(&buf, "github"); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
			if lines[0] != tc.first || lines[len(lines)-1] != tc.last {
				t.Errorf("got first line %q, last %q; want %q, %q; all:\n%s", lines[0], lines[len(lines)-1], tc.first, tc.last, buf.String())
			}
		})
	}
}

// TestTextFoldsRepeats: a problem on many pages (a broken footer link) is
// one group, listed at its first places and counted after; JSON lists
// every place.
func TestTextFoldsRepeats(t *testing.T) {
	var a strings.Builder
	for _, p := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		a.WriteString("-- " + p + "/index.html --\n<p>x</p>\n<a href=\"/gone/\">footer</a>\n")
	}
	a.WriteString("-- h/index.html --\n<a href=\"/also-gone/\">once</a>\n")
	rep := run(t, a.String(), Options{}, false)
	var text, js bytes.Buffer
	rep.Write(&text, "text")
	rep.Write(&js, "json")
	got := text.String()
	for _, want := range []string{
		"error: /gone/: target does not exist: /gone/index.html (href \"/gone/\") [broken-link], on 7 pages:\n    public/a/index.html:2\n",
		"    public/c/index.html:2\n    …and 4 more (-format json lists them all)\n",
		"h/index.html:1: error: target does not exist: /also-gone/",
		"8 errors, 0 warnings in 8 pages",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("text report lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "d/index.html") {
		t.Errorf("the fourth place is listed:\n%s", got)
	}
	if n := strings.Count(js.String(), `"/gone/"`); n != 7 {
		t.Errorf("json lists /gone/ %d times, want 7", n)
	}
}

// TestTextFoldsPagesNotLines: a problem repeated on many lines of one page
// (or of a few pages) is listed in full; only one on more than repeatLimit
// pages is folded.
func TestTextFoldsPagesNotLines(t *testing.T) {
	var a strings.Builder
	a.WriteString("-- a/index.html --\n")
	for range 7 {
		a.WriteString("<a href=\"/gone/\">x</a>\n")
	}
	a.WriteString("-- b/index.html --\n<a href=\"/gone/\">x</a>\n")
	rep := run(t, a.String(), Options{}, false)
	var text bytes.Buffer
	rep.Write(&text, "text")
	got := text.String()
	if n := strings.Count(got, "error: target does not exist: /gone/index.html (href \"/gone/\") [broken-link]\n"); n != 8 || strings.Contains(got, "more places") {
		t.Errorf("%d of 8 places listed, want all:\n%s", n, got)
	}
}

// externalSite links to {{srv}}/missing (a 404) 14 times on 12 pages: twice
// on p01, the second time with a fragment, and twice on p02, the second time
// from Markdown; once to /error (a 500) and to /moved (moved permanently, a
// warning), to /ok; and to one internal page that does not exist.
func externalSite() string {
	var b strings.Builder
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&b, "-- p%02d/index.html --\n<p>\n<a href=\"{{srv}}/missing\">x</a>\n", i)
		switch i {
		case 1:
			b.WriteString("<a href=\"{{srv}}/missing#top\">again</a> <a href=\"{{srv}}/error\">500</a>\n")
			b.WriteString("<a href=\"{{srv}}/moved\">moved</a> <a href=\"{{srv}}/ok\">ok</a> <a href=\"/gone/\">gone</a>\n")
		case 2:
			b.WriteString("<a href=\"{{srv}}/missing\" data-src=\"content/en/p02.md:7\">from Markdown</a>\n")
		}
	}
	return b.String()
}

// TestExternalByURL: the online check's failures read per URL, in every
// format: each URL once with its problem and the pages using it, and where
// (all places in JSON and, up to githubPerURL per URL, in annotations).
func TestExternalByURL(t *testing.T) {
	srv := newTestServer(t, false)
	rep := run(t, strings.ReplaceAll(externalSite(), "{{srv}}", srv.URL), Options{Online: &Online{Timeout: 5 * time.Second}}, false)

	// 52 URLs, each failing on one page, and a cache not saved (a finding of
	// the rule with no URL); no network.
	many := &Report{Pages: 52, Links: 52, External: 52}
	for i := range 52 {
		many.Findings = append(many.Findings, report.Finding{Level: report.Error, Page: fmt.Sprintf("p%02d.html", i), File: fmt.Sprintf("public/p%02d.html", i), Line: 1,
			Target: fmt.Sprintf("https://example.org/%02d?a|b", i), Rule: ruleExternal, Message: "HTTP 410 Gone"})
	}
	many.Findings = append(many.Findings, report.Finding{Level: report.Warning, Page: "links.json", File: "links.json", Rule: ruleExternal, Message: "the cache was not saved: disk full"})

	// jsonView is what a JSON consumer reads of the summary: external_urls,
	// as written, and the number of findings.
	jsonView := func(t *testing.T, out string) string {
		var v struct {
			ExternalURLs json.RawMessage   `json:"external_urls"`
			Findings     []json.RawMessage `json:"findings"`
		}
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("external_urls: %s\nfindings: %d\n", v.ExternalURLs, len(v.Findings))
	}
	for _, tc := range []struct {
		name, format string
		rep          *Report
		view         func(*testing.T, string) string // what is compared; nil: the whole output
		want         string
	}{
		{
			name: "text: one heading per URL, the first places, a count of the others", format: "text", rep: rep,
			want: `public/p01/index.html:4: error: target does not exist: /gone/index.html (href "/gone/") [broken-link]
error: {{srv}}/missing: HTTP 404 Not Found [external-link], on 12 pages (14 links):
    public/p01/index.html:2
    public/p01/index.html:3
    content/en/p02.md:7 (in p02/index.html)
    …and 11 more (-format json lists them all)
error: {{srv}}/error: HTTP 500 Internal Server Error [external-link], on 1 page:
    public/p01/index.html:3
warning: {{srv}}/moved: moved permanently to {{srv}}/ok: link there [external-link], on 1 page:
    public/p01/index.html:4
16 errors, 1 warning in 12 pages (18 links; 4 external URLs checked online, 0 from the cache)
`,
		},
		{
			name: "text: a URL on a few places lists them all; a finding with no URL is a line", format: "text", rep: &Report{Pages: 2, External: 1, Findings: []report.Finding{
				{Level: report.Error, Page: "a.html", File: "content/en/a.md", Line: 3, Target: "//Example.org/x#y", Rule: ruleExternal, Message: "connection refused"},
				{Level: report.Error, Page: "a.html", File: "content/en/a.md", Line: 9, Target: "https://example.org/x", Rule: ruleExternal, Message: "connection refused"},
				{Level: report.Error, Page: "b.html", File: "public/b.html", Line: 1, Target: "https://example.org/x", Rule: ruleExternal, Message: "connection refused"},
				{Level: report.Warning, Page: "links.json", File: "links.json", Rule: ruleExternal, Message: "the cache was not saved: disk full"},
			}},
			want: `links.json: warning: the cache was not saved: disk full [external-link]
error: https://example.org/x: connection refused [external-link], on 2 pages (3 links):
    content/en/a.md:3 (in a.html)
    content/en/a.md:9 (in a.html)
    public/b.html:1
3 errors, 1 warning in 2 pages (0 links; 1 external URL checked online, 0 from the cache)
`,
		},
		{
			name: "json: every finding, and each URL once", format: "json", rep: rep, view: jsonView,
			want: `external_urls: [
    {
      "url": "{{srv}}/missing",
      "level": "error",
      "status": 404,
      "message": "HTTP 404 Not Found",
      "pages": 12,
      "links": 14
    },
    {
      "url": "{{srv}}/error",
      "level": "error",
      "status": 500,
      "message": "HTTP 500 Internal Server Error",
      "pages": 1,
      "links": 1
    },
    {
      "url": "{{srv}}/moved",
      "level": "warning",
      "message": "moved permanently to {{srv}}/ok: link there",
      "pages": 1,
      "links": 1
    }
  ]
findings: 17
`,
		},
		{
			name: "markdown: a table of the URLs, then the other findings", format: "markdown", rep: rep,
			want: "### Link check: 16 errors, 1 warning in 12 pages (18 links; 4 external URLs checked online, 0 from the cache)\n\n" +
				"| rule | total |\n|---|---:|\n| `broken-link` | 1 |\n| `external-link` | 16 |\n| **total** | 17 |\n\n" +
				"#### External links: 3 URLs with problems\n\n| URL | problem | pages | links |\n|---|---|---:|---:|\n" +
				"| `{{srv}}/missing` | **error** HTTP 404 Not Found | 12 | 14 |\n" +
				"| `{{srv}}/error` | **error** HTTP 500 Internal Server Error | 1 | 1 |\n" +
				"| `{{srv}}/moved` | **warning** moved permanently to {{srv}}/ok: link there | 1 | 1 |\n\n" +
				"- **error** `public/p01/index.html:4` broken-link: target does not exist: /gone/index.html (href \"/gone/\")\n",
		},
		{
			name: "markdown: the table of URLs is capped", format: "markdown", rep: many,
			view: func(t *testing.T, out string) string {
				// The rows of the first and last URLs shown, and what follows.
				_, rest, _ := strings.Cut(out, "|---|---|---:|---:|\n")
				lines := strings.Split(rest, "\n")
				return strings.Join(lines[:1], "\n") + "\n" + strings.Join(lines[49:], "\n")
			},
			want: "| `https://example.org/00?a%7Cb` | **error** HTTP 410 Gone | 1 | 1 |\n" +
				"| `https://example.org/49?a%7Cb` | **error** HTTP 410 Gone | 1 | 1 |\n\n" +
				"…and 2 more URLs (-format json lists them all).\n\n" +
				"- **warning** `links.json` external-link: the cache was not saved: disk full\n",
		},
		{
			name: "github: the findings of no group first, then each URL once, then up to 10 per URL, then one notice", format: "github", rep: rep,
			want: "::error file=public/p01/index.html,line=4,title=broken-link::target does not exist: /gone/index.html (href \"/gone/\")\n" +
				"::error file=public/p01/index.html,line=2,title=external-link::HTTP 404 Not Found: {{srv}}/missing\n" +
				"::error file=public/p01/index.html,line=3,title=external-link::HTTP 500 Internal Server Error: {{srv}}/error\n" +
				"::error file=public/p01/index.html,line=3,title=external-link::HTTP 404 Not Found: {{srv}}/missing#top\n" +
				"::error file=content/en/p02.md,line=7,title=external-link::HTTP 404 Not Found: {{srv}}/missing (in p02/index.html)\n" +
				"::error file=public/p02/index.html,line=2,title=external-link::HTTP 404 Not Found: {{srv}}/missing\n" +
				"::error file=public/p03/index.html,line=2,title=external-link::HTTP 404 Not Found: {{srv}}/missing\n" +
				"::error file=public/p04/index.html,line=2,title=external-link::HTTP 404 Not Found: {{srv}}/missing\n" +
				"::error file=public/p05/index.html,line=2,title=external-link::HTTP 404 Not Found: {{srv}}/missing\n" +
				"::error file=public/p06/index.html,line=2,title=external-link::HTTP 404 Not Found: {{srv}}/missing\n" +
				"::error file=public/p07/index.html,line=2,title=external-link::HTTP 404 Not Found: {{srv}}/missing\n" +
				"::error file=public/p08/index.html,line=2,title=external-link::HTTP 404 Not Found: {{srv}}/missing\n" +
				"::warning file=public/p01/index.html,line=4,title=external-link::moved permanently to {{srv}}/ok: link there: {{srv}}/moved\n" +
				"::notice title=external-link::{{srv}}/missing: HTTP 404 Not Found: 4 more not annotated, 14 links on 12 pages in all (-format json lists them all)\n" +
				"16 errors, 1 warning in 12 pages (18 links; 4 external URLs checked online, 0 from the cache)\n" +
				"::notice title=more annotations::GitHub shows the first 10 errors and 10 warnings of a step as annotations: 2 more errors are not shown there; all are in this step's log, and in the job summary when the build or the translation status wrote one\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.rep.Write(&buf, tc.format); err != nil {
				t.Fatal(err)
			}
			got := strings.ReplaceAll(buf.String(), srv.URL, "{{srv}}")
			if tc.view != nil {
				got = tc.view(t, got)
			}
			if got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestMarkdownGroupsRepeats: a duplicated id in a navigation bar on every
// page is one group in Markdown and GitHub, and the distinct broken links
// stay in view; JSON keeps every occurrence.
func TestMarkdownGroupsRepeats(t *testing.T) {
	var a strings.Builder
	for i := range 40 {
		fmt.Fprintf(&a, "-- p%02d/index.html --\n<nav id=\"menu\"></nav><nav id=\"menu\"></nav>\n<a href=\"/gone-%02d/\">x</a>\n", i, i)
	}
	rep := run(t, a.String(), Options{}, false)
	var md, gh, js bytes.Buffer
	rep.Write(&md, "markdown")
	rep.Write(&gh, "github")
	rep.Write(&js, "json")
	for _, want := range []string{
		"#### Problems in many places: 1 target with problems",
		"| `#menu` | **error** duplicate id #menu | 40 | 40 |",
		"- **error** `public/p00/index.html:2` broken-link: target does not exist: /gone-00/index.html (href \"/gone-00/\")",
		"- **error** `public/p39/index.html:2` broken-link",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	if n := strings.Count(md.String(), "duplicate id"); n != 1 {
		t.Errorf("markdown names the duplicate id %d times, want once:\n%s", n, md.String())
	}
	if first := strings.SplitN(gh.String(), "\n", 2)[0]; !strings.Contains(first, "title=broken-link") {
		t.Errorf("github's first annotation is %q, want a distinct broken link", first)
	}
	if n := strings.Count(gh.String(), "title=duplicate-id"); n != 11 {
		t.Errorf("github names the duplicate id %d times, want 11 (10 annotations, then a notice)", n)
	}
	if n := strings.Count(js.String(), `"#menu"`); n != 40 {
		t.Errorf("json lists #menu %d times, want 40", n)
	}
}
