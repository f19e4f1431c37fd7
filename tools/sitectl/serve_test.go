package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"legalcenter/internal/sitetest"
)

// runEnv makes the test binary act as sitectl: "serve" runs Hugo's server,
// which only a signal stops, so TestServe runs it in a child process.
const runEnv = "SITECTL_TEST_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(runEnv); args != "" {
		ctx, _ := interruptible(os.Exit) // as main
		os.Exit(run(ctx, strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestServe: "sitectl serve" previews the site on 127.0.0.1, answers an
// unknown address with its language's 404 page, shows a writer's edit
// without a restart, never writes public/, and stops on Ctrl-C.
func TestServe(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Hugo's server")
	}
	dir := miniSite(t, nil)
	// The Korean translation is stamped: fresh, until the English changes.
	var stamped bytes.Buffer
	if code := run(context.Background(), []string{"i18n", "stamp", "-root", dir, "content/ko/privacy-policy.md"}, &stamped, &stamped); code != 0 {
		t.Fatalf("stamp: exit %d\n%s", code, stamped.String())
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()

	var out sitetest.Log
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), runEnv+"="+strings.Join([]string{"serve", "-s", dir, "-port", strconv.Itoa(port)}, "\x1f"))
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var waitErr error
	done := make(chan struct{}) // closed when the child has exited
	go func() { waitErr = cmd.Wait(); close(done) }()
	defer func() {
		cmd.Process.Kill()
		<-done
	}()

	client := &http.Client{Timeout: 10 * time.Second}
	page := "http://127.0.0.1:" + strconv.Itoa(port) + "/ko/privacy-policy/"
	body := func() string {
		resp, err := client.Get(page)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	// waitFor polls page until its body contains want.
	waitFor := func(want string, limit time.Duration) {
		t.Helper()
		deadline := time.Now().Add(limit)
		last := ""
		for time.Now().Before(deadline) {
			select {
			case <-done:
				t.Fatalf("serve exited (%v):\n%s", waitErr, out.String())
			default:
			}
			if resp, err := client.Get(page); err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				last = resp.Status
				if resp.StatusCode == http.StatusOK && strings.Contains(string(b), want) {
					return
				}
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Fatalf("%s never showed %q (last status %q); output:\n%s", page, want, last, out.String())
	}
	waitFor("보존", 2*time.Minute)

	// An address that does not exist gets the 404 page of the language it
	// is in, with status 404, as on Netlify; one in no language gets the
	// default language's.
	for _, tc := range []struct{ path, lang, h1 string }{
		{"/ko/no-such-page/", "ko-KR", "페이지를 찾을 수 없습니다"},
		{"/ko/privacy-policy/no-such-section/", "ko-KR", "페이지를 찾을 수 없습니다"},
		{"/no-such-page/", "en-US", "Page not found"},
	} {
		resp, err := client.Get("http://127.0.0.1:" + strconv.Itoa(port) + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(b), `<html lang="`+tc.lang+`"`) || !strings.Contains(string(b), "<h1>"+tc.h1+"</h1>") {
			t.Errorf("%s: %s, want 404 with the page of <html lang=%q> and <h1>%s</h1>:\n%.300s", tc.path, resp.Status, tc.lang, tc.h1, b)
		}
	}

	src := filepath.Join(dir, "content", "ko", "privacy-policy.md")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, []byte(strings.Replace(string(b), "## 보존", "## 보관 기간", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("보관 기간", time.Minute)
	if strings.Contains(body(), "stale-notice") {
		t.Fatal("the fresh Korean page shows the stale-translation notice")
	}

	// The English section changes: the Korean page tells its readers.
	en := filepath.Join(dir, "content", "en", "privacy-policy.md")
	b, err = os.ReadFile(en)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(en, []byte(strings.Replace(string(b), "\nx\n", "\nWe keep it for ten days.\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(`href="/en/privacy-policy/#data-retention"`, time.Minute)
	if !strings.Contains(body(), `class="stale-notice"`) {
		t.Error("no stale-translation notice")
	}

	// The translators' status page (serve previews the preview
	// environment) lists the stale page with the changed section.
	page = "http://127.0.0.1:" + strconv.Itoa(port) + "/en/translation-status/"
	waitFor(`<a href="/en/privacy-policy/#data-retention">data-retention</a>`, time.Minute)

	// English adds a section: the Korean page shows it in English, at
	// its place, in its table of contents too, as the build shows it.
	b, err = os.ReadFile(en)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(en, append(b, "\n## Your rights {#your-rights}\n\nYou may ask for a copy of your data.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	page = "http://127.0.0.1:" + strconv.Itoa(port) + "/ko/privacy-policy/"
	waitFor(`<a href="#your-rights" lang="en-US">Your rights</a>`, time.Minute)
	if got := body(); !strings.Contains(got, `<h2 id="your-rights" lang="en-US"`) || !strings.Contains(got, `<div lang="en-US"><p>You may ask for a copy of your data.</p>`) {
		t.Errorf("the Korean page does not show the new English section, marked untranslated:\n%s", got)
	}
	// Translated, the section is the translator's again.
	b, err = os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, append(b, "\n## 귀하의 권리 {#your-rights}\n\n데이터 사본을 요청할 수 있습니다.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(`<a href="#your-rights">귀하의 권리</a>`, time.Minute)
	if got := body(); strings.Contains(got, "You may ask") {
		t.Errorf("the translated Korean page still shows the English section:\n%s", got)
	}

	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("serve wrote %s/public (err %v): previews must render in memory", dir, err)
	}
	if !strings.Contains(out.String(), "previewing on http://127.0.0.1:"+strconv.Itoa(port)+"/") {
		t.Errorf("no address in the output:\n%s", out.String())
	}

	cmd.Process.Signal(os.Interrupt)
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not stop on Ctrl-C:\n%s", out.String())
	}
}

// TestServeFirstBuildFails: when Hugo's first build fails, serve exits 1
// saying why, and never says it is previewing.
func TestServeFirstBuildFails(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Hugo's server")
	}
	dir := miniSite(t, map[string]string{"layouts/page.html": "{{ define \"main\" }}{{ .Nope }}{{ end }}\n"})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), runEnv+"="+strings.Join([]string{"serve", "-s", dir, "-port", freePort(t)}, "\x1f"))
	var out sitetest.Log
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != exitFail {
			t.Errorf("exit: %v, want %d\n%s", err, exitFail, out.String())
		}
	case <-time.After(3 * time.Minute):
		cmd.Process.Kill()
		t.Fatalf("serve went on after its first build failed:\n%s", out.String())
	}
	if got := out.String(); strings.Contains(got, "previewing on") || !strings.Contains(got, "Nope") {
		t.Errorf("output:\n%s\nwant the error, and no \"previewing on\"", got)
	}
}

// TestServeDeletedPage: a page whose source is deleted while serve runs is
// no longer served: its address answers 404.
func TestServeDeletedPage(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Hugo's server")
	}
	dir := miniSite(t, map[string]string{"content/en/cookies-policy.md": "+++\ntitle = \"Cookies\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 30\n+++\n## Cookies {#cookies}\n\nx\n"})
	port := freePort(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), runEnv+"="+strings.Join([]string{"serve", "-s", dir, "-port", port}, "\x1f"))
	var out sitetest.Log
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	client := &http.Client{Timeout: 10 * time.Second}
	page := "http://127.0.0.1:" + port + "/en/cookies-policy/"
	status := func() int {
		resp, err := client.Get(page)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	waitStatus := func(want int, limit time.Duration) {
		t.Helper()
		deadline := time.Now().Add(limit)
		got := 0
		for time.Now().Before(deadline) {
			if got = status(); got == want {
				return
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Fatalf("%s answered %d, want %d; output:\n%s", page, got, want, out.String())
	}
	waitStatus(http.StatusOK, 2*time.Minute)
	if err := os.Remove(filepath.Join(dir, "content", "en", "cookies-policy.md")); err != nil {
		t.Fatal(err)
	}
	waitStatus(http.StatusNotFound, time.Minute)
}
