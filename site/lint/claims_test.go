package lint

import (
	"path"
	"strings"
	"testing"
	"unicode"
)

// FuzzClaimPath: whatever a writer puts in url, slug or aliases, the
// address compared is one clean absolute path that never climbs above the
// site root and never ends in /index.html, so that two spellings of one
// address ("/a", "/a/", "/a/index.html", "/x/../a") meet.
func FuzzClaimPath(f *testing.F) {
	for _, seed := range []struct {
		lang, key, field, value string
	}{
		{"en", "a.md", "url", "/robots.txt"},
		{"ko", "info/b.md", "slug", "../../etc"},
		{"en", "_index.md", "aliases", "/404.html"},
		{"en", "a.md", "url", "sitemap.xml"},
		{"zh-cn", "x/y/index.md", "aliases", "..\\..\\..\\_headers"},
		{"", "a.md", "url", "//evil.example.com/"},
	} {
		f.Add(seed.lang, seed.key, seed.field, seed.value)
	}
	f.Fuzz(func(t *testing.T, lang, key, field, value string) {
		prefix := ""
		if lang != "" {
			prefix = "/" + lang
		}
		p, ok := claimPath(prefix, key, claim{Field: field, Value: value})
		if !ok {
			return
		}
		if !strings.HasPrefix(p, "/") || path.Clean(p) != p || strings.HasSuffix(p, "/index.html") || strings.Contains(p, "/../") {
			t.Fatalf("claimPath(%q, %q, %s = %q) = %q: not a clean address", prefix, key, field, value, p)
		}
		if address(p) != p {
			t.Fatalf("address(%q) = %q: not stable", p, address(p))
		}
		if field == "url" && strings.HasPrefix(value, "/") {
			for _, spelling := range []string{value + "/", value + "/index.html", "/x/.." + value} {
				if q, _ := claimPath(prefix, key, claim{Field: field, Value: spelling}); q != p && !strings.ContainsFunc(value, func(r rune) bool { return unicode.IsSpace(r) || r == '\\' }) && !strings.HasPrefix(spelling, "//") && !strings.Contains(spelling, "://") {
					t.Fatalf("url %q is %q, but %q is %q", value, p, spelling, q)
				}
			}
		}
	})
}
