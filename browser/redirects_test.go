package browser

import (
	"bytes"
	"html"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	xhtml "golang.org/x/net/html"
	"legalcenter/internal/netlify"
)

// siteHandler serves a published site as Netlify does for our purposes:
// the headers of netlify.toml on every response (by the requested path),
// its redirects as internal/netlify models them (302 to the reader's
// language from /, each language's 404 page), then files and folder index
// pages. A file is served as it is: /index.html is the root's fallback
// page, not a redirect to / as Go's file server would make it.
func siteHandler(site fs.FS, rules []netlify.HeaderRule, redirects []netlify.Redirect) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range netlify.HeadersFor(rules, r.URL.Path) {
			w.Header()[k] = v
		}
		status, target := netlify.Serve(redirects, site, r.URL.Path, r.Header.Get("Accept-Language"))
		switch {
		case status == http.StatusMovedPermanently || status == http.StatusFound:
			http.Redirect(w, r, target, status)
		case target == "":
			http.NotFound(w, r)
		default:
			serveFile(w, r, site, target, status)
		}
	})
}

// serveFile answers with a file of the site and the status of the rule
// that chose it. A folder asked for without its slash is redirected to it.
func serveFile(w http.ResponseWriter, r *http.Request, site fs.FS, name string, status int) {
	info, err := fs.Stat(site, name)
	if err == nil && info.IsDir() {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
		return
	}
	b, err := fs.ReadFile(site, name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if status == http.StatusOK {
		http.ServeContent(w, r, name, info.ModTime(), bytes.NewReader(b))
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// noFollow is an HTTP client that shows redirects instead of following them.
var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// get requests a site path with an Accept-Language, without following a
// redirect.
func (f *fixture) get(t *testing.T, path, acceptLanguage string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.url(path), nil)
	if err != nil {
		t.Fatal(err)
	}
	if acceptLanguage != "" {
		req.Header.Set("Accept-Language", acceptLanguage)
	}
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// TestServedRedirects: the test server answers as netlify.toml's
// [[redirects]] say, with the headers of [[headers]] on redirects and 404
// pages too.
func TestServedRedirects(t *testing.T) {
	f := servedSite(t)
	if len(f.redirects) == 0 {
		t.Fatal("netlify.toml has no [[redirects]]")
	}
	for _, tt := range []struct {
		path, accept string
		status       int
		location     string
	}{
		{"/", "ko-KR,ko;q=0.9,en;q=0.8", 302, "/ko/"},
		{"/", "pt-BR", 302, "/pt-br/"},
		{"/", "de", 302, "/en/"},
		{"/", "", 302, "/en/"},
		{"/ja/", "ko", 200, ""},
		{"/ja/no-such-page/", "", 404, ""},
		{"/index.html", "ko", 200, ""},
		{"/en", "", 301, "/en/"},
		{"/privacy-policy/", "ko-KR,ko;q=0.9,en;q=0.8", 302, "/ko/privacy-policy/"},
		{"/privacy-policy/", "de", 302, "/en/privacy-policy/"},
		{"/no-such-page/", "ja", 302, "/ja/no-such-page/"},
		{"/robots.txt", "ko", 200, ""},
	} {
		t.Run(tt.path+" "+tt.accept, func(t *testing.T) {
			resp, _ := f.get(t, tt.path, tt.accept)
			if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.location {
				t.Errorf("%s, Location %q; want %d, Location %q", resp.Status, resp.Header.Get("Location"), tt.status, tt.location)
			}
			if resp.Header.Get("Content-Security-Policy") == "" {
				t.Error("no Content-Security-Policy")
			}
		})
	}
}

// TestLanguageRedirect: a reader who opens / lands on the legal center in
// their browser's language (Chromium sends the Accept-Language the test
// sets), English for a language the site does not have.
func TestLanguageRedirect(t *testing.T) {
	f := browserSite(t)
	for _, tt := range []struct{ accept, want string }{
		{"ko", "/ko/"},
		{"pt-BR", "/pt-br/"},
		{"de", "/en/"},
	} {
		t.Run(tt.accept, func(t *testing.T) {
			tb := f.newTab(t, desktopWidth, desktopHeight)
			call(tb, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": tt.accept}})
			resp := tb.navigate("/")
			if resp.Status != 200 || resp.URL != f.url(tt.want) {
				t.Fatalf("/ with Accept-Language %s: HTTP %d at %s, want 200 at %s", tt.accept, resp.Status, resp.URL, f.url(tt.want))
			}
			lang := strings.Trim(tt.want, "/")
			if got := eval[string](tb, "location.pathname + ' ' + document.documentElement.lang"); got != tt.want+" "+f.locale[lang] {
				t.Errorf("the tab shows %q, want %q", got, tt.want+" "+f.locale[lang])
			}
		})
	}
}

// TestNeutralPathRedirect: a language-neutral address (a document's path
// without its language folder) opens the document in the reader's
// language, English for a language the site does not have, at the section
// its #fragment names; an address that exists in no language ends at the
// 404 page of the reader's language.
func TestNeutralPathRedirect(t *testing.T) {
	f := browserSite(t)
	for _, tt := range []struct{ accept, path, want string }{
		{"ko-KR,ko;q=0.9", "/privacy-policy/#x", "/ko/privacy-policy/#x"},
		{"de", "/privacy-policy/#x", "/en/privacy-policy/#x"},
		{"ja", "/no-such-page/", "/ja/no-such-page/"},
	} {
		t.Run(tt.accept+" "+tt.path, func(t *testing.T) {
			tb := f.newTab(t, desktopWidth, desktopHeight)
			call(tb, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": tt.accept}})
			tb.navigate(tt.path)
			lang, _, _ := strings.Cut(strings.TrimPrefix(tt.want, "/"), "/")
			want := tt.want + " " + f.locale[lang]
			if got := eval[string](tb, "location.pathname + location.hash + ' ' + document.documentElement.lang"); got != want {
				t.Errorf("%s with Accept-Language %s: the tab shows %q, want %q", tt.path, tt.accept, got, want)
			}
			// The 404 page's own status is logged, as every browser does.
			for _, p := range tb.takeProblems() {
				if !strings.Contains(p, "status of 404") || !strings.HasSuffix(tt.want, "no-such-page/") {
					t.Errorf("the page reported: %s", p)
				}
			}
		})
	}
}

// TestNotFoundPage: an address that does not exist under /ja/ shows the
// Japanese 404 page, with status 404, at the address asked for (not
// redirected), with its stylesheet, its title and heading in Japanese, no
// console error and no failed load.
func TestNotFoundPage(t *testing.T) {
	f := browserSite(t)
	ja, en := f.title(t, "ja/404.html"), f.title(t, "en/404.html")
	if ja == en {
		t.Fatalf("ja/404.html and en/404.html have the same title %q: the test could not tell them apart", ja)
	}
	tb := f.newTab(t, desktopWidth, desktopHeight)
	const missing = "/ja/no-such-page/"
	resp := tb.navigate(missing)
	if resp.Status != 404 {
		t.Errorf("%s: HTTP %d, want 404", missing, resp.Status)
	}
	type view struct{ Path, Title, Lang string }
	got := eval[view](tb, `({Path: location.pathname, Title: document.title, Lang: document.documentElement.lang})`)
	if want := (view{missing, ja, f.locale["ja"]}); got != want {
		t.Errorf("the tab shows %+v, want the Japanese 404 page %+v", got, want)
	}
	if n := eval[int](tb, `document.styleSheets.length`); n == 0 {
		t.Error("the 404 page has no stylesheet")
	}
	// Its heading and the tab's title are Japanese, as on every page.
	for _, p := range titleProblems("ja", f.locale["ja"], eval[pageText](tb, readPageText), f.publishedText(t, "en/404.html"), titleBrands(t)) {
		t.Errorf("%s: %s", missing, p)
	}
	// Chromium logs the status of the document itself, as every browser
	// does for a 404 page; that entry is the status asserted above. Any
	// other report (a failed stylesheet or script, an exception, a CSP
	// violation) fails the test.
	status := "browser log (network): Failed to load resource: the server responded with a status of 404 (Not Found) [" + f.url(missing) + "]"
	for _, p := range tb.takeProblems() {
		if p != missing+": "+status {
			t.Errorf("the page reported: %s", p)
		}
	}
}

// TestRootFallback: the root's own page (layouts/alias.html), which static
// servers without netlify.toml's rules serve for /, lists the six
// languages, each with its hreflang, and refreshes to English.
func TestRootFallback(t *testing.T) {
	f := servedSite(t)
	resp, body := f.get(t, "/index.html", "")
	if resp.StatusCode != 200 {
		t.Fatalf("/index.html: %s, Location %q", resp.Status, resp.Header.Get("Location"))
	}
	doc, err := xhtml.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var links, refresh []string
	for n := range doc.Descendants() {
		if n.Type != xhtml.ElementNode {
			continue
		}
		a := map[string]string{}
		for _, x := range n.Attr {
			a[x.Key] = x.Val
		}
		switch n.Data {
		case "a":
			links = append(links, a["hreflang"]+" "+a["href"])
		case "meta":
			if strings.EqualFold(a["http-equiv"], "refresh") {
				refresh = append(refresh, a["content"])
			}
		}
	}
	var want []string
	for _, lang := range languages {
		want = append(want, f.locale[lang]+" /"+lang+"/")
	}
	if !slices.Equal(links, want) {
		t.Errorf("/index.html links to\n%s\nwant\n%s", strings.Join(links, "\n"), strings.Join(want, "\n"))
	}
	if len(refresh) != 1 || !strings.HasSuffix(refresh[0], "url=/en/") {
		t.Errorf("/index.html refreshes with %q, want one refresh to /en/", refresh)
	}
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// title is the <title> of a published file.
func (f *fixture) title(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(os.DirFS(f.public), name)
	if err != nil {
		t.Fatal(err)
	}
	m := titleRE.FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s has no title", name)
	}
	return html.UnescapeString(strings.TrimSpace(string(m[1])))
}
