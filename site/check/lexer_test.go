package check

import (
	"bytes"
	"testing"

	tdhtml "github.com/tdewolff/parse/v2/html"

	"github.com/tdewolff/parse/v2"
	"golang.org/x/net/html"
)

// The two kept HTML lexers the scan could stream a page through, each
// reading what the checker reads (start tags and the values of their
// attributes) from a realistic page; BenchmarkScan is the scan itself.

func BenchmarkLexNetHTML(b *testing.B) {
	page := benchPage()
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		z := html.NewTokenizer(bytes.NewReader(page))
		n := 0
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			_, more := z.TagName()
			for more {
				_, _, more = z.TagAttr()
				n++
			}
		}
		if n == 0 {
			b.Fatal("no attributes")
		}
	}
}

func BenchmarkLexTdewolff(b *testing.B) {
	page := benchPage()
	buf := make([]byte, len(page), len(page)+1) // room for the NUL the lexer appends
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		copy(buf, page) // it lowers names in place
		l := tdhtml.NewLexer(parse.NewInputBytes(buf))
		n := 0
		for {
			tt, _ := l.Next()
			if tt == tdhtml.ErrorToken {
				break
			}
			if tt == tdhtml.AttributeToken {
				_ = l.AttrVal()
				n++
			}
		}
		if n == 0 {
			b.Fatal("no attributes")
		}
	}
}

func BenchmarkLexTdewolffSkip(b *testing.B) {
	page := benchPage()
	buf := make([]byte, len(page), len(page)+1) // room for the NUL the lexer appends
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		copy(buf, page) // it lowers names in place
		in := parse.NewInputBytes(buf)
		l := tdhtml.NewLexer(in)
		n := 0
		for {
			if i := bytes.IndexByte(buf[in.Offset():], '<'); i < 0 {
				break
			} else {
				in.Move(i)
				in.Skip()
			}
			for {
				tt, _ := l.Next()
				if tt == tdhtml.ErrorToken {
					break
				}
				if tt == tdhtml.AttributeToken {
					_ = l.AttrVal()
					n++
					continue
				}
				if tt != tdhtml.StartTagToken {
					break
				}
			}
		}
		if n == 0 {
			b.Fatal("no attributes")
		}
	}
}
