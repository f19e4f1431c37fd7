package browser

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// langLink is the language menu's link to a language's version of a page
// (the China site's entry is a link out, not a language).
func langLink(lang string) string {
	return fmt.Sprintf(`.langmenu li:not(.external) a[href^="/%s/"]`, lang)
}

// headingOffset is where a section's heading sits after a jump: the
// distance from the top of the viewport to the heading, in CSS pixels, and
// what the stylesheet asks for (scroll-margin-top); at the very bottom of
// the page a heading cannot reach the top, and then it must be in view.
type headingOffset struct {
	Top       float64 `json:"top"`
	Margin    float64 `json:"margin"`
	Height    float64 `json:"height"`
	Viewport  float64 `json:"viewport"`
	AtBottom  bool    `json:"atBottom"`
	Found     bool    `json:"found"`
	ScrollY   float64 `json:"scrollY"`
	Fragment  string  `json:"fragment"`
	TargetsID bool    `json:"targetsId"` // :target is the element with the id
}

// sectionAtTop reports where the element with the id is in the viewport.
func sectionAtTop(tb *tab, id string) headingOffset {
	tb.t.Helper()
	return eval[headingOffset](tb, fmt.Sprintf(`(() => {
	  const el = document.getElementById(%q);
	  if (!el) return {found: false};
	  const r = el.getBoundingClientRect();
	  const se = document.scrollingElement;
	  const target = document.querySelector(":target");
	  return {
	    found: true, top: r.top, height: r.height, viewport: innerHeight,
	    margin: parseFloat(getComputedStyle(el).scrollMarginTop) || 0,
	    atBottom: Math.ceil(se.scrollTop + innerHeight) >= se.scrollHeight - 1,
	    scrollY: scrollY, fragment: decodeURIComponent(location.hash.slice(1)),
	    targetsId: !!target && target.id === %q,
	  };
	})()`, id, id))
}

// checkAtTop fails unless the heading is at the top of the viewport (at its
// scroll margin), or visible with the page scrolled to its end.
func checkAtTop(t *testing.T, where, id string, h headingOffset) {
	t.Helper()
	switch {
	case !h.Found:
		t.Errorf("%s: no element with id %q", where, id)
	case math.Abs(h.Top-h.Margin) <= 2:
	case h.AtBottom && h.Top >= 0 && h.Top+h.Height <= h.Viewport:
	default:
		t.Errorf("%s: #%s is %.0f px from the top of the viewport (want %.0f, its scroll-margin-top; page scrolled to %.0f)", where, id, h.Top, h.Margin, h.ScrollY)
	}
}

// TestLanguageMenuKeepsSection: from a section of the English privacy
// policy, each language of the menu opens the same section of that
// language's policy, with the heading at the top of the viewport.
func TestLanguageMenuKeepsSection(t *testing.T) {
	f := browserSite(t)
	const section = "data-retention"
	for _, lang := range languages[1:] {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb := f.newTab(t, desktopWidth, desktopHeight)
			tb.open("/en/privacy-policy/#" + section)
			checkAtTop(t, "/en/privacy-policy/", section, sectionAtTop(tb, section))

			link := langLink(lang)
			href := eval[string](tb, fmt.Sprintf(`document.querySelector(%q).getAttribute("href")`, link))
			want := "/" + lang + "/privacy-policy/#" + section
			if href != want {
				t.Errorf("the menu's %s entry links to %q, want %q (site.js carries the #fragment over)", lang, href, want)
			}
			if eval[bool](tb, `document.querySelector(".langmenu").open`) {
				t.Error("the language menu is open before it is clicked")
			}
			clickMenu(tb)
			tb.clickAndLoad(link, want)
			u, err := url.Parse(eval[string](tb, "location.href"))
			if err != nil {
				t.Fatal(err)
			}
			if u.Path+"#"+u.Fragment != want {
				t.Errorf("landed on %s, want %s", u.Path+"#"+u.Fragment, want)
			}
			if l := eval[string](tb, "document.documentElement.lang"); l != f.locale[lang] {
				t.Errorf("the page's lang is %q, want %q", l, f.locale[lang])
			}
			h := sectionAtTop(tb, section)
			checkAtTop(t, want, section, h)
			if !h.TargetsID {
				t.Errorf("%s: :target is not #%s", want, section)
			}
		})
	}
}

