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
	Contrast float64 `json:"contrast"` // of the outline against the background behind it
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
    contrast: (() => {
      // WCAG contrast of the outline colour with the first opaque
      // background around the element (the outline is drawn outside it;
      // white when none is set).
      const rgb = c => c.match(/[\d.]+/g).map(Number);
      let bg = [255, 255, 255];
      for (let e = el.parentElement; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length < 4 || c[3] > 0) { bg = c.slice(0, 3); break; }
      }
      const lum = c => c.map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
      const [a, b] = [lum(rgb(cs.outlineColor).slice(0, 3)), lum(bg)].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05);
    })(),
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
	// WCAG 2.2 (1.4.11, 2.4.13): a focus indicator needs 3:1 against what
	// surrounds it.
	if f.Outline != "none" && f.Width > 0 && f.Contrast < 3 {
		t.Errorf("%s: the focus outline of %s has a contrast of %.2f:1 with the background, below 3:1", where, f.Desc, f.Contrast)
	}
}

// skipState is the skip link and its target, as the page has them.
type skipState struct {
	Links        int    `json:"links"` // .skip-link elements
	Mains        int    `json:"mains"` // <main> elements
	Text         string `json:"text"`
	Href         string `json:"href"`
	TargetIsMain bool   `json:"targetIsMain"` // the link's #fragment names the <main>
}

const readSkip = `(() => {
  const links = document.querySelectorAll(".skip-link"), mains = document.querySelectorAll("main");
  const s = links[0], href = s ? s.getAttribute("href") || "" : "";
  const target = href.startsWith("#") ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
  return {links: links.length, mains: mains.length, text: s ? s.textContent.trim() : "", href,
    targetIsMain: !!target && mains.length === 1 && target === mains[0]};
})()`

// inMain reports whether the focus is on the <main> or inside it.
const inMain = `!!document.activeElement && !!document.activeElement.closest("main")`

// maxMenuStop is the furthest Tab stop after the skip link at which the
// language menu may come.
const maxMenuStop = 5

// TestKeyboard, in every language: with Tab alone a reader reaches the
// skip link first, then the language menu (at most maxMenuStop stops after
// the skip link) and the legal navigation; every stop shows a visible focus
// outline. The skip link points at the page's <main>; Enter on it moves the
// focus into <main>, and the next Tab goes on from there. Enter opens the
// language menu and follows a language, and follows a link of the legal
// navigation.
func TestKeyboard(t *testing.T) {
	f := browserSite(t)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
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
					t.Errorf("%s: the first Tab focuses %s, want the skip link", path, fc.Desc)
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
				t.Fatalf("%s: 60 Tabs did not reach the language menu (%v) and the legal navigation (%v); focus went:\n%s", path, menu != 0, nav != 0, strings.Join(seq, "\n"))
			}
			t.Logf("%s: the language menu is %d Tabs away, the legal navigation %d", path, menu, nav)
			// A reader looking for their language finds it early: among the
			// first stops after the skip link, not after the whole header.
			if after := menu - 1; after > maxMenuStop {
				var seq []string
				for _, s := range stops[1 : menu-1] {
					seq = append(seq, s.Desc)
				}
				t.Errorf("%s: the language menu is Tab stop %d after the skip link, want one of the first %d; before it:\n%s", path, after, maxMenuStop, strings.Join(seq, "\n"))
			}

			// The legal navigation with the keyboard: Enter follows its first
			// link (where the walk ended, if the navigation comes after the
			// language menu).
			if nav < menu {
				tb.open(path)
				for range nav {
					tb.press(kb.Tab)
				}
			}
			href := eval[focused](tb, describeFocus).Href
			if href == "" {
				t.Fatalf("%s: the first stop in the legal navigation is not a link", path)
			}
			tb.mu.Lock()
			tb.at = href
			tb.mu.Unlock()
			tb.pressAndLoad(kb.Enter)
			if got := eval[string](tb, "location.pathname"); got != strings.SplitN(href, "#", 2)[0] {
				t.Errorf("%s: Enter on the legal navigation's first link opened %s, want %s", path, got, href)
			}

			// The skip link moves the focus into the document: to the
			// <main> (layouts/baseof.html), and the next Tab goes on inside it.
			tb.open(path)
			skip := eval[skipState](tb, readSkip)
			if skip.Links != 1 || skip.Mains != 1 || !skip.TargetIsMain || skip.Text == "" {
				t.Errorf("%s: want one skip link with a text, to the page's one <main>; found %d skip links (the first %q, href %q), %d <main>, the link targets the <main>: %v",
					path, skip.Links, skip.Text, skip.Href, skip.Mains, skip.TargetIsMain)
			}
			tb.press(kb.Tab)
			tb.press(kb.Enter)
			if fc := eval[focused](tb, describeFocus); !eval[bool](tb, inMain) {
				t.Errorf("%s: Enter on the skip link leaves the focus on %s, want it in <main>", path, fc.Desc)
			}
			if got := eval[string](tb, "location.pathname"); got != path {
				t.Errorf("%s: Enter on the skip link opened %s", path, got)
			}
			tb.press(kb.Tab)
			fc := eval[focused](tb, describeFocus)
			if !eval[bool](tb, inMain) {
				t.Errorf("%s: after the skip link, Tab focuses %s, outside <main>", path, fc.Desc)
			}
			focusVisible(t, path+", Tab after the skip link", fc)

			// The language menu with the keyboard: Tab to it, Enter opens it,
			// Tab walks its entries, Enter follows one.
			tb.open(path)
			for range menu {
				tb.press(kb.Tab)
			}
			tb.press(kb.Enter)
			if !eval[bool](tb, `document.querySelector(".langmenu").open`) {
				t.Fatalf("%s: Enter on the language menu does not open it", path)
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
				t.Fatalf("%s: Tab through the open language menu did not reach %s", path, want)
			}
			tb.mu.Lock()
			tb.at = want
			tb.mu.Unlock()
			tb.pressAndLoad(kb.Enter)
			if got := eval[string](tb, "location.pathname"); got != want {
				t.Errorf("%s: Enter on the %s entry opened %s, want %s", path, target, got, want)
			}

		})
	}
}
