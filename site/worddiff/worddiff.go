package worddiff

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Op is what a Chunk does to the old text.
type Op int

const (
	Equal  Op = iota // the text is in both
	Delete           // the text is only in the old
	Insert           // the text is only in the new
)

// A Chunk is a run of tokens that one Op applies to.
type Chunk struct {
	Op   Op
	Text string
}

// Split cuts s into tokens: words (runs of letters, digits and marks of
// one script, with inner apostrophes and hyphens), runs of white space,
// single punctuation marks and symbols, and single characters of the
// scripts written without spaces (Han, Hiragana, Katakana, Hangul
// syllables are split too, so that an edit of one particle shows as
// one). Joining the tokens gives s back.
func Split(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		switch {
		case unicode.IsSpace(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += n2
			}
		case isCJK(r):
			// one character
		case isWord(r):
			script := scriptOf(r)
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if isWord(r2) && !isCJK(r2) && sameScript(scriptOf(r2), &script) {
					j += n2
					continue
				}
				// "don't", "opt-in": a joiner between two letters.
				if (r2 == '\'' || r2 == '’' || r2 == '-') && j+n2 < len(s) {
					r3, _ := utf8.DecodeRuneInString(s[j+n2:])
					if isWord(r3) && !isCJK(r3) && sameScript(scriptOf(r3), &script) {
						j += n2
						continue
					}
				}
				break
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) ||
		(r >= 0xAC00 && r <= 0xD7A3) // Hangul syllables
}

// scriptOf tells Latin from Cyrillic, Greek, Hangul jamo and the rest, so
// that "Seoul서울" is two words; digits and marks go with any script.
func scriptOf(r rune) string {
	for _, t := range []struct {
		name string
		tab  *unicode.RangeTable
	}{{"Latin", unicode.Latin}, {"Cyrillic", unicode.Cyrillic}, {"Greek", unicode.Greek}, {"Hangul", unicode.Hangul}, {"Arabic", unicode.Arabic}, {"Hebrew", unicode.Hebrew}, {"Thai", unicode.Thai}} {
		if unicode.Is(t.tab, r) {
			return t.name
		}
	}
	if unicode.IsDigit(r) || unicode.IsMark(r) {
		return "" // joins a word of any script: see sameScript
	}
	return "other"
}

// sameScript reports whether a rune of script s continues a word of
// script *w, and sets *w once a word of digits meets its first letter.
func sameScript(s string, w *string) bool {
	switch {
	case s == "" || s == *w:
		return true
	case *w == "":
		*w = s
		return true
	}
	return false
}

// Diff returns the chunks that turn old into new, word by word.
func Diff(old, new string) []Chunk {
	a, b := Split(old), Split(new)
	var chunks []Chunk
	add := func(op Op, text string) {
		if n := len(chunks); n > 0 && chunks[n-1].Op == op {
			chunks[n-1].Text += text
			return
		}
		chunks = append(chunks, Chunk{op, text})
	}
	for _, e := range myers(a, b) {
		switch e.op {
		case Equal:
			add(Equal, a[e.i])
		case Delete:
			add(Delete, a[e.i])
		case Insert:
			add(Insert, b[e.j])
		}
	}
	return tidy(chunks)
}

// tidy makes the chunks read as a person would mark the change: changes
// separated only by white space become one ("[-one year-]{+two
// years+}", not "[-one-]{+two+} [-year-]{+years+}"), deleted before
// inserted, and white space that ends both the deletion and the
// insertion stays outside them.
func tidy(chunks []Chunk) []Chunk {
	var out []Chunk
	var del, ins strings.Builder
	flush := func() {
		d, in := del.String(), ins.String()
		del.Reset()
		ins.Reset()
		k := 0
		for d != "" && in != "" && k < len(d) && k < len(in) && d[len(d)-1-k] == in[len(in)-1-k] && (d[len(d)-1-k] == ' ' || d[len(d)-1-k] == '\n') {
			k++
		}
		if k == len(d) || k == len(in) {
			k = 0
		}
		if d != "" {
			out = append(out, Chunk{Delete, d[:len(d)-k]})
		}
		if in != "" {
			out = append(out, Chunk{Insert, in[:len(in)-k]})
		}
		if k > 0 {
			out = append(out, Chunk{Equal, d[len(d)-k:]})
		}
	}
	pending := false
	for i, c := range chunks {
		switch {
		case c.Op == Delete:
			del.WriteString(c.Text)
			pending = true
		case c.Op == Insert:
			ins.WriteString(c.Text)
			pending = true
		case pending && strings.TrimSpace(c.Text) == "" && i+1 < len(chunks):
			// White space between two changes joins them.
			del.WriteString(c.Text)
			ins.WriteString(c.Text)
		default:
			if pending {
				flush()
				pending = false
			}
			out = append(out, c)
		}
	}
	if pending {
		flush()
	}
	// Merge equal chunks made adjacent.
	var merged []Chunk
	for _, c := range out {
		if n := len(merged); n > 0 && merged[n-1].Op == c.Op {
			merged[n-1].Text += c.Text
			continue
		}
		merged = append(merged, c)
	}
	return merged
}

// Text writes the chunks with text markers: [-deleted-]{+inserted+}.
func Text(chunks []Chunk) string {
	var b strings.Builder
	for _, c := range chunks {
		switch c.Op {
		case Equal:
			b.WriteString(c.Text)
		case Delete:
			b.WriteString("[-" + c.Text + "-]")
		case Insert:
			b.WriteString("{+" + c.Text + "+}")
		}
	}
	return b.String()
}

// HTML writes the chunks as escaped HTML, deletions in <del> and
// insertions in <ins>; GitHub renders both in Markdown.
func HTML(chunks []Chunk) string {
	var b strings.Builder
	for _, c := range chunks {
		t := html.EscapeString(c.Text)
		switch c.Op {
		case Equal:
			b.WriteString(t)
		case Delete:
			b.WriteString("<del>" + t + "</del>")
		case Insert:
			b.WriteString("<ins>" + t + "</ins>")
		}
	}
	return b.String()
}

// Changed reports whether the chunks hold any deletion or insertion.
func Changed(chunks []Chunk) bool {
	for _, c := range chunks {
		if c.Op != Equal {
			return true
		}
	}
	return false
}
