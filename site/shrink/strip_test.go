package shrink

import (
	"context"
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
