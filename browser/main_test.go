package browser

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pelletier/go-toml/v2"
	"legalcenter/internal/netlify"
	"legalcenter/site"
	"legalcenter/site/report"
)

// languages are the site's languages, in menu order.
var languages = []string{"en", "ko", "ja", "zh-cn", "pt-br", "id"}

// Viewport sizes: a desktop and the narrow phone of issue #7.
const (
	desktopWidth, desktopHeight = 1280, 900
	mobileWidth, mobileHeight   = 390, 844
)

// partialPath is a page the fixture adds to the site in English and Japanese
// only, kept out of every list (build.list = "never"), so the language menu
// has untranslated languages to mark.
const partialPath = "/browser-test-partial-translation/"

var partialLangs = []string{"en", "ja"}

var partialPage = map[string]string{
	"en": `+++
title = "Browser test: a page in two languages"
description = "Added by the browser tests, in English and Japanese only."
date = 2024-01-01
weight = 999
[build]
list = "never"
+++

## About this page {#about}

This page exists in English and Japanese only.
`,
	"ja": `+++
title = "ブラウザーテスト：二言語のページ"
description = "ブラウザーテストが英語と日本語でのみ追加するページです。"
date = 2024-01-01
weight = 999
[build]
list = "never"
+++

## このページについて {#about}

このページは英語と日本語でのみ存在します。
`,
}

// fixture is what every browser test shares: one build of the site, its
// test server and one Chromium.
type fixture struct {
	tmp       string
	public    string               // the published site
	res       *site.Result         // the build
	rules     []netlify.HeaderRule // netlify.toml's [[headers]]
	redirects []netlify.Redirect   // netlify.toml's [[redirects]]
	locale    map[string]string    // hugo.toml: language code to locale (the lang attributes)
	srv       *http.Server
	base      string // "http://127.0.0.1:port"

	browser context.Context // a chromedp context whose browser runs
	stop    []func()
	chrome  *bytes.Buffer // Chromium's own output, for failures
}

var (
	siteOnce, browserOnce sync.Once
	shared                fixture
	siteErr, browserErr   error
)

func TestMain(m *testing.M) {
	code := m.Run()
	shared.close()
	os.Exit(code)
}

// inCI reports whether the tests run in CI, where a missing browser is a
// failure, not a reason to skip.
func inCI() bool {
	v := os.Getenv("CI")
	return v != "" && v != "0" && !strings.EqualFold(v, "false")
}

// unavailable skips the test outside CI and fails it in CI.
func unavailable(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if inCI() {
		t.Fatalf("%s (CI=true: the browser tests must run; see .ci/run's install section)", msg)
	}
	t.Skipf("skipped: %s", msg)
}

