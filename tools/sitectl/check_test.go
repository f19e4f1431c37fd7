package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree writes files, by slash path, under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCheckCommand: "sitectl check" on a built site on disk, in each
// format, and its mistakes.
func TestCheckCommand(t *testing.T) {
	root := filepath.Join(t.TempDir(), "public")
	writeTree(t, root, map[string]string{
		"en/a/index.html": `<html lang="en"><h2 id="x">X</h2><a href="/en/b/">b</a> <a href="#y">y</a> <a href="#">top</a>`,
		"en/b/index.html": `<html lang="en"><a href="/en/a/#x">a</a>`,
	})
	conf := filepath.Join(t.TempDir(), "conf")
	writeTree(t, conf, map[string]string{
		"lenient.toml": "[rules]\nmissing-fragment = \"warning\"\nempty-link = \"off\"\n",
		"bad.toml":     "[rules]\nmissing-fragment = \"loud\"\n",
		"typo.toml":    "ignore = []\nignorPages = []\n",
	})
	empty := filepath.Join(t.TempDir(), "empty")
	writeTree(t, empty, map[string]string{"css/site.css": ""})
	for _, tc := range []struct {
		args []string
		code int
		out  string // in stdout, or in stderr when code is 2
	}{
		{[]string{root}, exitFail, "en/a/index.html:1: error: no element with id \"y\" on this page: #y [missing-fragment]\n1 error, 1 warning in 2 pages (4 links)\n"},
		{[]string{root, "-format", "json"}, exitFail, `"errors": 1`},
		{[]string{"-format", "github", root}, exitFail, "::error file="},
		{[]string{"-format", "markdown", root}, exitFail, "### Link check: 1 error, 1 warning in 2 pages (4 links)"},
		{[]string{root, "-ignore", "#y", "-ignore-page", "en/a/*"}, exitOK, "0 errors, 0 warnings in 2 pages"},
		{[]string{root, "-rule", "missing-fragment=off"}, exitOK, "0 errors, 1 warning in 2 pages"},
		{[]string{root, "-rule", "missing-fragment=notice", "-rule", "empty-link=error"}, exitFail, "1: notice: no element with id \"y\" on this page: #y [missing-fragment]"},
		{[]string{root, "-config", filepath.Join(conf, "lenient.toml")}, exitOK, "0 errors, 1 warning in 2 pages"},
		{[]string{root, "-config", filepath.Join(conf, "lenient.toml"), "-rule", "missing-fragment=error"}, exitFail, "1 error, 0 warnings"}, // the flag wins
		{[]string{root, "-config", filepath.Join(conf, "bad.toml")}, exitUsage, `bad.toml:2: [rules] rule missing-fragment: unknown level "loud"`},
		{[]string{root, "-config", filepath.Join(conf, "typo.toml")}, exitUsage, "typo.toml:2: unknown key ignorPages"},
		{[]string{root, "-rule", "anchor-parity"}, exitUsage, `want name=level, not "anchor-parity"`},
		{[]string{root, "-rule", "parity=off"}, exitUsage, `unknown rule "parity"`},
		{[]string{root, "-source", "en"}, exitFail, "1 error"},
		{[]string{root, "-source", "ko"}, exitUsage, `source language "ko" is not a language of the site (en)`},
		{[]string{root, "-format", "yaml"}, exitUsage, `sitectl check: unknown format "yaml" (want one of text, json, github, markdown)`},
		{[]string{filepath.Join(root, "nope")}, exitUsage, "is not a folder"},
		{[]string{root, root}, exitUsage, "one site folder, not 2"},
		{[]string{empty}, exitUsage, "sitectl check: no HTML pages in " + empty}, // a wrong folder, not a clean site
		{[]string{root, "-cache", "c.json"}, exitUsage, "check: -cache applies only with -online"},
		{[]string{root, "-cache", "c.json", "-timeout", "3s"}, exitUsage, "check: -cache, -timeout apply only with -online"},
		{[]string{root, "-online", "-cache-age", "1h"}, exitUsage, "check: -cache-age applies only with -cache FILE"},
		{[]string{root, "-online", "-per-host", "0"}, exitUsage, "-concurrency and -per-host must be at least 1"},
		{[]string{root, "-online", "-timeout", "-1s"}, exitUsage, "-timeout and -cache-age must be positive"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"check"}, tc.args...), &stdout, &stderr)
			out := stdout.String()
			if tc.code == exitUsage {
				out = stderr.String()
			}
			if code != tc.code || !strings.Contains(out, tc.out) {
				t.Errorf("exit %d, want %d with %q in\nstdout:\n%s\nstderr:\n%s", code, tc.code, tc.out, stdout.String(), stderr.String())
			}
		})
	}
}

