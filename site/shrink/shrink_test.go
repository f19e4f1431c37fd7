package shrink

import (
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/afero"
	xhtml "golang.org/x/net/html"
	"golang.org/x/tools/txtar"
	"legalcenter/internal/sitetest"
)

// site writes the txtar archive a into a new in-memory site.
func site(t testing.TB, a string) afero.Fs {
	t.Helper()
	return fill(t, afero.NewMemMapFs(), a)
}

func fill(t testing.TB, fsys afero.Fs, a string) afero.Fs {
	t.Helper()
	for _, f := range txtar.Parse([]byte(a)).Files {
		name := "/" + f.Name
		if err := fsys.MkdirAll(path.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := afero.WriteFile(fsys, name, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}

func read(t testing.TB, fsys afero.Fs, name string) string {
	t.Helper()
	b, err := afero.ReadFile(fsys, "/"+name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// page is a small page of the kind Hugo renders for us.
const page = `<!doctype html>
<html lang="en-US" dir="ltr">
<head>
<meta charset="utf-8">
<title>Privacy Policy | Legal Center</title>
<meta name="description" content="How we   use data.">
<link rel="canonical" href="https://legal.example.com/en/privacy-policy/">
<link rel="alternate" hreflang="ko-KR" href="https://legal.example.com/ko/privacy-policy/">
</head>
<body>
<main id="main">
  <h1>Privacy Policy</h1>
  <h2 id="data-retention">Data retention</h2>
  <p>We keep it for
     <strong>ten</strong> <em>days</em>, see <a href="/en/cookies-policy/#cookies">Cookies</a>.</p>
  <ul>
    <li>One</li>
    <li>Two</li>
  </ul>
  <img src="/img/x.png" alt="A   chart">
</main>
</body>
</html>
`

// TestRun: what is minified, what is kept, what is not touched.
func TestRun(t *testing.T) {
	archive := `-- en/privacy-policy/index.html --
` + page + `-- css/site.css --
body {
  color: #ff0000;
}
-- css/site.min.0123abcd.css --
body { color: red }
-- js/app.js --
// a comment
function hello (name) { return "hi " + name }
-- en/sitemap.xml --
<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url>
    <loc>https://legal.example.com/en/</loc>
  </url>
</urlset>
-- data.json --
{ "a": [1, 2,  3],
  "b": "x" }
-- robots.txt --
User-agent: *

-- img/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg"  viewBox="0 0 10 10">
  <!-- logo -->
  <rect id="r" x="0" y="0" width="10" height="10"/>
</svg>
`
	fsys := site(t, archive)
	before := map[string]string{}
	for _, f := range txtar.Parse([]byte(archive)).Files {
		before[f.Name] = string(f.Data)
	}
	st, err := Run(context.Background(), fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The minifier's exact bytes are its own business: what it must do is
	// make each file shorter, be done in one pass, and keep what a reader
	// or a link sees.
	for _, file := range []string{"css/site.css", "js/app.js", "en/sitemap.xml", "data.json", "img/logo.svg", "en/privacy-policy/index.html"} {
		t.Run(file, func(t *testing.T) {
			assertMinified(t, mediaTypes[path.Ext(file)].media, before[file], read(t, fsys, file))
		})
	}
	for _, file := range []string{
		"css/site.min.0123abcd.css", // minified by Hugo already
		"robots.txt",                // not a type we minify
	} {
		if got := read(t, fsys, file); got != before[file] {
			t.Errorf("%s changed: %q", file, got)
		}
	}
	html := read(t, fsys, "en/privacy-policy/index.html")
	// Our settings (New) keep the document tags, end tags and quotes.
	for _, want := range []string{`<html lang="en-US" dir="ltr">`, `<head>`, `</head>`, `<body>`, `</body>`, `</html>`, `</p>`, `</li>`} {
		if strings.Count(html, want) != strings.Count(page, want) {
			t.Errorf("page has %d of %s, had %d:\n%s", strings.Count(html, want), want, strings.Count(page, want), html)
		}
	}

	got := map[string]TypeStats{}
	for _, x := range st.Types {
		got[x.Type] = x
	}
	if len(st.Types) != 6 {
		t.Errorf("types: %+v", st.Types)
	}
	if c := got["css"]; c.Files != 2 || c.Kept != 1 || c.After >= c.Before {
		t.Errorf("css: %+v", c)
	}
	if h := got["html"]; h.Files != 1 || h.Before != int64(len(page)) || h.After != int64(len(html)) {
		t.Errorf("html: %+v, page %d -> %d bytes", h, len(page), len(html))
	}
	if tot := st.Total(); tot.Files != 7 || tot.Before <= tot.After {
		t.Errorf("total: %+v", tot)
	}
}

// TestLossNamesPage: a minifier that drops an id, a link, text or the space
// between two words fails the run with an error naming the page, and the
// damaged page is not written.
func TestLossNamesPage(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string // the broken minifier replaces old by new
		want     string // in the error
		wantWhat string
	}{
		{"drops an id", ` id="data-retention"`, ``, `en/privacy-policy/index.html: id: lost "data-retention"`, "id"},
		{"adds an id", `<h1>`, `<h1 id="x">`, `gained "x"`, "id"},
		{"drops a link", `<a href="/en/cookies-policy/#cookies">Cookies</a>`, `Cookies`, `link: #3 <a href="/en/cookies-policy/#cookies"> is gone (4 before, 3 after)`, "link"},
		{"changes a link", `/en/cookies-policy/#cookies`, `/en/cookies-policy/`, `became <a href="/en/cookies-policy/">`, "link"},
		{"changes an alternate", `hreflang="ko-KR"`, `hreflang="ko"`, `<link rel="alternate" hreflang="ko-KR" href=`, "link"},
		{"drops text", `Two`, ``, `visible text differs`, "text"},
		{"joins two words", `<strong>ten</strong> <em>`, `<strong>ten</strong><em>`, `"a retention We keep it for ten days, see Cookies. One Two" became "a retention We keep it for tendays, see`, "text"},
		{"drops the space before a link", `see <a`, `see<a`, `text`, "text"},
		{"changes alt text", `alt="A   chart"`, `alt="A graph"`, `img alt="A chart" became img alt="A graph"`, "text"},
		{"changes the description", `How we   use data.`, `How we use it.`, `meta name="description"`, "text"},
		{"drops the image", `<img src="/img/x.png" alt="A   chart">`, ``, `is gone`, "link"},
		{"turns a heading into a paragraph", `<h1>Privacy Policy</h1>`, `<p>Privacy Policy</p>`, `element: #3 <h1> is gone (6 before, 5 after)`, "element"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := site(t, "-- en/privacy-policy/index.html --\n"+page+"-- en/other/index.html --\n<p>other</p>\n")
			broken := MinifierFunc(func(media string, w io.Writer, r io.Reader) error {
				b, err := io.ReadAll(r)
				if err != nil {
					return err
				}
				if !bytes.Contains(b, []byte(tc.old)) {
					_, err = w.Write(b)
					return err
				}
				_, err = w.Write(bytes.Replace(b, []byte(tc.old), []byte(tc.new), 1))
				return err
			})
			_, err := Run(context.Background(), fsys, Options{Minifier: broken})
			var le *LossError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want a *LossError", err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "en/privacy-policy/index.html: ") {
				t.Errorf("error\n%s\ndoes not name the page and %q", err, tc.want)
			}
			what := false
			for _, l := range le.Losses {
				what = what || l.What == tc.wantWhat
				if l.Page != "en/privacy-policy/index.html" {
					t.Errorf("a loss on another page: %s", l)
				}
			}
			if !what {
				t.Errorf("no %s loss in %q", tc.wantWhat, le.Losses)
			}
			if got := read(t, fsys, "en/privacy-policy/index.html"); got != page {
				t.Error("a failed run wrote the page")
			}
		})
	}
}

// TestLossesAllReported: every damaged page and file is named at once,
// sorted.
func TestLossesAllReported(t *testing.T) {
	fsys := site(t, `-- b/index.html --
<p id="x">b</p>
-- a/index.html --
<p id="x">a</p><a href="/b/">b</a>
-- sitemap.xml --
<urlset><url><loc>https://example.com/a/</loc></url></urlset>
-- data.json --
{"a": 1}
`)
	broken := MinifierFunc(func(media string, w io.Writer, r io.Reader) error {
		b, _ := io.ReadAll(r)
		b = bytes.ReplaceAll(b, []byte(` id="x"`), nil)
		b = bytes.ReplaceAll(b, []byte(`/a/`), []byte(`/c/`))
		b = bytes.ReplaceAll(b, []byte(`1`), []byte(`2`))
		_, err := w.Write(b)
		return err
	})
	_, err := Run(context.Background(), fsys, Options{Minifier: broken, Workers: 3})
	want := `minifying would change 4 files:
  a/index.html: id: lost "x"
  b/index.html: id: lost "x"
  data.json: data: the JSON value changed
  sitemap.xml: data: #4 https://example.com/a/ became https://example.com/c/`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

func TestMinifierError(t *testing.T) {
	fsys := site(t, "-- a.css --\nbody{}\n")
	boom := errors.New("boom")
	_, err := Run(context.Background(), fsys, Options{Minifier: MinifierFunc(func(string, io.Writer, io.Reader) error { return boom })})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "a.css") {
		t.Errorf("err = %v", err)
	}
}

func TestCancel(t *testing.T) {
	fsys := site(t, "-- a.css --\nbody{}\n-- b.css --\nbody{}\n")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, fsys, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if read(t, fsys, "a.css") != "body{}\n" {
		t.Error("a cancelled run wrote a file")
	}
}

func sri(b string) string {
	sum := sha512.Sum384([]byte(b))
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// TestIntegrityKept: a subresource a page names with an integrity hash stays
// as written when minifying it would break the hash.
func TestIntegrityKept(t *testing.T) {
	css := "body {\n  color: red;\n}\n"
	fsys := site(t, `-- en/index.html --
<link rel="stylesheet" href="/css/a.css" integrity="`+sri(css)+`">
<link rel="stylesheet" href="../css/b.css" integrity="sha256-AAAA `+sri(css)+`">
<link rel="stylesheet" href="/css/c.css">
<link rel="stylesheet" href="/css/d.css" integrity="sha384-doesnotmatch">
-- css/a.css --
`+css+`-- css/b.css --
`+css+`-- css/c.css --
`+css+`-- css/d.css --
`+css)
	st, err := Run(context.Background(), fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, kept := range map[string]bool{
		"css/a.css": true, "css/b.css": true, // hashed: kept
		"css/c.css": false, // no hash: minified
		"css/d.css": false, // a hash that never matched: not ours to keep
	} {
		if got := read(t, fsys, name); (got == css) != kept {
			t.Errorf("%s = %q, kept as written: %v, want %v", name, got, got == css, kept)
		}
	}
	if c := st.Types[0]; c.Type != "css" || c.Kept != 2 {
		t.Errorf("css stats %+v", c)
	}
}

// TestIntegrityOfAPage: an HTML page pinned by another page's integrity
// hash cannot be kept as written (pages are minified as they come): the
// run fails naming the page that pins it, rather than publish a hash the
// browser refuses.
func TestIntegrityOfAPage(t *testing.T) {
	frame := "<p>Framed   text.</p>\n"
	fsys := site(t, `-- en/index.html --
<link rel="prefetch" href="/en/frame.html" integrity="`+sri(frame)+`">
<p>Home</p>
-- en/frame.html --
`+frame)
	_, err := Run(context.Background(), fsys, Options{})
	var le *LossError
	if !errors.As(err, &le) || len(le.Losses) != 1 || le.Losses[0].Page != "en/index.html" || le.Losses[0].What != "integrity" {
		t.Fatalf("err = %v, want one integrity loss on en/index.html", err)
	}
}

// TestText: which differences in white space are visible.
func TestText(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"<p>a\n  b</p>", "<p>a b</p>", true},
		{"<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "<ul><li>a</li><li>b</li></ul>", true},
		{"<ul><li>a</li><li>b</li></ul>", "<ul><li>a<li>b</ul>", true},
		{"<p>a <em>b</em></p>", "<p>a<em>b</em></p>", false},
		{"<p>a<br>\n b</p>", "<p>a<br>b</p>", true},
		{"<p>a</p>\n<p>b</p>", "<p>a</p><p>b</p>", true},
		{"<p>&#43;82</p>", "<p>+82</p>", true},
		{"<p>a&nbsp;b</p>", "<p>a b</p>", false},
		{"<p>x</p><script>var a = 1</script>", "<p>x</p><script>var a=1</script>", true},
		{"<p>x</p><style>p { color: red }</style>", "<p>x</p><style>p{color:red}</style>", true},
		{"<title>A  B</title>", "<title>A B</title>", true},
		{"<title>A B</title>", "<title>AB</title>", false},
		{"<p>日本語 テキスト</p>", "<p>日本語テキスト</p>", false},
	} {
		t.Run(tc.a, func(t *testing.T) {
			fa, fb := factsOf([]byte(tc.a)), factsOf([]byte(tc.b))
			if same := fa.text == fb.text; same != tc.same {
				t.Errorf("%q vs %q: same = %v, want %v", fa.text, fb.text, same, tc.same)
			}
		})
	}
}

func TestRefreshURL(t *testing.T) {
	for in, want := range map[string]string{
		"0; url=https://legal.example.com/en/": "https://legal.example.com/en/",
		"0;url=/en/":                           "/en/",
		"0; URL = '/en/'":                      "/en/",
		"5":                                    "",
	} {
		if got := refreshURL(in); got != want {
			t.Errorf("refreshURL(%q) = %q, want %q", in, got, want)
		}
	}
	a := factsOf([]byte(`<meta http-equiv="refresh" content="0; url=https://x/en/">`))
	b := factsOf([]byte(`<meta http-equiv=refresh content="0;url=https://x/en/">`))
	c := factsOf([]byte(`<meta http-equiv=refresh content="0;url=https://x/ko/">`))
	if seqDiff(a.links, b.links) != "" || seqDiff(a.links, c.links) == "" {
		t.Errorf("refresh links: %q %q %q", a.links, b.links, c.links)
	}
}

func TestTextDiffKeepsCharacters(t *testing.T) {
	d := textDiff("개인정보 처리방침", "개인정보 처리")
	if !strings.Contains(d, `"개인정보 처리방침" became "개인정보 처리"`) {
		t.Errorf("textDiff = %s", d)
	}
}

// TestOsFs runs the stage on the real disk once, where path bugs show.
func TestOsFs(t *testing.T) {
	fsys := fill(t, afero.NewBasePathFs(afero.NewOsFs(), t.TempDir()), "-- en/privacy-policy/index.html --\n"+page+"-- css/site.css --\nbody {\n  color: #ff0000;\n}\n")
	st, err := Run(context.Background(), fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, fsys, "css/site.css"); len(got) >= len("body {\n  color: #ff0000;\n}\n") || st.Total().Files != 2 {
		t.Errorf("stats %+v", st)
	}
}

func TestStatsString(t *testing.T) {
	for _, tc := range []struct {
		types []TypeStats
		want  string
	}{
		{[]TypeStats{
			{Type: "css", Files: 1, Kept: 1, Before: 19_600, After: 19_600},
			{Type: "html", Files: 116, Before: 3_180_000, After: 2_120_000},
		}, `minified 117 files: 3.20 MB -> 2.14 MB (-33.1%) in 412ms
  css       1    19.6 kB ->   19.6 kB   -0.0%  (1 kept)
  html    116    3.18 MB ->   2.12 MB  -33.3%
`},
		{[]TypeStats{{Type: "html", Files: 1, Before: 2000, After: 1000}}, `minified 1 file: 2.0 kB -> 1.0 kB (-50.0%) in 412ms
  html      1     2.0 kB ->    1.0 kB  -50.0%
`},
	} {
		st := &Stats{Took: 412 * time.Millisecond, Types: tc.types}
		if got := st.String(); got != tc.want {
			t.Errorf("got\n%s\nwant\n%s", got, tc.want)
		}
	}
}

func TestProgress(t *testing.T) {
	defer func(d time.Duration) { progressDelay = d }(progressDelay)
	progressDelay = time.Millisecond
	var w sitetest.Log
	var done atomic.Int64
	done.Store(3)
	stop := progress(&w, "minify", 10, &done)
	time.Sleep(20 * time.Millisecond)
	stop()
	if got := w.String(); !strings.Contains(got, "\rminify 3/10 files") || !strings.HasSuffix(got, "\r\033[K") {
		t.Errorf("progress wrote %q", got)
	}

	var quiet sitetest.Log
	progressDelay = time.Hour
	progress(&quiet, "minify", 10, &done)()
	if quiet.String() != "" {
		t.Errorf("a short run printed %q", quiet.String())
	}
}

// benchPage is a page like ours: navigation, headings, links.
func benchPage() string {
	var body strings.Builder
	for i := range 40 {
		body.WriteString("\n  <h2 id=\"section-" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "\">Section heading</h2>\n  <p>We process personal information\n     only as described in <a href=\"/en/privacy-policy/#data-retention\">this policy</a>, and\n     <strong>never</strong> sell it.</p>\n")
	}
	return strings.Replace(page, "<h1>Privacy Policy</h1>", "<h1>Privacy Policy</h1>"+body.String(), 1)
}

// benchSite is a site of n pages like ours: navigation, headings, links.
func benchSite(b *testing.B, n int) (afero.Fs, int64) {
	p := benchPage()
	fsys := afero.NewMemMapFs()
	var total int64
	for i := range n {
		name := "/en/p" + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + "/index.html"
		if err := afero.WriteFile(fsys, name, []byte(p), 0o644); err != nil {
			b.Fatal(err)
		}
		total += int64(len(p))
	}
	return fsys, total
}

func BenchmarkRun(b *testing.B) {
	const pages = 100
	ids := regexp.MustCompile(`id=`)
	for b.Loop() {
		b.StopTimer()
		fsys, total := benchSite(b, pages)
		b.SetBytes(total)
		b.StartTimer()
		st, err := Run(context.Background(), fsys, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if tot := st.Total(); tot.Files != pages || tot.After >= tot.Before {
			b.Fatalf("stats %+v", tot)
		}
		b.StopTimer()
		if n := len(ids.FindAllString(read(b, fsys, "en/pa/index.html"), -1)); n != 42 {
			b.Fatalf("%d ids after minification, want 42", n)
		}
		b.StartTimer()
	}
}

// assertMinified checks what minifying in with New must give, whatever
// bytes the minifier chooses: out is shorter, minifying it again changes
// nothing, and, read with parsers other than the minifier's, it has the
// same ids, link targets and text (HTML), elements, attributes and text
// (XML), ids and elements (SVG), or value (JSON).
func assertMinified(t *testing.T, media, in, out string) {
	t.Helper()
	if len(out) >= len(in) {
		t.Errorf("not shorter: %d bytes, was %d:\n%s", len(out), len(in), out)
	}
	if again, err := New().String(media, out); err != nil || again != out {
		t.Errorf("minifying again gives\n%s\nnot\n%s (%v)", again, out, err)
	}
	var a, b any
	switch media {
	case "text/html":
		a, b = htmlFacts(t, in), htmlFacts(t, out)
	case "text/xml":
		a, b = xmlTokens(t, in, false), xmlTokens(t, out, false)
	case "image/svg+xml":
		a, b = xmlTokens(t, in, true), xmlTokens(t, out, true)
	case "application/json":
		if err := json.Unmarshal([]byte(in), &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(out), &b); err != nil {
			t.Fatalf("minified JSON does not parse: %v", err)
		}
	default:
		return
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("before: %q\nafter:  %q", a, b)
	}
}

// htmlFacts reads a page with x/net/html's tokenizer: its ids, its link
// targets in order, and its text without white space (which the minifier
// may drop between blocks, where it does not render).
func htmlFacts(t *testing.T, page string) []string {
	t.Helper()
	var ids, links []string
	var text strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			slices.Sort(ids)
			return append(append(ids, links...), strings.Join(strings.Fields(text.String()), ""))
		case xhtml.TextToken:
			text.Write(z.Text())
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			for _, at := range tok.Attr {
				switch at.Key {
				case "id":
					ids = append(ids, "id="+at.Val)
				case "href", "src":
					links = append(links, tok.Data+" "+at.Key+"="+at.Val)
				case "alt", "content":
					text.WriteString(strings.Join(strings.Fields(at.Val), ""))
				}
			}
		}
	}
}

// xmlTokens reads a document with encoding/xml: its elements with their
// attributes and the text that is not white space; with svg, only the
// elements and ids (the SVG minifier drops attributes that say the
// default).
func xmlTokens(t *testing.T, doc string, svg bool) []string {
	t.Helper()
	var got []string
	d := xml.NewDecoder(strings.NewReader(doc))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return got
		}
		if err != nil {
			t.Fatalf("does not parse: %v\n%s", err, doc)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			got = append(got, "<"+tok.Name.Local)
			for _, at := range tok.Attr {
				if !svg || at.Name.Local == "id" {
					got = append(got, at.Name.Local+"="+at.Value)
				}
			}
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); s != "" && !svg {
				got = append(got, s)
			}
		}
	}
}

