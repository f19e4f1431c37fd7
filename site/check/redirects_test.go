package check

import (
	"strings"
	"testing"
)

// TestRedirectRules: how a _redirects rule matches a path, and the lines
// it cannot read.
func TestRedirectRules(t *testing.T) {
	rules, err := parseRedirects("_redirects", []byte("# c\n/a/*  /b/:splat  200!\n/n/:y/:s /m/:s/ 302 Country=kr\n/x /y\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rule    int
		path    string
		to      string
		matches bool
	}{
		{0, "/a/one/two/", "/b/one/two", true},
		{0, "/a/", "/b/", true},
		{0, "/b/one/", "", false},
		{1, "/n/2024/post/", "/m/post/", true},
		{1, "/n/2024/", "", false},
		{2, "/x/", "/y", true},
		{2, "/x/z", "", false},
	} {
		to, ok := rules[tc.rule].match(tc.path)
		if ok != tc.matches || to != tc.to {
			t.Errorf("rule %d on %s: %q, %v; want %q, %v", tc.rule, tc.path, to, ok, tc.to, tc.matches)
		}
	}
	if rules[0].status != 200 || rules[1].status != 302 || rules[2].status != 301 {
		t.Errorf("statuses %d %d %d, want 200 302 301", rules[0].status, rules[1].status, rules[2].status)
	}
	for _, bad := range []struct{ in, err string }{
		{"/only\n", "_redirects:1: a redirect needs a path and a target"},
		{"\nrelative /x\n", `_redirects:2: "relative" is not a path from the site root`},
	} {
		if _, err := parseRedirects("_redirects", []byte(bad.in)); err == nil || !strings.Contains(err.Error(), bad.err) {
			t.Errorf("%q: error %v, want %q", bad.in, err, bad.err)
		}
	}
}
