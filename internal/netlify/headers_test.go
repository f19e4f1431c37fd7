package netlify

import (
	"os"
	"strings"
	"testing"
)

// sampleNetlify is a netlify.toml with the header forms Netlify accepts:
// multi-line strings, arrays, path patterns with * and :name.
func sampleNetlify(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/sample.toml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseHeaderRules(t *testing.T) {
	rules, err := ParseHeaders(sampleNetlify(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 4 {
		t.Fatalf("got %d rules, want 4", len(rules))
	}
	tests := []struct {
		path, header, want string
	}{
		{"/en/privacy-policy/", "X-Frame-Options", "DENY"},
		{"/en/privacy-policy/", "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:"},
		{"/en/privacy-policy/", "Cache-Control", "max-age=0, no-cache, must-revalidate"},
		{"/", "X-Frame-Options", "DENY"},
		{"/css/site.min.css", "X-Frame-Options", "DENY"},
		{"/css/site.min.css", "Cache-Control", "max-age=0, no-cache, must-revalidate, public, max-age=31536000, immutable"},
		{"/css", "X-Test", "css"},
		{"/CSS/a/b.css", "X-Test", "css"},
		{"/cssx", "X-Test", "css"}, // as on Netlify: "/css/*" is "/css" then anything
		{"/js/site.js", "Cache-Control", "max-age=0, no-cache, must-revalidate"},
		{"/ko/privacy-policy/", "X-Test", "privacy"},
		{"/ko/privacy-policy", "X-Test", "privacy"},
		{"/ko/x/privacy-policy/", "X-Test", ""},
		{"/docs/terms.pdf", "X-Test", "pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.path+" "+tt.header, func(t *testing.T) {
			if got := HeadersFor(rules, tt.path).Get(tt.header); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseHeaderRulesErrors(t *testing.T) {
	for name, src := range map[string]string{
		"no for":     "[[headers]]\n[headers.values]\nX-A = \"b\"\n",
		"not a path": "[[headers]]\nfor = \"*.css\"\n[headers.values]\nX-A = \"b\"\n",
		"number":     "[[headers]]\nfor = \"/*\"\n[headers.values]\nX-A = 1\n",
		"bad toml":   "[[headers]\nfor = \"/*\"\n",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseHeaders([]byte(src)); err == nil {
				t.Error("no error")
			}
		})
	}
	if _, err := ReadHeaders(t.TempDir() + "/netlify.toml"); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("a missing netlify.toml: got %v, want a clear error", err)
	}
}
