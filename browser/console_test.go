package browser

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestConsoleClean opens the key pages in every language and the page of
// the partial translation: no console error, no uncaught exception, no
// failed load, no Content-Security-Policy violation (the tab fails the test
// on any of them).
func TestConsoleClean(t *testing.T) {
	f := browserSite(t)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb := f.newTab(t, desktopWidth, desktopHeight)
			for _, path := range f.keyPages(t, lang) {
				tb.open(path)
				tb.waitFor("site.js to run", `document.documentElement.classList.contains("js")`)
			}
			if slices.Contains(partialLangs, lang) {
				tb.open("/" + lang + partialPath)
			}
		})
	}
}

// TestCSPViolationsAreSeen proves the capture: an inline script, which the
// production policy forbids (site.js is external for that reason), is
// blocked and reported. It fails when netlify.toml's policy allows inline
// scripts or when the report does not reach the test.
func TestCSPViolationsAreSeen(t *testing.T) {
	f := browserSite(t)
	tb := f.newTab(t, desktopWidth, desktopHeight)
	tb.open("/en/privacy-policy/")
	ran := eval[bool](tb, `(() => {
	  window.__inline = false;
	  const s = document.createElement("script");
	  s.textContent = "window.__inline = true";
	  document.head.appendChild(s);
	  return window.__inline;
	})()`)
	if ran {
		t.Error("an inline script ran: the Content-Security-Policy of netlify.toml should forbid inline scripts (script-src without 'unsafe-inline')")
	}
	tb.waitFor("the violation report", "true")
	var csp []string
	for _, p := range tb.takeProblems() {
		if strings.Contains(p, "Content-Security-Policy violation") {
			csp = append(csp, p)
		}
	}
	if len(csp) == 0 && !ran {
		t.Error("the inline script was blocked but no violation reached the test: the CSP capture of tab_test.go does not work")
	}
}

// TestFavicon: the site has an icon, so a browser's own request for one
// does not end in a 404 in every reader's console. (The tabs ignore that
// request's failure, so that it is reported here once.)
//
// DEFECT found by this suite (reported on issue #7): the site has no icon;
// every first visit logs "Failed to load resource: 404 /favicon.ico".
func TestFavicon(t *testing.T) {
	f := browserSite(t)
	tb := f.newTab(t, desktopWidth, desktopHeight)
	tb.open("/en/")
	href := eval[string](tb, `(document.querySelector('link[rel~="icon"]') || {}).href || new URL("/favicon.ico", location.href).href`)
	resp, err := http.Get(href)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the site icon %s: %s; the page declares no <link rel=\"icon\">, so browsers ask for /favicon.ico and log the 404 as a console error", href, resp.Status)
	}
}