func clickMenu(tb *tab) {
	tb.t.Helper()
	tb.click(".langmenu > summary")
	tb.waitFor("the language menu to open", `document.querySelector(".langmenu").open`)
}

// TestLanguageMenuFollowsHashChange: moving to another section within the
// page (a table-of-contents link) updates the menu's links.
func TestLanguageMenuFollowsHashChange(t *testing.T) {
	f := browserSite(t)
	tb := f.newTab(t, desktopWidth, desktopHeight)
	tb.open("/ja/privacy-policy/")
	for _, lang := range languages {
		href := eval[string](tb, fmt.Sprintf(`document.querySelector(%q).getAttribute("href")`, langLink(lang)))
		if want := "/" + lang + "/privacy-policy/"; href != want {
			t.Errorf("without a #fragment the %s entry links to %q, want %q", lang, href, want)
		}
	}
	tb.click(`.toc a[href="#your-rights"]`)
	tb.waitFor("the hash to change", `location.hash === "#your-rights"`)
	// site.js updates the links on hashchange, which fires after the jump
	// (a task of its own: on a busy machine, later).
	tb.waitFor("the hashchange to reach the menu", fmt.Sprintf(`document.querySelector(%q).getAttribute("href").endsWith("#your-rights")`, langLink("id")))
	for _, lang := range languages {
		href := eval[string](tb, fmt.Sprintf(`document.querySelector(%q).getAttribute("href")`, langLink(lang)))
		if want := "/" + lang + "/privacy-policy/#your-rights"; href != want {
			t.Errorf("after a jump to #your-rights the %s entry links to %q, want %q", lang, href, want)
		}
	}
	// The China site is a link out, not a language: it keeps its address.
	if href := eval[string](tb, `document.querySelector(".langmenu .external a").getAttribute("href")`); strings.Contains(href, "#") {
		t.Errorf("the China site's link took the fragment: %q", href)
	}
}

// menuEntry is one entry of the language menu as the reader meets it.
type menuEntry struct {
	Lang      string `json:"lang"`
	Tag       string `json:"tag"`
	Href      string `json:"href"`
	Text      string `json:"text"`
	Class     string `json:"class"`
	Current   string `json:"current"`
	Focusable bool   `json:"focusable"`
	Note      string `json:"note"`     // the <small> note's text
	NoteLang  string `json:"noteLang"` // and its lang
	Color     string `json:"color"`
	Keep      bool   `json:"keep"` // data-keep-fragment
}

