package browser

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pelletier/go-toml/v2"
	"legalcenter/internal/netlify"
)

// headerRule is one [[headers]] table of netlify.toml: the headers Netlify
// adds to every response whose path matches For.
type headerRule struct {
	For    string
	Values [][2]string // name, value; in file order
	re     *regexp.Regexp
}

// readHeaderRules reads the [[headers]] of a netlify.toml. A missing file is
// an error: the tests must run under the production headers.
func readHeaderRules(name string) ([]headerRule, error) {
	b, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s does not exist: the browser tests serve the site with the production headers of netlify.toml's [[headers]] (issue #7), so they cannot run until it is written", name)
	}
	if err != nil {
		return nil, err
	}
	rules, err := parseHeaderRules(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return rules, nil
}

// parseHeaderRules parses the [[headers]] tables of netlify.toml and
// normalizes their values as Netlify does: a string is trimmed and its
// comma-separated parts are joined with ", " (so a multi-line string is one
// header line); an array of strings is joined with ", ". Line breaks left
// inside a value (a Content-Security-Policy written one directive a line)
// become single spaces.
func parseHeaderRules(b []byte) ([]headerRule, error) {
	var doc struct {
		Headers []struct {
			For    *string        `toml:"for"`
			Values map[string]any `toml:"values"`
		} `toml:"headers"`
	}
	if err := toml.Unmarshal(b, &doc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			return nil, fmt.Errorf("%d:%d: %v", line, col, err)
		}
		return nil, err
	}
	var rules []headerRule
	for i, h := range doc.Headers {
		if h.For == nil {
			return nil, fmt.Errorf("[[headers]] number %d has no \"for\" path", i+1)
		}
		r := headerRule{For: strings.TrimSpace(*h.For)}
		if !strings.HasPrefix(r.For, "/") {
			return nil, fmt.Errorf("[[headers]] number %d: for = %q is not a path starting with /", i+1, r.For)
		}
		r.re = forRegexp(r.For)
		for _, name := range sortedKeys(h.Values) {
			v, err := headerValue(h.Values[name])
			if err != nil {
				return nil, fmt.Errorf("[[headers]] for = %q: %s: %v", r.For, name, err)
			}
			if strings.TrimSpace(name) == "" {
				return nil, fmt.Errorf("[[headers]] for = %q: an empty header name", r.For)
			}
			r.Values = append(r.Values, [2]string{http.CanonicalHeaderKey(strings.TrimSpace(name)), v})
		}
		rules = append(rules, r)
	}
	return rules, nil
}

var (
	commaSpace = regexp.MustCompile(`\s*,\s*`)
	lineSpace  = regexp.MustCompile(`\s*[\r\n]+\s*`)
)

func headerValue(v any) (string, error) {
	switch v := v.(type) {
	case string:
		s := commaSpace.ReplaceAllString(strings.TrimSpace(v), ", ")
		return lineSpace.ReplaceAllString(s, " "), nil
	case []any:
		var parts []string
		for i, x := range v {
			s, ok := x.(string)
			if !ok {
				return "", fmt.Errorf("item %d is a %T, not a string", i, x)
			}
			parts = append(parts, lineSpace.ReplaceAllString(strings.TrimSpace(s), " "))
		}
		return strings.Join(parts, ", "), nil
	default:
		return "", fmt.Errorf("the value is a %T, not a string or an array of strings", v)
	}
}

// forRegexp compiles a Netlify path pattern as Netlify does: "*" standing
// alone as a path segment matches anything after the segment before it,
// including nothing ("/en/*" matches "/en", "/en/a/b", and also "/enx");
// "*" inside a segment matches anything; ":name" matches one segment.
// Matching ignores case and a trailing slash.
func forRegexp(pattern string) *regexp.Regexp {
	var parts []string
	for seg := range strings.SplitSeq(pattern, "/") {
		seg = strings.TrimRight(seg, " \t")
		switch {
		case seg == "":
			continue
		case strings.HasPrefix(seg, ":"):
			parts = append(parts, `([^/]+)`)
		case seg == "*":
			parts = append(parts, `?(.*)`)
		case strings.Contains(seg, "*"):
			q := strings.Split(seg, "*")
			for i := range q {
				q[i] = regexp.QuoteMeta(q[i])
			}
			parts = append(parts, strings.Join(q, "(.*)"))
		default:
			parts = append(parts, regexp.QuoteMeta(seg))
		}
	}
	return regexp.MustCompile(`(?is)^/` + strings.Join(parts, "/") + `/?$`)
}

