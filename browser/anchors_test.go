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
