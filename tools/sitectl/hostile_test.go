package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"
	"legalcenter/internal/sitetest"
	"legalcenter/site/hugo"
)

// jsonFindings runs the command and returns its exit code and the findings
// of its JSON report as "file:line: rule: message" lines.
func jsonFindings(t *testing.T, args ...string) (int, []string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append(args, "-format", "json"), &stdout, &stderr)
	var rep struct {
		Findings []struct {
			File, Rule, Message string
			Line                int
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("not one JSON report: %v\n%s\nstderr: %s", err, &stdout, &stderr)
	}
	var out []string
	for _, f := range rep.Findings {
		out = append(out, f.File+":"+itoa(f.Line)+": "+f.Rule+": "+f.Message)
	}
	return code, out, stderr.String()
}

// published is an output folder that a build of a site published.
func published(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"build", "-s", miniSite(t, nil), "-o", out}, io.Discard, &stderr); code != exitOK {
		t.Fatalf("the first build: exit %d\n%s", code, &stderr)
	}
	return out
}

// freePort is a port on 127.0.0.1 that nothing listens on.
func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestHostileSymlinks: a symlink in a folder Hugo reads fails the build at
// the link's path before Hugo runs, in JSON too, and the published folder
// stays as it was; the preview server refuses to start. A link that
// leaves the repository would publish a file of the build machine; one
// under assets/ (even inside the repository) made Hugo's minify fail with
// a nil-pointer error and could deadlock its renderer.
func TestHostileSymlinks(t *testing.T) {
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	secret := filepath.Join(t.TempDir(), "environ")
	os.WriteFile(secret, []byte("CI_TOKEN=secret"), 0o644)
	for _, tc := range []struct {
		name, link, target, want string
	}{
		{"static leaves the repository", "static/env.txt", secret, "static/env.txt:0: file: the symlink points outside the repository"},
		{"layout leaves the repository", "layouts/_partials/leak.html", secret, "layouts/_partials/leak.html:0: file: the symlink points outside the repository"},
		{"asset inside the repository", "assets/css/site.css", "../site-real.css", "assets/css/site.css:0: file: Hugo does not read symlinks: resources.Get finds nothing here"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := miniSite(t, nil)
			link := filepath.Join(dir, filepath.FromSlash(tc.link))
			if tc.link == "assets/css/site.css" {
				if err := os.Rename(link, filepath.Join(dir, "assets", "site-real.css")); err != nil {
					t.Fatal(err)
				}
			}
			os.MkdirAll(filepath.Dir(link), 0o755)
			if err := os.Symlink(tc.target, link); err != nil {
				t.Skip(err)
			}
			out := published(t)
			before := sitetest.Tree(t, out)
			code, got, stderr := jsonFindings(t, "build", "-s", dir, "-o", out)
			if code != exitFail {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, exitFail, stderr)
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], tc.want) {
				t.Errorf("findings:\n%s\nwant one: %s", strings.Join(got, "\n"), tc.want)
			}
			if after := sitetest.Tree(t, out); !maps.Equal(after, before) {
				t.Errorf("the published folder changed")
			}
			var stdout, serr bytes.Buffer
			if code := run(context.Background(), []string{"serve", "-s", dir, "-port", freePort(t)}, &stdout, &serr); code != exitFail {
				t.Errorf("serve: exit %d, want %d\nstdout: %s\nstderr: %s", code, exitFail, &stdout, &serr)
			}
			if !strings.Contains(serr.String(), tc.link+": ") || strings.Contains(stdout.String(), "previewing on") {
				t.Errorf("serve:\nstdout: %s\nstderr: %s", &stdout, &serr)
			}
		})
	}
}

// slowSite is a site whose Hugo stage takes seconds: a shortcode loops.
func slowSite(t *testing.T) string {
	return miniSite(t, map[string]string{
		"layouts/_shortcodes/slow.html": "{{ range seq 300 }}{{ range seq 300 }}{{ range seq 300 }}{{ end }}{{ end }}{{ end }}",
		"content/en/privacy-policy.md":  "+++\ntitle = \"Privacy Policy\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n## Data retention {#data-retention}\n\n{{< slow >}}\n",
	})
}