// TestCheckConfigFile: without -config, the check reads sitecheck.toml
// in the working folder or the nearest above it, never one inside the
// built site.
func TestCheckConfigFile(t *testing.T) {
	top := t.TempDir()
	writeTree(t, top, map[string]string{
		"sitecheck.toml":         "[rules]\nmissing-fragment = \"off\"\n",
		"public/sitecheck.toml":  "[rules]\nmissing-fragment = \"error\"\nbroken-link = \"off\"\n",
		"public/en/index.html":   `<html lang="en"><a href="#nope">x</a> <a href="/gone/">y</a>`,
		"sub/dir/placeholder.md": "",
	})
	for _, tc := range []struct {
		wd, dir string
		want    string
	}{
		{top, "public", "public/en/index.html:1: error: target does not exist: /gone/index.html (href \"/gone/\") [broken-link]\n1 error, 0 warnings"},
		{filepath.Join(top, "sub", "dir"), filepath.Join(top, "public"), "1 error, 0 warnings"}, // the nearest above
		{filepath.Join(top, "public"), ".", "[broken-link]\n1 error, 0 warnings"},               // not the one inside the site
		{t.TempDir(), filepath.Join(top, "public"), "2 errors, 0 warnings"},                     // none: defaults
	} {
		t.Run(tc.wd, func(t *testing.T) {
			t.Chdir(tc.wd)
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"check", tc.dir}, &stdout, &stderr)
			if code != exitFail || !strings.Contains(stdout.String(), tc.want) {
				t.Errorf("exit %d, want %d with %q in\nstdout:\n%s\nstderr:\n%s", code, exitFail, tc.want, stdout.String(), stderr.String())
			}
		})
	}
}

// TestCheckOnline: "sitectl check -online" fetches each external URL once,
// and -cache keeps those that worked.
func TestCheckOnline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ok" {
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	site := filepath.Join(dir, "public")
	writeTree(t, site, map[string]string{"index.html": "<a href=\"" + srv.URL + "/ok\">ok</a>\n<a href=\"" + srv.URL + "/missing\">x</a>\n"})
	cache := filepath.Join(dir, "cache.json")
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{site}, exitOK, "0 errors, 0 warnings in 1 page (2 links)"},
		{[]string{site, "-online", "-cache", cache, "-concurrency", "2", "-per-host", "1", "-timeout", "5s", "-cache-age", "1h"}, exitFail,
			"error: " + srv.URL + "/missing: HTTP 404 Not Found [external-link], on 1 page:\n    " + site + "/index.html:2\n1 error, 0 warnings in 1 page (2 links; 2 external URLs checked online, 0 from the cache)"},
		{[]string{site, "-online", "-cache", cache}, exitFail, "(2 links; 2 external URLs checked online, 1 from the cache)"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append([]string{"check"}, tc.args...), &stdout, &stderr)
		if code != tc.code || !strings.Contains(stdout.String(), tc.out) {
			t.Errorf("check %q: exit %d, want %d; output:\n%s%s\nwant it to contain:\n%s", tc.args, code, tc.code, stdout.String(), stderr.String(), tc.out)
		}
	}
}
