package browser

import (
	"fmt"
	"strings"
	"testing"
)

// headerWidth and headerHeight are the desktop window of the header test:
// a common laptop screen, on which the Japanese header once took two rows.
const headerWidth, headerHeight = 1280, 800

// narrowerWidths are the windows, between headerWidth and the tablet
// layout (48rem), in which the header may wrap but not widen the page: 40 px
// apart, close enough to meet each language's widths at which the partner
// panel used to stick out past the window's edge.
var narrowerWidths = []int{1240, 1200, 1160, 1120, 1080, 1040, 1000, 960, 920, 880, 840, 800, 768}

// headerItem is one item of the header's bar, where the reader sees it.
type headerItem struct {
	Desc   string  `json:"desc"`
	Top    float64 `json:"top"`
	Bottom float64 `json:"bottom"`
	Left   float64 `json:"left"`
	Right  float64 `json:"right"`
}

// headerBar is the site header's bar as laid out: its items (the brand, the
// primary navigation, the account links, and the entries of both lists),
// its height, and the height it has when its items sit on one row: its
// vertical padding and its tallest item.
type headerBar struct {
	Found     bool         `json:"found"`
	Items     []headerItem `json:"items"`
	Height    float64      `json:"height"`
	RowHeight float64      `json:"rowHeight"`
	Width     float64      `json:"width"` // of the viewport, without a scroll bar
}

const readHeaderBar = `document.fonts.ready.then(() => {
  const bar = document.querySelector(".site-header .bar");
  if (!bar) return {found: false};
  const name = el => el.tagName.toLowerCase() + (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const text = el => JSON.stringify((el.innerText || el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 30));
  // The phone's menu (.site-menu) is laid out as if absent from 48rem on:
  // its links are items of the bar.
  const rowItems = [...bar.querySelectorAll(":scope > .brand, .primary, .account")];
  const items = [...rowItems, ...bar.querySelectorAll(".primary > ul > li, .account > li")];
  const cs = getComputedStyle(bar);
  let tallest = 0;
  for (const el of rowItems) tallest = Math.max(tallest, el.getBoundingClientRect().height);
  return {
    found: true,
    items: items.map(el => { const r = el.getBoundingClientRect(); return {desc: name(el) + " " + text(el), top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }),
    height: bar.getBoundingClientRect().height,
    rowHeight: parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom) + tallest,
    width: document.documentElement.clientWidth,
  };
})`

// TestHeaderOneRow: at 1280x800 the header's bar (brand, site navigation,
// account links) sits on one row in every language, inside the window; in
// narrower windows it wraps instead of widening the page, and its menus
// open inside the window.
func TestHeaderOneRow(t *testing.T) {
	f := browserSite(t)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb := f.newTab(t, headerWidth, headerHeight)
			path := "/" + lang + "/privacy-policy/"
			tb.open(path)
			bar := eval[headerBar](tb, readHeaderBar)
			if !bar.Found || len(bar.Items) == 0 {
				t.Fatalf("%s: no .site-header .bar with items", path)
			}
			// One row: every item overlaps every other vertically, and the
			// bar is no taller than its padding and its tallest item.
			minBottom, maxTop := bar.Items[0].Bottom, bar.Items[0].Top
			for _, it := range bar.Items {
				minBottom = min(minBottom, it.Bottom)
				maxTop = max(maxTop, it.Top)
			}
			if maxTop >= minBottom || bar.Height > bar.RowHeight+1 {
				var b strings.Builder
				for _, it := range bar.Items {
					fmt.Fprintf(&b, "\n\t%s: top %.0f, left %.0f", it.Desc, it.Top, it.Left)
				}
				t.Errorf("%s at %dx%d: the header's bar takes more than one row: it is %.0f px tall, one row is %.0f px; its items:%s",
					path, headerWidth, headerHeight, bar.Height, bar.RowHeight, b.String())
			}
			for _, it := range bar.Items {
				if it.Left < 0 || it.Right > bar.Width+0.5 {
					t.Errorf("%s at %d px: %s reaches outside the window (left %.0f, right %.0f px)", path, headerWidth, it.Desc, it.Left, it.Right)
				}
			}

			// Narrower windows, down to the tablet layout: the bar takes more
			// rows and the page does not scroll sideways, with the header's
			// menus closed or open (the partner panel must stay inside the
			// window wherever the rows put its link). TestMobile checks 390 px.
			for _, w := range narrowerWidths {
				tb.viewport(int64(w), headerHeight)
				for _, menu := range []string{"", ".langmenu", ".site-header .panel"} {
					if menu != "" {
						tb.do(evalVoid(fmt.Sprintf(`document.querySelector(%q).open = true`, menu)))
					}
					ov := eval[overflow](tb, readOverflow(w))
					if ov.ScrollWidth > ov.InnerWidth {
						with := ""
						if menu != "" {
							with = " with " + menu + " open"
						}
						t.Errorf("%s scrolls sideways at %d px%s: the page is %d px wide; reaching past the edge: %v", path, w, with, ov.ScrollWidth, ov.Culprits)
					}
					if menu != "" {
						tb.do(evalVoid(fmt.Sprintf(`document.querySelector(%q).open = false`, menu)))
					}
				}
			}
		})
	}
}
