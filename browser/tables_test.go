package browser

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// splitWord is a word of a table cell that the browser broke across lines.
type splitWord struct {
	Word  string `json:"word"`
	Cell  string `json:"cell"`
	Lines int    `json:"lines"`
}

// readSplitWords finds, in every table of the document, the words (runs of
// letters, marks and digits) whose client rectangles (of a Range over the
// word) lie on more than one line: "Cate|gory", "이메|일".
const readSplitWords = `(() => {
  const out = [];
  for (const cell of document.querySelectorAll("main table :is(td, th)")) {
    const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      for (const m of node.data.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
        const r = document.createRange();
        r.setStart(node, m.index);
        r.setEnd(node, m.index + m[0].length);
        const rects = [...r.getClientRects()].filter(q => q.width > 0 && q.height > 0);
        // Rectangles on one line overlap vertically; a new line starts
        // below the bottom of the previous one.
        let lines = rects.length ? 1 : 0;
        for (let i = 1; i < rects.length; i++) {
          if (rects[i].top >= rects[i - 1].bottom - 1) lines++;
        }
        if (lines > 1) out.push({word: m[0], cell: cell.textContent.trim().slice(0, 60), lines});
      }
    }
  }
  return out;
})()`

// TestTableWords at 390, 1024 and 1280 px, in the languages that separate
// words with spaces: no word in a table cell is split across lines; a table
// too wide for its room scrolls, or wraps between words. Japanese and
// Chinese break between characters by design. The pages are every
// document with a table, and one service level agreement (they share one
// layout).
func TestTableWords(t *testing.T) {
	f := browserSite(t)
	for _, lang := range []string{"en", "ko", "pt-br", "id"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			pages := f.tablePages(t, lang)
			if len(pages) < 5 {
				t.Fatalf("only %d pages with tables in %s: %v", len(pages), lang, pages)
			}
			tb := f.newTab(t, desktopWidth, desktopHeight)
			for _, path := range pages {
				tb.open(path)
				for _, width := range []int64{mobileWidth, 1024, desktopWidth} {
					tb.viewport(width, desktopHeight)
					split := eval[[]splitWord](tb, readSplitWords)
					for i, w := range split {
						if i == 5 {
							t.Errorf("%s at %d px: %d more split words", path, width, len(split)-i)
							break
						}
						t.Errorf("%s at %d px: the word %q is split across %d lines in the cell %q", path, width, w.Word, w.Lines, w.Cell)
					}
				}
			}
		})
	}
}

// tablePages are the pages of a language with a table in their content:
// every document but the service level agreements, and one of those.
func (f *fixture) tablePages(t *testing.T, lang string) []string {
	t.Helper()
	pages := []string{f.sla(t, lang)}
	for _, p := range f.res.Pages {
		if p.Lang != lang || p.Kind != "page" || strings.HasPrefix(p.Path, "/service-level-agreements/") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(f.public, filepath.FromSlash(p.Out)))
		if err != nil {
			continue // not published (the translators' status page, say)
		}
		if strings.Contains(string(b), "<table") {
			pages = append(pages, "/"+strings.TrimSuffix(p.Out, "index.html"))
		}
	}
	slices.Sort(pages)
	return slices.Compact(pages)
}