// chromiumPath is the browser binary: $BROWSER_CHROMIUM or Debian's.
func chromiumPath() string {
	if p := os.Getenv("BROWSER_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// servedSite builds and serves the site once, and returns the fixture.
func servedSite(t *testing.T) *fixture {
	t.Helper()
	if testing.Short() {
		t.Skip("skipped in -short mode: builds the site and drives a browser")
	}
	siteOnce.Do(func() { siteErr = shared.serve() })
	if siteErr != nil {
		t.Fatal(siteErr)
	}
	return &shared
}

// browserSite is servedSite with a running Chromium.
func browserSite(t *testing.T) *fixture {
	t.Helper()
	if testing.Short() {
		t.Skip("skipped in -short mode: builds the site and drives a browser")
	}
	path := chromiumPath()
	if _, err := exec.LookPath(path); err != nil {
		unavailable(t, "no Chromium at %s (apt-get install chromium fonts-noto-cjk): %v", path, err)
	}
	f := servedSite(t)
	browserOnce.Do(func() { browserErr = f.launch(path) })
	if browserErr != nil {
		t.Fatalf("starting Chromium: %v\n%s", browserErr, f.chromeOutput())
	}
	return f
}

// sourceRoot is the site source: $BROWSER_SOURCE or the repository.
func sourceRoot() string {
	if d := os.Getenv("BROWSER_SOURCE"); d != "" {
		return d
	}
	return ".."
}

// serve builds the site into a temporary folder and serves it with the
// headers and redirects of netlify.toml.
func (f *fixture) serve() error {
	root := sourceRoot()
	rules, err := netlify.ReadHeaders(filepath.Join(root, "netlify.toml"))
	if err != nil {
		return err
	}
	f.rules = rules
	if f.redirects, err = netlify.ReadRedirects(filepath.Join(root, "netlify.toml")); err != nil {
		return err
	}
	if f.locale, err = readLocales(filepath.Join(root, "hugo.toml")); err != nil {
		return err
	}

	f.tmp, err = os.MkdirTemp("", "legalcenter-browser-")
	if err != nil {
		return err
	}
	src, err := site.NewSource(root)
	if err != nil {
		return err
	}
	for _, lang := range partialLangs {
		name := "/content/" + lang + strings.TrimSuffix(partialPath, "/") + ".md"
		if err := src.Generate(name, []byte(partialPage[lang])); err != nil {
			return err
		}
	}
	if err := addStalePage(src, root); err != nil {
		return err
	}
	f.public = filepath.Join(f.tmp, "public")
	var log bytes.Buffer
	start := time.Now()
	// Lenient: a broken link is the link check's finding (site's tests); the
	// browser tests test what would be published.
	f.res, err = site.Build(context.Background(), site.Options{
		Source:   src,
		Out:      f.public,
		CacheDir: filepath.Join(f.tmp, "hugo-cache"),
		Log:      &log,
		Lenient:  true,
	})
	if err != nil {
		var report strings.Builder
		if f.res != nil && f.res.Check != nil {
			f.res.Check.Write(&report, "text")
		}
		return fmt.Errorf("building the site from %s: %v\n%s%s", root, err, report.String(), log.String())
	}
	fmt.Fprintf(os.Stderr, "browser: built %d pages from %s in %v\n", len(f.res.Pages), root, time.Since(start).Round(time.Millisecond))
	if f.res.Check.HasErrors() {
		n := 0
		for _, x := range f.res.Check.Findings {
			if x.Level == report.Error {
				n++
			}
		}
		fmt.Fprintf(os.Stderr, "browser: the link check has %d errors (site's tests report them); testing the site anyway\n", n)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	f.srv = &http.Server{Handler: dribble(siteHandler(os.DirFS(f.public), f.rules, f.redirects)), ReadHeaderTimeout: 10 * time.Second}
	go f.srv.Serve(ln)
	f.base = "http://" + ln.Addr().String()
	return nil
}

// launch starts Chromium with a fresh profile.
func (f *fixture) launch(path string) error {
	f.chrome = new(bytes.Buffer)
	profile := filepath.Join(f.tmp, "chromium-profile")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(desktopWidth, desktopHeight),
		chromedp.CombinedOutput(syncWriter{w: f.chrome}),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	f.stop = append(f.stop, cancelAlloc, cancelBrowser)
	f.browser = browser
	start := time.Now()
	if err := chromedp.Do(browser); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "browser: Chromium started in %v\n", time.Since(start).Round(time.Millisecond))
	return nil
}

func (f *fixture) close() {
	for _, stop := range slices.Backward(f.stop) {
		stop()
	}
	if f.srv != nil {
		f.srv.Close()
	}
	if f.tmp != "" {
		os.RemoveAll(f.tmp)
	}
}

// url is the test server's address of a site path.
func (f *fixture) url(path string) string { return f.base + path }

// exists reports whether the published site has the page of a path such as
// "/ko/privacy-policy/".
func (f *fixture) exists(path string) bool {
	_, err := fs.Stat(os.DirFS(f.public), strings.TrimPrefix(path, "/")+"index.html")
	return err == nil
}

// sla is the service level agreement the tests open: CVM's, else the
// first one the catalogue produced.
func (f *fixture) sla(t *testing.T, lang string) string {
	t.Helper()
	if p := "/" + lang + "/service-level-agreements/cvm/"; f.exists(p) {
		return p
	}
	var paths []string
	for _, p := range f.res.Pages {
		if p.Lang == lang && p.Kind == "page" && strings.HasPrefix(p.Path, "/service-level-agreements/") {
			paths = append(paths, "/"+strings.TrimSuffix(p.Out, "index.html"))
		}
	}
	if len(paths) == 0 {
		t.Fatalf("the build has no service level agreement in %s", lang)
	}
	slices.Sort(paths)
	return paths[0]
}

// keyPages are the pages of issue #7 in a language: the home page, the
// privacy policy and one service level agreement.
func (f *fixture) keyPages(t *testing.T, lang string) []string {
	return []string{"/" + lang + "/", "/" + lang + "/privacy-policy/", f.sla(t, lang)}
}

// readLocales reads the locale of each language from hugo.toml.
func readLocales(name string) (map[string]string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var cfg struct {
		Languages map[string]struct {
			Locale string `toml:"locale"`
		} `toml:"languages"`
	}
	if err := toml.Unmarshal(b, &cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	m := map[string]string{}
	for _, lang := range languages {
		l := cfg.Languages[lang].Locale
		if l == "" {
			return nil, fmt.Errorf("%s: no locale for the language %q", name, lang)
		}
		m[lang] = l
	}
	return m, nil
}

// syncWriter serializes the writes of Chromium's output goroutine with
// the reads of a failing test.
type syncWriter struct{ w *bytes.Buffer }

var chromeOut sync.Mutex

func (s syncWriter) Write(p []byte) (int, error) {
	chromeOut.Lock()
	defer chromeOut.Unlock()
	return s.w.Write(p)
}

// chromeOutput is what Chromium printed.
func (f *fixture) chromeOutput() string {
	chromeOut.Lock()
	defer chromeOut.Unlock()
	if f.chrome == nil {
		return ""
	}
	return f.chrome.String()
}
