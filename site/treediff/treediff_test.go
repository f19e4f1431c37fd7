package treediff

import (
	"bytes"
	"flag"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// trees splits a txtar archive into its old/ and new/ sites.
func trees(t testing.TB, a string, mk func() afero.Fs) (old, new afero.Fs) {
	t.Helper()
	old, new = mk(), mk()
	for _, f := range txtar.Parse([]byte(a)).Files {
		top, name, _ := strings.Cut(f.Name, "/")
		dst := map[string]afero.Fs{"old": old, "new": new}[top]
		if dst == nil {
			t.Fatalf("%s: not under old/ or new/", f.Name)
		}
		if err := dst.MkdirAll(path.Dir("/"+name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := afero.WriteFile(dst, "/"+name, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return old, new
}

func mem() afero.Fs { return afero.NewMemMapFs() }

// pg is a page of the layout: head with an asset, navigation, main, footer.
func pg(css, nav, title, main string) string {
	return `<!doctype html><html lang=en><head><title>` + title + `</title>` +
		`<link rel=stylesheet href=/css/site.min.` + css + `.css integrity="sha384-` + css[:8] + `&#43;/x=">` +
		`</head><body><nav>` + nav + `</nav><main id=main><h1>` + title + `</h1>` + main + `</main><footer>©</footer></body></html>` + "\n"
}

const (
	hashA = "0123456789abcdef0123456789abcdef"
	hashB = "fedcba9876543210fedcba9876543210"
)

// site is a pull request that edits the English privacy policy (renaming a
// section's id, dropping an <a name>), adds a
// Korean cookies policy, removes a page, adds a document to the Korean
// navigation and changes the stylesheet.
var site = strings.Join([]string{
	"-- old/en/privacy-policy/index.html --", pg(hashA, "Privacy", "Privacy Policy", `<h2 id="data-retention">Retention</h2><p>We keep it.</p><a name="old-note"></a><h2 id="rights">Rights</h2>`),
	"-- new/en/privacy-policy/index.html --", pg(hashB, "Privacy", "Privacy Policy", `<h2 id="retention">Retention</h2><p>We keep it for ten days.</p><p id="rights">Rights moved.</p>`),
	"-- old/en/terms/index.html --", pg(hashA, "Privacy", "Terms", "<p>Terms.</p>"),
	"-- new/en/terms/index.html --", pg(hashB, "Privacy", "Terms", "<p>Terms.</p>"),
	"-- old/en/404.html --", pg(hashA, "Privacy", "Not found", "<p>Gone.</p>"),
	"-- new/en/404.html --", pg(hashB, "Privacy", "Not found", "<p>Gone.</p>"),
	"-- old/ko/privacy-policy/index.html --", pg(hashA, "개인정보", "개인정보 처리방침", "<p>보관합니다.</p>"),
	"-- new/ko/privacy-policy/index.html --", pg(hashB, "개인정보 쿠키", "개인정보 처리방침", "<p>보관합니다.</p>"),
	"-- new/ko/cookies-policy/index.html --", pg(hashB, "개인정보 쿠키", "쿠키 정책", "<p>쿠키.</p>"),
	"-- old/ko/old-page/index.html --", pg(hashA, "개인정보", "옛 페이지", "<p>x</p>"),
	"-- old/ko/same/index.html --", pg(hashA, "개인정보", "같은", "<p>x</p>"),
	"-- new/ko/same/index.html --", pg(hashA, "개인정보", "같은", "<p>x</p>"), // the same bytes: unchanged
	"-- old/index.html --", `<meta http-equiv=refresh content="0; url=/en/">` + "\n",
	"-- new/index.html --", `<meta http-equiv=refresh content="0; url=/en/">` + "\n",
	"-- old/css/site.min." + hashA + ".css --", "a{}\n",
	"-- new/css/site.min." + hashB + ".css --", "b{}\n",
	"-- old/robots.txt --", "User-agent: *\n",
	"-- new/robots.txt --", "User-agent: *\n",
	"-- old/en/sitemap.xml --", "<urlset/>\n",
	"-- new/en/sitemap.xml --", "<urlset><url/></urlset>\n",
	"-- new/ko/sitemap.xml --", "<urlset/>\n",
	"-- old/js/old.js --", "x\n",
}, "\n")

func TestCompare(t *testing.T) {
	for name, mk := range map[string]func() afero.Fs{
		"mem": mem,
		// Once on the real disk, where path bugs show.
		"os": func() afero.Fs { return afero.NewBasePathFs(afero.NewOsFs(), t.TempDir()) },
	} {
		t.Run(name, func(t *testing.T) {
			old, new := trees(t, site, mk)
			r, err := Compare(old, new, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range r.Pages {
				got = append(got, strings.TrimSpace(string(p.Kind)+" "+p.Lang+" "+p.Path+" "+p.URL+" "+strings.Join(p.Lost, " ")))
			}
			for _, f := range r.Files {
				got = append(got, "file "+string(f.Kind)+" "+f.Path)
			}
			want := []string{
				"restyled en en/404.html /en/404.html",
				"changed en en/privacy-policy/index.html /en/privacy-policy/ data-retention old-note",
				"restyled en en/terms/index.html /en/terms/",
				"added ko ko/cookies-policy/index.html /ko/cookies-policy/",
				"removed ko ko/old-page/index.html /ko/old-page/",
				"layout ko ko/privacy-policy/index.html /ko/privacy-policy/",
				"file changed css/site.min.*.css",
				"file changed en/sitemap.xml",
				"file removed js/old.js",
				"file added ko/sitemap.xml",
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if r.Unchanged != 2 {
				t.Errorf("unchanged = %d, want 2 (/ and ko/same/)", r.Unchanged)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		want           Kind
	}{
		{"same", pg(hashA, "n", "T", "m"), pg(hashA, "n", "T", "m"), ""},
		{"new asset hash", pg(hashA, "n", "T", "m"), pg(hashB, "n", "T", "m"), Restyled},
		{"escaped integrity", `<link integrity="sha384-ab&#43;c=">`, `<link integrity="sha384-zz+y">`, Restyled},
		{"title", pg(hashA, "n", "T", "m"), pg(hashA, "n", "U", "m"), Changed},
		{"main", pg(hashA, "n", "T", "m"), pg(hashB, "n", "T", "M"), Changed},
		{"navigation", pg(hashA, "n", "T", "m"), pg(hashB, "N", "T", "m"), Layout},
		{"no main element", "<p>a</p>", "<p>b</p>", Changed},
		{"main in a comment", pg(hashA, "<!-- <main> -->", "T", "m"), pg(hashA, "<!-- <main>x</main> -->", "T", "m"), Layout},
		{"main in a script", pg(hashA, "<script>a='<main>'</script>", "T", "m"), pg(hashA, "<script>a='<main>x</main>'</script>", "T", "m"), Layout},
		{"svg title", pg(hashA, "<svg><title>a</title></svg>", "T", "m"), pg(hashA, "<svg><title>b</title></svg>", "T", "m"), Layout},
		{"same text, other escaping", pg(hashA, "n", "A&amp;B", "m"), pg(hashA, "N", "A&#38;B", "m"), Layout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old, new := trees(t, "-- old/p.html --\n"+tc.old+"\n-- new/p.html --\n"+tc.new+"\n", mem)
			got, _, err := comparePage(old, new, "p.html", DefaultMaxPageSize)
			if err != nil || got != tc.want {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// TestReport: the three formats, against golden files (go test -update
// rewrites them; review their diff).
func TestReport(t *testing.T) {
	old, new := trees(t, site, mem)
	for _, tc := range []struct{ format, base string }{
		{"text", ""},
		{"json", "https://deploy-preview-42--legal.netlify.app"},
		{"markdown", "https://deploy-preview-42--legal.netlify.app/"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			r, err := Compare(old, new, Options{BaseURL: tc.base})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := r.Write(&b, tc.format); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "report."+tc.format+".golden"), b.String())
		})
	}
	var b bytes.Buffer
	r, _ := Compare(old, old, Options{})
	if err := r.Write(&b, "markdown"); err != nil || !strings.Contains(b.String(), "No page's text changed.") {
		t.Errorf("identical sites: %v\n%s", err, b.String())
	}
	if err := r.Write(&b, "yaml"); err == nil {
		t.Error("unknown format accepted")
	}
}

func golden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", file, got, want)
	}
}

// TestLostAnchors: the ids a page loses, from the parsed tree.
func TestLostAnchors(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		want           string
	}{
		{"renamed", `<h2 id="a">A</h2>`, `<h2 id="b">A</h2>`, "a"},
		{"moved to another element", `<h2 id="a">A</h2>`, `<p>x</p><section id="a"></section>`, ""},
		{"kept by an alias", `<h2 id="a">A</h2>`, `<span id="a"></span><h2 id="b">A</h2>`, ""},
		{"a name dropped", `<a name="n"></a><p>x</p>`, `<p>y</p>`, "n"},
		{"a name becomes an id", `<a name="n"></a>`, `<p id="n">`, ""},
		{"only in a comment now", `<h2 id="a">A</h2>`, `<!-- <h2 id="a"> --><h2 id="b">A</h2>`, "a"},
		{"several, sorted", `<h2 id="z"></h2><h2 id="m"></h2><h2 id="k"></h2>`, `<h2 id="k"></h2>`, "m z"},
		{"layout only", pg(hashA, `<a id="menu">m</a>`, "T", "m"), pg(hashA, "n", "T", "m"), "menu"},
		// The HTML parser refuses more than 512 open elements; the page is
		// compared all the same.
		{"nested deeper than 512", `<h2 id="a">A</h2>` + strings.Repeat("<div>", 600) + `<p id="deep">x</p>`, `<h2 id="b">A</h2>` + strings.Repeat("<div>", 600), "a deep"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old, new := trees(t, "-- old/p.html --\n"+tc.old+"\n-- new/p.html --\n"+tc.new+"\n", mem)
			_, lost, err := comparePage(old, new, "p.html", DefaultMaxPageSize)
			if got := strings.Join(lost, " "); err != nil || got != tc.want {
				t.Errorf("lost %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// TestMaxPageSize: a page larger than the cap in either site is reported
// too-large, not read nor compared; one at the cap is compared.
func TestMaxPageSize(t *testing.T) {
	small, big := "<p id=a>x</p>", "<p id=b>"+strings.Repeat("y", 100)+"</p>"
	for _, tc := range []struct {
		name, old, new string
		max            int64
		want           string
	}{
		{"both under", small, small + "z", 64, "changed"},
		{"new too large", small, big, 64, "too-large"},
		{"old too large", big, small, 64, "too-large"},
		{"same bytes, too large", big, big, 64, "too-large"},
		{"at the cap", big, big + "\n", int64(len(big) + 2), "changed"},
		{"default cap", big, small, 0, "changed b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old, new := mem(), mem()
			for fsys, src := range map[afero.Fs]string{old: tc.old, new: tc.new} {
				if err := afero.WriteFile(fsys, "/en/p/index.html", []byte(src+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r, err := Compare(old, new, Options{MaxPageSize: tc.max})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range r.Pages {
				got = append(got, strings.TrimSpace(string(p.Kind)+" "+strings.Join(p.Lost, " ")))
			}
			if strings.Join(got, "; ") != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			var b bytes.Buffer
			if err := r.Write(&b, "text"); err != nil {
				t.Fatal(err)
			}
			if large := tc.want == "too-large"; strings.Contains(b.String(), "too-large /en/p/") != large || large && !r.Breaks() {
				t.Errorf("text report (breaks %v):\n%s", r.Breaks(), b.String())
			}
		})
	}
}

// TestCompareFile: files compared block by block, none read past the cap.
func TestCompareFile(t *testing.T) {
	block := strings.Repeat("x", 64<<10)
	for _, tc := range []struct {
		name, a, b string
		max        int64
		want       Kind
	}{
		{"empty", "", "", 10, ""},
		{"equal", "abc", "abc", 10, ""},
		{"differ", "abc", "abd", 10, Changed},
		{"prefix", "abc", "ab", 10, Changed},
		{"one block", block, block, DefaultMaxPageSize, ""},
		{"two blocks, second differs", block + "a", block + "b", DefaultMaxPageSize, Changed},
		{"block and more", block, block + "a", DefaultMaxPageSize, Changed},
		{"at the cap", "abc", "abc", 3, ""},
		{"old over the cap", "abcd", "abc", 3, TooLarge},
		{"new over the cap", "abc", "abcd", 3, TooLarge},
		{"both over the cap, equal", block, block, 100, TooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := mem(), mem()
			if err := afero.WriteFile(a, "/f", []byte(tc.a), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := afero.WriteFile(b, "/f", []byte(tc.b), 0o644); err != nil {
				t.Fatal(err)
			}
			if got, err := compareFile(a, b, "f", "f", tc.max); err != nil || got != tc.want {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// TestMaxFileSize: -max-page-size applies to every file, not only pages:
// an asset over the cap is listed as too-large in every format.
func TestMaxFileSize(t *testing.T) {
	old, new := mem(), mem()
	for fsys, css := range map[afero.Fs]string{old: "body{}", new: "body{}" + strings.Repeat(" ", 100)} {
		afero.WriteFile(fsys, "/en/p/index.html", []byte("<p id=a>x</p>\n"), 0o644)
		afero.WriteFile(fsys, "/css/site.css", []byte(css), 0o644)
		afero.WriteFile(fsys, "/robots.txt", []byte("User-agent: *\n"), 0o644)
	}
	r, err := Compare(old, new, Options{MaxPageSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	if want := []File{{TooLarge, "css/site.css"}}; !slices.Equal(r.Files, want) {
		t.Errorf("files %v, want %v", r.Files, want)
	}
	for format, want := range map[string]string{"text": "too-large css/site.css", "markdown": "- too-large `css/site.css`", "json": `"kind": "too-large",`} {
		var b bytes.Buffer
		if err := r.Write(&b, format); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), want) {
			t.Errorf("%s report lacks %q:\n%s", format, want, &b)
		}
	}
}

// TestPageURL: a page's URL is a URL (a Markdown link breaks on a space or a
// parenthesis); reports show the path as the reader knows it.
func TestPageURL(t *testing.T) {
	for _, tc := range []struct{ base, path, want string }{
		{"", "ko/privacy-policy/index.html", "/ko/privacy-policy/"},
		{"https://p.example/", "en/404.html", "https://p.example/en/404.html"},
		{"https://p.example", "en/a b (old)/index.html", "https://p.example/en/a%20b%20%28old%29/"},
		{"", "ko/개인정보/index.html", "/ko/%EA%B0%9C%EC%9D%B8%EC%A0%95%EB%B3%B4/"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			if got := pageURL(tc.base, tc.path); got != tc.want {
				t.Errorf("pageURL(%q, %q) = %q, want %q", tc.base, tc.path, got, tc.want)
			}
		})
	}
}
