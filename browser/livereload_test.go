package browser

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/spf13/afero"

	"legalcenter/internal/sitetest"
	"legalcenter/site"
)

// TestServeLiveReload: a page that "sitectl serve" previews reloads by
// itself when its source is saved: the live reload script Hugo puts in
// every page connects to the server, which tells it to reload.
func TestServeLiveReload(t *testing.T) {
	f := browserSite(t)
	dir := t.TempDir()
	sitetest.CopyParts(t, afero.NewOsFs(), dir)
	const ko = "+++\ntitle = \"개인정보 처리방침\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n## 보존 {#data-retention}\n\n첫 문단.\n"
	for name, data := range map[string]string{
		"content/en/privacy-policy.md": "+++\ntitle = \"Privacy Policy\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n## Data retention {#data-retention}\n\nx\n",
		"content/ko/privacy-policy.md": ko,
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready, served := make(chan struct{}), make(chan error, 1)
	var log sitetest.Log
	go func() {
		served <- site.Serve(ctx, site.ServeOptions{Root: dir, Port: port, Log: &log, Ready: func() { close(ready) }})
	}()
	select {
	case <-ready:
	case err := <-served:
		t.Fatalf("serve: %v", err)
	case <-time.After(3 * time.Minute):
		t.Fatal("serve never got ready")
	}

	tab, cancelTab := chromedp.NewContext(f.browser)
	defer cancelTab()
	tab, cancelTimeout := context.WithTimeout(tab, 90*time.Second)
	defer cancelTimeout()
	// until waits for the page to make cond true.
	until := func(what, cond string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if ok, err := chromedp.Run(tab, chromedp.Evaluate[bool]("!!("+cond+")")); err == nil && ok {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("%s: never true: %s\nserve's log:\n%s", what, cond, log.String())
	}
	if _, err := chromedp.Run(tab, chromedp.Navigate("http://127.0.0.1:"+strconv.Itoa(port)+"/ko/privacy-policy/")); err != nil {
		t.Fatalf("opening the page: %v", err)
	}
	// A mark the page loses when it reloads; the live reload script's
	// socket open before the edit.
	if _, err := chromedp.Run(tab, chromedp.Evaluate[chromedp.Void](`window.beforeEdit = true`)); err != nil {
		t.Fatal(err)
	}
	until("the live reload socket", `window.LiveReload && window.LiveReload.connector && window.LiveReload.connector._isSocketConnected()`)
	start := time.Now()
	file := filepath.Join(dir, "content", "ko", "privacy-policy.md")
	if err := os.WriteFile(file, []byte(strings.Replace(ko, "첫 문단.", "고친 문단.", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	until("the page reloaded with the edit", `!window.beforeEdit && document.body && document.body.innerText.includes("고친 문단.")`)
	t.Logf("the browser showed the edit %v after it was saved", time.Since(start).Round(time.Millisecond))
}