// staged returns the staging folders beside out.
func staged(t *testing.T, out string) []string {
	m, err := filepath.Glob(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestInterrupt: cancelled while Hugo renders (which cannot be stopped),
// build returns within a second with exit 130, its staging folder gone,
// the published folder as it was; the abandoned render does not write
// the staging folder back.
func TestInterrupt(t *testing.T) {
	dir := slowSite(t)
	out := published(t)
	before := sitetest.Tree(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr bytes.Buffer
	code := make(chan int, 1)
	go func() { code <- run(ctx, []string{"build", "-s", dir, "-o", out}, io.Discard, &stderr) }()
	deadline := time.Now().Add(5 * time.Minute)
	for len(staged(t, out)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no staging folder")
		}
		select {
		case c := <-code:
			t.Fatalf("exit %d before the staging folder was seen: %s", c, &stderr)
		case <-time.After(5 * time.Millisecond):
		}
	}
	time.Sleep(300 * time.Millisecond) // into Hugo's render
	cancel()
	start := time.Now()
	select {
	case c := <-code:
		if took := time.Since(start); took > time.Second {
			t.Errorf("returned %v after the interrupt, want within a second", took)
		}
		if c != exitInterrupted {
			t.Errorf("exit %d, want %d: %s", c, exitInterrupted, &stderr)
		}
	case <-time.After(time.Minute):
		t.Fatal("build went on after the interrupt")
	}
	if s := staged(t, out); len(s) > 0 {
		t.Errorf("staging folder left: %v", s)
	}
	if !strings.Contains(stderr.String(), "interrupted; nothing was published") {
		t.Errorf("stderr: %s", &stderr)
	}
	// Once the abandoned render has ended (the next Hugo call waits for
	// it), nothing was written back.
	if _, err := hugo.LoadConfig(hugo.Options{Source: afero.NewOsFs()}); err != nil {
		t.Log(err)
	}
	if s := staged(t, out); len(s) > 0 {
		t.Errorf("the abandoned render wrote the staging folder back: %v", s)
	}
	if got := sitetest.Tree(t, out); !maps.Equal(got, before) {
		t.Errorf("the published folder changed")
	}
}

// TestInterruptible: the first signal ends the context, the second exits
// with 130 at once.
func TestInterruptible(t *testing.T) {
	exited := make(chan int, 1)
	ctx, stop := interruptible(func(code int) { exited <- code })
	defer stop()
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the first signal did not end the context")
	}
	select {
	case c := <-exited:
		t.Fatalf("exit(%d) on the first signal", c)
	case <-time.After(50 * time.Millisecond):
	}
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	select {
	case c := <-exited:
		if c != exitInterrupted {
			t.Errorf("exit(%d), want %d", c, exitInterrupted)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the second signal did not exit")
	}
}

// TestHostileContent: content Hugo would publish wrongly fails the build
// with a finding at the file and line, in JSON, and nothing is published.
func TestHostileContent(t *testing.T) {
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	const fm = "+++\ntitle = \"T\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 30\n"
	for _, tc := range []struct {
		name, file, body, want string
	}{
		{"markdown suffix without front matter", "content/en/terms.markdown", "# Terms\n", "content/en/terms.markdown:1: front-matter: the file does not start with front matter"},
		{"html content", "content/en/terms.html", "<p>x</p>\n", "content/en/terms.html:0: file: Hugo would publish this .html file as a page"},
		{"youtube", "content/en/terms.md", fm + "+++\n## Terms {#terms}\n\n{{< youtube dQw4w9WgXcQ >}}\n", `content/en/terms.md:9: shortcode: the shortcode "youtube" is not one of this site's (fact)`},
		{"raw html", "content/en/terms.md", fm + "+++\n## Terms {#terms}\n\nchoose <kbd>Save</kbd>, then press\n", `content/en/terms.md:9: raw-html: raw HTML is not published: Hugo drops "<kbd>"`},
		{"url robots.txt", "content/en/terms.md", fm + "url = \"/robots.txt\"\n+++\n## Terms {#terms}\n", `content/en/terms.md:6: address: url = "/robots.txt" asks for /robots.txt`},
		{"slug of another document", "content/ko/terms.md", fm + "slug = \"privacy-policy\"\n+++\n## 약관 {#terms}\n", `content/ko/terms.md:6: address: slug = "privacy-policy" asks for /ko/privacy-policy, the address of content/ko/privacy-policy.md`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := miniSite(t, map[string]string{tc.file: tc.body})
			out := filepath.Join(t.TempDir(), "public")
			code, got, stderr := jsonFindings(t, "build", "-s", dir, "-o", out)
			if code != exitFail {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, exitFail, stderr)
			}
			found := false
			for _, f := range got {
				found = found || strings.HasPrefix(f, tc.want)
			}
			if !found {
				t.Errorf("findings:\n%s\nwant: %s", strings.Join(got, "\n"), tc.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was published", out)
			}
		})
	}
}

// TestHostileFailuresAreFindings: every failure that fails the build is a
// finding at its source file and line in JSON, in a line's words: a date
// Hugo cannot parse, a javascript: reference definition, a security
// refusal (without the dump of the security configuration), a fact key
// naming a whole table (without the table's contents).
func TestHostileFailuresAreFindings(t *testing.T) {
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	head, err := os.ReadFile(filepath.Join(sitetest.Repo(), "layouts", "_partials", "head.html"))
	if err != nil {
		t.Fatal(err)
	}
	const fm = "+++\ntitle = \"T\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 30\n+++\n## Terms {#terms}\n\n"
	for _, tc := range []struct {
		name, file, body, want string
	}{
		{"date", "content/en/terms.md", "+++\ntitle = \"T\"\ndescription = \"d\"\ndate = \"last tuesday\"\nweight = 30\n+++\n", `content/en/terms.md:4: front-matter: date "last tuesday" is not a date`},
		{"javascript reference", "content/en/terms.md", fm + "See [here][x].\n\n[x]: javascript:alert(1)\n", `content/en/terms.md:11: link: the link "javascript:alert(1)" uses the scheme "javascript"`},
		{"security refusal", "layouts/_partials/head.html", "{{ os.Getenv \"HOME\" }}\n" + string(head), `layouts/_partials/head.html:1: build: execute of template failed`},
		{"fact table", "content/en/terms.md", fm + "{{< fact \"privacy\" >}}\n", `content/en/terms.md:9: fact-key: the fact "privacy" is a whole table`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := miniSite(t, map[string]string{tc.file: tc.body, "data/facts/privacy.toml": "dpo_email = \"a@example.com\"\n"})
			code, got, stderr := jsonFindings(t, "build", "-s", dir, "-o", filepath.Join(t.TempDir(), "public"))
			if code != exitFail {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, exitFail, stderr)
			}
			found := false
			for _, f := range got {
				found = found || strings.HasPrefix(f, tc.want)
				if strings.HasPrefix(f, ":") || len(f) > 1000 || strings.Contains(f, "[security.exec]") {
					t.Errorf("a finding at no file, or a dump: %.300s", f)
				}
			}
			if !found {
				t.Errorf("findings:\n%s\nwant: %s", strings.Join(got, "\n"), tc.want)
			}
		})
	}
}

// TestCheckMaxPageSize: "sitectl check" reads no page larger than
// -max-page-size: it is an error finding at the page, exit 1.
func TestCheckMaxPageSize(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte(`<!doctype html><html lang="en"><title>x</title><a href="/big.html">big</a>`), 0o644)
	os.WriteFile(filepath.Join(dir, "big.html"), []byte("<!doctype html><html lang=\"en\"><title>x</title>"+strings.Repeat("<p>words</p>\n", 1000)), 0o644)
	code, got, stderr := jsonFindings(t, "check", "-max-page-size", "4096", dir)
	if code != exitFail {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitFail, stderr)
	}
	if len(got) != 1 || !strings.Contains(got[0], "big.html:0: page-size: the page is larger than 4096 bytes") {
		t.Errorf("findings:\n%s", strings.Join(got, "\n"))
	}
}
