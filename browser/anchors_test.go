package browser

import (
	"fmt"
	"strings"
	"testing"
)

// summaryLinks lists the same-page links of the privacy policy's Summary
// section: the elements from its heading to the next h2.
const summaryLinks = `(() => {
  const links = [];
  for (let el = document.getElementById("summary").nextElementSibling; el && el.tagName !== "H2"; el = el.nextElementSibling) {
    for (const a of el.querySelectorAll('a[href^="#"]')) links.push(a);
  }
  return links;
})()`

// TestSameDocumentLinks clicks every table-of-contents link and every link
// of the privacy policy's Summary ("See ... below"): each puts its section's
// heading at the top of the viewport and makes it the :target.
func TestSameDocumentLinks(t *testing.T) {
	f := browserSite(t)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb := f.newTab(t, desktopWidth, desktopHeight)
			pages := map[string]string{
				"toc":     "/" + lang + "/privacy-policy/",
				"summary": "/" + lang + "/privacy-policy/",
				"sla toc": f.sla(t, lang),
			}
			for _, kind := range []string{"summary", "toc", "sla toc"} {
				path := pages[kind]
				tb.open(path)
				list := `[...document.querySelectorAll('.toc a[href^="#"]')]`
				if kind == "summary" {
					list = summaryLinks
				}
				targets := eval[[]string](tb, list+`.map(a => decodeURIComponent(a.getAttribute("href").slice(1)))`)
				min := 1
				if kind == "summary" {
					min = 5 // the policy's eight questions each end in a link
				}
				if len(targets) < min {
					t.Errorf("%s: %d %s links, want at least %d", path, len(targets), kind, min)
				}
				for i, id := range targets {
					// From the top of the page (one round trip with the click).
					tb.clickOn(fmt.Sprintf("(scrollTo(0, 0), (%s)[%d])", list, i))
					tb.waitFor("the jump to #"+id, fmt.Sprintf(`decodeURIComponent(location.hash) === %q`, "#"+id))
					h := sectionAtTop(tb, id)
					where := fmt.Sprintf("%s %s link %d (#%s)", path, kind, i+1, id)
					checkAtTop(t, where, id, h)
					if !h.TargetsID {
						t.Errorf("%s: :target is not #%s", where, id)
					}
				}
				if kind == "summary" && !slicesContain(targets, "data-retention") {
					t.Errorf("%s: the Summary has no link to #data-retention: %s", path, strings.Join(targets, ", "))
				}
			}
		})
	}
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// settle waits for two frames and a little more: long enough for any
// late layout (a part of the page laid out on demand) to move things.
const settle = `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => r(true), 300))))`

// TestDeepLinkOnLoad opens the privacy policy at sections spread over its
// length, from the first to the last, on a phone, a tablet and a desktop:
// the heading is at the top of the viewport when the page has loaded,
// stays there once the page has settled, and is back there after the
// reader scrolls up a screen and down again. (Laying out the parts of a
// document out of view on demand, content-visibility: auto, broke this
// in the two-column layout.)
func TestDeepLinkOnLoad(t *testing.T) {
	f := browserSite(t)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			path := "/" + lang + "/privacy-policy/"
			for _, w := range []int64{mobileWidth, 1024, desktopWidth} {
				tb := f.newTab(t, w, desktopHeight)
				tb.open(path)
				ids := eval[[]string](tb, `[...document.querySelectorAll(".content :is(h2, h3, h4)[id]")].map(h => h.id)`)
				if len(ids) < 10 {
					t.Fatalf("%s: %d headings with an id, want at least 10", path, len(ids))
				}
				for k := 1; k <= 5; k++ {
					id := ids[k*(len(ids)-1)/5]
					// A query string makes each a new load, not a jump
					// within the page.
					u := fmt.Sprintf("%s?jump=%d#%s", path, k, id)
					tb.open(u)
					where := fmt.Sprintf("%s at %d px", u, w)
					checkAtTop(t, where+", on load", id, sectionAtTop(tb, id))
					eval[bool](tb, settle)
					checkAtTop(t, where+", laid out", id, sectionAtTop(tb, id))
					eval[bool](tb, `(scrollBy(0, -innerHeight), `+settle+`)`)
					eval[bool](tb, `(scrollBy(0, innerHeight), `+settle+`)`)
					checkAtTop(t, where+", after scrolling up and back", id, sectionAtTop(tb, id))
				}
			}
		})
	}
}
