package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffCommand: "sitectl diff OLD NEW" on two built sites on disk, and
// its mistakes.
func TestDiffCommand(t *testing.T) {
	dir := t.TempDir()
	old, new := filepath.Join(dir, "old"), filepath.Join(dir, "new")
	page := func(main string) string {
		return `<!doctype html><html lang=en><head><title>P</title></head><body><main>` + main + `</main></body></html>` + "\n"
	}
	writeTree(t, old, map[string]string{
		"en/privacy/index.html": page(`<h2 id="retention">Retention</h2><h2 id="rights">Rights</h2>`),
		"en/gone/index.html":    page(`<p>x</p>`),
		"en/same/index.html":    page(`<p>same</p>`),
	})
	writeTree(t, new, map[string]string{
		"en/privacy/index.html": page(`<h2 id="data-retention">Retention</h2><h2 id="rights">Rights</h2>`),
		"en/added/index.html":   page(`<p>new</p>`),
		"en/same/index.html":    page(`<p>same</p>`),
	})
	for _, tc := range []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{old, new}, exitOK, "pages: 1 changed, 1 added, 1 removed, 1 unchanged\n", ""},
		{[]string{"-format", "markdown", old, new, "-baseurl", "https://p.example"}, exitOK, "[/en/added/](https://p.example/en/added/)", ""},
		{[]string{"-format", "json", old, new}, exitOK, `"kind": "added"`, ""},
		{[]string{"-strict", old, new}, exitFail, "deep links that break", ""},
		{[]string{"-strict", old, old}, exitOK, "pages: 3 unchanged", ""},
		// A page larger than the cap in either site is reported, not read.
		{[]string{"-max-page-size", "100", old, new}, exitOK, "pages: 1 added, 1 removed, 2 too-large, 0 unchanged\n", ""},
		{[]string{"-max-page-size", "100", "-format", "json", old, new}, exitOK, `"kind": "too-large",
      "lang": "en",
      "path": "en/privacy/index.html"`, ""},
		{[]string{"-strict", "-max-page-size", "100", old, old}, exitFail, "too-large /en/same/", ""},
		{[]string{"-max-page-size", "0", old, new}, exitUsage, "", "-max-page-size must be a positive number of bytes, not 0"},
		{[]string{old}, exitUsage, "", "want two site folders"},
		{[]string{old, new, "-format", "xml"}, exitUsage, "", `unknown format "xml"`},
		{[]string{old, filepath.Join(new, "nope")}, exitUsage, "", "is not a folder"},
		{[]string{old, new, "-baseurl", "deploy-preview-3.example"}, exitUsage, "", "-baseurl must be an absolute http(s) URL"},
		{[]string{"-h"}, exitOK, "usage: sitectl diff [flags] OLD NEW\n", ""},
		{[]string{"-nope"}, exitUsage, "", "sitectl diff: flag provided but not defined: -nope\nrun 'sitectl diff -h' for usage\n"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"diff"}, tc.args...), &stdout, &stderr)
			if code != tc.code || !strings.Contains(stdout.String(), tc.out) || !strings.Contains(stderr.String(), tc.err) {
				t.Errorf("code %d\nstdout:\n%s\nstderr:\n%s\nwant code %d, stdout with %q, stderr with %q", code, stdout.String(), stderr.String(), tc.code, tc.out, tc.err)
			}
		})
	}
}
