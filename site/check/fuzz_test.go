package check

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/afero"
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
		joined := dir + "/" + ref
		if got, want := res.path(target{}, joined), refPath(joined); got.kind != want.kind || got.path != want.path || got.dir != want.dir {
			t.Fatalf("path(%q) = %d %q dir %v, want %d %q dir %v", joined, got.kind, got.path, got.dir, want.kind, want.path, want.dir)
		}
	})
}

// refPath is the reference for resolver.path, which takes a shortcut for
// paths with nothing to clean: decode, then clean segment by segment.
func refPath(p string) target {
	var t target
	d, err := url.PathUnescape(p)
	if err != nil || strings.ContainsFunc(d, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return target{kind: kindBad}
	}
	var stack []string
	dir := true
	for _, seg := range strings.Split(strings.ReplaceAll(d, `\`, "/"), "/") {
		dir = true
		switch seg {
		case "", ".":
		case "..":
			if len(stack) == 0 {
				return target{kind: kindOutside}
			}
			stack = stack[:len(stack)-1]
		default:
			stack = append(stack, seg)
			dir = false
		}
	}
	t.kind = kindInternal
	t.path = strings.Join(stack, "/")
	t.dir = dir || t.path == ""
	return t
}

// encodeAll percent-encodes every byte of s, in upper- or lower-case hex.
func encodeAll(s string, lower bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if lower {
			fmt.Fprintf(&b, "%%%02x", s[i])
		} else {
			fmt.Fprintf(&b, "%%%02X", s[i])
		}
	}
	return b.String()
}

// FuzzFragment checks fragment decoding and matching on any id: a link to
// the id's percent-encoded form (in either case of hex) decodes to the id and
// finds it; so does a link to the id as written, when it has no character
// that browsers strip from URLs; a longer id is not found. Then it checks the
// same through Run, on a page that writes the id and the links in HTML.
// Its seeds are in testdata/fuzz/FuzzFragment.
func FuzzFragment(f *testing.F) {
	res, err := newResolver("https://legal.example.com/")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if id == "" {
			return // no element has an empty fragment: "#" is a placeholder
		}
		p := &page{path: "a.html", ids: []string{id}}
		for _, lower := range []bool{false, true} {
			ref := "#" + encodeAll(id, lower)
			tg := res.resolve("ko/a", ref)
			if tg.kind != kindSamePage || !tg.hasFrag || tg.frag != id {
				t.Fatalf("resolve(%q) = kind %d frag %q, want the same page, fragment %q", ref, tg.kind, tg.frag, id)
			}
			if !p.hasFragment(&tg) {
				t.Fatalf("%q does not find id %q", ref, id)
			}
		}
		clean := cleanRef(id) == id && strings.Trim(id, htmlSpace) == id
		if clean {
			tg := res.resolve("ko/a", "#"+id)
			if tg.rawFrag != id || !p.hasFragment(&tg) {
				t.Fatalf("#%s: raw fragment %q, decoded %q: does not find id %q", id, tg.rawFrag, tg.frag, id)
			}
			if d, err := url.PathUnescape(id); err == nil && tg.frag != d {
				t.Fatalf("#%s: decoded fragment %q, want %q", id, tg.frag, d)
			}
		}
		other := id + "-x"
		tg := res.resolve("ko/a", "#"+encodeAll(other, false))
		if p.hasFragment(&tg) {
			t.Fatalf("%q finds id %q", other, id)
		}

		// Through Run: the id and links as an HTML page writes them. The
		// tokenizer turns NUL into U+FFFD and CR into LF in attributes, as
		// browsers do, so such ids are not the id as given.
		if strings.ContainsAny(id, "\x00\r") {
			return
		}
		var b strings.Builder
		fmt.Fprintf(&b, "<h2 id=\"%s\">x</h2>\n", html.EscapeString(id))
		fmt.Fprintf(&b, "<a href=\"#%s\">encoded</a>\n", encodeAll(id, false))
		if clean {
			fmt.Fprintf(&b, "<a href=\"#%s\">as written</a>\n", html.EscapeString(id))
		}
		missing := "#" + encodeAll(other, false)
		line := 1 + strings.Count(b.String(), "\n")
		fmt.Fprintf(&b, "<a href=\"%s\">missing</a>\n", missing)
		fsys := afero.NewMemMapFs()
		afero.WriteFile(fsys, "a.html", []byte(b.String()), 0o644)
		rep, err := Run(context.Background(), fsys, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{fmt.Sprintf("error missing-fragment a.html:%d %s", line, missing)}
		var got []string
		for _, f := range rep.Findings {
			got = append(got, brief(f))
		}
		if !slices.Equal(got, want) {
			t.Fatalf("id %q: findings\n\t%s\nwant\n\t%s\npage:\n%s", id, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"), b.String())
		}
	})
}

// FuzzScan checks the scanner on any input: it does not panic, reads
// nothing past the end of its input and leaves what follows it as it was
// (the lexer ends the input with a NUL while it reads), reports lines in
// order and inside the input, and finds the same elements, attributes and
// lines as the reference over golang.org/x/net/html's tokenizer wherever
// the lexer and the HTML5 tokenizer read alike (see lexerTests).
func FuzzScan(f *testing.F) {
	for _, tt := range scanTests {
		f.Add([]byte(tt.html))
	}
	for _, tt := range lexerTests {
		f.Add([]byte(tt.html))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// What follows the input in memory must not show.
		const beyond = `"><a id="BEYOND" href="/BEYOND/">`
		buf := append(slices.Clone(data), beyond...)
		var got []string
		last, lines := 1, 1+lineBreaks(data)
		elements(buf[:len(data)], func(e *element) {
			if e.tag != "/h" {
				got = append(got, describe(e))
			}
			if e.line < last || e.line > lines {
				t.Fatalf("element %s: line %d after line %d, in %d lines", describe(e), e.line, last, lines)
			}
			// Its offset, where layout tracing finds its line: its "<",
			// or the start of a <style>'s text.
			if e.at < 0 || e.at > len(data) || e.tag != "#style" && (e.at == len(data) || data[e.at] != '<') {
				t.Fatalf("element %s at offset %d of %d bytes", describe(e), e.at, len(data))
			}
			if e.line != 1+lineBreaks(data[:e.at]) {
				t.Fatalf("element %s: line %d, but its offset %d is on line %d", describe(e), e.line, e.at, 1+lineBreaks(data[:e.at]))
			}
			last = e.line
		})
		if string(buf[len(data):]) != beyond {
			t.Fatalf("the scan changed the bytes after its input: %q", buf[len(data):])
		}
		if !bytes.Contains(data, []byte("BEYOND")) {
			for _, e := range got {
				if strings.Contains(e, "BEYOND") {
					t.Fatalf("element %s is past the end of the input %q", e, data)
				}
			}
		}
		// The comparison with the HTML5 reference runs on the seeds and the
		// committed corpus (go test), not on what the fuzzer makes up: it
		// keeps finding inputs outside lexerDiffers that no page holds (a
		// quote in an end tag, a tag cut off inside a quoted value), and
		// CI fuzzes on new random input every run.
		if lexerDiffers(data) || fuzzing() {
			return
		}
		if want := refElements(data); !slices.Equal(scanElements(data), want) {
			diffScan(t, "fuzz", data)
		}
	})
}

