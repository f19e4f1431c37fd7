package browser

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// tabletWidth is a window between the phone layout (48rem) and the wide one
// (80rem), where the table of contents used to stand whole above the text.
const tabletWidth, tabletHeight = 1024, 900

// axNode is the accessibility node of the element a JavaScript expression
// gives, as Chromium exposes it to assistive technology.
func axNode(tb *tab, expr string) *accessibility.Node {
	tb.t.Helper()
	r := call(tb, runtime.Evaluate, runtime.EvaluateParams{Expression: expr})
	if r.Result == nil || r.Result.ObjectID == "" {
		tb.t.Fatalf("%s: %s is not an element", tb.at, expr)
	}
	no := false
	res := call(tb, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{ObjectID: r.Result.ObjectID, FetchRelatives: &no})
	if len(res.Nodes) == 0 {
		tb.t.Fatalf("%s: %s has no accessibility node", tb.at, expr)
	}
	return res.Nodes[0]
}

// axString is an accessibility value as a string ("" when absent).
func axString(v *accessibility.Value) string {
	if v == nil {
		return ""
	}
	var s string
	if json.Unmarshal(v.Value, &s) != nil {
		return string(v.Value)
	}
	return s
}

// axProperty is a property of an accessibility node as JSON ("" when the
// node does not have it).
func axProperty(n *accessibility.Node, name accessibility.PropertyName) string {
	for _, p := range n.Properties {
		if p.Name == name && p.Value != nil {
			return string(p.Value.Value)
		}
	}
	return ""
}

// layoutShift is the page's cumulative layout shift so far: the sum of its
// layout-shift entries that no input caused (what Lighthouse reports for a
// load).
const layoutShift = `new Promise(resolve => {
  new PerformanceObserver((list, obs) => {
    obs.disconnect();
    resolve(list.getEntries().filter(e => !e.hadRecentInput).reduce((s, e) => s + e.value, 0));
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(0), 500); // no entry at all: nothing moved
})`

// slowHeader, on a request, asks the test server to send an HTML page in
// small pieces, slowPause apart (dribble), as a poor mobile connection
// brings it: the browser paints the page several times while it arrives,
// at points fixed by the bytes sent, not by how busy the machine happens
// to be (a busy machine painted a half-parsed header now and then).
const slowHeader = "X-Browser-Test-Slow"

// dribble sends HTML pages slowly to the requests that ask for it
// (slowHeader); others pass through.
func dribble(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(slowHeader) == "" {
			h.ServeHTTP(w, r)
			return
		}
		// Every load comes over the slow connection, none from the cache.
		r.Header.Del("If-Modified-Since")
		r.Header.Del("If-None-Match")
		h.ServeHTTP(&slowWriter{ResponseWriter: w}, r)
	})
}

type slowWriter struct {
	http.ResponseWriter
	sent int // bytes of the body sent so far
}

// slowPause is long enough for a busy browser to paint between two pieces
// (at 20 ms apart, six tabs painting side by side on two cores skipped most
// of them).
const slowPause = 60 * time.Millisecond

// slowPiece is how much of the page to send next: a kilobyte at a time
// through the header and the legal navigation (some 15 kB on the site),
// where a paint of a half-parsed list moves what follows, then 8 kB.
func slowPiece(sent int) int {
	if sent < 16<<10 {
		return 1 << 10
	}
	return 8 << 10
}

func (w *slowWriter) WriteHeader(status int) {
	w.Header().Set("Cache-Control", "no-store")
	w.ResponseWriter.WriteHeader(status)
}

func (w *slowWriter) Write(b []byte) (int, error) {
	if !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		return w.ResponseWriter.Write(b)
	}
	n := 0
	for len(b) > 0 {
		k := min(slowPiece(w.sent), len(b))
		m, err := w.ResponseWriter.Write(b[:k])
		n += m
		w.sent += m
		if err != nil {
			return n, err
		}
		http.NewResponseController(w.ResponseWriter).Flush()
		b = b[k:]
		if len(b) > 0 {
			time.Sleep(slowPause)
		}
	}
	return n, nil
}

