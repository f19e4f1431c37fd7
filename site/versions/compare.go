package versions

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/spf13/afero"
	"golang.org/x/net/html/atom"
	"legalcenter/site/worddiff"
)

// Placeholder is the element of a comparison page (layouts/compare.html)
// that Fill replaces with the comparison.
const Placeholder = `<div class="compare-body"></div>`

// Fill writes into each archive's comparison page, in fsys (the rendered
// site), what changed from the archive to the current version, compared
// as a reader reads them: the text of the pages' content (div.content),
// block by block (headings, paragraphs, list items, table rows), and the
// blocks that changed word by word. out maps a page, by language and
// path (Key), to its file in fsys.
//
// The archives are compared on every core, each writing its own page;
// the error returned is that of the first archive, in order, that failed.
func Fill(fsys afero.Fs, out map[string]string, archives []Archive) error {
	errs := make([]error, len(archives))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(archives)) {
		wg.Go(func() {
			for i := range next {
				errs[i] = fill(fsys, out, archives[i])
			}
		})
	}
	for i := range archives {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// fill writes the comparison page of one archive.
func fill(fsys afero.Fs, out map[string]string, a Archive) error {
	var files [3]string // the earlier version, the current one, the comparison
	for i, p := range []string{a.Path, a.Current, a.Changes()} {
		f, ok := out[Key(a.Lang, p)]
		switch {
		case !ok && i == 2:
			return fmt.Errorf("%s: its comparison page %s was not rendered in %s (layouts/_partials/versions/pages.html)", a.File, p, a.Lang)
		case !ok:
			return fmt.Errorf("%s: no page %s in %s: superseded_by must name a document of the site", a.File, p, a.Lang)
		}
		files[i] = "/" + strings.TrimPrefix(f, "/")
	}
	old, err := blocksOf(fsys, files[0])
	if err != nil {
		return err
	}
	cur, err := blocksOf(fsys, files[1])
	if err != nil {
		return err
	}
	page, err := afero.ReadFile(fsys, files[2])
	if err != nil {
		return err
	}
	if n := bytes.Count(page, []byte(Placeholder)); n != 1 {
		return fmt.Errorf("%s: the comparison page has %d elements %s, want one (layouts/compare.html)", files[2], n, Placeholder)
	}
	body := `<div class="compare-body">` + Compare(old, cur) + `</div>`
	page = bytes.Replace(page, []byte(Placeholder), []byte(body), 1)
	return afero.WriteFile(fsys, files[2], page, 0o644)
}

// Key is the key of a page in Fill's map of files.
func Key(lang, path string) string { return lang + " " + strings.TrimSuffix(path, "/") }

// Block is a unit of a document's text that the comparison aligns.
type Block struct {
	Kind  string   // "h2"…"h6", "p", "li", "th" (a header row), "tr"
	Cells []string // the text of each cell of a row; the text of another block
}

func (b Block) text() string { return strings.Join(b.Cells, "\t") }

// blocksOf reads the blocks of a rendered page.
func blocksOf(fsys afero.Fs, file string) ([]Block, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := goquery.NewDocumentFromReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	content := doc.Find("article div.content").First()
	if content.Length() == 0 {
		return nil, fmt.Errorf("%s: no <div class=\"content\"> in the page's article", file)
	}
	return Blocks(content), nil
}

// Blocks returns the blocks of an element's content, in document order.
// Links, emphasis and other inline markup are read as their text; a
// heading's anchor link is not part of its text.
func Blocks(s *goquery.Selection) []Block {
	var out []Block
	s.Children().Each(func(_ int, c *goquery.Selection) {
		n := c.Get(0)
		switch n.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			h := c.Clone()
			h.Find("a.anchor, [aria-hidden=true]").Remove()
			out = append(out, Block{Kind: n.Data, Cells: []string{text(h)}})
		case atom.P, atom.Pre, atom.Dt, atom.Dd, atom.Caption:
			out = append(out, Block{Kind: "p", Cells: []string{text(c)}})
		case atom.Li:
			if c.Find("ul, ol, p, table, blockquote").Length() == 0 {
				out = append(out, Block{Kind: "li", Cells: []string{text(c)}})
				return
			}
			// The item's own text, then its nested blocks.
			own := c.Clone()
			own.Children().Filter("ul, ol, p, table, blockquote").Remove()
			if t := text(own); t != "" {
				out = append(out, Block{Kind: "li", Cells: []string{t}})
			}
			out = append(out, Blocks(c.Children().Filter("ul, ol, p, table, blockquote"))...)
		case atom.Tr:
			b := Block{Kind: "tr"}
			if c.Children().Filter("td").Length() == 0 {
				b.Kind = "th"
			}
			c.Children().Each(func(_ int, cell *goquery.Selection) { b.Cells = append(b.Cells, text(cell)) })
			out = append(out, b)
		case atom.Script, atom.Style, atom.Template, atom.Hr:
		default:
			if c.Children().Length() > 0 {
				out = append(out, Blocks(c)...)
			} else if t := text(c); t != "" {
				out = append(out, Block{Kind: "p", Cells: []string{t}})
			}
		}
	})
	return out
}

