package browser

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"legalcenter/internal/netlify"
)

func TestSiteHandler(t *testing.T) {
	rules, err := netlify.ParseHeaders(sampleNetlify(t))
	if err != nil {
		t.Fatal(err)
	}
	site := fstest.MapFS{
		"en/privacy-policy/index.html": {Data: []byte("<!doctype html><title>p</title>")},
		"css/site.css":                 {Data: []byte("body{}")},
	}
	redirects, err := netlify.ParseRedirects(sampleNetlify(t))
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
		for k, v := range netlify.HeadersFor(f.rules, path) {
			if got := resp.Header.Values(k); strings.Join(got, ", ") != strings.Join(v, ", ") {
				t.Errorf("%s: %s = %q, want %q", path, k, got, v)
			}
		}
	}
}

// sampleNetlify is internal/netlify's sample netlify.toml.
func sampleNetlify(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "internal", "netlify", "testdata", "sample.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