// TestNoLayoutShift: the privacy policy and a service level agreement do
// not move once painted, in any language, on a phone, a tablet and a
// desktop, while they arrive over a slow connection and after: the table
// of contents, the legal navigation and the header's menu have their first
// state from the HTML and the stylesheet, not from the script (issue 15: a
// shift of 0.58-0.64 on phones), and the header is painted whole (a
// Japanese service level agreement at 1024 px moved by 0.011 when the
// header was painted with half its links).
func TestNoLayoutShift(t *testing.T) {
	f := browserSite(t)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			for _, w := range []int64{mobileWidth, tabletWidth, desktopWidth} {
				tb := f.newTab(t, w, 900)
				call(tb, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{slowHeader: "1"}})
				for _, path := range []string{"/" + lang + "/privacy-policy/", f.sla(t, lang)} {
					tb.open(path)
					tb.fontsReady()
					if cls := eval[float64](tb, layoutShift); cls > 0.01 {
						t.Errorf("%s at %d px: the page moved after its first paint (cumulative layout shift %.3f)", path, w, cls)
					}
				}
			}
		})
	}
}

// TestTabletTableOfContents: at 1024 px the privacy policy's table of
// contents (some 80 entries) is folded, so the policy's first paragraph is
// in the first screen; a click on its heading opens it, with or without
// script.
func TestTabletTableOfContents(t *testing.T) {
	f := browserSite(t)
	const readFirst = `(() => {
	  const p = document.querySelector(".doc .content p");
	  return p ? p.getBoundingClientRect().top + scrollY : -1;
	})()`
	for _, lang := range []string{"en", "ko", "pt-br"} {
		for _, script := range []bool{true, false} {
			name := lang
			if !script {
				name += "/no script"
			}
			t.Run(name, func(t *testing.T) {
				tb := f.newTab(t, tabletWidth, tabletHeight)
				if !script {
					call(tb, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
				}
				path := "/" + lang + "/privacy-policy/"
				tb.open(path)
				toc := eval[tocState](tb, readTOC)
				if !toc.Collapsible || toc.Open || toc.ListShown {
					t.Errorf("%s at %d px: the table of contents should be folded: %+v", path, tabletWidth, toc)
				}
				if top := eval[float64](tb, readFirst); top < 0 || top >= 900 {
					t.Errorf("%s at %d px: the first paragraph starts %.0f px down the page, want it in the first screen (< 900 px)", path, tabletWidth, top)
				}
				tb.click(".toc summary")
				if toc = eval[tocState](tb, readTOC); !toc.Open || !toc.ListShown {
					t.Errorf("%s: a click on its heading should open the table of contents: %+v", path, toc)
				}
			})
		}
	}
}

// phoneHeader is the site header as a phone shows it.
type phoneHeader struct {
	Height      float64  `json:"height"`
	ButtonShown bool     `json:"buttonShown"`
	ButtonName  string   `json:"buttonName"`
	Open        bool     `json:"open"`
	Shown       []string `json:"shown"`  // the header's links shown, by their text
	Hidden      []string `json:"hidden"` // and those not shown
	Outside     []string `json:"outside"`
	BarHidden   []string `json:"barHidden"` // of the site's and account's links
}

const readPhoneHeader = `(() => {
  const h = document.querySelector(".site-header"), m = document.querySelector(".site-menu"), s = m && m.querySelector(":scope > summary");
  const shown = el => el.checkVisibility() && el.getBoundingClientRect().width > 0;
  const links = [...h.querySelectorAll(".primary > ul > li > a, .primary .panel > summary, .site-menu .account a, .site-menu .utility-links a")];
  const text = el => el.textContent.trim();
  return {
    height: h.getBoundingClientRect().height,
    buttonShown: !!s && shown(s), buttonName: s ? s.textContent.trim() : "", open: !!m && m.open,
    shown: links.filter(shown).map(text), hidden: links.filter(el => !shown(el)).map(text),
    barHidden: [...h.querySelectorAll(".primary > ul > li > a, .account a")].filter(el => !shown(el)).map(text),
    outside: links.filter(shown).filter(el => { const r = el.getBoundingClientRect(); return r.left < 0 || r.right > innerWidth + 0.5; }).map(text),
  };
})()`

// TestPhoneHeader: at 390 px the header is two short rows (the language
// menu; the brand and a menu button), at most 80 px tall, in every
// language; a tap on the button shows every link of the header (the site's
// and the account's, and the utility links), inside the window, and a
// second tap hides them. Without script it works the same.
func TestPhoneHeader(t *testing.T) {
	f := browserSite(t)
	const maxHeight = 80
	for _, lang := range languages {
		for _, script := range []bool{true, false} {
			name := lang
			if !script {
				name += "/no script"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				tb := f.newTab(t, mobileWidth, mobileHeight)
				if !script {
					call(tb, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
				}
				path := "/" + lang + "/privacy-policy/"
				tb.open(path)
				tb.fontsReady()
				h := eval[phoneHeader](tb, readPhoneHeader)
				if h.Height > maxHeight {
					t.Errorf("%s at %d px: the header is %.0f px tall, want at most %d", path, mobileWidth, h.Height, maxHeight)
				}
				if !h.ButtonShown || h.Open || len(h.Shown) > 0 {
					t.Errorf("%s at %d px: want the menu button shown and the menu closed, its links hidden: %+v", path, mobileWidth, h)
				}
				if name := axString(axNode(tb, `document.querySelector(".site-menu > summary")`).Name); name == "" || name != h.ButtonName {
					t.Errorf("%s: the menu button's accessible name is %q, want its (visually hidden) label %q", path, name, h.ButtonName)
				}
				tb.do(chromedp.Tap(chromedp.CSS(".site-menu > summary")))
				h = eval[phoneHeader](tb, readPhoneHeader)
				if !h.Open || len(h.Hidden) > 0 || len(h.Shown) == 0 {
					t.Errorf("%s: after a tap on the menu button every header link should be shown: %+v", path, h)
				}
				if len(h.Outside) > 0 {
					t.Errorf("%s: links of the open menu reach outside the window: %v", path, h.Outside)
				}
				if ov := eval[overflow](tb, readOverflow(mobileWidth)); ov.ScrollWidth > ov.InnerWidth {
					t.Errorf("%s with the menu open scrolls sideways: %d px; %v", path, ov.ScrollWidth, ov.Culprits)
				}
				tb.do(chromedp.Tap(chromedp.CSS(".site-menu > summary")))
				if h = eval[phoneHeader](tb, readPhoneHeader); h.Open || len(h.Shown) > 0 {
					t.Errorf("%s: a second tap should close the menu: %+v", path, h)
				}
			})
		}
	}
	// From the tablet layout on there is no menu button: the links are in
	// the header.
	t.Run("tablet", func(t *testing.T) {
		tb := f.newTab(t, tabletWidth, tabletHeight)
		tb.open("/en/privacy-policy/")
		h := eval[phoneHeader](tb, readPhoneHeader)
		if h.ButtonShown || len(h.BarHidden) > 0 || len(h.Shown) == 0 {
			t.Errorf("at %d px the header's links should be shown without a menu button: %+v", tabletWidth, h)
		}
	})
}

// TestLanguageMenuCloses: the open language menu closes on Escape (the
// focus back on its button) and on a click outside it, not on a click
// inside it.
func TestLanguageMenuCloses(t *testing.T) {
	f := browserSite(t)
	const open = `document.querySelector(".langmenu").open`
	for _, w := range []int64{desktopWidth, mobileWidth} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			tb := f.newTab(t, w, 900)
			tb.open("/en/privacy-policy/")

			clickMenu(tb)
			tb.press(kb.Tab) // into the menu: the first language
			if !eval[bool](tb, `!!document.activeElement.closest(".langmenu ul")`) {
				t.Fatal("Tab from the open language menu's button does not reach its entries")
			}
			tb.press(kb.Escape)
			if eval[bool](tb, open) {
				t.Error("Escape does not close the language menu")
			}
			if !eval[bool](tb, `document.activeElement === document.querySelector(".langmenu > summary")`) {
				t.Error("after Escape the focus is not back on the language menu's button")
			}

			clickMenu(tb)
			tb.press(kb.Escape) // the focus on the button itself
			if eval[bool](tb, open) {
				t.Error("Escape with the focus on its button does not close the language menu")
			}

			clickMenu(tb)
			// Inside, not on a link: the list's top padding (with the mouse;
			// a phone's touch adjustment moves a tap there onto the link).
			if w >= 600 {
				r := eval[struct{ X, Y float64 }](tb, `(() => { const r = document.querySelector(".langmenu ul").getBoundingClientRect(); return {X: r.left + r.width / 2, Y: r.top + 3}; })()`)
				tb.do(chromedp.MouseClickXY(r.X, r.Y))
				if !eval[bool](tb, open) {
					t.Error("a click inside the language menu closed it")
				}
			}
			// Outside: a paragraph well down the page, clear of the open list
			// (which lies over the page's top on a phone).
			tb.clickOn(`document.querySelectorAll(".doc .content p")[4]`)
			if eval[bool](tb, open) {
				t.Error("a click outside the language menu does not close it")
			}
		})
	}
}

