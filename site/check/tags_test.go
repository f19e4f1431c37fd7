package check

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"legalcenter/site/check/checktest"
)

// refElements is the reference for elements: the same scan over
// golang.org/x/net/html's tokenizer, which follows the HTML5 tokenizer. It
// returns each element as describe writes it.
func refElements(data []byte) []string {
	z := html.NewTokenizer(bytes.NewReader(data))
	line := 1
	var out []string
	style := false // the last token opened a <style> element
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		start := line
		line += bytes.Count(z.Raw(), []byte{'\n'}) + bytes.Count(z.Raw(), []byte{'\r'}) - bytes.Count(z.Raw(), []byte("\r\n"))
		wasStyle := style
		style = false
		if tt == html.TextToken && wasStyle {
			e := element{tag: "#style", line: start, has: 1 << attrStyle}
			text := bytes.Clone(z.Raw())
			if n := len(text) - len("</style"); n >= 0 && bytes.HasSuffix(data, text) && lowerIs(text[n:], "</style") {
				text = text[:n] // cut off by the end of the input: the lexer takes it for the end tag
			}
			e.val[attrStyle] = text
			out = append(out, describe(&e))
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		e := element{tag: tagName(name), line: start}
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			a := attrKey(k)
			if a < 0 || a != attrID && a != attrStyle && e.tag == "" || e.hasAttr(a) {
				continue
			}
			e.has |= 1 << a
			e.val[a] = bytes.Clone(v)
		}
		style = e.tag == "style" && tt == html.StartTagToken
		if e.tag != "" || e.hasAttr(attrID) || e.hasAttr(attrStyle) {
			out = append(out, describe(&e))
		}
	}
}

// scanElements returns the elements tagScanner finds, as describe writes
// them.
func scanElements(data []byte) []string {
	var out []string
	elements(slices.Clone(data), func(e *element) { // it lowers names in place
		if e.tag != "/h" { // the end of a heading, which the reference does not list
			out = append(out, describe(e))
		}
	})
	return out
}

var attrNames = [numAttrs]string{"id", "name", "href", "src", "srcset", "xlink:href", "data-src", "rel", "hreflang", "lang", "http-equiv", "content", "poster", "data", "action", "type", "style"}

func describe(e *element) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d <%s>", e.line, e.tag)
	for k := range numAttrs {
		if e.hasAttr(k) {
			fmt.Fprintf(&b, " %s=%q", attrNames[k], e.attr(k))
		}
	}
	return b.String()
}

