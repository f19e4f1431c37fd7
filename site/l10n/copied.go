package l10n

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"legalcenter/site/content"
	"legalcenter/site/report"
)

// A translation "translated" by copying the source is reported as a
// string left identical to the source is (RuleIdentical, a warning), per
// section, or once for a page that is mostly copied: a section whose
// sentences of copiedWords words or more are the source's, word for
// word; or, in a language written in another script (Korean, Japanese,
// Chinese), a section whose words are mostly Latin-script ones. Text
// marked untranslated is English on purpose and is not compared; nor are
// sentences the site allows to stay identical (identicalOK).

// copiedWords is the shortest sentence, in words, that counts as copied
// when it is the source's: shorter ones are names, addresses and the
// like, which stay as they are.
const copiedWords = 6

// latinScripts are the languages (by their code's first part) written in
// a script other than the Latin alphabet, where Latin-script words are
// names, codes and English left untranslated.
var latinScripts = map[string]bool{"ko": true, "ja": true, "zh": true}

// splitSentences returns the sentences of Latin-script text, as
// regexp.MustCompile(`[.!?;:](\s+|$)|\n+`).Split(text, -1) does: a
// sentence ends at a stop followed by white space (the ASCII white space
// of \s) or by the end of the text, the stop and the space dropped, and
// at a line break. The text of every source section is split, which the
// regular expression did at a fifth of the speed.
func splitSentences(text string) []string {
	out := make([]string, 0, strings.Count(text, "\n")+1)
	beg := 0
	for i := 0; i < len(text); {
		end := i
		switch c := text[i]; {
		case c == '\n':
			for end < len(text) && text[end] == '\n' {
				end++
			}
		case strings.IndexByte(".!?;:", c) >= 0:
			end = i + 1
			for end < len(text) && isSpaceRE(text[end]) {
				end++
			}
			if end == i+1 && end < len(text) {
				end = i // a stop inside a word ("99.95"), not at the end
			}
		}
		if end == i {
			i++
			continue
		}
		out = append(out, text[beg:i])
		beg, i = end, end
	}
	return append(out, text[beg:])
}

