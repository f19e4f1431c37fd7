package browser

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// navState is the legal navigation as a phone shows it.
type navState struct {
	ToggleShown bool   `json:"toggleShown"`
	Expanded    string `json:"expanded"`
	ListShown   bool   `json:"listShown"`
	ListHeight  int    `json:"listHeight"`
}

const readNav = `(() => {
  const b = document.querySelector(".legal-nav .nav-toggle");
  const list = document.getElementById("legal-nav-list");
  // checkVisibility: a closed <details> hides its content with
  // content-visibility, not display.
  const shown = el => !!el && el.checkVisibility() && el.getBoundingClientRect().height > 0;
  return {toggleShown: shown(b), expanded: b ? String(b.parentElement.open) : "", listShown: shown(list),
    listHeight: list ? Math.round(list.getBoundingClientRect().height) : 0};
})()`

// overflow describes what sticks out sideways at the current width.
type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Culprits    []string `json:"culprits"`
}

// readOverflow measures horizontal scrolling at a viewport width and names
// the innermost elements that reach past the right edge, outside any
// scrolling box, to point at the cause. A phone's browser widens its layout
// viewport to fit a page that is too wide (innerWidth grows with it), so
// the width is the device's, not innerWidth.
func readOverflow(width int) string {
	return fmt.Sprintf(`(() => {
  const w = %d, out = [];
  const scrolls = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) { if (getComputedStyle(p).overflowX !== "visible") return true; } return false; };
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1 && r.width > 0 && !scrolls(el)) out.push(el);
  }
  const innermost = out.filter(el => !out.some(o => o !== el && el.contains(o)));
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "");
  return {
    scrollWidth: Math.max(document.scrollingElement.scrollWidth, innerWidth), innerWidth: w,
    culprits: innermost.slice(0, 8).map(el => name(el) + " (in " + name(el.parentElement) + ") right=" + Math.round(el.getBoundingClientRect().right) + "px " + JSON.stringify((el.textContent || "").trim().slice(0, 40))),
  };
})()`, width)
}

// TestMobile at 390 px: the legal navigation starts collapsed behind its
// button, opens and closes with it (aria-expanded follows), and no key page
// scrolls sideways, in any language.
func TestMobile(t *testing.T) {
	f := browserSite(t)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb := f.newTab(t, mobileWidth, mobileHeight)
			for _, path := range f.keyPages(t, lang) {
				tb.open(path)
				ov := eval[overflow](tb, readOverflow(mobileWidth))
				if ov.ScrollWidth > ov.InnerWidth {
					t.Errorf("%s scrolls sideways at %d px: the page is %d px wide; reaching past the edge: %v", path, mobileWidth, ov.ScrollWidth, ov.Culprits)
				}
				// Open menus must fit too.
				for _, menu := range []string{".langmenu", ".site-header .panel"} {
					tb.do(evalVoid(fmt.Sprintf(`document.querySelector(%q) && (document.querySelector(%q).open = true)`, menu, menu)))
					ov := eval[overflow](tb, readOverflow(mobileWidth))
					if ov.ScrollWidth > ov.InnerWidth {
						t.Errorf("%s scrolls sideways at %d px with %s open: the page is %d px wide; reaching past the edge: %v", path, mobileWidth, menu, ov.ScrollWidth, ov.Culprits)
					}
					tb.do(evalVoid(fmt.Sprintf(`document.querySelector(%q) && (document.querySelector(%q).open = false)`, menu, menu)))
				}
			}

			path := "/" + lang + "/privacy-policy/"
			tb.open(path)
			nav := eval[navState](tb, readNav)
			if !nav.ToggleShown || nav.Expanded != "false" || nav.ListShown {
				t.Fatalf("%s at %d px: the legal navigation should start collapsed behind its button: %+v", path, mobileWidth, nav)
			}
			tb.do(chromedp.Tap(chromedp.CSS(".legal-nav .nav-toggle")))
			nav = eval[navState](tb, readNav)
			if nav.Expanded != "true" || !nav.ListShown {
				t.Errorf("%s: after a tap on the button the navigation should be open: %+v", path, nav)
			}
			ov := eval[overflow](tb, readOverflow(mobileWidth))
			if ov.ScrollWidth > ov.InnerWidth {
				t.Errorf("%s with the legal navigation open scrolls sideways: %d px; %v", path, ov.ScrollWidth, ov.Culprits)
			}
			tb.do(chromedp.Tap(chromedp.CSS(".legal-nav .nav-toggle")))
			nav = eval[navState](tb, readNav)
			if nav.Expanded != "false" || nav.ListShown {
				t.Errorf("%s: after a second tap the navigation should be closed again: %+v", path, nav)
			}
		})
	}
}

