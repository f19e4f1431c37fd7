package check

import (
	"path"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzResolve feeds hostile references to the resolver: whatever the input,
// an internal target is a clean path inside the site, and lookup only ever
// names files inside it.
func FuzzResolve(f *testing.F) {
	for _, s := range []struct{ dir, ref string }{
		{"ko/privacy-policy", "../cookies-policy/#%EB%8F%99%EC%9D%98"},
		{"", `..\..\windows\win.ini`},
		{"a/b", "%2e%2e/%2E%2e/%2fetc%2fpasswd"},
		{"a", "https://legal.example.com/center/../../x"},
		{"", "//legal.example.com/center/ja/#個人情報"},
		{"x", "mailto:?subject=%20"},
		{"", "javascript:alert(1)"},
		{"a", "/center/%zz"},
	} {
		f.Add(s.dir, s.ref)
	}
	res, err := newResolver("https://legal.example.com/center/")
	if err != nil {
		f.Fatal(err)
	}
	files := map[string]bool{"index.html": true, "a/index.html": true}
	f.Fuzz(func(t *testing.T, dir, ref string) {
		dir = path.Clean("/" + dir)[1:] // pages live in clean folders
		tg := res.resolve(dir, ref)
		if tg != res.resolve(dir, ref) {
			t.Fatalf("resolve(%q, %q) is not deterministic", dir, ref)
		}
		if tg.kind != kindInternal {
			if tg.path != "" {
				t.Fatalf("resolve(%q, %q): kind %d with path %q", dir, ref, tg.kind, tg.path)
			}
			return
		}
		p := tg.path
		if p != "" && (path.Clean(p) != p || strings.HasPrefix(p, "/") || p == ".." || strings.HasPrefix(p, "../")) {
			t.Fatalf("resolve(%q, %q) = path %q: not clean or not inside the site", dir, ref, p)
		}
		for _, seg := range strings.Split(p, "/") {
			if seg == ".." || seg == "." {
				t.Fatalf("resolve(%q, %q) = path %q with a dot segment", dir, ref, p)
			}
		}
		if strings.ContainsAny(p, "\x00\\") {
			t.Fatalf("resolve(%q, %q) = path %q with NUL or backslash", dir, ref, p)
		}
		name, _ := lookup(files, tg)
		if j := path.Join("/site", name); j != "/site" && !strings.HasPrefix(j, "/site/") {
			t.Fatalf("resolve(%q, %q): lookup names %q, outside the site", dir, ref, name)
		}
		if tg.hasFrag && utf8.ValidString(ref) && !utf8.ValidString(tg.rawFrag) {
			t.Fatalf("resolve(%q, %q): fragment %q lost UTF-8", dir, ref, tg.rawFrag)
		}
	})
}

func TestResolve(t *testing.T) {
	res, _ := newResolver("https://legal.example.com/")
	for _, tt := range []struct {
		dir, ref string
		kind     kind
		path     string
		frag     string
	}{
		{"ko/a", "../b/#x", kindInternal, "ko/b", "x"},
		{"ko/a", "/ko/b", kindInternal, "ko/b", ""},
		{"ko/a", "#%EB%8F%99", kindSamePage, "", "동"},
		{"ko/a", "?q=1", kindSamePage, "", ""},
		{"", "https://legal.example.com", kindInternal, "", ""},
		{"", "HTTPS://legal.example.com/ko/?x#y", kindInternal, "ko", "y"},
		{"", "https://user@legal.example.com/ko/", kindInternal, "ko", ""},
		{"a", "\t/b/\n", kindInternal, "b", ""},
		{"a", "%E2%80%AE", kindInternal, "a/\u202e", ""},
		{"", "mailto:%20", kindNoAddress, "", ""},
		{"", "vbscript:x", kindUnsafe, "", ""},
		{"", "/a/%2e%2e/%2e%2e/x", kindOutside, "", ""},
		{"", "https://legal.example.com/../x", kindOutside, "", ""},
		{"", "urn:isbn:0451450523", kindExternal, "", ""},
		{"", "1http://x", kindInternal, "1http:/x", ""},
	} {
		got := res.resolve(tt.dir, tt.ref)
		if got.kind != tt.kind || got.path != tt.path || got.frag != tt.frag {
			t.Errorf("resolve(%q, %q) = kind %d path %q frag %q; want %d %q %q", tt.dir, tt.ref, got.kind, got.path, got.frag, tt.kind, tt.path, tt.frag)
		}
	}
}
