package shrink

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

func TestStrip(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"none", `<a href="/x/">x</a>`, `<a href="/x/">x</a>`},
		{"quoted", `<a href="/x/" data-src="content/ko/a.md:3">x</a>`, `<a href="/x/">x</a>`},
		{"first and last", `<h2 data-src="a.md:1" id=x data-src='b'>X</h2>`, `<h2 id=x>X</h2>`},
		{"unquoted", "<A\n data-src=a.md:1 HREF=/x/>x</A>", "<A HREF=/x/>x</A>"},
		{"not in text, comments or scripts", `<p>data-src="x"</p><!-- <a data-src="y"> --><script>s = '<a data-src="z">'</script><a data-src="w">`,
			`<p>data-src="x"</p><!-- <a data-src="y"> --><script>s = '<a data-src="z">'</script><a>`},
		{"other attributes", `<a data-srcset="x" data-src-x="y">`, `<a data-srcset="x" data-src-x="y">`},
		{"cut off", `<a data-src="x`, ``},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(strip([]byte(tt.in), []string{"data-src"})); got != tt.want && !(tt.want == "" && got == "<a") {
				t.Errorf("strip(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestRunStrips: build-only attributes are gone from the written page,
// also when the minifier cannot make it shorter, and the proof compares
// the page as the check read it.
func TestRunStrips(t *testing.T) {
	fsys := site(t, `-- a.html --
<h2 id="x" data-src="content/en/a.md:7">X</h2><a href="#x" data-src="content/en/a.md:9">x</a>
-- b.min.html --
<a href="/a.html" data-src="content/en/b.md:1">a</a>
`)
	if _, err := Run(context.Background(), fsys, Options{Strip: []string{"data-src"}}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"/a.html", "/b.min.html"} {
		b, _ := afero.ReadFile(fsys, name)
		if strings.Contains(string(b), "data-src") || !strings.Contains(string(b), "href") {
			t.Errorf("%s = %q", name, b)
		}
	}
}

// TestStripsWhenLonger: a page the minifier makes longer is written
// stripped, every other byte as it was, though the minifier read the
// stripped page in place (its lexer writes names in lower case).
func TestStripsWhenLonger(t *testing.T) {
	const in = `<H2 ID="x" data-src="content/en/a.md:7">X</H2><A HREF="#x" data-src="content/en/a.md:9">x</A>`
	const want = `<H2 ID="x">X</H2><A HREF="#x">x</A>`
	longer := MinifierFunc(func(media string, w io.Writer, r io.Reader) error {
		if err := New().Minify(media, w, r); err != nil {
			return err
		}
		_, err := io.WriteString(w, "<!-- longer than the page as it was -->")
		return err
	})
	opt := Options{Minifier: longer, Strip: []string{"data-src"}}
	fsys := site(t, "-- a.html --\n"+in)
	if _, err := Run(context.Background(), fsys, opt); err != nil {
		t.Fatal(err)
	}
	if got := read(t, fsys, "a.html"); got != want+"\n" {
		t.Errorf("Run wrote %q, want %q", got, want+"\n")
	}
	var out bytes.Buffer
	if err := NewPages(opt).Page(&out, "/a.html", []byte(in), 0o644, nil); err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Errorf("Page wrote %q, want %q", out.String(), want)
	}
}