// TestDesktopNavigation: on a wide screen the legal navigation is always
// open and its button is not shown.
func TestDesktopNavigation(t *testing.T) {
	f := browserSite(t)
	tb := f.newTab(t, desktopWidth, desktopHeight)
	tb.open("/en/privacy-policy/")
	nav := eval[navState](tb, readNav)
	if nav.ToggleShown || !nav.ListShown {
		t.Errorf("at %d px the legal navigation should be shown without its button: %+v", desktopWidth, nav)
	}
	ov := eval[overflow](tb, readOverflow(desktopWidth))
	if ov.ScrollWidth > ov.InnerWidth {
		t.Errorf("the privacy policy scrolls sideways at %d px: %d px; %v", desktopWidth, ov.ScrollWidth, ov.Culprits)
	}
}

// tocState is the privacy policy's table of contents and its first section
// as a reader meets them.
type tocState struct {
	Collapsible bool    `json:"collapsible"` // a <details> with a <summary>
	Open        bool    `json:"open"`
	ListShown   bool    `json:"listShown"`
	FirstTop    float64 `json:"firstTop"` // the first section heading, from the top of the page
	Viewport    float64 `json:"viewport"`
}

const readTOC = `(() => {
  const d = document.querySelector(".toc details");
  const list = document.querySelector(".toc ul");
  const h = document.querySelector(".doc .content h2");
  // checkVisibility: a closed <details> hides its content with
  // content-visibility, not display.
  const shown = el => !!el && el.checkVisibility() && el.getBoundingClientRect().height > 0;
  return {collapsible: !!d && !!d.querySelector(":scope > summary"), open: !!d && d.open, listShown: shown(list),
    firstTop: h ? h.getBoundingClientRect().top + scrollY : -1, viewport: innerHeight};
})()`

// TestMobileTableOfContents: on a phone the privacy policy's long table of
// contents starts collapsed, so its first section begins within the first
// two screens, and a tap on its heading opens it; on a desktop it is open;
// without script it is folded the same, and a tap opens it.
func TestMobileTableOfContents(t *testing.T) {
	f := browserSite(t)
	for _, lang := range []string{"en", "ko"} {
		path := "/" + lang + "/privacy-policy/"
		t.Run(lang, func(t *testing.T) {
			tb := f.newTab(t, mobileWidth, mobileHeight)
			tb.open(path)
			toc := eval[tocState](tb, readTOC)
			if !toc.Collapsible {
				t.Fatalf("%s: the table of contents is not a <details> with a <summary>: %+v", path, toc)
			}
			if toc.Open || toc.ListShown {
				t.Errorf("%s at %d px: the table of contents should start collapsed: %+v", path, mobileWidth, toc)
			}
			if toc.FirstTop < 0 || toc.FirstTop > 2*toc.Viewport {
				t.Errorf("%s at %d px: the first section starts %.0f px down the page, want within two screens (%.0f px)", path, mobileWidth, toc.FirstTop, 2*toc.Viewport)
			}
			tb.do(chromedp.Tap(chromedp.CSS(".toc summary")))
			if toc = eval[tocState](tb, readTOC); !toc.Open || !toc.ListShown {
				t.Errorf("%s: after a tap on its heading the table of contents should be open: %+v", path, toc)
			}
			tb.do(chromedp.Tap(chromedp.CSS(".toc summary")))
			if toc = eval[tocState](tb, readTOC); toc.Open || toc.ListShown {
				t.Errorf("%s: after a second tap it should be closed again: %+v", path, toc)
			}
		})
	}
	t.Run("desktop", func(t *testing.T) {
		tb := f.newTab(t, desktopWidth, desktopHeight)
		tb.open("/en/privacy-policy/")
		if toc := eval[tocState](tb, readTOC); !toc.Open || !toc.ListShown {
			t.Errorf("at %d px the table of contents should be open: %+v", desktopWidth, toc)
		}
		// Without script the stylesheet shows it beside the text all the same.
		tb = f.newTab(t, desktopWidth, desktopHeight)
		call(tb, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		tb.open("/en/privacy-policy/")
		if toc := eval[tocState](tb, readTOC); !toc.ListShown {
			t.Errorf("at %d px without script the table of contents should be shown: %+v", desktopWidth, toc)
		}
	})
	t.Run("no script", func(t *testing.T) {
		tb := f.newTab(t, mobileWidth, mobileHeight)
		call(tb, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		tb.open("/en/privacy-policy/")
		if toc := eval[tocState](tb, readTOC); toc.Open || toc.ListShown {
			t.Errorf("without script the table of contents should start folded: %+v", toc)
		}
		tb.do(chromedp.Tap(chromedp.CSS(".toc summary")))
		if toc := eval[tocState](tb, readTOC); !toc.Open || !toc.ListShown {
			t.Errorf("without script a tap on its heading should open the table of contents: %+v", toc)
		}
	})
}