// pagesArchive is a site of pages, an already minified one, a style
// sheet one pins with an integrity hash, and a sitemap.
var pagesArchive = `-- en/privacy-policy/index.html --
` + strings.Replace(page, `<h2 id=`, `<h2 data-src="content/en/privacy-policy.md:3" id=`, 1) + `-- en/other/index.html --
<p id="x">other</p>  <a href="/css/site.css">css</a>
-- en/pinned/index.html --
<link rel="stylesheet" href="/css/site.css" integrity="` + sri(".x {\n  color: red;\n}\n") + `">
-- already.min.html --
<p data-src="x.md:1">kept</p>
-- css/site.css --
.x {
  color: red;
}
-- en/sitemap.xml --
<urlset>
  <url><loc>https://legal.example.com/en/</loc></url>
</urlset>
`

// TestPages: pages minified as they are written (Pages), then the rest by
// Run, give the site, statistics and losses of one Run over the site.
func TestPages(t *testing.T) {
	archive := pagesArchive
	dropX := MinifierFunc(func(media string, w io.Writer, r io.Reader) error {
		b, err := io.ReadAll(r)
		if err == nil {
			_, err = w.Write(bytes.ReplaceAll(b, []byte(` id="x"`), nil))
		}
		return err
	})
	for _, tc := range []struct {
		name string
		opt  Options
		loss bool
	}{
		{"minified", Options{Strip: []string{"data-src"}}, false},
		{"a loss", Options{Strip: []string{"data-src"}, Minifier: dropX}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole := site(t, archive)
			wantStats, wantErr := Run(context.Background(), whole, tc.opt)
			var le *LossError
			if errors.As(wantErr, &le) != tc.loss {
				t.Fatalf("one Run: err = %v", wantErr)
			}

			written := afero.NewMemMapFs()
			opt := tc.opt
			opt.Pages = NewPages(opt)
			var wg sync.WaitGroup
			for _, f := range txtar.Parse([]byte(archive)).Files {
				wg.Go(func() {
					var out bytes.Buffer
					if err := opt.Pages.Page(&out, "/"+f.Name, f.Data, 0o644, nil); err != nil {
						t.Error(err)
					}
					if err := afero.WriteFile(written, "/"+f.Name, out.Bytes(), 0o644); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			gotStats, gotErr := Run(context.Background(), written, opt)
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Fatalf("err = %v, want %v", gotErr, wantErr)
			}
			if wantErr != nil {
				return
			}
			gotStats.Took, wantStats.Took = 0, 0
			if !reflect.DeepEqual(gotStats, wantStats) {
				t.Errorf("stats\n%s\nwant\n%s", gotStats, wantStats)
			}
			for _, f := range txtar.Parse([]byte(archive)).Files {
				if got, want := read(t, written, f.Name), read(t, whole, f.Name); got != want {
					t.Errorf("%s:\n%s\nwant\n%s", f.Name, got, want)
				}
			}
			if strings.Contains(read(t, written, "en/privacy-policy/index.html"), "data-src") {
				t.Error("data-src left in a page")
			}
		})
	}
}
