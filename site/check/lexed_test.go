package check

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"legalcenter/site/shrink"
)

// FuzzAddLexed: a page read in the pass of the lexer that proves its
// minification (AddLexed, as the build reads pages while Hugo writes
// them) has the facts, findings and kept lines that Add's own pass reads.
func FuzzAddLexed(f *testing.F) {
	for _, tt := range scanTests {
		f.Add([]byte(tt.html))
	}
	for _, tt := range lexerTests {
		f.Add([]byte(tt.html))
	}
	for _, name := range []string{"page.html", "planted.html"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("<style>a{background:url(/x.png)}</style><p style='background:url(/y.png)'>\n<a href=\"/z/\" data-src=\"content/en/a.md:3\">z</a>"))
	f.Add([]byte("<svg><a href=\"/s/\"/></svg><style></style><STYLE>p{}</STYLE><h2>X <span id=x>x</span></h2>"))
	proof := shrink.NewPages(shrink.Options{Strip: []string{"data-src"}})
	f.Fuzz(func(t *testing.T, data []byte) {
		needles := map[string]bool{}
		quoted(data, func(b []byte) { needles[string(b)] = true })
		own, lexed := NewPages(), NewPages()
		own.needles, lexed.needles = needles, needles
		own.Add("a.html", data)
		began := false
		lexed.AddLexed("a.html", data, func(s TokenSink) {
			began = s != nil
			if err := proof.Page(io.Discard, "/a.html", data, 0o644, s); err != nil {
				t.Fatal(err)
			}
		})
		if !began {
			t.Fatal("no sink for a page")
		}
		a, b := own.byPath["a.html"], lexed.byPath["a.html"]
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%q:\nAdd:       %+v\nAddLexed:  %+v", data, a, b)
		}
		if ua, ub := own.scanners[0].urls.urls, lexed.scanners[0].urls.urls; !reflect.DeepEqual(ua, ub) {
			t.Fatalf("%q: URLs %q, AddLexed %q", data, ua, ub)
		}
	})
}
