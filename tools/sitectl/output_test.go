package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"legalcenter/internal/sitetest"
)

// TestBuildOutput: "build -o" replaces only a folder that a build published
// (the lock file beside it says so) or an empty one. Anything else is
// refused before the build with exit 2, saying why, and stays as it was: a
// project that happens to hold an index.html, a symbolic link (named with
// its target), a mount point.
func TestBuildOutput(t *testing.T) {
	good := miniSite(t, nil)
	project := map[string]string{"index.html": "mine", ".git/HEAD": "ref: refs/heads/main", "src/app.js": "x", "notes.txt": "x"}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string) (out, tree string) // tree: the folder that must not change
		code  int
		err   string
	}{
		{"a project with an index.html", func(t *testing.T, dir string) (string, string) {
			out := filepath.Join(dir, "site")
			writeTree(t, out, project)
			return out, out
		}, exitUsage, "site is not empty and was never published to (no .site.lock beside it): publishing would delete what it holds"},
		{"a symbolic link", func(t *testing.T, dir string) (string, string) {
			target := filepath.Join(dir, "real")
			writeTree(t, target, map[string]string{"index.html": "old"})
			out := filepath.Join(dir, "public")
			if err := os.Symlink(target, out); err != nil {
				t.Skip(err)
			}
			os.WriteFile(filepath.Join(dir, ".public.lock"), nil, 0o644)
			return out, target
		}, exitUsage, "public is a symbolic link to " + "TARGET"},
		{"a mount point", func(t *testing.T, dir string) (string, string) {
			if runtime.GOOS != "linux" {
				t.Skip("mount points read from /proc/self/mountinfo")
			}
			b, _ := os.ReadFile("/proc/self/mountinfo")
			if !strings.Contains(string(b), " /proc ") {
				t.Skip("/proc is not a mount point here")
			}
			return "/proc", ""
		}, exitUsage, "/proc is a mount point, which publishing cannot replace"},
		{"published before", func(t *testing.T, dir string) (string, string) {
			out := filepath.Join(dir, "public")
			writeTree(t, out, map[string]string{"index.html": "old", "gone.html": "old"})
			os.WriteFile(filepath.Join(dir, ".public.lock"), nil, 0o644)
			return out, ""
		}, exitOK, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out, tree := tc.setup(t, dir)
			var before map[string]string
			if tree != "" {
				before = sitetest.Tree(t, tree)
				tc.err = strings.ReplaceAll(tc.err, "TARGET", tree)
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"build", "-s", good, "-o", out}, &stdout, &stderr)
			if code != tc.code || !strings.Contains(stderr.String(), tc.err) {
				t.Fatalf("exit %d, want %d\nstderr: %s\nwant: %s", code, tc.code, &stderr, tc.err)
			}
			if tc.code == exitOK {
				got := sitetest.Tree(t, out)
				if _, ok := got["gone.html"]; ok || got["ko/privacy-policy/index.html"] == "" {
					t.Errorf("not replaced by the build: %v", got)
				}
				return
			}
			if strings.Contains(stderr.String(), "built ") {
				t.Errorf("refused after building, not before:\n%s", &stderr)
			}
			if tree == "" {
				return
			}
			after := sitetest.Tree(t, tree)
			if len(after) != len(before) {
				t.Errorf("%s changed: %v", tree, after)
			}
			for k, v := range before {
				if after[k] != v {
					t.Errorf("%s changed", k)
				}
			}
			if fi, err := os.Lstat(out); err != nil || out != tree && fi.Mode()&os.ModeSymlink == 0 {
				t.Errorf("%s is no longer what it was: %v", out, err)
			}
		})
	}
}
