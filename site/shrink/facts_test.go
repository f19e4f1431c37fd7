package shrink

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// netFacts reads a page's facts with x/net/html's tokenizer alone, as the
// proof did before it read pages with tdewolff's lexer: the reference the
// lexer's facts must equal.
func netFacts(page []byte) facts {
	c := collector{r: &record{spell: true}}
	netTokens(&c, page)
	return c.r.facts()
}

// factPages are pages whose facts the two readers must agree on.
var factPages = map[string]string{
	"page":            page,
	"entities":        `<p title="a &amp; b &quot;c&quot;">&lt;x&gt; &#43;82 &nbsp;&eacute;</p><a href="/s/?a=1&amp;region=2&region=3">x</a>`,
	"unquoted":        `<A HREF=/x/ ID=Top Title='it''s'>x</A><img src=a.png alt=A&amp;B>`,
	"raw text":        `<p>a</p><script>if (a<b && c>d) { x = "<a id=no href=/no/>" }</script><style>p>a{}</style><p>b</p>`,
	"rcdata":          `<title>A &amp; <b>B</b></title><textarea id=t>x <a href=/no/></textarea>`,
	"comments":        `<p>a<!-- <a id=no href=/no/> -->b</p><!doctype html>`,
	"not a tag":       `<p>1 < 2 and 3 <= 4, a <3 b</p>`,
	"inline svg":      `<p>x</p><svg viewBox="0 0 1 1"><defs><path id="i"/></defs><use href="#i"/><title>Icon</title></svg><p id=after>y</p>`,
	"math":            `<p>x <math><mi id=m>x</mi></math> y</p>`,
	"meta":            `<meta name="Description" content="  How we  use data. "><meta http-equiv=refresh content="0; url=/en/"><meta name=robots content=noindex>`,
	"links":           `<link rel=alternate hreflang=ko href=/ko/><link rel=stylesheet href=/a.css integrity="sha256-x"><script src=/a.js integrity=sha384-y></script>`,
	"self-closing":    `<br/><img src=a.png /><a name=n />`,
	"cut off":         `<p>a</p><a href="/x`,
	"carriage return": "<p title=\"a\r\nb\">c\r\nd</p>",
}

// TestFactsAgree: tdewolff's lexer, which the proof reads pages with, finds
// the facts x/net/html's tokenizer finds.
func TestFactsAgree(t *testing.T) {
	for name, p := range factPages {
		t.Run(name, func(t *testing.T) {
			got, want := factsOf([]byte(p)), netFacts([]byte(p))
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
				t.Errorf("lexer:     %+v\ntokenizer: %+v", got, want)
			}
		})
	}
}

// foreignPages have svg and math elements in the places where what they
// add to a record could depend on what came before or comes after.
var foreignPages = map[string]string{
	"twice":          `<p>a <svg><title>Menu</title><path id=p d="M0"/></svg> b</p><p><svg><title>Menu</title><path id=p d="M0"/></svg></p>`,
	"text around":    `a<svg><text>b  c</text></svg>d <svg> <text> e </text> </svg> f`,
	"after a space":  `<p>x </p><svg><g><text>y</text></g></svg><math><mi>z</mi></math>`,
	"script open":    `<svg><script>if (a<b) x()</svg><p>not text</p><svg><script>if (a<b) x()</svg></script><p>text</p>`,
	"links":          `<svg><a href="/x/" title="t"><use href="#i" xlink:href="#j"/></a><image href="/a.png"/></svg>`,
	"first":          `<svg id=s><text>t</text></svg>`,
	"math then text": `<math><mi>x</mi></math>&amp; y`,
}

// TestForeignSeen: a record that reads an svg or math element from what
// an earlier page's had holds what reading it anew gives.
func TestForeignSeen(t *testing.T) {
	pages := maps.Clone(factPages)
	maps.Copy(pages, foreignPages)
	for name, p := range pages {
		t.Run(name, func(t *testing.T) {
			assertForeignSeen(t, []byte(p))
			assertForeignSeen(t, []byte(p)) // seen now
		})
	}
}

func assertForeignSeen(t *testing.T, p []byte) {
	t.Helper()
	var seen record
	anew := record{uncached: true}
	seen.scan(p, nil)
	anew.scan(p, nil)
	if !seen.equal(&anew) || !bytes.Equal(seen.text, anew.text) || !slices.Equal(seen.refs, anew.refs) {
		t.Fatalf("%q:\nseen: %+v\nanew: %+v", p, seen, anew)
	}
}

// TestScanStripsAndProves: the pass that strips build-only attributes
// reads the facts of the page as it was, with them.
func TestScanStripsAndProves(t *testing.T) {
	in := `<h2 data-src="a.md:1" id=x>X</h2><a data-src=b href="/y/">y</a>`
	f, out := scan([]byte(in), []string{"data-src"})
	if want := `<h2 id=x>X</h2><a href="/y/">y</a>`; string(out) != want {
		t.Errorf("stripped %q, want %q", out, want)
	}
	if want := netFacts([]byte(in)); !reflect.DeepEqual(f, want) {
		t.Errorf("facts %+v, want %+v", f, want)
	}
}

