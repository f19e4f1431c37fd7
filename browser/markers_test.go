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

// TestDisclosureMarkers: the language menu and the "Partner Network" panel
// show a styled chevron that turns when they open, not the browser's
// default triangle.
func TestDisclosureMarkers(t *testing.T) {
	f := browserSite(t)
	tb := f.newTab(t, desktopWidth, desktopHeight)
	for _, lang := range languages {
		tb.open("/" + lang + "/privacy-policy/")
		for _, sel := range []string{".langmenu", ".site-header .panel"} {
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
