package browser

import (
	"strconv"
	"testing"
)

// marker is how a disclosure's summary shows that it opens.
type marker struct {
	Found      bool   `json:"found"`
	ListStyle  string `json:"listStyle"`  // the summary's list-style-type: "none", not the default triangle
	After      string `json:"after"`      // content of its ::after, the chevron
	Width      int    `json:"width"`      // of the chevron
	Closed     string `json:"closed"`     // transform of the chevron, closed
	OpenedTurn string `json:"openedTurn"` // and open
}

// readMarker ends the chevron's turn (a short transition) at once: a loaded
// machine may not run it to its end in any fixed wait.
const readMarker = `((sel) => {
  const d = document.querySelector(sel);
  if (!d) return {found: false};
  const s = d.querySelector(":scope > summary");
  const after = () => getComputedStyle(s, "::after");
  const m = {found: true, listStyle: getComputedStyle(s).listStyleType, after: after().content,
    width: Math.round(parseFloat(after().width) || 0), closed: after().transform};
  const settle = () => { after().transform; document.getAnimations().forEach(a => a.finish()); };
  d.open = true;
  settle();
  m.openedTurn = after().transform;
  d.open = false;
  settle();
  return m;
})`

// TestDisclosureMarkers: the language menu, the "Partner Network" panel
// and the legal navigation's groups show a styled chevron that turns when
// they open, not the browser's default triangle.
func TestDisclosureMarkers(t *testing.T) {
	f := browserSite(t)
	tb := f.newTab(t, desktopWidth, desktopHeight)
	for _, lang := range languages {
		tb.open("/" + lang + "/privacy-policy/")
		for _, sel := range []string{".langmenu", ".site-header .panel", ".legal-nav .group > details"} {
			m := eval[marker](tb, readMarker+"("+strconv.Quote(sel)+")")
			switch {
			case !m.Found:
				t.Errorf("%s: no %s", lang, sel)
			case m.ListStyle != "none":
				t.Errorf("%s: %s shows the browser's marker (list-style-type %s)", lang, sel, m.ListStyle)
			case m.After == "none" || m.Width == 0:
				t.Errorf("%s: %s has no styled marker (::after content %s, %d px wide)", lang, sel, m.After, m.Width)
			case m.Closed == m.OpenedTurn:
				t.Errorf("%s: %s's marker looks the same open and closed (%s)", lang, sel, m.Closed)
			}
		}
	}
}

// summaryMarkers lists the page's <summary> elements that show the
// browser's default marker (a list item's disclosure triangle), and those
// shown, open to the pointer, that have no marker of the site's: neither a
// chevron (::after) nor an icon.
const summaryMarkers = `(() => {
  const name = s => (s.closest("[class]") || s).className + " > summary " + JSON.stringify(s.textContent.trim().slice(0, 30));
  const triangle = [], bare = [];
  let n = 0;
  for (const s of document.querySelectorAll("summary")) {
    n++;
    const cs = getComputedStyle(s);
    if (cs.display === "list-item" && cs.listStyleType !== "none") triangle.push(name(s) + " (" + cs.listStyleType + ")");
    if (!s.getClientRects().length || cs.pointerEvents === "none") continue;
    const after = getComputedStyle(s, "::after");
    if ((after.content === "none" || !parseFloat(after.width)) && !s.querySelector("svg.icon")) bare.push(name(s));
  }
  return {n, triangle, bare};
})()`

// TestNoDefaultMarker: no <summary> of the home page, the privacy policy
// or an SLA shows the browser's disclosure triangle, in any language, on
// a phone, a tablet or a desktop; each one a reader can click shows the
// site's chevron or an icon instead (the table of contents beside a
// document on a wide screen is a heading, not a button, and has none).
func TestNoDefaultMarker(t *testing.T) {
	f := browserSite(t)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			for _, w := range []int64{mobileWidth, 1024, desktopWidth} {
				tb := f.newTab(t, w, desktopHeight)
				for _, path := range f.keyPages(t, lang) {
					tb.open(path)
					got := eval[struct {
						N        int      `json:"n"`
						Triangle []string `json:"triangle"`
						Bare     []string `json:"bare"`
					}](tb, summaryMarkers)
					if got.N == 0 {
						t.Errorf("%s at %d px: no <summary> at all", path, w)
					}
					for _, s := range got.Triangle {
						t.Errorf("%s at %d px: %s shows the browser's marker", path, w, s)
					}
					for _, s := range got.Bare {
						t.Errorf("%s at %d px: %s has no marker", path, w, s)
					}
				}
			}
		})
	}
}