// TestLossFoundByLexer: losses only a reader of entities, inline svg or
// stripped pages sees still fail the run.
func TestLossFoundByLexer(t *testing.T) {
	for _, tc := range []struct {
		name, in, old, new, want string
	}{
		{"an id inside svg", `<p>x</p><svg><path id="i"/></svg>`, ` id="i"`, ``, `id: lost "i"`},
		{"a use inside svg", `<svg><use href="#i"/></svg><p id=i>x</p>`, `#i"`, `#j"`, `link: #1 <use href="#i"> became <use href="#j">`},
		{"an entity in a link", `<a href="/s/?a=1&amp;b=2">x</a>`, `&amp;b`, `&amp;amp;b`, `link`},
		{"an entity in text", `<p>a &lt;b&gt;</p>`, `&lt;b&gt;`, `b`, `text`},
		{"text after a script", `<script>a<b</script><p>seen</p>`, `seen`, `seem`, `text`},
		{"an id beside a stripped attribute", `<h2 data-src="a.md:1" id="x">X</h2>`, ` id="x"`, ``, `id: lost "x"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := site(t, "-- en/index.html --\n"+tc.in+"\n")
			broken := MinifierFunc(func(media string, w io.Writer, r io.Reader) error {
				b, err := io.ReadAll(r)
				if err != nil {
					return err
				}
				_, err = w.Write(bytes.Replace(b, []byte(tc.old), []byte(tc.new), 1))
				return err
			})
			_, err := Run(context.Background(), fsys, Options{Minifier: broken, Strip: []string{"data-src"}})
			var le *LossError
			if !errors.As(err, &le) || !strings.Contains(err.Error(), "en/index.html: ") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a *LossError with %q", err, tc.want)
			}
		})
	}
}

// BenchmarkFacts reads the facts of a page like ours with each reader; the
// proof reads every page twice, before and after minifying, into records
// ("record"), and spells them out as facts only to describe a loss.
func BenchmarkFacts(b *testing.B) {
	p := []byte(benchPage())
	var r record
	for _, r := range []struct {
		name string
		fn   func([]byte) int // the ids found
	}{
		{"record", func(p []byte) int { r.scan(p, nil); return len(r.ids.ends) }},
		{"lexer", func(p []byte) int { return len(factsOf(p).ids) }},
		{"tokenizer", func(p []byte) int { return len(netFacts(p).ids) }},
	} {
		b.Run(r.name, func(b *testing.B) {
			b.SetBytes(int64(len(p)))
			b.ReportAllocs()
			for b.Loop() {
				if n := r.fn(p); n != 42 {
					b.Fatalf("%d ids", n)
				}
			}
		})
	}
}

func TestAppendQuote(t *testing.T) {
	for _, s := range []string{"", "/en/a/#b", `a"b`, `a\b`, "a\tb", "é", "日本", "\x7f", "~ !"} {
		if got, want := string(appendQuote([]byte("x"), s)), "x"+strconv.Quote(s); got != want {
			t.Errorf("appendQuote(%q) = %s, want %s", s, got, want)
		}
	}
}

// FuzzRecord: a record read into buffers another page used holds what a
// fresh one does, and two pages' records are equal exactly when their
// facts spelled out are (the fast comparison misses no loss the spelled
// out one would see, and sees none it would not).
func FuzzRecord(f *testing.F) {
	m := New()
	for _, p := range factPages {
		var min bytes.Buffer
		if m.Minify("text/html", &min, strings.NewReader(p)) == nil {
			f.Add([]byte(p), min.Bytes())
		}
		f.Add([]byte(p), []byte(page))
	}
	f.Add([]byte(`<p title="a" id=x>`), []byte(`<p title=a id=x>`))
	f.Add([]byte(`<a href="x" src="y">`), []byte(`<a src="y" href="x">`))
	for _, p := range foreignPages {
		f.Add([]byte(p), []byte(p))
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		var used, fresh record
		used.scan(b, nil)
		used.scan(a, nil)
		fresh.scan(a, nil)
		if !used.equal(&fresh) || !slices.Equal(used.refs, fresh.refs) {
			t.Fatalf("a record used before reads %q otherwise", a)
		}
		assertForeignSeen(t, a)
		fresh.scan(b, nil)
		spelledA, spelledB := record{spell: true}, record{spell: true}
		spelledA.scan(a, nil)
		spelledB.scan(b, nil)
		if got, want := used.equal(&fresh), spelledA.equal(&spelledB); got != want {
			t.Fatalf("records equal: %v, spelled out: %v\n%+v\n%+v", got, want, spelledA.facts(), spelledB.facts())
		}
		if used.equal(&fresh) {
			if losses := spelledA.facts().compare("a", spelledB.facts()); len(losses) > 0 {
				t.Fatalf("equal records, but %v", losses)
			}
		}
	})
}
