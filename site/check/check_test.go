package check

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"golang.org/x/tools/txtar"

	"legalcenter/site/report"
)

// siteFs writes a txtar archive into a file system; the same sites run on
// MemMapFs and, to catch path bugs only a real disk shows, on OsFs.
func siteFs(t testing.TB, archive string, osfs bool) (afero.Fs, string) {
	t.Helper()
	var fsys afero.Fs = afero.NewMemMapFs()
	root := "public"
	if osfs {
		fsys = afero.NewOsFs()
		root = filepath.Join(t.TempDir(), "public")
	}
	for _, f := range txtar.Parse([]byte(archive)).Files {
		name := filepath.Join(root, filepath.FromSlash(f.Name))
		if err := fsys.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := afero.WriteFile(fsys, name, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return fsys, root
}

func run(t testing.TB, archive string, opt Options, osfs bool) *Report {
	t.Helper()
	fsys, root := siteFs(t, archive, osfs)
	opt.Root = root
	rep, err := Run(context.Background(), fsys, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// brief is a finding as the tables write it: "level rule page:line target".
// The page is used rather than the file, which on OsFs is a temporary folder;
// findings located in a source file show it after "@".
func brief(f report.Finding) string {
	where := fmt.Sprintf("%s:%d", f.Page, f.Line)
	if !strings.HasSuffix(f.File, f.Page) {
		where = fmt.Sprintf("%s@%s:%d", f.Page, f.File, f.Line)
	}
	return strings.TrimSpace(fmt.Sprintf("%s %s %s %s", f.Level, f.Rule, where, f.Target))
}

// hreflang heads for a site of two documents in en and ko, at
// https://legal.example.com/.
const (
	headEnA = `<html lang="en"><head>
<link rel="alternate" hreflang="en" href="https://legal.example.com/en/a/">
<link rel="alternate" hreflang="ko" href="https://legal.example.com/ko/a/">
<link rel="alternate" hreflang="x-default" href="https://legal.example.com/en/a/">
</head>`
	headKoA = `<html lang="ko"><head>
<link rel="alternate" hreflang="en" href="https://legal.example.com/en/a/">
<link rel="alternate" hreflang="ko" href="https://legal.example.com/ko/a/">
<link rel="alternate" hreflang="x-default" href="https://legal.example.com/en/a/">
</head>`
)

var ruleTests = []struct {
	name string
	site string
	opt  Options
	want []string
}{
	{
		name: "every URL-bearing attribute",
		site: `
-- index.html --
<map><area href="/ok/"><area href="/no-area/"></map>
<iframe src="/ok/"></iframe><iframe src="/no-iframe/"></iframe><embed src="/no-embed.swf">
<input type="image" src="/no-input.png"><input type="text" src="/not-a-url">
<audio src="/no-audio.mp3"></audio><video src="/ok/v.mp4" poster="/no-poster.png"><track src="/no-track.vtt"><source src="/ok/v.mp4"></video>
<object data="/no-object.pdf"></object>
<svg><image href="/no-image.png"/><image xlink:href="/ok/i.png"/></svg>
<form action="/no-form/"></form><form action="/ok/"></form>
<img alt="no source"><link rel="stylesheet">
<link rel="icon" href="/no-icon.png"><link rel="preload" href="/ok/i.png"><link rel="manifest" href="/no.webmanifest">
<div style="background: url('/no-style-attr.png')"></div><p style="color:red">
<style>
body { background: url(/ok/i.png) }
.x { background: url("/no-style-el.png") }
@import "/no-import.css";
</style>
<link rel="stylesheet" href="/css/site.css">
-- css/site.css --
@import url(base.css);
@font-face { src: url("../fonts/f.woff2") format("woff2"), url(../fonts/missing.woff) }
.a { background: url(img/missing.png); filter: url(#f) }
.b { background: url(data:image/png;base64,AAAA) }
-- css/base.css --
-- fonts/f.woff2 --
-- ok/index.html --
-- ok/v.mp4 --
-- ok/i.png --
`,
		want: []string{
			"error broken-link css/site.css:2 ../fonts/missing.woff",
			"error broken-link css/site.css:3 img/missing.png",
			"error broken-link index.html:1 /no-area/",
			"error broken-link index.html:2 /no-embed.swf",
			"error broken-link index.html:2 /no-iframe/",
			"error broken-link index.html:3 /no-input.png",
			"error broken-link index.html:4 /no-audio.mp3",
			"error broken-link index.html:4 /no-poster.png",
			"error broken-link index.html:4 /no-track.vtt",
			"error broken-link index.html:5 /no-object.pdf",
			"error broken-link index.html:6 /no-image.png",
			"warning broken-link index.html:7 /no-form/",
			"error required-attribute index.html:8",
			"error required-attribute index.html:8",
			"error broken-link index.html:9 /no-icon.png",
			"error broken-link index.html:9 /no.webmanifest",
			"error broken-link index.html:10 /no-style-attr.png",
			"error broken-link index.html:13 /no-style-el.png",
			"error broken-link index.html:14 /no-import.css",
		},
	},
	{
		name: "invisible characters are escaped",
		site: `
-- index.html --
<a href="/ok/​">zero-width space</a> <a href="/ok/">fine</a> <a href="#x">bell</a>
-- ok/index.html --
`,
		want: []string{
			`error broken-link index.html:1 /ok/\u200b`,
			`error missing-fragment index.html:1 #x\u0007`,
		},
	},
	{
		name: "Netlify _redirects",
		site: `
-- _redirects --
# old paths
/old/            /en/           301
/docs/*          /en/docs/:splat  200
/news/:year/:slug /en/news/:slug/ 302
/gone/*          /nowhere/:splat
/blocked/        /en/  404
/ext             https://example.org/x
/chain/          /old/
/ko/privacy/     /ko/privacy-policy/  302  Language=ko
-- index.html --
<a href="/old/">redirected</a> <a href="/docs/a/">splat</a> <a href="/news/2024/hello/">placeholders</a>
<a href="/ext">to another site</a> <a href="/chain/">two hops</a> <a href="/ko/privacy/">conditioned</a>
<a href="/gone/x/">to a missing page</a>
<a href="/blocked/">a 404 rule</a>
<a href="/unmatched/">no rule</a>
-- en/index.html --
-- en/docs/a/index.html --
-- en/news/hello/index.html --
-- ko/privacy-policy/index.html --
`,
		want: []string{
			"error broken-link index.html:3 /gone/x/",
			"error broken-link index.html:4 /blocked/",
			"error broken-link index.html:5 /unmatched/",
		},
	},
	{
		name: "mailto and text fragments",
		site: `
-- index.html --
<h2 id="intro">Intro</h2>
<a href="mailto:dpo@example.com">ok</a> <a href="mailto:a@example.com,b@example.org?subject=Hi">two</a> <a href="mailto:?to=dpo@example.com">to</a>
<a href="#:~:text=Intro">text fragment</a> <a href="#intro:~:text=Intro">id and text</a> <a href="/ok/#:~:text=a,-b">other page</a>
<a href="mailto:octocat">no address</a>
<a href="mailto:dpo%ZZ@example.com">bad escape</a>
<a href="#nope:~:text=Intro">missing id before the directive</a>
-- ok/index.html --
`,
		want: []string{
			"error empty-link index.html:4 mailto:octocat",
			"error bad-url index.html:5 mailto:dpo%ZZ@example.com",
			"error missing-fragment index.html:6 #nope:~:text=Intro",
		},
	},
	{
		name: "links to pages and assets",
		site: `
-- index.html --
<a href="/docs/">dir</a> <a href="/docs">no slash</a> <a href="docs/index.html">file</a>
<a href="/missing/">missing</a>
<a href="docs/page.html?x=1#">query</a> <a href="/%64ocs/">percent</a> <a href="/caf%C3%A9/">unicode</a> <a href="/café/">raw unicode</a>
<img src="/img/a.png" srcset="/img/a.png 1x, /img/b.png 2x">
<script src="/js/app.js"></script>
<link rel="stylesheet" href="/css/missing.css">
<picture><source srcset="img/a.png, img/c.png 2x"></picture>
<svg><use href="/icons.svg#logo"></use><use xlink:href="/missing.svg#logo"></use></svg>
<a href="https://example.org/x">external</a> <a href="mailto:dpo@example.com">mail</a> <a href="tel:+82-2-000">tel</a>
<a name="top-anchor">no href: no link</a>
-- docs/index.html --
<a href="../">up</a> <a href="../../">out</a> <a href="page.html">page</a> <a href="./page.html">page</a> <a href="page">no ext</a>
-- docs/page.html --
-- café/index.html --
-- img/a.png --
-- js/app.js --
-- icons.svg --
`,
		want: []string{
			"notice own-domain :0",
			"error broken-link docs/index.html:1 page",
			"error outside-root docs/index.html:1 ../../",
			"error broken-link index.html:2 /missing/",
			"error broken-link index.html:4 /img/b.png",
			"error broken-link index.html:6 /css/missing.css",
			"error broken-link index.html:7 img/c.png",
			"error broken-link index.html:8 /missing.svg#logo",
		},
	},
	{
		name: "fragments",
		site: `
-- index.html --
<h2 id="intro">Intro</h2><a name="old-anchor"></a><meta name="description">
<a href="#intro">ok</a> <a href="#old-anchor">a name</a> <a href="#description">meta name is no target</a>
<a href="#Intro">case</a> <a href="#top">top</a> <a href="#">placeholder</a>
<a href="ko/#개인정보">raw Korean</a> <a href="ko/#%EA%B0%9C%EC%9D%B8%EC%A0%95%EB%B3%B4">encoded Korean</a>
<a href="ko/#%EA%B0%9C%EC%9D%B8">missing Korean</a> <a href="ko/index.html#%E5%80%8B%E4%BA%BA">missing encoded</a>
<a href="/ja/#個人情報の取扱い">Japanese</a> <a href="/zh-cn/#%E4%B8%AA%E4%BA%BA%E4%BF%A1%E6%81%AF">Chinese</a>
<a href="/ja/?q=1#個人情報の取扱い">query and fragment</a> <a href="/ja/#nope">missing</a>
<a href="/icons.svg#anything">not HTML: not checked</a>
-- ko/index.html --
<h2 id="개인정보">개인정보</h2>
-- ja/index.html --
<h2 id="個人情報の取扱い">個人情報の取扱い</h2>
-- zh-cn/index.html --
<h2 id="个人信息">个人信息</h2>
-- icons.svg --
`,
		want: []string{
			"error missing-fragment index.html:2 #description",
			"error missing-fragment index.html:3 #Intro",
			"warning empty-link index.html:3 #",
			"error missing-fragment index.html:5 ko/#%EA%B0%9C%EC%9D%B8",
			"error missing-fragment index.html:5 ko/index.html#%E5%80%8B%E4%BA%BA",
			"error missing-fragment index.html:7 /ja/#nope",
		},
	},
	{
		name: "duplicate ids",
		site: `
-- index.html --
<h2 id="a">A</h2>
<p id="b">
<h3 id="a">A again</h3>
<a name="b" id="c">name and id do not clash</a>
<div id="c"></div><span id="a"></span>
`,
		want: []string{
			"error duplicate-id index.html:3 #a",
			"error duplicate-id index.html:5 #a",
			"error duplicate-id index.html:5 #c",
		},
	},
	{
		name: "empty and unsafe links",
		site: `
-- index.html --
<a href="">empty</a>
<a href="  ">blank</a>
<a href="#">placeholder</a>
<a href="mailto:">no address</a> <a href="mailto:?subject=hi">no address</a> <a href="tel:">no number</a>
<a href="javascript:void(0)">js</a> <a href="JavaScript:alert(1)">js</a>
<a href="file:///etc/passwd">file</a> <a href="C:\Windows\win.ini">drive</a>
<a href="data:text/html,hi">data link</a> <img src="data:image/png;base64,AAAA">
<img src="">
`,
		want: []string{
			"error empty-link index.html:1",
			"error empty-link index.html:2",
			"warning empty-link index.html:3 #",
			"error empty-link index.html:4 mailto:",
			"error empty-link index.html:4 mailto:?subject=hi",
			"error empty-link index.html:4 tel:",
			"error unsafe-scheme index.html:5 JavaScript:alert(1)",
			"error unsafe-scheme index.html:5 javascript:void(0)",
			"error unsafe-scheme index.html:6 C:\\Windows\\win.ini",
			"error unsafe-scheme index.html:6 file:///etc/passwd",
			"error unsafe-scheme index.html:7 data:text/html,hi",
			"error empty-link index.html:8",
		},
	},
	{
		name: "paths that escape the root",
		site: `
-- a/index.html --
<a href="../../etc/passwd">up twice</a>
<a href="..\..\etc\passwd">backslashes</a>
<a href="%2e%2e/%2e%2e/etc/passwd">encoded dots</a>
<a href="/%2E%2E/secret">rooted encoded dots</a>
<a href="..%2f..%2fsecret">encoded slash</a>
<a href="/../index.html">rooted dots</a>
<a href="/etc/passwd">absolute file path: just missing</a>
<a href="..\b\">backslash inside the site</a>
<a href="%zz">bad escape</a>
<a href="../b/%00">NUL</a>
-- b/index.html --
`,
		want: []string{
			"error outside-root a/index.html:1 ../../etc/passwd",
			"error outside-root a/index.html:2 ..\\..\\etc\\passwd",
			"warning bad-url a/index.html:2 ..\\..\\etc\\passwd",
			"error outside-root a/index.html:3 %2e%2e/%2e%2e/etc/passwd",
			"error outside-root a/index.html:4 /%2E%2E/secret",
			"error outside-root a/index.html:5 ..%2f..%2fsecret",
			"error outside-root a/index.html:6 /../index.html",
			"error broken-link a/index.html:7 /etc/passwd",
			"warning bad-url a/index.html:8 ..\\b\\",
			"error bad-url a/index.html:9 %zz",
			"error bad-url a/index.html:10 ../b/%00",
		},
	},
	{
		name: "external links: syntax only",
		site: `
-- index.html --
<a href="https://example.org/a b">space in path: browsers encode it</a>
<a href="https://exa mple.org/">space in host</a>
<a href="http://">no host</a>
<a href="https:example.org">no slashes</a>
<a href="//cdn.example.org/x.js">protocol-relative</a>
<a href="ftp://example.org/file">other scheme</a>
<a href="https://[::1">bad IPv6</a>
`,
		want: []string{
			"notice own-domain :0",
			"error bad-url index.html:2 https://exa mple.org/",
			"error bad-url index.html:3 http://",
			"error bad-url index.html:4 https:example.org",
			"error bad-url index.html:7 https://[::1",
		},
	},
	{
		name: "base URL: absolute self-links are local",
		site: `
-- index.html --
<a href="https://legal.example.com/center/a/">ok</a>
<a href="https://LEGAL.example.com/center/missing/#x">missing</a>
<a href="//legal.example.com/center/a/#intro">protocol-relative</a>
<a href="https://legal.example.com/pricing/">same host, not the site</a>
<a href="/center/a/">rooted under the base path</a>
<a href="/center/nope/">rooted, missing</a>
-- a/index.html --
<h2 id="other">x</h2>
`,
		opt: Options{BaseURL: "https://legal.example.com/center/"},
		want: []string{
			"error broken-link index.html:2 https://LEGAL.example.com/center/missing/#x",
			"error missing-fragment index.html:3 //legal.example.com/center/a/#intro",
			"error broken-link index.html:6 /center/nope/",
		},
	},
	{
		name: "base URL inferred from the canonical link",
		site: `
-- en/a/index.html --
<link rel="canonical" href="https://legal.example.com/en/a/">
<a href="https://legal.example.com/en/b/">missing</a>
<a href="https://other.example.com/en/b/">not ours</a>
`,
		want: []string{
			"error broken-link en/a/index.html:2 https://legal.example.com/en/b/",
		},
	},
	{
		name: "redirect targets",
		site: `
-- en/a/index.html --
<h2 id="s">S</h2>
-- old/index.html --
<meta http-equiv="refresh" content="0; url=/en/a/#s">
-- older/index.html --
<meta http-equiv="Refresh" content='0;URL="../en/gone/"'>
-- oldest/index.html --
<meta http-equiv="refresh" content="5, url=/en/a/#t">
-- reload/index.html --
<meta http-equiv="refresh" content="30">
-- away/index.html --
<meta http-equiv="refresh" content="0; url=javascript:alert(1)">
`,
		want: []string{
			"error broken-link older/index.html:1 ../en/gone/",
			"error missing-fragment oldest/index.html:1 /en/a/#t",
			"error unsafe-scheme away/index.html:1 javascript:alert(1)",
		},
	},
	{
		name: "hreflang complete and reciprocal",
		site: `
-- en/a/index.html --
` + headEnA + `
-- ko/a/index.html --
` + headKoA + `
-- index.html --
<meta http-equiv="refresh" content="0; url=/en/a/">
-- 404.html --
<meta name="robots" content="noindex">
`,
		opt: Options{BaseURL: "https://legal.example.com/"},
	},
	{
		name: "hreflang defects",
		site: `
-- en/a/index.html --
<html lang="en"><head>
<link rel="alternate" hreflang="en" href="https://legal.example.com/en/a/">
<link rel="alternate" hreflang="ko" href="https://legal.example.com/ko/a/">
<link rel="alternate" hreflang="ja" href="/ja/a/">
</head>
-- ko/a/index.html --
<html lang="ko"><head>
<link rel="alternate" hreflang="ko" href="https://legal.example.com/ko/a/">
<link rel="alternate" hreflang="x-default" href="https://legal.example.com/en/a/">
</head>
-- ja/a/index.html --
<html lang="ja-JP"><head>
<link rel="alternate" hreflang="en" href="https://legal.example.com/en/a/">
<link rel="alternate" hreflang="jp_JP" href="https://legal.example.com/ja/a/">
<link rel="alternate" hreflang="ko" href="https://legal.example.com/ko/a/">
<link rel="alternate" hreflang="zh" href="https://legal.example.com/zh/a/">
<link rel="alternate" hreflang="fr" href="https://elsewhere.example.com/fr/a/">
<link rel="alternate" hreflang="ko" href="https://legal.example.com/ko/a/">
<link rel="alternate" hreflang="x-default" href="https://legal.example.com/en/a/">
</head>
-- en/b/index.html --
<html lang="en"><head></head>
`,
		opt: Options{BaseURL: "https://legal.example.com/"},
		want: []string{
			"notice hreflang-x-default en/a/index.html:2",
			"error hreflang en/a/index.html:4 /ja/a/",
			"error hreflang ja/a/index.html:3 https://legal.example.com/ja/a/",
			"error hreflang ja/a/index.html:5 https://legal.example.com/zh/a/",
			"error hreflang ja/a/index.html:6 https://elsewhere.example.com/fr/a/",
			"error hreflang ja/a/index.html:7 https://legal.example.com/ko/a/",
			"warning hreflang ja/a/index.html:2",
			"error hreflang en/a/index.html:2 https://legal.example.com/ja/a/",
			"error hreflang ko/a/index.html:2 https://legal.example.com/ja/a/",
			"error hreflang ko/a/index.html:2 https://legal.example.com/en/a/",
		},
	},
	{
		name: "hreflang defects, strict rules",
		site: `
-- en/a/index.html --
<html lang="en"><head>
<link rel="alternate" hreflang="en" href="https://legal.example.com/en/a/">
<link rel="alternate" hreflang="ko" href="https://legal.example.com/ko/a/">
<link rel="alternate" hreflang="ja" href="/ja/a/">
</head>
-- ko/a/index.html --
<html lang="ko"><head>
<link rel="alternate" hreflang="ko" href="https://legal.example.com/ko/a/">
<link rel="alternate" hreflang="x-default" href="https://legal.example.com/en/a/">
</head>
-- ja/a/index.html --
<html lang="ja-JP"><head>
<link rel="alternate" hreflang="en" href="https://legal.example.com/en/a/">
<link rel="alternate" hreflang="jp_JP" href="https://legal.example.com/ja/a/">
<link rel="alternate" hreflang="ko" href="https://legal.example.com/ko/a/">
<link rel="alternate" hreflang="zh" href="https://legal.example.com/zh/a/">
<link rel="alternate" hreflang="fr" href="https://elsewhere.example.com/fr/a/">
<link rel="alternate" hreflang="ko" href="https://legal.example.com/ko/a/">
<link rel="alternate" hreflang="x-default" href="https://legal.example.com/en/a/">
</head>
-- en/b/index.html --
<html lang="en"><head></head>
`,
		opt: Options{BaseURL: "https://legal.example.com/", Rules: Rules{ruleXDefault: "error", ruleNoAlts: "error", ruleHreflng: "warning"}},
		want: []string{
			"error hreflang-x-default en/a/index.html:2",
			"warning hreflang en/a/index.html:4 /ja/a/",
			"error hreflang-missing en/b/index.html:0",
			"warning hreflang ja/a/index.html:3 https://legal.example.com/ja/a/",
			"warning hreflang ja/a/index.html:5 https://legal.example.com/zh/a/",
			"warning hreflang ja/a/index.html:6 https://elsewhere.example.com/fr/a/",
			"warning hreflang ja/a/index.html:7 https://legal.example.com/ko/a/",
			"warning hreflang ja/a/index.html:2",
			"warning hreflang en/a/index.html:2 https://legal.example.com/ja/a/",
			"warning hreflang ko/a/index.html:2 https://legal.example.com/ja/a/",
			"warning hreflang ko/a/index.html:2 https://legal.example.com/en/a/",
		},
	},
	{
		name: "hreflang of an unknown site",
		site: `
-- en/a/index.html --
` + headEnA + `
-- ko/a/index.html --
` + headKoA + `
`,
		want: []string{
			"warning hreflang en/a/index.html:2",
		},
	},
	{
		name: "anchor parity",
		site: `
-- en/a/index.html --
` + headEnA + `
<h1>Title</h1>
<h2 id="summary">Summary</h2>
<h2 id="retention">Retention</h2>
<h3 id="rights">Rights</h3>
<h2 id="contact">Contact</h2>
<p id="not-a-heading">
-- ko/a/index.html --
` + headKoA + `
<h1>제목</h1>
<h2 id="summary">요약</h2>
<h2 id="보존">보존</h2>
<h3 id="rights">권리</h3>
<h2 id="contact">연락처</h2>
<h2 id="contact">연락처</h2>
`,
		opt: Options{BaseURL: "https://legal.example.com/"},
		want: []string{
			"error duplicate-id ko/a/index.html:11 #contact",
			"error anchor-parity ko/a/index.html:7 #retention",
			"error anchor-parity ko/a/index.html:8 #보존",
		},
	},
	{
		name: "anchor parity: a translation without most sections is one finding",
		site: `
-- en/a/index.html --
` + headEnA + `
<h2 id="s1">S1</h2>
<h2 id="s2">S2</h2>
<h2 id="s3">S3</h2>
<h2 id="s4">S4</h2>
<h2 id="s5">S5</h2>
<h2 id="s6">S6</h2>
<h2 id="s7">S7</h2>
<h2 id="s8">S8</h2>
<h2 id="s9">S9</h2>
<h2 id="s10">S10</h2>
<h2 id="s11">S11</h2>
<h2 id="s12">S12</h2>
-- ko/a/index.html --
` + headKoA + `
<h2 id="s1">요약</h2>
`,
		opt: Options{BaseURL: "https://legal.example.com/"},
		want: []string{
			"error anchor-parity ko/a/index.html:6 en/a/index.html",
		},
	},
	{
		name: "anchor parity reads the id inside a heading",
		site: `
-- en/a/index.html --
` + headEnA + `
<h2 id="summary">Summary</h2>
<h2 id="retention">Retention</h2>
<h2 id="contact">Contact</h2>
-- ko/a/index.html --
` + headKoA + `
<h2><a id="summary"></a>요약</h2>
<h2><span class="x"><a id="retention" href="#retention">#</a></span> 보존</h2>
<h2>연락처</h2><p id="contact">
`,
		opt: Options{BaseURL: "https://legal.example.com/"},
		want: []string{
			"error anchor-parity ko/a/index.html:7 #contact", // missing: placed after the heading before it
		},
	},
	{
		// Headings the scan finds but the DOM does not have as sections
		// of the page (in a template's content, in noscript, which the
		// parser reads as text) are no anchors.
		name: "anchor parity asks the DOM",
		site: `
-- en/a/index.html --
` + headEnA + `
<h2 id="summary">Summary</h2>
-- ko/a/index.html --
` + headKoA + `
<h2 id="summary">요약</h2>
<template><h2 id="later">later</h2></template>
<noscript><h2 id="no-js">x</h2></noscript>
<h3 id="extra">x</h3>
`,
		opt: Options{BaseURL: "https://legal.example.com/"},
		want: []string{
			"error anchor-parity ko/a/index.html:9 #extra",
		},
	},
	{
		// x/net/html's parser refuses a page nested deeper than 512
		// elements: asked about its sections, the page is a finding,
		// and the check goes on with the scan's anchors.
		name: "too deep for the DOM",
		site: `
-- en/a/index.html --
` + headEnA + `
<h2 id="summary">Summary</h2>
-- ko/a/index.html --
` + headKoA + `
<h2 id="other">요약</h2>
` + strings.Repeat("<div>", 600) + `
`,
		opt: Options{BaseURL: "https://legal.example.com/"},
		want: []string{
			"error anchor-parity ko/a/index.html:6 #summary",
			"error anchor-parity ko/a/index.html:6 #other",
			"error unparsable ko/a/index.html:0",
		},
	},
	{
		name: "source lines from data-src",
		site: `
-- ko/a/index.html --
<h2 id="x" data-src="content/ko/a.md:3">X</h2>
<a href="/nope/" data-src="content/ko/a.md:5">md link</a>
<a href="/nope/">template link</a>
`,
		want: []string{
			"error broken-link ko/a/index.html:3 /nope/",
			"error broken-link ko/a/index.html@content/ko/a.md:5 /nope/",
		},
	},
	{
		// <base href> moves relative links, and "#x" links, to the base
		// document; the first <base> with an href counts.
		name: "base href",
		site: `
-- index.html --
<html><head><base href="/docs/"><base href="/ignored/"></head>
<a href="a/">under the base</a> <a href="b/">missing under the base</a> <a href="/c/">root-relative</a>
<a href="#in-docs">the base's fragment</a> <a href="#nope">missing in the base</a> <a href="?q=1">the base</a>
-- docs/index.html --
<h2 id="in-docs">x</h2>
-- docs/a/index.html --
-- ext/index.html --
<base href="https://cdn.example.org/x/"><a href="missing/">another site</a> <a href="#nowhere">another site's fragment</a>
-- self/index.html --
<base href="./"><h2 id="here">x</h2><a href="#here">self</a> <a href="#gone">self</a>
-- bad/index.html --
<base href="../../"><a href="x/">x</a>
`,
		want: []string{
			"error broken-link index.html:2 b/",
			"error broken-link index.html:2 /c/",
			"error missing-fragment index.html:3 #nope",
			"error missing-fragment self/index.html:1 #gone",
			"error outside-root bad/index.html:1 ../../",
			"error broken-link bad/index.html:1 x/",
		},
	},
	{
		// Line numbers count "\r\n" once and a lone "\r" (old Mac files) too.
		name: "line endings",
		site: "-- crlf.html --\n<p>\r\n<a href=\"/nope\">a</a>\r\n-- cr.html --\n<p>\r\r<a href=\"/nope\">a</a>\r\n",
		want: []string{
			"error broken-link crlf.html:2 /nope",
			"error broken-link cr.html:3 /nope",
		},
	},
	{
		name: "ignore patterns",
		site: `
-- index.html --
<a href="/legacy/a/">ignored by glob</a>
<a href="/old/b/">ignored by regexp</a>
<a href="/kept/">kept</a>
-- drafts/x.html --
<a href="/kept/">ignored page</a>
`,
		opt: Options{Ignore: []string{"/legacy/*", "re:^/ol[d]/"}, IgnorePages: []string{"drafts/*"}},
		want: []string{
			"error broken-link index.html:3 /kept/",
		},
	},
}

func TestRules(t *testing.T) {
	for _, osfs := range []bool{false, true} {
		for _, tt := range ruleTests {
			name := tt.name
			if osfs {
				name += " on OsFs"
			}
			t.Run(name, func(t *testing.T) {
				rep := run(t, tt.site, tt.opt, osfs)
				var got []string
				for _, f := range rep.Findings {
					got = append(got, brief(f))
				}
				want := slices.Clone(tt.want)
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("findings:\n\t%s\nwant:\n\t%s\nreport:\n%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"), text(rep))
				}
			})
		}
	}
}

// TestSymlinks: symbolic links in the site are never followed (they could
// lead outside it); a link to one says so rather than that nothing is there.
func TestSymlinks(t *testing.T) {
	fsys, root := siteFs(t, `
-- index.html --
<a href="/alias.html">file</a> <a href="/ko/">folder</a> <a href="/ko/x.html">in folder</a> <a href="/etc/passwd">outside</a> <a href="/gone.html">missing</a>
-- en/index.html --
<h2 id="x">x</h2>
`, true)
	for name, target := range map[string]string{"alias.html": "en/index.html", "ko": "en", "etc": "/etc"} {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Skip(err)
		}
	}
	rep, err := Run(context.Background(), fsys, Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Target+": "+f.Message)
	}
	want := []string{
		"/alias.html: target is a symbolic link, which the check does not follow: /alias.html",
		"/etc/passwd: target is in a symbolic link, which the check does not follow: /etc",
		"/gone.html: target does not exist: /gone.html",
		"/ko/: target is in a symbolic link, which the check does not follow: /ko",
		"/ko/x.html: target is in a symbolic link, which the check does not follow: /ko",
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// TestFileNames: a finding names its HTML file as it opens from where the
// check ran, whether DIR was given relative or absolute.
func TestFileNames(t *testing.T) {
	wd := t.TempDir()
	t.Chdir(wd)
	other := t.TempDir()
	for _, dir := range []string{filepath.Join(wd, "public"), filepath.Join(other, "public")} {
		os.MkdirAll(filepath.Join(dir, "en"), 0o755)
		os.WriteFile(filepath.Join(dir, "en", "index.html"), []byte(`<a href="/nope/">x</a>`), 0o644)
	}
	for _, tc := range []struct{ root, want string }{
		{"public", "public/en/index.html"},
		{"./public/", "public/en/index.html"},
		{filepath.Join(wd, "public"), "public/en/index.html"},
		{filepath.Join(other, "public"), filepath.ToSlash(filepath.Join(other, "public", "en", "index.html"))},
	} {
		t.Run(tc.root, func(t *testing.T) {
			rep, err := Run(context.Background(), afero.NewOsFs(), Options{Root: tc.root})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Findings) != 1 || rep.Findings[0].File != tc.want || rep.Findings[0].Page != "en/index.html" {
				t.Errorf("findings %+v, want one in %s", rep.Findings, tc.want)
			}
		})
	}
}

func text(r *Report) string {
	var b strings.Builder
	r.Write(&b, "text")
	return b.String()
}

func TestMain(m *testing.M) {
	os.Exit(m.Run())
}

func TestRefreshURL(t *testing.T) {
	for _, tc := range []struct {
		content, want string
		ok            bool
	}{
		{"0; url=/en/", "/en/", true},
		{"0;URL='/en/?a=1'", "/en/?a=1", true},
		{` 3 , url = "/x/" trailing`, "/x/", true},
		{"0; url='/unterminated", "/unterminated", true},
		{"1.5 /ko/", "/ko/", true},
		{"0; urlish", "urlish", true},
		{"0; url /y/", "url /y/", true},
		{".5;/z/", "/z/", true},
		{"0; url=", "", true},
		{"30", "", false},
		{"0;", "", false},
		{"", "", false},
		{"soon; url=/a/", "", false},
		{"0x; url=/a/", "", false},
	} {
		u, ok := refreshURL([]byte(tc.content))
		if string(u) != tc.want || ok != tc.ok {
			t.Errorf("refreshURL(%q) = %q, %v; want %q, %v", tc.content, u, ok, tc.want, tc.ok)
		}
	}
}

// TestREADMERules: README's table of check rules lists every rule with its
// default level.
func TestREADMERules(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range RuleList {
		if row := "| `" + r.Name + "` | " + string(r.Default) + " |"; !strings.Contains(string(b), row) {
			t.Errorf("README lacks the row %q", row)
		}
	}
}

// TestRulesFrom: a rules table as hugo.toml or sitecheck.toml has it.
func TestRulesFrom(t *testing.T) {
	for _, tc := range []struct {
		table any
		want  Rules
		err   string
	}{
		{nil, Rules{}, ""},
		{map[string]any{"hreflang-x-default": "error", "Anchor-Parity": "OFF"}, Rules{ruleXDefault: "error", ruleParity: Off}, ""},
		{map[string]any{"hreflang-x-default": "fatal"}, nil, `rule hreflang-x-default: unknown level "fatal"`},
		{map[string]any{"x-default": "error"}, nil, `unknown rule "x-default"`},
		{map[string]any{"anchor-parity": false}, nil, "level false is not a string"},
		{"off", nil, "a table of rule = level"},
	} {
		got, err := RulesFrom(tc.table)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("RulesFrom(%v): error %v, want %q", tc.table, err, tc.err)
			}
			continue
		}
		if err != nil || !maps.Equal(got, tc.want) {
			t.Errorf("RulesFrom(%v) = %v, %v; want %v", tc.table, got, err, tc.want)
		}
	}
}

