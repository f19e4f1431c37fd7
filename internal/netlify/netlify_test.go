package netlify

import (
	"testing"
	"testing/fstest"
)

const sample = `
[build]
publish = "public"

[[redirects]]
from = "/"
to = "/ko/"
status = 302
force = true
conditions = {Language = ["ko"]}

[[redirects]]
from = "/"
to = "/en/"
status = 302
force = true

[[redirects]]
from = "/old"
to = "/en/"

[[redirects]]
from = "/app/*"
to = "/app/"
status = 200

[[redirects]]
from = "/ko/*"
to = "/ko/404.html"
status = 404

[[redirects]]
from = "/*"
to = "/ko/:splat"
status = 302
conditions = {Language = ["ko"]}

[[redirects]]
from = "/*"
to = "/en/404.html"
status = 404
`

func TestServe(t *testing.T) {
	rules, err := ParseRedirects([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	site := fstest.MapFS{
		"index.html":     {Data: []byte("fallback")},
		"en/index.html":  {},
		"en/404.html":    {},
		"ko/index.html":  {},
		"ko/404.html":    {},
		"app/index.html": {},
		"robots.txt":     {},
	}
	for _, tt := range []struct {
		path, accept string
		status       int
		want         string
	}{
		{"/", "ko-KR,en;q=0.5", 302, "/ko/"},
		{"/", "KO", 302, "/ko/"},
		{"/", "en-US,ko;q=0.9", 302, "/en/"}, // the first choice decides
		{"/", "", 302, "/en/"},
		{"/index.html", "ko", 200, "index.html"}, // a file, and no forced rule
		{"/ko/", "", 200, "ko/index.html"},
		{"/old", "", 301, "/en/"}, // no status: 301
		{"/app/a/b", "", 200, "app/index.html"},
		{"/ko/missing/", "", 404, "ko/404.html"},
		{"/missing", "ko", 302, "/ko/missing"},
		{"/a/b/", "ko-KR", 302, "/ko/a/b/"},
		{"/missing", "en", 404, "en/404.html"},
		{"/index.html", "ko", 200, "index.html"}, // a file: not redirected
		{"/robots.txt", "", 200, "robots.txt"},
	} {
		t.Run(tt.path+" "+tt.accept, func(t *testing.T) {
			status, got := Serve(rules, site, tt.path, tt.accept)
			if status != tt.status || got != tt.want {
				t.Errorf("got %d %s, want %d %s", status, got, tt.status, tt.want)
			}
		})
	}
	if status, got := Serve(nil, site, "/missing", ""); status != 404 || got != "" {
		t.Errorf("no rules, no file: got %d %q", status, got)
	}
}

func TestParseRedirectsErrors(t *testing.T) {
	for name, src := range map[string]string{
		"no from":  "[[redirects]]\nto = \"/en/\"\n",
		"relative": "[[redirects]]\nfrom = \"en\"\nto = \"/en/\"\n",
		"no to":    "[[redirects]]\nfrom = \"/\"\n",
		"bad toml": "[[redirects]\nfrom = \"/\"\n",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseRedirects([]byte(src)); err == nil {
				t.Error("no error")
			}
		})
	}
}