// diffScan reports where tagScanner and the reference differ on data.
func diffScan(t *testing.T, name string, data []byte) {
	t.Helper()
	got, want := scanElements(data), refElements(data)
	if slices.Equal(got, want) {
		return
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	g, w := "(none)", "(none)"
	if i < len(got) {
		g = got[i]
	}
	if i < len(want) {
		w = want[i]
	}
	t.Errorf("%s: element %d (of %d, want %d):\n\tgot  %s\n\twant %s\ninput: %q", name, i, len(got), len(want), g, w, data)
}

// scanTests are the corners of HTML5 tokenizing that decide where tags are.
var scanTests = []struct{ name, html string }{
	{"plain", `<a href="/x/" id=top>x</a><h2 id="s">S</h2>`},
	{"unquoted and single quotes", `<a href=/x/ id='a b'><img src=a.png srcset='a.png 1x,b.png 2x'>`},
	{"upper case", `<A HREF="/X/" ID="Y"><H3 Id=z></H3><LINK REL=Canonical HREF=/c/>`},
	{"first attribute wins", `<a href="/1/" href="/2/" id=a ID=b>`},
	{"equals starts a name", `<a =href="/x/" href="/y/">`},
	{"gt in quotes", `<a title="a>b" href="/x/">`},
	{"spaces around equals", "<a href\n=\t'/x/' id =\"y\">"},
	{"empty values", `<a href="" id=''><a href=><a href>`},
	{"entities", `<a href="/a?x=1&amp;y=2&lt;&#38;&#x26;" id="caf&eacute;">`},
	{"entities as in attributes", `<a href="/s?lang=ko&region=kr&not=1&notit;&amp">`},
	{"nul and cr", "<a href=\"/a\x00b\" id=\"x\r\ny\ry\">"},
	{"comments", `<!-- <a href="/hidden/"> --><a href="/shown/"><!-- --><a id=after-empty>`},
	{"cdata in svg", `<svg><use href="#i"/><![CDATA[ <a id=no> ]]></svg><a id=yes>`},
	{"comment ends", `<!-- a --!><a id=x><!-- b --!-><a id=no>--><a id=y>`},
	{"bogus comments", `<? <a id=no> ?><a id=yes></ <a id=no2>><a id=yes2><!x <a id=no3>><a id=yes3>`},
	{"doctype", "<!DOCTYPE html><!doctype <a id=no>><a id=yes>"},
	{"cdata is a bogus comment", `<svg><![CDATA[ <a id=no> ]]><a id=yes></svg>`},
	{"raw text", `<style>a{} <a id=no></style><a id=yes><title><a id=no2></TITLE ><a id=yes2>`},
	{"raw text end needs a delimiter", `<textarea></textareax><a id=no></textarea/><a id=yes>`},
	{"script", `<script>if (a<b) x = "<a id=no>";</script><a id=yes>`},
	{"script escapes", `<script><!-- <script> </script> <a id=no> --></script><a id=yes>`},
	{"script escaped end", `<script><!-- </script><a id=yes> -->`},
	{"self-closing script is raw", `<script src=a.js /><a id=no></script><a id=yes>`},
	{"plaintext", `<plaintext><a id=no></plaintext><a id=no2>`},
	{"lt in text", `a < b <3 <<a id=x>`},
	{"end tag attributes", `</a id="no" title=">"><a id=yes>`},
	{"lines", "<html lang=ko>\n<head>\n<!-- \n\n -->\n<link rel=alternate hreflang=ko href=/ko/>\n<script>\n</script>\n<h1 id=a>"},
	{"tag cut off", `<a href="/x/" id=y`},
	{"quote cut off", `<a id=x><a href="/x/`},
	{"meta", `<meta http-equiv=refresh content="0; url=/"><meta name=robots content=noindex>`},
	{"use and data-src", `<use xlink:href="#i" data-src="content/en/a.md:3"></use>`},
	{"non-ASCII", `<h2 id="개인정보-처리방침" data-src="content/ko/a.md:9">개인정보</h2><a href="/ja/#個人情報">`},
	{"odd tag names", `<a"b id=x><h7 id=y><h1x id=z><ax href=no>`},
}

// lexerTests are where tdewolff's lexer, which the scanner streams pages
// through, reads HTML otherwise than the HTML5 tokenizer (the reference): as
// the minifier, which reads pages with the same lexer, does. Hugo writes
// none of these.
var lexerTests = []struct {
	name, html string
	want       []string // as describe writes them
}{
	{"abrupt comments", `<!--><a id=after-empty><!---><a id=after-dash>--><a id=x>`,
		// "<!-->" opens a comment, which the next "-->" closes.
		[]string{`1 <a> id="after-dash"`, `1 <a> id="x"`}},
	{"slash in a tag name", `<a/href="/x/"/id="y"/><img src="a"/>`,
		// The name runs to white space, ">" or "/>": "a/href=..." is no a.
		[]string{`1 <img> src="a"`}},
	{"slash in an attribute name", `<a href/id=x>`,
		// So does an attribute's: "href/id" is neither href nor id.
		[]string{`1 <a>`}},
	{"noscript", `<noscript><a href="/n/"></noscript>`,
		// Markup, as in a browser without scripts; the HTML5 tokenizer
		// (with scripting) reads it as text.
		[]string{`1 <a> href="/n/"`}},
}

func TestScanLexer(t *testing.T) {
	for _, tt := range lexerTests {
		if got := scanElements([]byte(tt.html)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestScan(t *testing.T) {
	for _, tt := range scanTests {
		t.Run(tt.name, func(t *testing.T) {
			diffScan(t, tt.name, []byte(tt.html))
			for i := range len(tt.html) { // every prefix: the file may end anywhere
				diffScan(t, fmt.Sprintf("%s[:%d]", tt.name, i), []byte(tt.html[:i]))
			}
		})
	}
}

// TestScanPlanted compares tagScanner with the reference on every page of a
// generated site.
func TestScanPlanted(t *testing.T) {
	plantedPages(t, func(name string, data []byte) { diffScan(t, name, data) })
}

// plantedPages calls fn with every HTML page of a generated site with
// planted defects.
func plantedPages(t *testing.T, fn func(name string, data []byte)) {
	t.Helper()
	n := 0
	_, err := checktest.Generate(checktest.Config{Docs: checktest.MinDocs + 3, Defects: true}, func(name string, data []byte) error {
		if isHTML(name) {
			n++
			fn(name, data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("only %d pages", n)
	}
}

// benchPage is the page the benchmarks read: a Korean document of a
// generated site, with 80 links.
func benchPage() []byte {
	var page []byte
	checktest.Generate(checktest.Config{Docs: checktest.MinDocs}, func(name string, data []byte) error {
		if name == "ko/docs/doc-0003/index.html" {
			page = data
		}
		return nil
	})
	return page
}

// TestAttrEntities pins the case html.UnescapeString gets wrong for attribute
// values: a URL's "&region=" is text, not "®ion=".
func TestAttrEntities(t *testing.T) {
	var got string
	elements([]byte(`<a href="/s?a=1&region=kr&amp;b=&lt;">`), func(e *element) { got = string(e.attr(attrHref)) })
	if want := "/s?a=1&region=kr&b=<"; got != want {
		t.Errorf("href = %q, want %q", got, want)
	}
}

// BenchmarkScan scans one page of a generated site; MB/s counts its bytes.
func BenchmarkScan(b *testing.B) {
	page := benchPage()
	want := len(refElements(page))
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	var s tagScanner
	for b.Loop() {
		n := 0
		s.scan(page, func(e *element) {
			if e.tag != "/h" { // the end of a heading, which refElements does not list
				n++
			}
		})
		if n != want {
			b.Fatalf("%d elements, want %d", n, want)
		}
	}
}

// BenchmarkScanPage reduces one page of a generated site to its facts.
func BenchmarkScanPage(b *testing.B) {
	data := benchPage()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	s := newScanner()
	for b.Loop() {
		p := &page{path: "ko/docs/doc-0003/index.html"}
		s.scan(p, data, nil)
		s.pages = s.pages[:0]
		if p.links != 80 {
			b.Fatalf("%d links", p.links)
		}
	}
}
