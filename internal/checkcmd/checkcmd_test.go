package checkcmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"legalcenter/internal/cli"
)

// TestName: the command names itself as it was typed, in its usage and
// its mistakes, and nowhere in a report. tools/sitectl's tests run the
// rest of the command line through "sitectl check".
func TestName(t *testing.T) {
	site := t.TempDir()
	if err := os.WriteFile(filepath.Join(site, "index.html"), []byte(`<html lang="en"><a href="#nope">x</a>`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string // in stdout
		stderr string // all of stderr
	}{
		{"sitecheck", []string{"-h"}, cli.ExitOK, "usage: sitecheck [flags] [DIR]\n\nChecks links,", ""},
		{"sitectl check", []string{"-h"}, cli.ExitOK, "usage: sitectl check [flags] [DIR]\n\nChecks links,", ""},
		{"sitecheck", []string{"-nope"}, cli.ExitUsage, "", "sitecheck: flag provided but not defined: -nope\nrun 'sitecheck -h' for usage\n"},
		{"sitecheck", []string{filepath.Join(site, "x")}, cli.ExitUsage, "", "sitecheck: " + filepath.Join(site, "x") + " is not a folder\n"},
		{"sitecheck", []string{site}, cli.ExitFail, site + "/index.html:1: error: no element with id \"nope\" on this page: #nope [missing-fragment]\n1 error, 0 warnings in 1 page (1 link)\n", ""},
		{"sitecheck", []string{site, "-format", "markdown"}, cli.ExitFail, "### Link check: 1 error", ""},
	} {
		t.Run(tc.name+" "+strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Run(context.Background(), tc.name, tc.args, &stdout, &stderr)
			if code != tc.code || !strings.Contains(stdout.String(), tc.stdout) || stderr.String() != tc.stderr {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s\nwant:\n%s", code, tc.code, stdout.String(), tc.stdout, stderr.String(), tc.stderr)
			}
		})
	}
}

// TestNetlify: the [[redirects]] of netlify.toml serve links, read from
// -netlify FILE, else beside the config file, else beside DIR (never the
// working folder's, which may be another site's); -netlify "" reads none,
// and a bad rule is an error at its line.
func TestNetlify(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		name = filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("public/index.html", `<html lang="en"><a href="/old/">old</a>`)
	write("public/new/index.html", `<html lang="en">`)
	write("netlify.toml", "[[redirects]]\nfrom = \"/old/\"\nto = \"/new/\"\n")
	write("public/netlify.toml", "[[redirects]]\nfrom = \"/old/\"\nto = \"/inside/\"\n") // never read: in the output
	write("site/public/index.html", `<html lang="en"><a href="/old/">old</a>`)
	write("site/public/x/index.html", `<html lang="en">`)
	write("site/netlify.toml", "[[redirects]]\nfrom = \"/old/\"\nto = \"/x/\"\n")
	write("other/public/index.html", `<html lang="en"><a href="/old/">old</a>`)
	write("conf/sitecheck.toml", "")
	write("conf/netlify.toml", "\n[[redirects]]\nfrom = \"old\"\nto = \"/new/\"\n")
	t.Chdir(dir)
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"public"}, cli.ExitOK, "0 errors", ""},
		{[]string{"-netlify", "", "public"}, cli.ExitFail, "target does not exist: /old/index.html", ""},
		{[]string{"-netlify", "netlify.toml", "public"}, cli.ExitOK, "0 errors", ""},
		{[]string{"site/public"}, cli.ExitOK, "0 errors", ""},                                  // site/netlify.toml, beside the site
		{[]string{"other/public"}, cli.ExitFail, "target does not exist: /old/index.html", ""}, // not the working folder's
		{[]string{"-config", "conf/sitecheck.toml", "public"}, cli.ExitUsage, "", "sitecheck: " + filepath.Join("conf", "netlify.toml") + `:3: from = "old" is not a path from the site root` + "\n"},
		{[]string{"-netlify", "nope.toml", "public"}, cli.ExitUsage, "", "sitecheck: open nope.toml: "},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Run(context.Background(), "sitecheck", tc.args, &stdout, &stderr)
			if code != tc.code || !strings.Contains(stdout.String(), tc.stdout) || !strings.HasPrefix(stderr.String(), tc.stderr) {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s\nwant:\n%s", code, tc.code, stdout.String(), tc.stdout, stderr.String(), tc.stderr)
			}
		})
	}
}

// TestLayouts: with -layouts, a duplicated id that a partial writes on
// every page is one problem at the partial's line.
func TestLayouts(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		name = filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("layouts/_partials/nav.html", "<nav>\n  <span id=\"brand\">{{ .Title }}</span><span id=\"brand\"></span>\n</nav>\n")
	for _, p := range []string{"a", "b", "c", "d", "e", "f"} {
		write("public/"+p+"/index.html", "<html lang=\"en\"><nav>\n<span id=\"brand\">"+p+"</span><span id=\"brand\"></span>\n</nav>")
	}
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), "sitecheck", []string{"-layouts", "layouts", "-format", "markdown", "public"}, &stdout, &stderr)
	want := "| `#brand` | **error** duplicate id #brand (the page already has an element with this id), at `layouts/_partials/nav.html:2` | 6 | 6 |"
	if code != cli.ExitFail || !strings.Contains(stdout.String(), want) {
		t.Errorf("exit %d, stdout:\n%s\nwant the line\n%s\nstderr: %s", code, stdout.String(), want, stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := Run(context.Background(), "sitecheck", []string{"-layouts", "nope", "public"}, &stdout, &stderr); code != cli.ExitUsage || !strings.Contains(stderr.String(), "nope is not a folder") {
		t.Errorf("-layouts nope: exit %d, stderr %q", code, stderr.String())
	}
}

// TestOwnDomain: links to the site's own address are checked as its pages
// when hugo.toml beside the site gives the address and the pages do not;
// without it, one notice says they are not.
func TestOwnDomain(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"hugo/public/index.html":  `<html lang="en"><a href="https://legal.example.com/missing/">x</a>`,
		"hugo/hugo.toml":          "title = 'x'\nbaseURL = 'https://legal.example.com/'\n",
		"plain/public/index.html": `<html lang="en"><a href="https://legal.example.com/missing/">x</a>`,
	} {
		name = filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	for _, tc := range []struct {
		site   string
		code   int
		stdout string
	}{
		{"hugo/public", cli.ExitFail, "target does not exist: /missing/index.html"},
		{"plain/public", cli.ExitOK, "notice: the site's own address is unknown"},
	} {
		var stdout, stderr bytes.Buffer
		code := Run(context.Background(), "sitecheck", []string{tc.site}, &stdout, &stderr)
		if code != tc.code || !strings.Contains(stdout.String(), tc.stdout) {
			t.Errorf("%s: exit %d, want %d; stdout:\n%s\nwant %q; stderr: %s", tc.site, code, tc.code, stdout.String(), tc.stdout, stderr.String())
		}
	}
}
