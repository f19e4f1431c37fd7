package shrink

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// xmlDocs are XML documents as sites publish them, and the cases the fast
// reader must leave to encoding/xml.
var xmlDocs = []string{
	sitemap(3),
	`<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Legal &amp; privacy</title>
<atom:link href="https://example.com/index.xml" rel="self" type="application/rss+xml"/>
<item><title>Terms</title><description><![CDATA[<p>The terms</p>]]></description></item></channel></rss>`,
	`<a x='1' y="&#x41;&#66;&lt;&quot;&apos;">a &gt; b<!-- note --></a>`,
	"<a x=\"1\">t\r\nu\r</a>",
	`<!DOCTYPE html><a/>`,
	`<?xml-stylesheet type="text/xsl" href="s.xsl"?><a>x</a>`,
	// Left to encoding/xml (not ok):
	`<a>&nbsp;</a>`,
	`<a>&amp</a>`,
	`<a>x</b>`,
	`<a>`,
	`<a x=1/>`,
	`<a x></a>`,
	`<a x="<"/>`,
	`<a>]]></a>`,
	`<a><!-- a -- b --></a>`,
	`<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>`,
	`<?xml version="1.1"?><a/>`,
	`<?xml version="1.0" encoding="ISO-8859-1"?><a/>`,
	"<a>\x01</a>",
	"<a>\xff</a>",
	`<é/>`,
	`<a><![CDATA[x</a>`,
	`<a>&#0;</a>`,
	`<a x="1`,
}

// sitemap is a sitemap of n pages in six languages, as Hugo writes one.
func sitemap(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns:xhtml="http://www.w3.org/1999/xhtml">
`)
	for i := range n {
		fmt.Fprintf(&b, "  <url>\n    <loc>https://example.com/en/doc-%d/</loc>\n    <lastmod>2026-12-01T00:00:00+00:00</lastmod>\n", i)
		for _, l := range []string{"en", "ko", "ja", "zh-cn", "pt-br", "id"} {
			fmt.Fprintf(&b, "    <xhtml:link\n                rel=\"alternate\"\n                hreflang=\"%s\"\n                href=\"https://example.com/%s/doc-%d/?a=1&amp;b=2\"\n                />\n", l, l, i)
		}
		b.WriteString("  </url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.String()
}

// TestXMLRecord: the fast reader takes the documents sites publish, and
// leaves to encoding/xml what it could misread; a document it takes,
// minified, has the same record.
func TestXMLRecord(t *testing.T) {
	m := New()
	for i, doc := range xmlDocs {
		_, ok := xmlRecord(nil, []byte(doc))
		if want := i < 6; ok != want {
			t.Errorf("xmlRecord(%q): ok %v, want %v", doc, ok, want)
			continue
		}
		if _, err := xmlFacts([]byte(doc), false); ok && err != nil {
			t.Errorf("xmlRecord took %q, which encoding/xml refuses: %v", doc, err)
		}
		if !ok {
			continue
		}
		var min bytes.Buffer
		if err := m.Minify("text/xml", &min, strings.NewReader(doc)); err != nil {
			t.Fatal(err)
		}
		if !sameXML([]byte(doc), min.Bytes()) {
			t.Errorf("%q minified to %q: not the same record", doc, min.String())
		}
	}
}

// TestXMLRecordTellsChanges: a change to a fact is seen by the fast
// reader, and the loss is named as encoding/xml's facts name it.
func TestXMLRecordTellsChanges(t *testing.T) {
	doc := sitemap(2)
	for _, change := range [][2]string{
		{"doc-1/</loc>", "doc-9/</loc>"},
		{`hreflang="ko"`, `hreflang="kr"`},
		{"<lastmod>2026-12-01T00:00:00+00:00</lastmod>", ""},
		{`&amp;b=2`, `&amp;b=3`},
		{"<url>", "<url><x/>"},
	} {
		changed := strings.Replace(doc, change[0], change[1], 1)
		if sameXML([]byte(doc), []byte(changed)) {
			t.Errorf("%q to %q: same record", change[0], change[1])
		}
		if losses, _ := compareData("text/xml", "sitemap.xml", []byte(doc), []byte(changed)); len(losses) != 1 {
			t.Errorf("%q to %q: losses %v", change[0], change[1], losses)
		}
	}
}

// FuzzXMLRecord holds the fast reader to its two promises: it takes only
// documents encoding/xml reads, and two documents it takes with equal
// records have equal xmlFacts. Each input is also compared with itself
// minified.
func FuzzXMLRecord(f *testing.F) {
	for i, doc := range xmlDocs {
		f.Add([]byte(doc), []byte(xmlDocs[(i+1)%len(xmlDocs)]))
		f.Add([]byte(doc), []byte(strings.ReplaceAll(doc, "\n", "")))
	}
	m := New()
	f.Fuzz(func(t *testing.T, a, b []byte) {
		keep := slices.Clone(a)
		ra, okA := xmlRecord(nil, a)
		if !bytes.Equal(a, keep) {
			t.Fatalf("xmlRecord changed its input %q to %q", keep, a)
		}
		fa, errA := xmlFacts(a, false)
		if okA && errA != nil {
			t.Fatalf("xmlRecord took %q, which encoding/xml refuses: %v", a, errA)
		}
		var min bytes.Buffer
		if err := m.Minify("text/xml", &min, bytes.NewReader(a)); err == nil {
			b := min.Bytes()
			if okA && sameXML(a, b) {
				if fb, err := xmlFacts(b, false); err != nil || !slices.Equal(fa, fb) {
					t.Fatalf("same record, but %q minified to %q: %v %v\n%q\n%q", a, b, err, seqDiff(fa, fb), fa, fb)
				}
			}
		}
		rb, okB := xmlRecord(nil, b)
		if okA && okB && bytes.Equal(ra, rb) {
			fb, err := xmlFacts(b, false)
			if err != nil || !slices.Equal(fa, fb) {
				t.Fatalf("same record, but %q and %q: %v %v", a, b, err, seqDiff(fa, fb))
			}
		}
	})
}

// BenchmarkXMLProof proves a sitemap of 5,000 documents minified, as the
// 30,000-page site has six: "record" as the build does, "encoding/xml" the
// way it did before. MB/s counts the sitemap as written.
//
//	go test -run '^$' -bench XMLProof ./site/shrink/
func BenchmarkXMLProof(b *testing.B) {
	doc := []byte(sitemap(5000))
	var min bytes.Buffer
	if err := New().Minify("text/xml", &min, bytes.NewReader(doc)); err != nil {
		b.Fatal(err)
	}
	out := min.Bytes()
	b.Run("record", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			if !sameXML(doc, out) {
				b.Fatal("not the same")
			}
		}
	})
	b.Run("encoding/xml", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			x, err := xmlFacts(doc, false)
			y, err2 := xmlFacts(out, false)
			if err != nil || err2 != nil || seqDiff(x, y) != "" {
				b.Fatal("not the same")
			}
		}
	})
}