// TestLanguageMenuMarksUntranslated: on a page that exists in English and
// Japanese only, the menu links those two to the page and still lists every
// other language, linked to its home page (a reader who followed an "(in
// English)" link can go back) and marked as not translated: dimmed, and a
// note in the page's language that is part of the link's text, so screen
// readers say it too.
func TestLanguageMenuMarksUntranslated(t *testing.T) {
	f := browserSite(t)
	for _, lang := range languages {
		if f.exists("/"+lang+partialPath) != (lang == "en" || lang == "ja") {
			t.Fatalf("the test page %s%s: exists = %v, want it in en and ja only", lang, partialPath, !(lang == "en" || lang == "ja"))
		}
	}
	// The note is localized: the English and the Japanese pages say it
	// each in their language (checked when the parallel subtests are done).
	t.Cleanup(func() {
		en, _ := untranslatedNotes.Load("en")
		ja, _ := untranslatedNotes.Load("ja")
		if en == nil || en == ja {
			t.Errorf("the English and Japanese pages have the notes %q and %q, want one in each language", en, ja)
		}
	})
	for _, from := range partialLangs {
		t.Run(from, func(t *testing.T) {
			t.Parallel()
			tb := f.newTab(t, desktopWidth, desktopHeight)
			tb.open("/" + from + partialPath + "#about")
			clickMenu(tb)
			var linked menuEntry
			var notes []menuEntry
			entries := eval[[]menuEntry](tb, `[...document.querySelectorAll(".langmenu li:not(.external) > :first-child")].map(e => ({
			  lang: e.getAttribute("lang") || "", tag: e.tagName.toLowerCase(),
			  href: e.getAttribute("href") || "", text: e.textContent.trim(),
			  class: e.className, current: e.getAttribute("aria-current") || "",
			  focusable: e.tabIndex >= 0 && e.matches("a[href], [tabindex]"),
			  note: e.querySelector("small")?.textContent.trim() || "",
			  noteLang: e.querySelector("small")?.getAttribute("lang") || "",
			  color: getComputedStyle(e).color, keep: e.hasAttribute("data-keep-fragment"),
			}))`)
			if len(entries) != len(languages) {
				t.Fatalf("the menu has %d language entries, want %d: %+v", len(entries), len(languages), entries)
			}
			for i, lang := range languages {
				e := entries[i]
				if e.Lang != f.locale[lang] {
					t.Errorf("entry %d has lang %q, want %q", i+1, e.Lang, f.locale[lang])
					continue
				}
				switch {
				case lang == "en" || lang == "ja":
					want := "/" + lang + partialPath + "#about"
					if e.Tag != "a" || e.Href != want {
						t.Errorf("%s: a <%s> to %q, want a link to %q", lang, e.Tag, e.Href, want)
					}
					if (lang == from) != (e.Current == "true") {
						t.Errorf("%s: aria-current = %q on the page in %s", lang, e.Current, from)
					}
					if e.Note != "" || strings.Contains(e.Class, "unavailable") {
						t.Errorf("%s: the translation is marked unavailable (class %q, note %q)", lang, e.Class, e.Note)
					}
					if lang != from {
						linked = e
					}
				default:
					if e.Tag != "a" || e.Href != "/"+lang+"/" || !e.Focusable || e.Keep {
						t.Errorf("%s has no translation: its entry is a <%s> to %q (focusable %v, keeps the fragment %v), want a link to its home page /%s/", lang, e.Tag, e.Href, e.Focusable, e.Keep, lang)
					}
					if !strings.Contains(e.Class, "unavailable") {
						t.Errorf("%s: the entry's class is %q, want unavailable", lang, e.Class)
					}
					// The note is in the page's language, and the
					// link's text (its accessible name) holds it.
					if e.NoteLang != f.locale[from] || e.Note == "" || !strings.Contains(e.Text, e.Note) {
						t.Errorf("%s: the note is %q in %q (link text %q), want a note in %q", lang, e.Note, e.NoteLang, e.Text, f.locale[from])
					}
					notes = append(notes, e)
				}
			}
			for _, e := range notes {
				if e.Note != notes[0].Note {
					t.Errorf("the notes differ: %q and %q", e.Note, notes[0].Note)
				}
				if e.Color == linked.Color {
					t.Errorf("%s: an untranslated entry has the color of a translated one (%s): it is not marked visually", e.Lang, e.Color)
				}
			}
			if len(notes) > 0 {
				untranslatedNotes.Store(from, notes[0].Note)
			}
			// The translation that exists is reachable with the section.
			other := "ja"
			if from == "ja" {
				other = "en"
			}
			to := "/" + other + partialPath + "#about"
			tb.clickAndLoad(langLink(other), to)
			if got := eval[string](tb, "location.pathname + location.hash"); got != to {
				t.Errorf("landed on %s, want %s", got, to)
			}
			// And an untranslated one opens its home page, without the
			// section (the home has none of the page's sections).
			clickMenu(tb)
			tb.clickAndLoad(`.langmenu a.unavailable[href="/ko/"]`, "/ko/")
			if got := eval[string](tb, "location.pathname + location.hash + ' ' + document.documentElement.lang"); got != "/ko/ "+f.locale["ko"] {
				t.Errorf("the Korean entry opened %q, want the Korean home page", got)
			}
		})
	}
}

// untranslatedNotes is each language's note on untranslated entries, as
// TestLanguageMenuMarksUntranslated's subtests found it.
var untranslatedNotes sync.Map
