package site

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"golang.org/x/net/websocket"

	"legalcenter/internal/sitetest"
)

// TestServeNotFound: the preview server answers each language's missing
// addresses with that language's 404 page, and the rest with the default
// language's, wherever the default language's pages are.
func TestServeNotFound(t *testing.T) {
	cfg := repoConfig(t)
	for _, tc := range []struct {
		inSubdir bool
		path     string
		want     string
	}{
		{true, "/ko/no-such-page", "/ko/404.html"},
		{true, "/zh-cn/a/b/c", "/zh-cn/404.html"},
		{true, "/ko", "/ko/404.html"},
		{true, "/en/no-such-page", "/en/404.html"},
		{true, "/kor/x", "/en/404.html"},
		{true, "/no-such-page", "/en/404.html"},
		{false, "/ko/no-such-page", "/ko/404.html"},
		{false, "/en/no-such-page", "/404.html"},
		{false, "/no-such-page", "/404.html"},
	} {
		c := *cfg
		c.DefaultContentLanguageInSubdir = tc.inSubdir
		if got := notFoundPage(&c, tc.path); got != tc.want {
			t.Errorf("in subfolders %v: %s answered with %s, want %s", tc.inSubdir, tc.path, got, tc.want)
		}
	}
}

// TestServeWatch: the preview server follows the files as editors save
// them (an atomic save, a broken edit then its fix, a deleted page, a new
// one), each time telling the browser to reload; it stops when its
// context ends.
func TestServeWatch(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Hugo's server")
	}
	dir := t.TempDir()
	sitetest.CopyParts(t, afero.NewOsFs(), dir)
	const ko = "+++\ntitle = \"개인정보 처리방침\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n## 보존 {#data-retention}\n\n첫 문단.\n"
	for name, data := range map[string]string{
		"content/en/privacy-policy.md": "+++\ntitle = \"Privacy Policy\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n## Data retention {#data-retention}\n\nx\n",
		"content/en/cookies-policy.md": "+++\ntitle = \"Cookies\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 30\n+++\n## Cookies {#cookies}\n\nx\n",
		"content/ko/privacy-policy.md": ko,
	} {
		writeFile(t, filepath.Join(dir, name), data)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	base := "http://127.0.0.1:" + strconv.Itoa(port)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var log sitetest.Log
	ready := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- Serve(ctx, ServeOptions{Root: dir, Port: port, Log: &log, Ready: func() { close(ready) }})
	}()
	select {
	case <-ready:
	case err := <-served:
		t.Fatalf("serve: %v\n%s", err, log.String())
	case <-time.After(3 * time.Minute):
		t.Fatal("serve never got ready")
	}

	get := func(p string) (int, string) {
		resp, err := http.Get(base + p)
		if err != nil {
			select {
			case err := <-served:
				t.Fatalf("serve returned %v; log:\n%s", err, log.String())
			default:
			}
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// waitFor polls p until it answers status with want in its body.
	waitFor := func(p string, status int, want string) string {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		var code int
		var body string
		for time.Now().Before(deadline) {
			if code, body = get(p); code == status && strings.Contains(body, want) {
				return body
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("%s answered %d, want %d with %q:\n%.500s\nlog:\n%s", p, code, status, want, body, log.String())
		return ""
	}
	page := "/ko/privacy-policy/"
	if body := waitFor(page, 200, "첫 문단."); !strings.Contains(body, `<script src="/livereload.js?`) {
		t.Errorf("the page has no live reload script:\n%.500s", body)
	}
	if code, js := get("/livereload.js"); code != 200 || !strings.Contains(js, "LiveReload") {
		t.Errorf("/livereload.js: %d %.100s", code, js)
	}

	// The socket the page's script connects to, as a browser does.
	ws, err := websocket.Dial("ws://127.0.0.1:"+strconv.Itoa(port)+"/livereload", "", base+"/")
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if err := websocket.Message.Send(ws, `{"command":"hello","protocols":["http://livereload.com/protocols/official-7"]}`); err != nil {
		t.Fatal(err)
	}
	reloads := make(chan string, 64)
	go func() {
		for {
			var msg string
			if websocket.Message.Receive(ws, &msg) != nil {
				return
			}
			if strings.Contains(msg, `"reload"`) {
				reloads <- msg
			}
		}
	}()
	reloaded := func(what string) {
		t.Helper()
		select {
		case <-reloads:
		case <-time.After(time.Minute):
			t.Fatalf("%s: no live reload event; log:\n%s", what, log.String())
		}
		time.Sleep(300 * time.Millisecond) // the status may follow with a second one
		for len(reloads) > 0 {
			<-reloads
		}
	}
	file := filepath.Join(dir, "content", "ko", "privacy-policy.md")

	// An editor's atomic save: a temporary file renamed over the document.
	writeFile(t, file+".tmp42", strings.Replace(ko, "첫 문단.", "고친 문단.", 1))
	if err := os.Rename(file+".tmp42", file); err != nil {
		t.Fatal(err)
	}
	waitFor(page, 200, "고친 문단.")
	reloaded("atomic save")

	// A broken edit: every page shows the error, at its file, until it
	// is fixed; the browser reloads for both.
	writeFile(t, file, strings.Replace(ko, "title = \"개인정보 처리방침\"", "title = ", 1))
	if body := waitFor(page, 500, "privacy-policy.md"); !strings.Contains(body, `<script src="/livereload.js?`) {
		t.Errorf("the error page has no live reload script:\n%.500s", body)
	}
	reloaded("broken edit")
	waitFor("/en/privacy-policy/", 500, "privacy-policy.md")
	writeFile(t, file, ko)
	waitFor(page, 200, "첫 문단.")
	reloaded("fix")
	if !strings.Contains(log.String(), "rebuild failed") {
		t.Errorf("the log does not tell of the failed rebuild:\n%s", log.String())
	}

	// A deleted page is gone; a new one is served.
	waitFor("/en/cookies-policy/", 200, "Cookies")
	if err := os.Remove(filepath.Join(dir, "content", "en", "cookies-policy.md")); err != nil {
		t.Fatal(err)
	}
	waitFor("/en/cookies-policy/", 404, `<html lang="en-US"`)
	writeFile(t, filepath.Join(dir, "content", "en", "terms.md"), "+++\ntitle = \"Terms\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 40\n+++\n## Terms {#terms}\n\nNew terms.\n")
	waitFor("/en/terms/", 200, "New terms.")

	// A static file is served as it is saved.
	writeFile(t, filepath.Join(dir, "static", "notice.txt"), "first")
	waitFor("/notice.txt", 200, "first")
	writeFile(t, filepath.Join(dir, "static", "notice.txt"), "second")
	waitFor("/notice.txt", 200, "second")

	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("serve wrote %s/public (err %v)", dir, err)
	}
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop when its context ended")
	}
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
