package check

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// The specification of what the checker reads from a page, written as
// goquery selections over the DOM that golang.org/x/net/html's HTML5 parser
// builds: what a browser's tree holds is what the rules must see. The scan
// (tags.go, scan.go, over tdewolff's lexer) is the fast way to the same
// facts; the tests
// below require it to find exactly these on every corner case that builds a
// well-formed tree and on every page of a generated six-language site.
// (site/realsite_test.go checks the links and anchors of every page of the
// real site a second time with goquery alone.)
//
// Where the two differ (TestScanLexer), the scan reads the page as the
// minifier does. Where the rules ask a DOM question (which headings are
// sections of a page), they ask goquery itself: see site.sections.

// pageFacts are the facts the rules read from one page, as strings that
// print well in a diff.
type pageFacts struct {
	IDs      []string // sorted, once each: ids and the names of <a name>
	Heads    []string // ids of h1-h6, in document order
	Links    []string // "tag attr url", in document order
	Alts     []string // "lang href" of <link rel=alternate hreflang>
	Lang     string   // <html lang>
	Canon    string   // the first canonical link's href
	Base     string   // the first <base href>
	Redirect bool     // <meta http-equiv=refresh>
	Noindex  bool     // <meta name=robots content=noindex>
}

func (f pageFacts) String() string {
	return fmt.Sprintf("ids %q\nheads %q\nlinks %q\nalts %q\nlang %q canon %q base %q redirect %v noindex %v",
		f.IDs, f.Heads, f.Links, f.Alts, f.Lang, f.Canon, f.Base, f.Redirect, f.Noindex)
}

// domFacts reads a page's facts with goquery.
func domFacts(data []byte) (pageFacts, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(data))
	if err != nil {
		return pageFacts{}, err
	}
	var f pageFacts
	doc.Find("[id]").Each(func(_ int, s *goquery.Selection) { f.IDs = append(f.IDs, s.AttrOr("id", "")) })
	doc.Find("a[name]").Each(func(_ int, s *goquery.Selection) {
		if name := s.AttrOr("name", ""); name != "" {
			f.IDs = append(f.IDs, name)
		}
	})
	slices.Sort(f.IDs)
	f.IDs = slices.Compact(f.IDs)
	doc.Find("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]").Each(func(_ int, s *goquery.Selection) {
		f.Heads = append(f.Heads, s.AttrOr("id", ""))
	})
	rel := func(s *goquery.Selection, word string) bool {
		return slices.Contains(strings.Fields(strings.ToLower(s.AttrOr("rel", ""))), word)
	}
	link := func(tag, attr, url string) { f.Links = append(f.Links, tag+" "+attr+" "+url) }
	doc.Find("a[href], link, img, source, script[src], use, meta[http-equiv]").Each(func(_ int, s *goquery.Selection) {
		tag := goquery.NodeName(s)
		switch tag {
		case "meta":
			if strings.EqualFold(s.AttrOr("http-equiv", ""), "refresh") {
				if u, ok := refreshURL([]byte(s.AttrOr("content", ""))); ok {
					link(tag, "content", string(u))
				}
			}
		case "link":
			if rel(s, "canonical") && f.Canon == "" {
				f.Canon = strings.TrimSpace(s.AttrOr("href", ""))
			}
			href, ok := s.Attr("href")
			switch {
			case !ok:
			case s.AttrOr("hreflang", "") != "" && rel(s, "alternate"):
				f.Alts = append(f.Alts, s.AttrOr("hreflang", "")+" "+href)
			default:
				link(tag, "href", href)
			}
		case "img", "source":
			if src, ok := s.Attr("src"); ok {
				link(tag, "src", src)
			}
			if set, ok := s.Attr("srcset"); ok {
				srcset([]byte(set), func(u []byte) { link(tag, "srcset", string(u)) })
			}
		case "use":
			// The parser puts xlink:href of SVG elements into the xlink
			// namespace as "href", which Attr("href") would match too.
			if href, ok := attrNS(s.Nodes[0], "", "href"); ok {
				link(tag, "href", href)
			} else if href, ok := attrNS(s.Nodes[0], "xlink", "href"); ok {
				link(tag, "xlink:href", href)
			}
		case "a":
			link(tag, "href", s.AttrOr("href", ""))
		case "script":
			link(tag, "src", s.AttrOr("src", ""))
		}
	})
	f.Lang = doc.Find("html").AttrOr("lang", "")
	f.Base = doc.Find("base[href]").First().AttrOr("href", "")
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		if strings.EqualFold(s.AttrOr("http-equiv", ""), "refresh") {
			f.Redirect = true
		}
		if strings.EqualFold(s.AttrOr("name", ""), "robots") && strings.Contains(strings.ToLower(s.AttrOr("content", "")), "noindex") {
			f.Noindex = true
		}
	})
	return f, nil
}

