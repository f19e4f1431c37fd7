package hugo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bep/overlayfs"
	"github.com/spf13/afero"
	"legalcenter/internal/sitetest"
)

// copyRepo writes a site into dir: the repository's layouts and
// configuration, and a privacy policy in six languages.
func copyRepo(t *testing.T, dir string) {
	t.Helper()
	sitetest.CopyParts(t, afero.NewOsFs(), dir)
	for _, lang := range []string{"en", "ko", "ja", "zh-cn", "pt-br", "id"} {
		p := filepath.Join(dir, "content", lang, "privacy-policy.md")
		os.MkdirAll(filepath.Dir(p), 0o755)
		body := "+++\ntitle = \"Privacy " + lang + "\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n[[params.revisions]]\nversion = \"1.0\"\ndate = 2020-08-17\nnote = \"first\"\n+++\n## Summary {#summary}\n\nSee [retention](#data-retention).\n\n## Data retention {#data-retention}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSameAsHugoCLI: the in-process build writes exactly what the hugo
// command writes for the same site.
func TestSameAsHugoCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the hugo command")
	}
	dir := t.TempDir()
	copyRepo(t, dir)

	res, err := Build(context.Background(), Options{
		Source: overlayfs.New(overlayfs.Options{FirstWritable: true, Fss: []afero.Fs{
			afero.NewMemMapFs(), afero.NewReadOnlyFs(afero.NewBasePathFs(afero.NewOsFs(), dir)),
		}}),
		CacheDir: t.TempDir(),
	})
	if err != nil {
		t.Fatal(err)
	}

	out := t.TempDir()
	cmd := exec.Command("go", "tool", "hugo", "--source", dir, "--destination", out, "--cacheDir", t.TempDir(), "--noBuildLock", "--quiet")
	cmd.Env = append(os.Environ(), "HUGO_ENVIRONMENT=production")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go tool hugo: %v\n%s", err, b)
	}

	cli := map[string]string{}
	filepath.Walk(out, func(p string, info fs.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(out, p)
			cli[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	ours := 0
	afero.Walk(res.Dest, "/", func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		ours++
		b, _ := afero.ReadFile(res.Dest, p)
		name := strings.TrimPrefix(p, "/")
		want, ok := cli[name]
		switch {
		case !ok:
			t.Errorf("%s: written in-process, not by the hugo command", name)
		case want != string(b):
			t.Errorf("%s differs from the hugo command's output", name)
		}
		return nil
	})
	if ours != len(cli) || ours < 20 {
		t.Errorf("in-process build wrote %d files, the hugo command %d", ours, len(cli))
	}
}

// memSite returns an in-memory site with the repository's layouts and the
// given files.
func memSite(t *testing.T, files map[string]string) afero.Fs {
	t.Helper()
	mem := afero.NewMemMapFs()
	sitetest.CopyParts(t, mem, "/")
	for name, data := range files {
		if err := afero.WriteFile(mem, "/"+name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return mem
}

// TestLoggedErrors: template errors logged from pages that render in
// parallel all reach the build error, in a stable order (run with -race).
func TestLoggedErrors(t *testing.T) {
	files := map[string]string{}
	var want []string
	for i := range 30 {
		name := fmt.Sprintf("content/en/doc-%02d.md", i)
		files[name] = fmt.Sprintf("+++\ntitle = \"Doc %d\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = %d\n+++\n## A {#a}\n\n{{< fact \"privacy.missing_%02d\" >}}\n", i, i+1, i)
		want = append(want, fmt.Sprintf("%s:9:1: the fact \"privacy.missing_%02d\" does not exist in data/facts/", name, i))
	}
	_, err := Build(context.Background(), Options{Source: memSite(t, files), CacheDir: t.TempDir()})
	if !IsBuildError(err) {
		t.Fatalf("err = %v, want a BuildError", err)
	}
	if got := err.Error(); got != strings.Join(want, "\n") {
		t.Errorf("build error:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

// TestLoggedOnlyRendersSite: when templates only logged errors, Hugo
// rendered the whole site, and Build returns it with a BuildError marked
// Rendered, so later stages can report their findings in the same run. A
// template that fails is not Rendered. Warnings come back in the Result.
// (If a Hugo upgrade rewords its "logged N error(s)", this test fails
// rather than the build quietly stopping at Hugo again.)
func TestLoggedOnlyRendersSite(t *testing.T) {
	doc := "+++\ntitle = \"T\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 1\n+++\n## A {#a}\n\n{{< fact \"privacy.missing\" >}}\n"
	res, err := Build(context.Background(), Options{Source: memSite(t, map[string]string{
		"content/en/privacy-policy.md":  doc,
		"layouts/_shortcodes/warn.html": `{{ warnf "%s: a warning" "content/en/privacy-policy.md:3" }}`,
		"content/en/cookies-policy.md":  strings.Replace(doc, `{{< fact "privacy.missing" >}}`, "{{< warn >}}", 1),
	}), CacheDir: t.TempDir()})
	var be *BuildError
	if !errors.As(err, &be) || !be.Rendered || res == nil {
		t.Fatalf("err = %v (%+v), result %v; want a Rendered BuildError with the site", err, be, res)
	}
	if ok, _ := afero.Exists(res.Dest, "/en/privacy-policy/index.html"); !ok {
		t.Error("the page with the logged error was not rendered")
	}
	if want := []string{"content/en/privacy-policy.md:3: a warning"}; !slices.Equal(res.Warnings, want) {
		t.Errorf("warnings %q, want %q", res.Warnings, want)
	}

	res, err = Build(context.Background(), Options{Source: memSite(t, map[string]string{
		"content/en/privacy-policy.md": doc,
		"layouts/404.html":             "{{ define \"main\" }}{{ .Nope }}{{ end }}\n",
	}), CacheDir: t.TempDir()})
	if !errors.As(err, &be) || be.Rendered || res != nil {
		t.Errorf("a template that fails: err = %v, result %v; want a BuildError not Rendered, no site", err, res)
	}
}

// TestPagesNameTheirFiles: Page.Out is the file the page was written to,
// also for a file name outside ASCII (its link is escaped) and a base URL
// with a path (which links carry and files do not).
func TestPagesNameTheirFiles(t *testing.T) {
	doc := "+++\ntitle = \"T\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 1\n+++\n## A {#a}\n"
	src := memSite(t, map[string]string{"content/en/privacy-policy.md": doc, "content/ko/개인 정보.md": doc})
	for _, baseURL := range []string{"", "https://legal.example.com/center/"} {
		t.Run(baseURL, func(t *testing.T) {
			res, err := Build(context.Background(), Options{Source: src, BaseURL: baseURL, CacheDir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			var outs []string
			for _, p := range res.Pages {
				outs = append(outs, p.Out)
				if ok, _ := afero.Exists(res.Dest, "/"+p.Out); !ok {
					t.Errorf("page %s (%s): no such file in the site", p.Out, p.Source)
				}
			}
			if !slices.Contains(outs, "ko/개인-정보/index.html") {
				t.Errorf("pages %v lack ko/개인-정보/index.html", outs)
			}
		})
	}
}

// TestLoggedAndReturnedErrors: a template that fails is reported beside the
// errors that templates logged, not hidden by them.
func TestLoggedAndReturnedErrors(t *testing.T) {
	src := memSite(t, map[string]string{
		"content/en/privacy-policy.md": "+++\ntitle = \"T\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 1\n+++\n## A {#a}\n\n{{< fact \"privacy.missing\" >}}\n",
		"layouts/404.html":             "{{ define \"main\" }}{{ .Nope }}{{ end }}\n",
	})
	_, err := Build(context.Background(), Options{Source: src, CacheDir: t.TempDir()})
	if !IsBuildError(err) {
		t.Fatalf("err = %v, want a BuildError", err)
	}
	for _, want := range []string{
		"content/en/privacy-policy.md:9:1: the fact \"privacy.missing\" does not exist",
		"layouts/404.html:1:22: execute of template failed",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("build error:\n%s\nlacks %s", err, want)
		}
	}
}