// isSpaceRE reports whether c is white space as \s of regexp matches it.
func isSpaceRE(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// copied returns the identical findings of the translation d (in lang,
// at file) of the source sections src.
func (s *site) copied(lang, file, source string, d *content.Document, src []*content.Section) []report.Finding {
	base, _, _ := strings.Cut(lang, "-")
	var out []report.Finding
	compared := 0
	for _, t := range d.Sections {
		if t.ID == "" || s.marked(d, t) {
			continue
		}
		var from *content.Section
		for _, sec := range src {
			if sec.ID == t.ID {
				from = sec
				break
			}
		}
		if from == nil || strings.TrimSpace(t.Plain) == "" {
			continue
		}
		compared++
		var why string
		if same := s.sameSentences(from.Plain, t.Plain); len(same) > 0 {
			why = fmt.Sprintf("has %s the English's, word for word (%q)", sentenceCount(len(same)), same[0])
		} else if latinScripts[base] {
			if latin, other := scriptWords(t.Plain); latin >= copiedWords && latin > other {
				why = fmt.Sprintf("is mostly Latin-script words (%d of %d), as the English is", latin, latin+other)
			}
		}
		if why == "" {
			continue
		}
		out = append(out, report.Finding{Lang: lang, Rule: RuleIdentical, Level: report.Warning, File: file, Line: t.Line, Target: "#" + t.ID,
			Message: fmt.Sprintf("%s %s: translate it, or mark what stays in English with {{< mark \"untranslated\" >}} … {{< /mark >}} (%s)", sectionName(t.ID), why, source)})
	}
	// A page copied whole is one finding, at its first copied section.
	if len(out) > 1 && 2*len(out) > compared {
		f := out[0]
		f.Target = ""
		f.Message = fmt.Sprintf("%d of its %d sections are copied from the English (first %s): translate them, or mark what stays in English with {{< mark \"untranslated\" >}} … {{< /mark >}} (%s)",
			len(out), compared, sectionName(out[0].Target[1:]), source)
		return []report.Finding{f}
	}
	return out
}

// marked reports whether the section holds text marked untranslated, or
// is in such a mark.
func (s *site) marked(d *content.Document, sec *content.Section) bool {
	end := sec.Line + strings.Count(sec.Text, "\n")
	for _, m := range d.Marks {
		if m.Kind == content.MarkUntranslated && m.Line <= end && m.End >= sec.Line {
			return true
		}
	}
	return false
}

// sameSentences returns the sentences of the source text src, of
// copiedWords words or more, that the translation text t has too, word
// for word, unless identicalOK allows them.
func (s *site) sameSentences(src, t string) []string {
	var out []string
	var text string
	for _, sen := range s.sentences(src) {
		if text == "" {
			text = " " + norm(t) + " "
		}
		if strings.Contains(text, sen) {
			out = append(out, sen)
		}
	}
	return out
}

// sentences returns the sentences of the source text src that
// sameSentences compares, normalised: each source section is compared
// with every translation, and split once.
func (s *site) sentences(src string) []string {
	s.sentencesMu.Lock()
	defer s.sentencesMu.Unlock()
	if out, ok := s.split[src]; ok {
		return out
	}
	var out []string
	for _, sen := range splitSentences(src) {
		sen = norm(sen)
		if content.CountWords(sen) < copiedWords || s.identicalOK[sen] {
			continue
		}
		out = append(out, sen)
	}
	if s.split == nil {
		s.split = map[string][]string{}
	}
	s.split[src] = out
	return out
}

// norm is x with each run of white space one space, and none around it:
// strings.Join(strings.Fields(x), " "), without the list of fields, and
// without a copy when x is so already.
func norm(x string) string {
	normal := true
	for i, prev := 0, true; i < len(x) && normal; { // prev: x[i-1] is white space, or i == 0
		sp, n := spaceAt(x, i)
		normal = !sp || !prev && x[i] == ' ' && i+n < len(x)
		prev, i = sp, i+n
	}
	if normal {
		return x
	}
	var b strings.Builder
	b.Grow(len(x))
	for i := 0; i < len(x); {
		for i < len(x) {
			sp, n := spaceAt(x, i)
			if !sp {
				break
			}
			i += n
		}
		j := i
		for j < len(x) {
			sp, n := spaceAt(x, j)
			if sp {
				break
			}
			j += n
		}
		if j > i {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(x[i:j])
		}
		i = j
	}
	return b.String()
}

// spaceAt reports whether the character at x[i:] is white space, as
// strings.Fields tells it, and its length in bytes.
// Outside ASCII, white space starts with one of four bytes (U+0085,
// U+00A0; U+1680; U+2000 to U+205F; U+3000): any other byte is part of
// a word, the bytes of a character one by one.
func spaceAt(x string, i int) (bool, int) {
	switch c := x[i]; {
	case c < utf8.RuneSelf:
		return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r', 1
	case c != 0xc2 && c != 0xe1 && c != 0xe2 && c != 0xe3:
		return false, 1
	}
	r, n := utf8.DecodeRuneInString(x[i:])
	return unicode.IsSpace(r), n
}

// scriptWords counts the words of text written in the Latin alphabet and
// those written in any other script (each Han, Hiragana or Katakana
// character is a word, as content.CountWords counts them).
func scriptWords(text string) (latin, other int) {
	in := ' ' // the script of the word under way: 'l', 'o', or ' ' between words
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf: // the same cases, for ASCII, without the tables
			switch {
			case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z':
				if in != 'l' {
					latin++
				}
				in = 'l'
			case '0' <= r && r <= '9':
			default:
				in = ' '
			}
		case 0xac00 <= r && r <= 0xd7a3: // Hangul syllables: letters of another script, without the tables
			if in != 'o' {
				other++
			}
			in = 'o'
		case 0x4e00 <= r && r <= 0x9fff || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana): // the common Han block first
			other++
			in = ' '
		case unicode.Is(unicode.Latin, r):
			if in != 'l' {
				latin++
			}
			in = 'l'
		case unicode.IsLetter(r):
			if in != 'o' {
				other++
			}
			in = 'o'
		case unicode.IsDigit(r) || unicode.IsMark(r):
		default:
			in = ' '
		}
	}
	return latin, other
}

func sentenceCount(n int) string {
	if n == 1 {
		return "a sentence that is"
	}
	return fmt.Sprintf("%d sentences that are", n)
}