// attrNS returns n's attribute key in namespace ns; outside SVG and MathML
// the parser leaves "xlink:href" a plain key.
func attrNS(n *html.Node, ns, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == ns && a.Key == key || ns != "" && a.Namespace == "" && a.Key == ns+":"+key {
			return a.Val, true
		}
	}
	return "", false
}

// scannedFacts reads a page's facts as the checker does.
func scannedFacts(data []byte) pageFacts {
	s := newScanner()
	p := &page{path: "p.html", file: "p.html"}
	s.scan(p, data, nil)
	f := pageFacts{IDs: p.ids, Lang: p.htmlLang, Canon: p.canon, Base: p.base, Redirect: p.redirect, Noindex: p.noindex}
	for _, h := range p.heads {
		f.Heads = append(f.Heads, h.id)
	}
	for r := range p.refs.all() {
		f.Links = append(f.Links, refTags[r.tag]+" "+refAttrs[r.attr]+" "+s.urls.urls[r.url])
	}
	for _, a := range p.alts {
		f.Alts = append(f.Alts, a.lang+" "+a.href)
	}
	return f
}

// diffFacts reports where the scanner and goquery differ on a page.
func diffFacts(t *testing.T, name string, data []byte) {
	t.Helper()
	want, err := domFacts(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if got := scannedFacts(data); got.String() != want.String() {
		t.Errorf("%s: the scanner and goquery differ\nscanner:\n%s\ngoquery:\n%s", name, got, want)
	}
}

// domTests are pages whose tree keeps every start tag where the tokenizer
// found it; scanTests holds more corners, for the tokenizer alone.
var domTests = []struct{ name, html string }{
	{"page", `<!DOCTYPE html><html lang=ko><head><base href="/ko/"><link rel=canonical href=" https://example.com/ko/ ">` +
		`<link rel="Alternate" hreflang=en href=https://example.com/en/><link rel=stylesheet href=/css/a.css>` +
		`<meta name=Robots content="NOINDEX, follow"><meta http-equiv=Refresh content="0; url=/ko/a/"></head>` +
		`<body><a name=top></a><h1 id=t>T</h1><h2 id="개인정보">P</h2><a href="#개인정보">p</a><a href=../x/?q=1#y>x</a>` +
		`<img src=a.png srcset="a.png 1x, b.png 2x"><picture><source srcset="c.webp 1x,d.webp 2x"><img src=c.png></picture>` +
		`<svg><use href="#i"></use><use xlink:href="/s.svg#j"></use></svg><script src=/js/a.js></script></body></html>`},
	{"duplicate ids", `<p id=a><h3 id=a>x</h3><a name=a href=#a>`},
	{"empty values", `<a href="" id=''><a href=>x</a><a name="">y</a>`},
	{"entities", `<a href="/a?x=1&amp;y=2&lt;&#38;&#x26;" id="caf&eacute;">`},
	{"attribute entities", `<a href="/s?lang=ko&region=kr&not=1&notit;&amp">`},
	{"comments and raw text", `<!-- <a href="/hidden/"> --><style>a{} <a id=no></style><script>if (a<b) x = "<a id=no2>";</script><a id=yes>`},
	{"upper case", `<A HREF="/X/" ID="Y"><H3 Id=z></H3><LINK REL=Canonical HREF=/c/>`},
	{"link without href", `<link rel=canonical><link rel=canonical href=/c/><link rel=alternate hreflang=ko>`},
}

func TestScanMatchesDOM(t *testing.T) {
	for _, tt := range domTests {
		diffFacts(t, tt.name, []byte(tt.html))
	}
}

// TestScanMatchesDOMPlanted compares the scanner with goquery on every page
// of a generated site with planted defects.
func TestScanMatchesDOMPlanted(t *testing.T) {
	plantedPages(t, func(name string, data []byte) { diffFacts(t, name, data) })
}

// BenchmarkDOMPage reads one page's facts with goquery, the way the checker
// would without its scanner; compare with BenchmarkScanPage.
func BenchmarkDOMPage(b *testing.B) {
	data := benchPage()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := domFacts(data)
		if err != nil || len(f.Links) != 80 {
			b.Fatalf("%d links, %v", len(f.Links), err)
		}
	}
}
