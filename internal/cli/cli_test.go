package cli

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		format string
		rest   []string
	}{
		{[]string{"public"}, "text", []string{"public"}},
		{[]string{"-format", "json", "public"}, "json", []string{"public"}},
		{[]string{"public", "-format", "json"}, "json", []string{"public"}},
		{[]string{"old", "-format", "markdown", "new"}, "markdown", []string{"old", "new"}},
		{[]string{"old", "--", "-new"}, "text", []string{"old", "-new"}},
		{nil, "text", nil},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		format := fs.String("format", "text", "")
		rest, err := parseFlags(fs, tc.args)
		if err != nil || *format != tc.format || !slices.Equal(rest, tc.rest) {
			t.Errorf("parseFlags(%q) = %q, format %q, %v; want %q, %q", tc.args, rest, *format, err, tc.rest, tc.format)
		}
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if _, err := parseFlags(fs, []string{"public", "-nope"}); err == nil {
		t.Error("an unknown flag after an argument was accepted")
	}
}

func TestFindSite(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"site/content/ko", "site/nested/hugo.toml", "site/nested/deeper"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "site", "hugo.toml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ dir, want string }{
		{"site", "."},
		{"site/content", ".."},
		{"site/content/ko", filepath.Join("..", "..")},
		{"site/nested/deeper", filepath.Join("..", "..")}, // a folder named hugo.toml is no site
	} {
		got, err := findSite(filepath.Join(root, tc.dir))
		if err != nil || got != tc.want {
			t.Errorf("findSite(%s) = %q, %v; want %q", tc.dir, got, err, tc.want)
		}
	}
	if _, err := findSite(root); err == nil || !strings.Contains(err.Error(), "no site configuration (hugo.toml) in "+root+" or any folder above it") {
		t.Errorf("findSite outside a site: %v", err)
	}
}