// text is the text of an element with its white space collapsed.
func text(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// Compare returns, as HTML, the blocks of cur with what changed from old
// marked: unchanged blocks as they are, a changed block with its deleted
// words in <del> and inserted words in <ins> (Chinese, Japanese and
// Korean compared per character), a block only in old deleted whole, one
// only in cur inserted whole. Changed blocks carry class "changed".
func Compare(old, cur []Block) string {
	ka, kb := make([]string, len(old)), make([]string, len(cur))
	for i, b := range old {
		ka[i] = b.Kind + "\n" + b.text()
	}
	for i, b := range cur {
		kb[i] = b.Kind + "\n" + b.text()
	}
	var w writer
	steps := worddiff.Align(ka, kb)
	for i := 0; i < len(steps); {
		if steps[i].Op == worddiff.Equal {
			w.block(cur[steps[i].New], nil, "")
			i++
			continue
		}
		// A run of changes: deleted blocks, then inserted ones. The k-th
		// deleted and the k-th inserted of one kind are one block changed.
		var dels, ins []int
		for ; i < len(steps) && steps[i].Op != worddiff.Equal; i++ {
			if steps[i].Op == worddiff.Delete {
				dels = append(dels, steps[i].Old)
			} else {
				ins = append(ins, steps[i].New)
			}
		}
		for len(dels) > 0 || len(ins) > 0 {
			switch {
			case len(dels) > 0 && len(ins) > 0 && comparable(old[dels[0]], cur[ins[0]]):
				o := old[dels[0]]
				w.block(cur[ins[0]], &o, "")
				dels, ins = dels[1:], ins[1:]
			case len(dels) > 0:
				w.block(old[dels[0]], nil, "del")
				dels = dels[1:]
			default:
				w.block(cur[ins[0]], nil, "ins")
				ins = ins[1:]
			}
		}
	}
	w.close()
	return w.String()
}

// comparable reports whether b is a as changed, rather than a block
// removed and another added: the same kind, and a row with as many cells.
func comparable(a, b Block) bool {
	kind := func(k string) string {
		if k == "th" {
			return "tr"
		}
		return k
	}
	return kind(a.Kind) == kind(b.Kind) && (kind(a.Kind) != "tr" || len(a.Cells) == len(b.Cells))
}

// writer writes blocks as HTML, grouping list items into a list and rows
// into a table.
type writer struct {
	strings.Builder
	group string // "ul", "table" or ""
}

func (w *writer) open(g string) {
	if w.group == g {
		return
	}
	w.close()
	switch g {
	case "ul":
		w.WriteString("<ul>")
	case "table":
		w.WriteString("<table>")
	}
	w.group = g
}

func (w *writer) close() {
	switch w.group {
	case "ul":
		w.WriteString("</ul>")
	case "table":
		w.WriteString("</table>")
	}
	w.group = ""
}

// block writes b: compared with old when old is set, or whole in a
// <del> or <ins> when whole says so.
func (w *writer) block(b Block, old *Block, whole string) {
	cell := func(i int) string {
		switch {
		case old != nil:
			return worddiff.HTML(wholeNumbers(fold(worddiff.Diff(old.Cells[i], b.Cells[i]))))
		case whole != "":
			return "<" + whole + ">" + html.EscapeString(b.Cells[i]) + "</" + whole + ">"
		}
		return html.EscapeString(b.Cells[i])
	}
	class := ""
	if whole != "" || (old != nil && old.text() != b.text()) {
		class = ` class="changed"`
	}
	if old != nil && len(old.Cells) != len(b.Cells) { // headings and paragraphs have one
		o := Block{Kind: old.Kind, Cells: []string{old.text()}}
		b, old = Block{Kind: b.Kind, Cells: []string{b.text()}}, &o
	}
	switch b.Kind {
	case "li":
		w.open("ul")
		fmt.Fprintf(w, "<li%s>%s</li>", class, cell(0))
	case "th", "tr":
		w.open("table")
		open, end := "<td>", "</td>"
		if b.Kind == "th" {
			open, end = `<th scope="col">`, "</th>"
		}
		fmt.Fprintf(w, "<tr%s>", class)
		for i := range b.Cells {
			w.WriteString(open + cell(i) + end)
		}
		w.WriteString("</tr>")
	case "h1", "h2", "h3", "h4", "h5", "h6":
		w.close()
		fmt.Fprintf(w, "<%s%s>%s</%s>", b.Kind, class, cell(0), b.Kind)
	default:
		w.close()
		fmt.Fprintf(w, "<p%s>%s</p>", class, cell(0))
	}
}

// fold joins a change, a run of one or two characters that both versions
// share, and the next change into one change: compared per character,
// Chinese, Japanese and Korean words that share a character ("クライアント",
// "インスタンス") would otherwise read as a string of fragments. A run
// with white space is a word boundary and is kept.
func fold(chunks []worddiff.Chunk) []worddiff.Chunk {
	var out []worddiff.Chunk
	var del, ins strings.Builder
	flush := func() {
		if del.Len() > 0 {
			out = append(out, worddiff.Chunk{Op: worddiff.Delete, Text: del.String()})
		}
		if ins.Len() > 0 {
			out = append(out, worddiff.Chunk{Op: worddiff.Insert, Text: ins.String()})
		}
		del.Reset()
		ins.Reset()
	}
	for i, c := range chunks {
		switch {
		case c.Op == worddiff.Delete:
			del.WriteString(c.Text)
		case c.Op == worddiff.Insert:
			ins.WriteString(c.Text)
		case i > 0 && i+1 < len(chunks) && chunks[i-1].Op != worddiff.Equal && chunks[i+1].Op != worddiff.Equal &&
			utf8.RuneCountInString(c.Text) <= 2 && !strings.ContainsFunc(c.Text, unicode.IsSpace):
			del.WriteString(c.Text)
			ins.WriteString(c.Text)
		default:
			flush()
			out = append(out, c)
		}
	}
	flush()
	return out
}

var (
	numberEnd   = regexp.MustCompile(`\d[\d.,]*$`)
	numberStart = regexp.MustCompile(`^[\d.,]*\d`)
)

// wholeNumbers widens a change inside a number to the whole number, so
// that 99.9% to 99.95% reads as one figure changed
// (<del>99.9</del><ins>99.95</ins>%), not as 99.<del>9</del><ins>95</ins>%.
func wholeNumbers(chunks []worddiff.Chunk) []worddiff.Chunk {
	var out []worddiff.Chunk
	for i := 0; i < len(chunks); {
		if chunks[i].Op == worddiff.Equal {
			out = append(out, chunks[i])
			i++
			continue
		}
		var del, ins string
		for ; i < len(chunks) && chunks[i].Op != worddiff.Equal; i++ {
			if chunks[i].Op == worddiff.Delete {
				del += chunks[i].Text
			} else {
				ins += chunks[i].Text
			}
		}
		digitAt := func(s string, last bool) bool {
			if s == "" {
				return false
			}
			r, _ := utf8.DecodeRuneInString(s)
			if last {
				r, _ = utf8.DecodeLastRuneInString(s)
			}
			return unicode.IsDigit(r)
		}
		if n := len(out); n > 0 && out[n-1].Op == worddiff.Equal && (digitAt(del, false) || digitAt(ins, false)) {
			if loc := numberEnd.FindStringIndex(out[n-1].Text); loc != nil {
				pre := out[n-1].Text[loc[0]:]
				del, ins = pre+del, pre+ins
				if out[n-1].Text = out[n-1].Text[:loc[0]]; out[n-1].Text == "" {
					out = out[:n-1]
				}
			}
		}
		if i < len(chunks) && (digitAt(del, true) || digitAt(ins, true)) {
			if loc := numberStart.FindStringIndex(chunks[i].Text); loc != nil {
				post := chunks[i].Text[:loc[1]]
				del, ins = del+post, ins+post
				chunks[i].Text = chunks[i].Text[loc[1]:] // chunks is the caller's own, from Diff
				if chunks[i].Text == "" {
					i++
				}
			}
		}
		if del != "" {
			out = append(out, worddiff.Chunk{Op: worddiff.Delete, Text: del})
		}
		if ins != "" {
			out = append(out, worddiff.Chunk{Op: worddiff.Insert, Text: ins})
		}
	}
	return out
}