// TestMaxPageSize: a page larger than MaxPageSize is an error at the page,
// not read; the other pages are checked as ever.
func TestMaxPageSize(t *testing.T) {
	for _, disk := range []bool{false, true} {
		fsys, root := siteFs(t, `
-- index.html --
<a href="/big.html">big</a> <a href="/gone.html">missing</a>
-- big.html --
`+strings.Repeat("<p>words words words</p>\n", 200)+`<a href="/also-gone.html">x</a>
`, disk)
		rep, err := Run(context.Background(), fsys, Options{Root: root, MaxPageSize: 1024})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range rep.Findings {
			got = append(got, f.Page+": "+f.Rule+": "+f.Message)
		}
		slices.Sort(got)
		want := []string{
			"big.html: page-size: the page is larger than 1024 bytes, the most a page may be (-max-page-size): it was not checked",
			"index.html: broken-link: target does not exist",
		}
		if len(got) != 2 || !strings.HasPrefix(got[0], want[0]) || !strings.HasPrefix(got[1], want[1]) {
			t.Errorf("disk %v: findings:\n\t%s\nwant:\n\t%s", disk, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
		}
	}
}

// TestKeyLine: the line of a key however the TOML writes it, so that a
// bad rule level is reported at its line.
func TestKeyLine(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		keys []string
		want int
	}{
		{"[params]\nx = 1\n\n[params.check.rules]\nanchor-parity = \"loud\"\n", []string{"params", "check", "rules", "anchor-parity"}, 5},
		{"[Params.Check]\nrules = { a = \"x\",\n  Anchor-Parity = \"loud\" }\n", []string{"params", "check", "rules", "anchor-parity"}, 3},
		{"params.check.rules.anchor-parity = \"loud\"\n", []string{"params", "check", "rules", "anchor-parity"}, 1},
		{"[rules]\nmissing-fragment = \"loud\"\n", []string{"rules", "missing-fragment"}, 2},
		{"[other]\nmissing-fragment = \"loud\"\n", []string{"rules", "missing-fragment"}, 0},
		{"[rules\n", []string{"rules"}, 0},
	} {
		if got := KeyLine([]byte(tc.doc), tc.keys...); got != tc.want {
			t.Errorf("%q %v: line %d, want %d", tc.doc, tc.keys, got, tc.want)
		}
	}
}
