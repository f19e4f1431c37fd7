package check

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	for _, format := range Formats {
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
	rep := &Report{Findings: []Finding{{Level: Error, Page: "a,b.html", File: "c:d,e.md", Line: 3, Rule: "broken-link", Message: "100% broken\nreally"}}}
	var buf bytes.Buffer
	rep.Write(&buf, "github")
	want := "::error file=c%3Ad%2Ce.md,line=3,title=broken-link::100%25 broken%0Areally (in a,b.html)\n"
	if got, _, _ := strings.Cut(buf.String(), "\n"); got+"\n" != want {
		t.Errorf("got  %q\nwant %q", got+"\n", want)
	}
}

func TestMainCommand(t *testing.T) {
	fsys, root := siteFs(t, goldenSite, true)
	_ = fsys
	empty := filepath.Join(t.TempDir(), "empty")
	os.MkdirAll(filepath.Join(empty, "css"), 0o755)
	os.WriteFile(filepath.Join(empty, "css", "site.css"), nil, 0o644)
	for _, tt := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{root, "-format", "json"}, 1, `"errors": `},
		{[]string{"-format", "github", root}, 1, "::error file="},
		{[]string{root, "-ignore-page", "*"}, 0, "0 errors, 0 warnings in 5 pages"},
		{[]string{root, "-format", "yaml"}, 2, ""},
		{[]string{filepath.Join(root, "nope")}, 2, ""},
		{[]string{root, root}, 2, ""},
		{[]string{"-baseurl", "::", root}, 2, ""},
		{[]string{empty}, 2, ""}, // a wrong folder, not a clean site
	} {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), tt.args, &stdout, &stderr)
		if code != tt.code || !strings.Contains(stdout.String(), tt.out) {
			t.Errorf("Main(%q) = %d, stdout %q, stderr %q; want %d and %q", tt.args, code, stdout.String(), stderr.String(), tt.code, tt.out)
		}
	}
}

// TestTextFoldsRepeats: a problem on many pages (a broken footer link) is
// listed at its first places and counted after; the other formats list
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
		"a/index.html:2: error: target does not exist: /gone/index.html [broken-link]\n",
		"c/index.html:2: error:",
		"h/index.html:1: error: target does not exist: /also-gone/",
		"…and 4 more places with the same error: target does not exist: /gone/index.html [broken-link]",
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
	if n := strings.Count(got, "error: target does not exist: /gone/index.html [broken-link]\n"); n != 8 || strings.Contains(got, "more places") {
		t.Errorf("%d of 8 places listed, want all:\n%s", n, got)
	}
}