// headersFor returns the headers of every rule matching the path. Netlify
// joins the values of a header that several matching rules set, in rule
// order, with ", " (netlify.toml relies on it: its Cache-Control rules never
// overlap).
func headersFor(rules []headerRule, path string) http.Header {
	h := http.Header{}
	for _, r := range rules {
		if r.re.MatchString(path) {
			for _, kv := range r.Values {
				if old := h.Get(kv[0]); old != "" {
					h.Set(kv[0], old+", "+kv[1])
				} else {
					h.Set(kv[0], kv[1])
				}
			}
		}
	}
	return h
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

const sampleNetlify = `
[build]
publish = "public"

[[redirects]]
from = "/"
to = "/en/"

[[headers]]
  for = "/*"
  [headers.values]
    X-Frame-Options = "DENY"
    Content-Security-Policy = '''
      default-src 'none';
      script-src 'self';
      style-src 'self';
      img-src 'self' data:'''
    Cache-Control = '''
      max-age=0,
      no-cache,
      must-revalidate'''

[[headers]]
  for = "/css/*"
  [headers.values]
    Cache-Control = ["public", "max-age=31536000", "immutable"]
    X-Test = "css"

[[headers]]
  for = "/:lang/privacy-policy"
  [headers.values]
    X-Test = "privacy"

[[headers]]
  for = "/*.pdf"
  [headers.values]
    X-Test = "pdf"
`

func TestParseHeaderRules(t *testing.T) {
	rules, err := parseHeaderRules([]byte(sampleNetlify))
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
			if got := headersFor(rules, tt.path).Get(tt.header); got != tt.want {
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
			if _, err := parseHeaderRules([]byte(src)); err == nil {
				t.Error("no error")
			}
		})
	}
	if _, err := readHeaderRules(t.TempDir() + "/netlify.toml"); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("a missing netlify.toml: got %v, want a clear error", err)
	}
}

func TestSiteHandler(t *testing.T) {
	rules, err := parseHeaderRules([]byte(sampleNetlify))
	if err != nil {
		t.Fatal(err)
	}
	site := fstest.MapFS{
		"en/privacy-policy/index.html": {Data: []byte("<!doctype html><title>p</title>")},
		"css/site.css":                 {Data: []byte("body{}")},
	}
	redirects, err := netlify.ParseRedirects([]byte(sampleNetlify))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(siteHandler(site, rules, redirects))
	defer srv.Close()
	for _, tt := range []struct{ path, header, want string }{
		{"/en/privacy-policy/", "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:"},
		{"/en/privacy-policy/", "Content-Type", "text/html; charset=utf-8"},
		{"/css/site.css", "X-Test", "css"},
		{"/missing/", "X-Frame-Options", "DENY"},
	} {
		resp, err := http.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get(tt.header); got != tt.want {
			t.Errorf("%s: %s = %q, want %q", tt.path, tt.header, got, tt.want)
		}
	}
}

// TestServedHeaders: the real netlify.toml is applied to the real site; its
// pages get a Content-Security-Policy.
func TestServedHeaders(t *testing.T) {
	f := servedSite(t)
	if len(f.rules) == 0 {
		t.Fatal("netlify.toml has no [[headers]]")
	}
	for _, lang := range languages {
		path := "/" + lang + "/privacy-policy/"
		resp, err := http.Get(f.url(path))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %s", path, resp.Status)
		}
		if resp.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("%s has no Content-Security-Policy: netlify.toml's [[headers]] should give every page one", path)
		}
		for k, v := range headersFor(f.rules, path) {
			if got := resp.Header.Values(k); strings.Join(got, ", ") != strings.Join(v, ", ") {
				t.Errorf("%s: %s = %q, want %q", path, k, got, v)
			}
		}
	}
}
