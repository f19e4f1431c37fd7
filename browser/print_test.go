package browser

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// printState is what the print stylesheet shows of a document.
type printState struct {
	Hidden   map[string]string `json:"hidden"` // selector: its display when printed (want none)
	Doc      string            `json:"doc"`    // the article's display
	Title    bool              `json:"title"`  // the h1 is laid out
	Headings int               `json:"headings"`
	Shown    int               `json:"shown"` // section headings laid out with a size
	Missing  []string          `json:"missing"`
	LinkInk  string            `json:"linkInk"`
	TextInk  string            `json:"textInk"`
}

const readPrint = `(() => {
  const display = sel => { const el = document.querySelector(sel); return el ? getComputedStyle(el).display : "absent"; };
  const laidOut = el => !!el && getComputedStyle(el).display !== "none" && getComputedStyle(el).visibility !== "hidden" && el.getBoundingClientRect().height > 0;
  const hidden = {};
  for (const sel of [".site-header", ".legal-nav", ".site-footer", ".helpful", ".skip-link", ".toc"]) hidden[sel] = display(sel);
  const hs = [...document.querySelectorAll(".doc .content :is(h2, h3)")];
  const shown = hs.filter(laidOut);
  const link = document.querySelector(".doc .content p a:not(.anchor)"), p = link && link.parentElement;
  return {hidden, doc: display("article.doc"), title: laidOut(document.querySelector(".doc h1")),
    headings: hs.length, shown: shown.length,
    missing: hs.filter(h => !shown.includes(h)).slice(0, 5).map(h => h.id),
    linkInk: link ? getComputedStyle(link).color : "", textInk: p ? getComputedStyle(p).color : ""};
})()`

// pdfLangs are the languages whose privacy policy is printed to a real PDF;
// the others are checked with print media emulated, which is much cheaper.
var pdfLangs = []string{"en", "ja"}

// TestPrint, in every language: with print media the navigation, header,
// footer, table of contents and feedback box are hidden, and the document
// prints whole, with its title and all its section headings, links in the
// text's ink. In pdfLangs the policy is also printed to a PDF, saved for
// review.
func TestPrint(t *testing.T) {
	f := browserSite(t)
	out := outputDir(t)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb := f.newTab(t, desktopWidth, desktopHeight)
			path := "/" + lang + "/privacy-policy/"
			tb.open(path)
			tb.media("print")
			p := eval[printState](tb, readPrint)
			for sel, display := range p.Hidden {
				if display != "none" && display != "absent" {
					t.Errorf("%s printed: %s is shown (display %s), want it hidden", path, sel, display)
				}
			}
			if p.Hidden[".legal-nav"] == "absent" || p.Hidden[".site-header"] == "absent" {
				t.Errorf("%s: no legal navigation or header to hide: %v", path, p.Hidden)
			}
			if p.Doc == "none" || p.Doc == "absent" {
				t.Errorf("%s printed: the document is not shown (display %s)", path, p.Doc)
			}
			if !p.Title {
				t.Errorf("%s printed: the document's title (h1) is not laid out", path)
			}
			if p.Headings < 10 || p.Shown != p.Headings {
				t.Errorf("%s printed: %d of %d section headings are laid out (hidden: %v)", path, p.Shown, p.Headings, p.Missing)
			}
			if p.LinkInk != p.TextInk {
				t.Errorf("%s printed: links are %s, text %s; the print stylesheet prints links in the text's ink", path, p.LinkInk, p.TextInk)
			}
			tb.media("")
			if eval[printState](tb, readPrint).Hidden[".legal-nav"] == "none" {
				t.Errorf("%s: back on screen, the legal navigation is still hidden", path)
			}
			if !slices.Contains(pdfLangs, lang) {
				return
			}

			pdf, err := run(tb, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFOutlineAndTagged()))
			if err != nil {
				t.Fatalf("%s: printing to PDF: %v", path, err)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 20000 {
				t.Errorf("%s: the PDF is %d bytes and starts %q", path, len(pdf), pdf[:min(8, len(pdf))])
			}
			name := filepath.Join(out, "privacy-policy-"+lang+".pdf")
			if err := os.WriteFile(name, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			pages := len(pdfPage.FindAll(pdf, -1))
			if pages < 5 {
				t.Errorf("%s: the PDF has %d pages; the whole policy should print", path, pages)
			}
			t.Logf("%s: %s (%d pages, %d KB)", path, name, pages, len(pdf)/1024)
		})
	}
}

// pdfPage matches a page object of a PDF (not the /Pages tree).
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// outputDir is where screenshots and PDFs go: $BROWSER_SCREENSHOTS, else
// legalcenter-screenshots in the temporary folder. It is kept after the
// tests, for review.
func outputDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("BROWSER_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "legalcenter-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(dir, "/") {
		if abs, err := filepath.Abs(dir); err == nil {
			dir = abs
		}
	}
	return dir
}
