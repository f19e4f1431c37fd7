package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp/kb"
)

// axePath is axe-core's browser build, installed by npm from
// testdata/package.json.
var axePath = filepath.Join("testdata", "node_modules", "axe-core", "axe.min.js")

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// axe returns axe-core's source, skipping (or in CI failing) the test when
// it is not installed.
func axe(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		b, err := os.ReadFile(axePath)
		axeSource, axeErr = string(b), err
	})
	if axeErr != nil {
		unavailable(t, "axe-core is not installed (cd browser/testdata && npm ci): %v", axeErr)
	}
	return axeSource
}

// axeViolation is one rule axe-core found broken, with the elements.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	URL    string `json:"helpUrl"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// runAxe injects axe-core into the page (with Runtime.evaluate, as DevTools
// does: the site's Content-Security-Policy does not apply to it) and returns
// the serious and critical violations.
func runAxe(tb *tab, source string) []axeViolation {
	tb.t.Helper()
	if !eval[bool](tb, `typeof window.axe === "object"`) {
		tb.do(evalVoid(source))
	}
	return eval[[]axeViolation](tb, `document.fonts.ready.then(() => axe.run(document, {resultTypes: ["violations"]})).then(r =>
	  r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
	    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
	    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target, html: n.html.slice(0, 200), failureSummary: n.failureSummary})),
	  })))`)
}

// TestAxe runs axe-core on the home page, the privacy policy and a service
// level agreement in every language: no serious or critical violation.
func TestAxe(t *testing.T) {
	source := axe(t)
	f := browserSite(t)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb := f.newTab(t, desktopWidth, desktopHeight)
			for _, path := range f.keyPages(t, lang) {
				tb.open(path)
				for _, v := range runAxe(tb, source) {
					var b strings.Builder
					fmt.Fprintf(&b, "%s: axe %s (%s): %s\n\t%s", path, v.ID, v.Impact, v.Help, v.URL)
					for _, n := range v.Nodes {
						fmt.Fprintf(&b, "\n\t%v %s\n\t\t%s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
					}
					t.Error(b.String())
				}
			}
		})
	}
}

// focused describes the element that has the focus.
type focused struct {
	Desc     string  `json:"desc"`
	Langmenu bool    `json:"langmenu"`
	LegalNav bool    `json:"legalNav"`
	Skip     bool    `json:"skip"`
	Outline  string  `json:"outline"`
	Width    float64 `json:"width"`
	InView   bool    `json:"inView"`
	Href     string  `json:"href"`
}

const describeFocus = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {desc: "body"};
  const cs = getComputedStyle(el), r = el.getBoundingClientRect();
  let desc = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).split(" ").join(".") : "");
  desc += " " + JSON.stringify((el.textContent || "").trim().slice(0, 40));
  return {
    desc, langmenu: !!el.closest(".langmenu"), legalNav: !!el.closest(".legal-nav"),
    skip: el.matches(".skip-link"), outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth) || 0,
    inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    href: el.getAttribute("href") || "",
  };
})()`

// focusVisible fails unless the focused element shows a focus outline and
// is on screen.
func focusVisible(t *testing.T, where string, f focused) {
	t.Helper()
	if f.Outline == "none" || f.Width <= 0 {
		t.Errorf("%s: the focused %s has no visible focus (outline-style %s, width %.1fpx)", where, f.Desc, f.Outline, f.Width)
	}
	if !f.InView {
		t.Errorf("%s: the focused %s is not on screen", where, f.Desc)
	}
}

// TestKeyboard: with Tab alone a reader reaches the skip link first, then
// the language menu and the legal navigation; every stop shows a visible
// focus outline; Enter opens the language menu and follows a language, and
// follows a link of the legal navigation.
func TestKeyboard(t *testing.T) {
	f := browserSite(t)
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			tb := f.newTab(t, desktopWidth, desktopHeight)
			path := "/" + lang + "/privacy-policy/"
			tb.open(path)

			var stops []focused
			var menu, nav int // Tab presses to reach them
			for i := 1; i <= 60 && (menu == 0 || nav == 0); i++ {
				tb.press(kb.Tab)
				fc := eval[focused](tb, describeFocus)
				stops = append(stops, fc)
				focusVisible(t, fmt.Sprintf("%s, Tab %d", path, i), fc)
				if i == 1 && !fc.Skip {
					t.Errorf("the first Tab focuses %s, want the skip link", fc.Desc)
				}
				if fc.Langmenu && menu == 0 {
					menu = i
				}
				if fc.LegalNav && nav == 0 {
					nav = i
				}
			}
			if menu == 0 || nav == 0 {
				var seq []string
				for _, s := range stops {
					seq = append(seq, s.Desc)
				}
				t.Fatalf("60 Tabs did not reach the language menu (%v) and the legal navigation (%v); focus went:\n%s", menu != 0, nav != 0, strings.Join(seq, "\n"))
			}
			t.Logf("%s: the language menu is %d Tabs away, the legal navigation %d", path, menu, nav)

			// The skip link moves the focus to the document.
			tb.open(path)
			tb.press(kb.Tab)
			tb.press(kb.Enter)
			if id := eval[string](tb, "document.activeElement.id"); id != "main" {
				t.Errorf("Enter on the skip link focuses #%s, want #main", id)
			}

			// The language menu with the keyboard: Tab to it, Enter opens it,
			// Tab walks its entries, Enter follows one.
			tb.open(path)
			for range menu {
				tb.press(kb.Tab)
			}
			tb.press(kb.Enter)
			if !eval[bool](tb, `document.querySelector(".langmenu").open`) {
				t.Fatal("Enter on the language menu does not open it")
			}
			target := "ja"
			if lang == "ja" {
				target = "en"
			}
			want := "/" + target + "/privacy-policy/"
			found := false
			for range 10 {
				tb.press(kb.Tab)
				fc := eval[focused](tb, describeFocus)
				focusVisible(t, path+", language menu", fc)
				if fc.Href == want {
					found = true
					break
				}
			}
			if !found {
				t.Fatalf("Tab through the open language menu did not reach %s", want)
			}
			tb.mu.Lock()
			tb.at = want
			tb.mu.Unlock()
			tb.pressAndLoad(kb.Enter)
			if got := eval[string](tb, "location.pathname"); got != want {
				t.Errorf("Enter on the %s entry opened %s, want %s", target, got, want)
			}

			// The legal navigation with the keyboard.
			tb.open(path)
			for range nav {
				tb.press(kb.Tab)
			}
			href := eval[focused](tb, describeFocus).Href
			if href == "" {
				t.Fatal("the first stop in the legal navigation is not a link")
			}
			tb.pressAndLoad(kb.Enter)
			if got := eval[string](tb, "location.pathname"); got != strings.SplitN(href, "#", 2)[0] {
				t.Errorf("Enter on the legal navigation's first link opened %s, want %s", got, href)
			}
		})
	}
}