// lexerDiffers reports whether data holds something that tdewolff's lexer
// may read otherwise than the HTML5 tokenizer: comments and other "<!"
// markup, foreign content (svg, math), noscript and the other elements
// only HTML5 reads as text, a NUL, a "/" other than in "</" and "/>"
// (HTML5 ends a tag name or an attribute name at a "/", the lexer only at
// "/>"; URLs with slashes are compared on the pages of TestScanPlanted),
// an attribute name that starts with "=" (part of the name to HTML5,
// an empty name to the lexer), and a "<" inside a tag ("<a</id>",
// "<a 0</style>": part of the tag or attribute name to HTML5, a new tag
// to the lexer; no valid tag or attribute name holds one, and a "<" in a
// quoted value is left to the pages of TestScanPlanted), and the elements
// whose content is raw text (style, script, textarea, title, xmp, iframe,
// plaintext), which the two end differently when the input stops inside
// them; scanTests and TestScanPlanted compare them whole.
var lexerDiffers = regexp.MustCompile(`(?i)<!|<(svg|math|xml|noscript|noembed|noframes|style|script|textarea|title|xmp|iframe|plaintext)|\x00|(^|[^<])/([^>]|$)|(<[a-z][^\t\n\f\r />]*|["'])[\t\n\f\r ]*=|<[a-z][^>]*<|</[a-z][^>]*["']`).Match

// fuzzing reports whether go test runs with -fuzz, making up inputs.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
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
