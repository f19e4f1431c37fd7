package browser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/chromedp"
)

// glyphWidths measures, in the font of an element, its text's first CJK
// characters, and draws each on a canvas beside a code point that no font
// has (U+0378 is unassigned): a missing glyph is drawn as that same box
// (or as nothing). Widths alone cannot tell: a CJK font's missing-glyph
// box is one em wide, as its ideographs are. CJK glyphs are about one em
// wide each.
type glyphWidths struct {
	Sample   string   `json:"sample"`
	Font     string   `json:"font"`
	FontSize float64  `json:"fontSize"`
	Text     float64  `json:"text"`
	Tofu     []string `json:"tofu"` // the sample's characters drawn as the missing-glyph box, or blank
}

func measureGlyphs(sel string) string {
	return fmt.Sprintf(`(() => {
	  const el = document.querySelector(%q);
	  const chars = [...el.textContent].filter(c => /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(c)).slice(0, 12);
	  const cs = getComputedStyle(el);
	  const ctx = document.createElement("canvas").getContext("2d");
	  ctx.font = cs.font;
	  const size = 48;
	  ctx.canvas.width = ctx.canvas.height = size;
	  ctx.font = cs.font.replace(/\d+(\.\d+)?px/, "32px");
	  ctx.textBaseline = "middle";
	  const draw = ch => { ctx.clearRect(0, 0, size, size); ctx.fillText(ch, 4, size / 2); return ctx.getImageData(0, 0, size, size).data.join(""); };
	  const none = new Set([draw("\u0378"), draw("\u{10FFFD}"), (ctx.clearRect(0, 0, size, size), ctx.getImageData(0, 0, size, size).data.join(""))]);
	  const tofu = chars.filter(c => none.has(draw(c)));
	  ctx.font = cs.font;
	  const sample = chars.join("");
	  return {sample, font: cs.fontFamily, fontSize: parseFloat(cs.fontSize),
	    text: ctx.measureText(sample).width, tofu};
	})()`, sel)
}

// TestCJKGlyphs: Korean, Japanese and Chinese headings and text are drawn
// with real glyphs (Debian's fonts-noto-cjk), not with tofu boxes: by their
// measured width against a tofu baseline, and by the fonts Chromium used.
func TestCJKGlyphs(t *testing.T) {
	f := browserSite(t)
	tb := f.newTab(t, desktopWidth, desktopHeight)
	for _, lang := range []string{"ko", "ja", "zh-cn"} {
		path := "/" + lang + "/privacy-policy/"
		tb.open(path)
		// Korean breaks lines between words (word-break: keep-all), never
		// inside one.
		if wb := eval[string](tb, `getComputedStyle(document.querySelector(".doc .content p")).wordBreak`); (lang == "ko") != (wb == "keep-all") {
			t.Errorf("%s: word-break is %q in body text", path, wb)
		}
		for _, sel := range []string{".doc h1", ".doc .content p", ".legal-nav a"} {
			where := fmt.Sprintf("%s %s", path, sel)
			g := eval[glyphWidths](tb, measureGlyphs(sel))
			n := float64(len([]rune(g.Sample)))
			if n < 2 {
				t.Errorf("%s: only %d CJK characters to measure (%q)", where, int(n), g.Sample)
				continue
			}
			perChar := g.Text / n / g.FontSize
			t.Logf("%s: %q in %s: %.1f px (%.2f em a character)", where, g.Sample, g.Font, g.Text, perChar)
			if len(g.Tofu) > 0 {
				t.Errorf("%s: %q are drawn as missing-glyph boxes: no font has these glyphs (install fonts-noto-cjk)", where, strings.Join(g.Tofu, ""))
			}
			if perChar < 0.85 || perChar > 1.15 {
				t.Errorf("%s: %q is %.2f em a character; real CJK glyphs are about 1 em", where, g.Sample, perChar)
			}
			// Han characters take each language's own forms: the font
			// for that language, not the first CJK font installed.
			want := map[string]string{"ko": "CJK KR", "ja": "CJK JP", "zh-cn": "CJK SC"}[lang]
			fonts := platformFonts(tb, sel)
			cjk := false
			for _, pf := range fonts {
				if strings.Contains(pf.FamilyName, want) && pf.GlyphCount > 0 {
					cjk = true
				}
			}
			if !cjk {
				var names []string
				for _, pf := range fonts {
					names = append(names, fmt.Sprintf("%s (%v glyphs)", pf.FamilyName, pf.GlyphCount))
				}
				t.Errorf("%s: Chromium drew it with %s, not the %s font", where, strings.Join(names, ", "), want)
			}
		}
	}
}

