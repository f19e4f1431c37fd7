package l10n

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// sentenceEnd is how splitSentences splits.
var sentenceEnd = regexp.MustCompile(`[.!?;:](\s+|$)|\n+`)

var sentenceTexts = []string{
	"",
	".",
	"a.",
	"One. Two! Three? Four; five: six",
	"Pay 99.95 USD.\n\nThen leave.  \t\nNext",
	"line\nline\r\nline\n\n\nend.\f",
	"  Spaced   out\u00a0 text\u3000here \u0085 ",
	"세계 지도.\n日本語。テキスト",
	"\xff\xfe broken. utf8 ",
}

func TestSplitSentences(t *testing.T) {
	for _, text := range sentenceTexts {
		if got, want := splitSentences(text), sentenceEnd.Split(text, -1); !slices.Equal(got, want) {
			t.Errorf("splitSentences(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestNorm(t *testing.T) {
	for _, text := range append(sentenceTexts, "one two", " one", "one ", "one  two", "one\ttwo") {
		if got, want := norm(text), strings.Join(strings.Fields(text), " "); got != want {
			t.Errorf("norm(%q) = %q, want %q", text, got, want)
		}
	}
}

// scriptWordsTables is scriptWords with the Unicode tables alone.
func scriptWordsTables(text string) (latin, other int) {
	in := ' '
	for _, r := range text {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
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

// FuzzSentences: the sentences, the normalised text and the count of
// words per script are those of the library functions they stand for.
func FuzzSentences(f *testing.F) {
	for _, text := range sentenceTexts {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := splitSentences(text), sentenceEnd.Split(text, -1); !slices.Equal(got, want) {
			t.Errorf("splitSentences(%q) = %q, want %q", text, got, want)
		}
		if got, want := norm(text), strings.Join(strings.Fields(text), " "); got != want {
			t.Errorf("norm(%q) = %q, want %q", text, got, want)
		}
		l, o := scriptWords(text)
		if wl, wo := scriptWordsTables(text); l != wl || o != wo {
			t.Errorf("scriptWords(%q) = %d, %d, want %d, %d", text, l, o, wl, wo)
		}
	})
}

// TestSpaceAt: every white space character outside ASCII starts with one
// of the bytes spaceAt decodes.
func TestSpaceAt(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if !unicode.IsSpace(r) {
			continue
		}
		s := string(r)
		if sp, n := spaceAt(s, 0); !sp || n != len(s) {
			t.Errorf("spaceAt(%U) = %v, %d", r, sp, n)
		}
	}
}