// foldState is the legal navigation's fold on a phone: the button's state
// as assistive technology gets it, and its marker as readers see it.
type foldState struct {
	Open      bool   `json:"open"`
	ListShown bool   `json:"listShown"`
	Marker    string `json:"marker"` // the transform of the summary's ::after
	Content   string `json:"content"`
}

const readFold = `(() => {
  const d = document.querySelector(".legal-nav .nav-fold"), s = d.querySelector(":scope > summary");
  // The chevron turns in a short transition: end it (as readMarker does).
  getComputedStyle(s, "::after").transform;
  document.getAnimations().forEach(a => a.finish());
  const cs = getComputedStyle(s, "::after");
  const list = document.getElementById("legal-nav-list");
  return {open: d.open, listShown: list.checkVisibility() && list.getBoundingClientRect().height > 0, marker: cs.transform, content: cs.content};
})()`

// TestLegalNavToggleState: on a phone the "Legal documents" button says
// whether the navigation is open, to screen readers (expanded) and to the
// eye (its chevron turns); it works without script too.
func TestLegalNavToggleState(t *testing.T) {
	f := browserSite(t)
	tb := f.newTab(t, mobileWidth, mobileHeight)
	tb.open("/en/privacy-policy/")
	button := `document.querySelector(".legal-nav .nav-fold > summary")`
	closed := eval[foldState](tb, readFold)
	if closed.Open || closed.ListShown || closed.Content == "none" || closed.Marker == "none" {
		t.Errorf("want the legal navigation folded, with a marker: %+v", closed)
	}
	if got := axProperty(axNode(tb, button), accessibility.PropertyNameExpanded); got != "false" {
		t.Errorf("folded, the button's expanded state is %q, want false", got)
	}
	tb.do(chromedp.Tap(chromedp.CSS(".legal-nav .nav-fold > summary")))
	opened := eval[foldState](tb, readFold)
	if !opened.Open || !opened.ListShown {
		t.Errorf("after a tap the legal navigation should be open: %+v", opened)
	}
	if got := axProperty(axNode(tb, button), accessibility.PropertyNameExpanded); got != "true" {
		t.Errorf("open, the button's expanded state is %q, want true", got)
	}
	if opened.Marker == closed.Marker {
		t.Errorf("the button's marker looks the same open and folded (transform %s)", opened.Marker)
	}
	// Without script it folds and opens the same (it is a <details>).
	tb = f.newTab(t, mobileWidth, mobileHeight)
	call(tb, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	tb.open("/en/privacy-policy/")
	if s := eval[foldState](tb, readFold); s.Open || s.ListShown {
		t.Errorf("without script the legal navigation should start folded: %+v", s)
	}
	tb.do(chromedp.Tap(chromedp.CSS(".legal-nav .nav-fold > summary")))
	if s := eval[foldState](tb, readFold); !s.Open || !s.ListShown {
		t.Errorf("without script a tap should open the legal navigation: %+v", s)
	}
}

// TestHeadingNames: every heading of the privacy policy and a service
// level agreement has its text as accessible name, not the text and the
// name of its "#" link ("Summary Link to the section Summary"), in every
// language.
func TestHeadingNames(t *testing.T) {
	f := browserSite(t)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb := f.newTab(t, desktopWidth, desktopHeight)
			for _, path := range []string{"/" + lang + "/privacy-policy/", f.sla(t, lang)} {
				tb.open(path)
				n := eval[int](tb, `document.querySelectorAll("main :is(h2, h3, h4)[id] > a.anchor").length`)
				if n == 0 {
					t.Fatalf("%s: no heading with a # link", path)
				}
				for i := range n {
					el := fmt.Sprintf(`document.querySelectorAll("main :is(h2, h3, h4)[id] > a.anchor")[%d].parentElement`, i)
					want := eval[string](tb, `(() => { const h = `+el+`.cloneNode(true); h.querySelector(".anchor").remove(); return h.textContent.replace(/\s+/g, " ").trim(); })()`)
					if got := strings.Join(strings.Fields(axString(axNode(tb, el).Name)), " "); got != want {
						t.Errorf("%s: heading %d's accessible name is %q, want its text %q", path, i+1, got, want)
					}
				}
			}
		})
	}
}