// platformFonts asks Chromium which fonts drew the text of the element.
func platformFonts(tb *tab, sel string) []*css.PlatformFontUsage {
	tb.t.Helper()
	nodes, err := run(tb, chromedp.Nodes(chromedp.CSS(sel)))
	if err != nil || len(nodes) == 0 {
		tb.t.Fatalf("%s: %s: %v", tb.at, sel, err)
	}
	call(tb, css.Enable, cdp.Empty{})
	return call(tb, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: nodes[0].NodeID}).Fonts
}

// tofuScan draws every distinct letter, digit, punctuation mark and symbol
// of the page on a canvas, in the page's font, and returns those drawn as
// the box (or blank) that stands for a missing glyph: the bitmap of a code
// point that no font has (U+0378, U+10FFFD).
const tofuScan = `(() => {
  const font = getComputedStyle(document.body).font;
  const size = 48, c = document.createElement("canvas");
  c.width = c.height = size;
  const ctx = c.getContext("2d", {willReadFrequently: true});
  ctx.font = font.replace(/\d+(\.\d+)?px/, "32px");
  ctx.textBaseline = "middle";
  const draw = ch => { ctx.clearRect(0, 0, size, size); ctx.fillText(ch, 4, size / 2); return ctx.getImageData(0, 0, size, size).data.join(""); };
  const tofu = new Set(["\u0378", "\u{10FFFD}"].map(draw));
  const blank = (ctx.clearRect(0, 0, size, size), ctx.getImageData(0, 0, size, size).data.join(""));
  const chars = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode()); ) {
    if (n.parentElement.closest("script, style")) continue;
    for (const ch of n.data) if (/[\p{L}\p{N}\p{P}\p{S}]/u.test(ch)) chars.add(ch);
  }
  const bad = [];
  for (const ch of chars) {
    const d = draw(ch);
    if (tofu.has(d) || d === blank) bad.push(ch + " U+" + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0"));
  }
  return {checked: chars.size, bad};
})()`

type tofuResult struct {
	Checked int      `json:"checked"`
	Bad     []string `json:"bad"`
}

// TestNoTofu: no character of the key pages, in any language, is drawn as
// a missing-glyph box. It catches a script without a font and an icon
// written as a character that no installed font has.
func TestNoTofu(t *testing.T) {
	f := browserSite(t)
	type found struct{ ch, path string }
	perLang := make([][]found, len(languages)) // each language's subtest writes its own
	// After the subtests: each character once, with the pages that show it.
	t.Cleanup(func() {
		bad := map[string][]string{} // character: pages
		var order []string
		for _, list := range perLang {
			for _, x := range list {
				if bad[x.ch] == nil {
					order = append(order, x.ch)
				}
				bad[x.ch] = append(bad[x.ch], x.path)
			}
		}
		for _, ch := range order {
			pages := bad[ch]
			more := ""
			if len(pages) > 3 {
				more = fmt.Sprintf(" and %d more", len(pages)-3)
				pages = pages[:3]
			}
			t.Errorf("%s is drawn as a missing-glyph box (no installed font has it) on %s%s", ch, strings.Join(pages, ", "), more)
		}
	})
	for i, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb := f.newTab(t, desktopWidth, desktopHeight)
			for _, path := range f.keyPages(t, lang) {
				tb.open(path)
				r := eval[tofuResult](tb, tofuScan)
				if r.Checked < 20 {
					t.Errorf("%s: only %d characters checked", path, r.Checked)
				}
				for _, ch := range r.Bad {
					perLang[i] = append(perLang[i], found{ch, path})
				}
			}
		})
	}
}
