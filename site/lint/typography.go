package lint

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/afero"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"legalcenter/site/content"
	"legalcenter/site/report"
)

// TypographyFile is the typography lint's table: per language, what its
// text writes and what it does not (see Typography).
const TypographyFile = "data/typography.toml"

// The typography rules, as in report.Finding.Rule; each can be waived
// for a span with {{< mark "allow" "rule" >}} … {{< /mark >}}.
const (
	ruleQuotePair    = "quote-pair"    // “당사"란: a quotation opened with one kind of mark, closed with another
	ruleASCIIQuote   = "ascii-quote"   // "本条款" in a language whose table names its quotation marks
	ruleStopSpace    = "stop-space"    // a half-width space after 。？！ in a language that sets them full width
	ruleParticle     = "particle"      // …com로: a Korean particle that does not fit how the word before it is read
	ruleSpelling     = "spelling"      // 及び where the language's documents write および
	ruleDoublePeriod = "double-period" // "B.V.." (a fact's period and the sentence's)
	ruleDoubledWord  = "doubled-word"  // "Service Service", in a language that separates words by spaces
	ruleTypography   = "typography"    // data/typography.toml itself does not parse
)

// Typography is the table of data/typography.toml.
type Typography struct {
	// Spaced are the languages that separate words by spaces: the
	// doubled-word rule reads them.
	Spaced []string `toml:"spaced"`
	// Quotes are, by language, the opening and closing quotation marks
	// its text uses; ASCII " is an error in these languages.
	Quotes map[string]string `toml:"quotes"`
	// FullStops are the languages that set 。？！ full width, with no space
	// after them.
	FullStops []string `toml:"full_stops"`
	// Spellings are, by language, the preferred form of a word and the
	// variants its documents must not use: {"および": ["及び"]}.
	Spellings map[string]map[string][]string `toml:"spellings"`
	// Readings say how Korean reads the end of a Latin word or of a
	// domain name's last label ("com": 닷컴), by the sound it ends on:
	// a consonant other than ㄹ takes 으로/은/이/을/과, ㄹ takes 로 and
	// 은/이/을/과, a vowel 로/는/가/를/와. Words not listed are not judged.
	Readings struct {
		Consonant []string `toml:"consonant"`
		Rieul     []string `toml:"rieul"`
		Vowel     []string `toml:"vowel"`
	} `toml:"readings"`

	ending map[string]byte // Readings by lower-case word: 'c', 'l' (ㄹ) or 'v'
	// preferred are the keys of Spellings[lang], sorted: the order of
	// the findings.
	preferred map[string][]string
}

// sharedFiles are the files that the rules of every document read besides
// the document: the typography table first, then the facts' files. Each
// is read once, for the rules and for the cache's context (cacheContext)
// alike, which then name the same bytes.
type sharedFiles []sharedFile

// sharedFile is one of sharedFiles.
type sharedFile struct {
	name string // "/data/typography.toml"
	b    []byte
	err  error // fs.ErrNotExist when there is none
}

// readSharedFiles reads the sharedFiles of fsys.
func readSharedFiles(fsys afero.Fs) sharedFiles {
	read := func(name string) sharedFile {
		b, err := afero.ReadFile(fsys, name)
		return sharedFile{name, b, err}
	}
	files := sharedFiles{read("/" + TypographyFile)}
	entries, _ := afero.ReadDir(fsys, "/"+FactsDir)
	for _, e := range entries {
		if !e.IsDir() && path.Ext(e.Name()) == ".toml" {
			files = append(files, read("/"+FactsDir+"/"+e.Name()))
		}
	}
	return files
}

// loadTypography reads TypographyFile, the first of files; nil when the
// site has none. A file that does not parse is a finding at its line.
func loadTypography(files sharedFiles, add func(report.Finding)) (*Typography, error) {
	b, err := files[0].b, files[0].err
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var t Typography
	if err := toml.Unmarshal(b, &t); err != nil {
		line := 0
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ = de.Position()
		}
		add(report.Finding{File: TypographyFile, Line: line, Rule: ruleTypography, Message: "the typography table does not parse: " + err.Error()})
		return nil, nil
	}
	t.preferred = map[string][]string{}
	for lang, spellings := range t.Spellings {
		t.preferred[lang] = slices.Sorted(maps.Keys(spellings))
	}
	t.ending = map[string]byte{}
	for i, words := range [][]string{t.Readings.Consonant, t.Readings.Rieul, t.Readings.Vowel} {
		for _, w := range words {
			t.ending[strings.ToLower(w)] = "clv"[i]
		}
	}
	return &t, nil
}

// factValues are the string values of data/facts, by key ("privacy.dpo_email"):
// what a fact shortcode shows, for the rules that read the text around it.
// They are read from the facts' files, files after the first.
func factValues(files sharedFiles) map[string]string {
	out := map[string]string{}
	for _, f := range files[1:] {
		var m map[string]any
		if f.err != nil || toml.Unmarshal(f.b, &m) != nil {
			continue
		}
		var walk func(prefix string, m map[string]any)
		walk = func(prefix string, m map[string]any) {
			for k, v := range m {
				switch v := v.(type) {
				case string:
					out[prefix+k] = v
				case map[string]any:
					walk(prefix+k+".", v)
				}
			}
		}
		walk(strings.TrimSuffix(path.Base(f.name), ".toml")+".", m)
	}
	return out
}

// checkTypography applies the typography rules to each document's text
// (each paragraph, heading and table cell as the content model parsed it,
// each fact shown with its value) and to its title and description, then
// to the i18n strings, the per-language texts of data/ and the languages'
// titles in the configuration (checkStrings).
//
// It reads the typography table and the facts from files, checks the
// strings, and returns the rule
// of the documents, which reads nothing but the document it is given and
// may run on any goroutine (Run runs it as each file is linted); nil when
// the site has no typography table.
func checkTypography(fsys afero.Fs, files sharedFiles, opt Options, add func(report.Finding)) (func(*Doc, func(report.Finding)), error) {
	t, err := loadTypography(files, add)
	if err != nil || t == nil {
		return nil, err
	}
	facts := factValues(files)
	if err := checkStrings(fsys, t, opt, facts, add); err != nil {
		return nil, err
	}
	return func(doc *Doc, add func(report.Finding)) { t.doc(doc, facts, add) }, nil
}

// doc applies the typography rules to one document.
func (t *Typography) doc(doc *Doc, facts map[string]string, add func(report.Finding)) {
	d := doc.Content
	seen := map[string]bool{} // rule and line: one finding each
	emit := func(rule string, line int, msg string) {
		k := rule + "\x00" + itoa(line)
		if seen[k] || d.Allows(rule, line) {
			return
		}
		seen[k] = true
		add(report.Finding{File: doc.File, Line: line, Rule: rule, Message: msg})
	}
	fm := string(d.Src[d.FMStart:d.FMEnd])
	for _, field := range []string{"title", "linkTitle", "description"} {
		if v, ok := d.FrontMatter[field].(string); ok {
			line := fmLine(fm, field, "")
			t.text(doc.Lang, v, func(int) int { return line }, emit)
		}
	}
	for _, b := range blocks(d, facts) {
		t.text(doc.Lang, b.s, b.line, emit)
	}
}

// block is the text of one paragraph, heading or table cell: s, and the
// line of each of its bytes.
type block struct {
	s    string
	line func(i int) int
}

// blocks are the text blocks of d: inline code, raw HTML and images stand
// as ObjectReplacement, a fact shortcode as its value, another shortcode
// as ObjectReplacement.
func blocks(d *content.Document, facts map[string]string) []block {
	src := d.Markdown
	// The k-th ObjectReplacement of the Markdown is the k-th shortcode call.
	calls := map[int]content.Shortcode{}
	for i, k := 0, 0; k < len(d.Shortcodes); k++ {
		j := bytes.Index(src[i:], objectReplacement)
		if j < 0 {
			break
		}
		calls[i+j] = d.Shortcodes[k]
		i += j + len(content.ObjectReplacement)
	}
	starts := make([]int, 1, 1+bytes.Count(src, []byte("\n"))) // offsets where a line of the Markdown starts
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	lineOf := func(off int) int {
		return d.BodyLine + sort.SearchInts(starts, off+1) - 1
	}
	var out []block
	var b strings.Builder
	// The offset in src of each byte of the block under way, as spans:
	// the bytes from at on come from src on (one after the other when
	// step, all from src when not, as a value written in place of a
	// shortcode).
	type span struct {
		at, src int
		step    bool
	}
	var spans []span
	last := 0 // the offset after the text written last
	write := func(s string, off int) {
		if s != "" {
			spans = append(spans, span{b.Len(), off, false})
			b.WriteString(s)
		}
		last = off
	}
	copyText := func(s []byte, off int) {
		if len(s) > 0 {
			spans = append(spans, span{b.Len(), off, true})
			b.Write(s)
		}
	}
	var inline func(n ast.Node)
	inline = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				seg := c.Segment
				v := src[seg.Start:seg.Stop]
				for i := 0; i < len(v); {
					j := bytes.Index(v[i:], objectReplacement)
					if j < 0 {
						copyText(v[i:], seg.Start+i)
						last = seg.Stop
						break
					}
					copyText(v[i:i+j], seg.Start+i)
					at := seg.Start + i + j
					val := content.ObjectReplacement
					if key, ok := calls[at].Fact(); ok && facts[key] != "" {
						val = facts[key]
					}
					write(val, at)
					i += j + len(content.ObjectReplacement)
				}
				if c.SoftLineBreak() || c.HardLineBreak() {
					write("\n", seg.Stop)
				}
			case *ast.String:
				// The typographer's replacement of what the source
				// wrote: &ldquo; for ", &hellip; for ...
				v := string(c.Value)
				if w, ok := typographer[v]; ok {
					v = w
				}
				write(v, last)
			case *ast.AutoLink:
				write(string(c.Label(src)), c.Pos())
			case *ast.CodeSpan, *ast.RawHTML, *ast.Image:
				off := last
				if t, ok := c.FirstChild().(*ast.Text); ok {
					off = t.Segment.Start
				} else if r, ok := c.(*ast.RawHTML); ok && r.Segments.Len() > 0 {
					off = r.Segments.At(0).Start
				}
				write(content.ObjectReplacement, off)
			default:
				inline(c)
			}
		}
	}
	ast.Walk(d.Tree, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *east.TableCell:
			b.Reset()
			spans = nil
			if l := n.Lines(); l != nil && l.Len() > 0 {
				last = l.At(0).Start
			}
			inline(n)
			o, n := spans, b.Len()
			out = append(out, block{s: b.String(), line: func(i int) int {
				if n == 0 {
					return d.BodyLine
				}
				i = min(max(i, 0), n-1)
				sp := o[sort.Search(len(o), func(k int) bool { return o[k].at > i })-1]
				if sp.step {
					return lineOf(sp.src + i - sp.at)
				}
				return lineOf(sp.src)
			}})
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// typographer maps what goldmark's typographer writes back to what the
// source wrote.
var typographer = map[string]string{
	"&ldquo;": `"`, "&rdquo;": `"`, "&lsquo;": "'", "&rsquo;": "'",
	"&hellip;": "...", "&ndash;": "--", "&mdash;": "---", "&laquo;": "<<", "&raquo;": ">>",
}

var objectReplacement = []byte(content.ObjectReplacement)

// text applies the rules to the text s of a document in lang; line gives
// the line of s's i-th byte.
func (t *Typography) text(lang, s string, line func(int) int, emit func(rule string, line int, msg string)) {
	quotePair(s, line, emit)
	if q := []rune(t.Quotes[lang]); len(q) == 2 {
		for i := strings.IndexByte(s, '"'); i >= 0; i = next(s, i, `"`) {
			emit(ruleASCIIQuote, line(i), "ASCII quotation marks in "+quote(excerpt(s, i, i+1))+": "+lang+" text quotes with "+string(q[0])+"…"+string(q[1]))
		}
	}
	if slices.Contains(t.FullStops, lang) {
		for _, stop := range []string{"。", "？", "！"} {
			for i := strings.Index(s, stop+" "); i >= 0; i = next(s, i, stop+" ") {
				rest := strings.TrimLeft(s[i+len(stop):], " ")
				if rest == "" || rest[0] == '\n' {
					continue
				}
				emit(ruleStopSpace, line(i), "a half-width space after "+stop+" in "+quote(excerpt(s, i, i+len(stop)+1))+": "+lang+" sets "+stop+" full width, with no space after it")
			}
		}
	}
	spellings := t.Spellings[lang]
	for _, preferred := range t.preferred[lang] {
		for _, v := range spellings[preferred] {
			for i := strings.Index(s, v); i >= 0; i = next(s, i, v) {
				emit(ruleSpelling, line(i), "write "+preferred+", not "+v+", in "+quote(excerpt(s, i, i+len(v)))+": the form "+lang+" documents use ("+TypographyFile+")")
			}
		}
	}
	if lang == "ko" {
		t.particles(s, line, emit)
	}
	for i := strings.Index(s, ".."); i >= 0; i = next(s, i, "..") {
		j := i + 2
		if i > 0 && s[i-1] == '.' || j < len(s) && s[j] == '.' {
			for j < len(s) && s[j] == '.' { // an ellipsis
				j++
			}
			i = j - 2
			continue
		}
		emit(ruleDoublePeriod, line(i), "a doubled period in "+quote(excerpt(s, i, j))+": a sentence that ends with an abbreviation (B.V., Inc.) or a fact ending in a period takes no second one")
	}
	if slices.Contains(t.Spaced, lang) {
		for i := 0; ; {
			w, start, end, ok := doubledWord(s[i:])
			if !ok {
				break
			}
			emit(ruleDoubledWord, line(i+start), "the word "+quote(w)+" is doubled in "+quote(excerpt(s, i+start, i+end)))
			i += end
		}
	}
}

// next is the index of the next sep in s after the one at i, or -1.
func next(s string, i int, sep string) int {
	j := strings.Index(s[i+len(sep):], sep)
	if j < 0 {
		return -1
	}
	return i + len(sep) + j
}

// quotePair reports a double quotation opened with one kind of mark and
// closed with another: “당사"란 or "당사”란.
func quotePair(s string, line func(int) int, emit func(string, int, string)) {
	if strings.IndexByte(s, '"') < 0 && !strings.Contains(s, "“") && !strings.Contains(s, "”") {
		return // most text: no quotation mark to pair
	}
	open, at := rune(0), 0
	for i, r := range s {
		switch r {
		case '“':
			open, at = r, i
		case '”':
			if open == '"' {
				emit(ruleQuotePair, line(i), "mismatched quotation marks in "+quote(excerpt(s, at, i+len("”")))+": opened with \" and closed with ”; use “…” (or \"…\") on both sides")
			}
			open = 0
		case '"':
			switch open {
			case '“':
				emit(ruleQuotePair, line(i), "mismatched quotation marks in "+quote(excerpt(s, at, i+1))+": opened with “ and closed with \"; use “…” (or \"…\") on both sides")
				open = 0
			case '"':
				open = 0
			default:
				open, at = r, i
			}
		}
	}
}

// DoubledWord finds the first word of s that is written twice in a row,
// separated by white space only ("Service Service"), ignoring case.
// Numbers are not words.
func DoubledWord(s string) (string, bool) {
	w, _, _, ok := doubledWord(s)
	return w, ok
}

// doubledWord is DoubledWord, with the byte offsets of the first copy's
// start and the second's end. Words are what white space separates, less
// the punctuation around them; punctuation between two words separates
// them ("com, com"), and a word joined to another by punctuation is part
// of it ("example.com com").
func doubledWord(s string) (string, int, int, bool) {
	type token struct {
		core        string
		start, end  int // of the core
		lead, trail bool
	}
	var prev token // prev.core is "" when there is none
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := rune(s[j]), 1
			if r >= utf8.RuneSelf {
				r, n = utf8.DecodeRuneInString(s[j:])
			}
			if unicode.IsSpace(r) {
				break
			}
			j += n
		}
		start, end := i, j // of the core, less the punctuation around it
		for start < end && s[start] < utf8.RuneSelf && !isWordByte(s[start]) {
			start++
		}
		if start < end && s[start] >= utf8.RuneSelf {
			start = end - len(strings.TrimLeftFunc(s[start:end], notWordChar))
		}
		for end > start && s[end-1] < utf8.RuneSelf && !isWordByte(s[end-1]) {
			end--
		}
		if end > start && s[end-1] >= utf8.RuneSelf {
			end = start + len(strings.TrimRightFunc(s[start:end], notWordChar))
		}
		core := s[start:end]
		t := token{core: core, start: start, end: start + len(core), lead: start > i, trail: start+len(core) < j}
		i = j
		if t.core == "" {
			prev = token{}
			continue
		}
		if prev.core != "" && !prev.trail && !t.lead && strings.EqualFold(prev.core, t.core) && word(t.core) {
			return prev.core, prev.start, t.end, true
		}
		prev = t
	}
	return "", 0, 0, false
}

// notWordChar reports whether r is punctuation around a word: neither a
// letter nor a number.
func notWordChar(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }

// word reports whether s is one word: letters (with hyphens and
// apostrophes), not a number, an address or a code.
func word(s string) bool {
	letter := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letter = true
		case r == '-' || r == '\'' || r == '’' || unicode.IsMark(r):
		default:
			return false
		}
	}
	return letter
}

// particles reports a Korean particle right after a Latin word, e-mail
// address or domain name that does not fit how Korean reads the word's
// end (Typography.Readings): dpo@example.com로 (read 닷컴, ending on ㅁ)
// takes 으로. A particle after a closing parenthesis agrees with the word
// before the parenthesis, and is not judged.
func (t *Typography) particles(s string, line func(int) int, emit func(string, int, string)) {
	// pairs: the form after a consonant, after a vowel; after ㄹ, 로 as
	// after a vowel and the others as after a consonant.
	pairs := [][2]string{{"으로", "로"}, {"은", "는"}, {"이", "가"}, {"을", "를"}, {"과", "와"}}
	// Hangul that may follow a particle in the same word: 으로서, 과의.
	after := map[string][]string{"으로": {"서", "써", "부터", "는", "도", "의", "만"}, "로": {"서", "써", "부터", "는", "도", "의", "만"}, "과": {"의", "는", "도"}, "와": {"의", "는", "도"}}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			i += n
			continue
		}
		j := i
		for j < len(s) && s[j] < utf8.RuneSelf && (isWordByte(s[j]) || strings.IndexByte(".@_-", s[j]) >= 0 && j+1 < len(s) && isWordByte(s[j+1])) {
			j++
		}
		word := s[i:j]
		last := word[strings.LastIndexAny(word, ".@_-")+1:]
		i = j
		kind, known := t.ending[strings.ToLower(last)]
		if !known {
			continue
		}
		rest := s[j:]
		for _, p := range pairs {
			for k, form := range p {
				want := p[1-k]
				if !strings.HasPrefix(rest, form) || !particleEnds(rest[len(form):], after[form]) {
					continue
				}
				consonantForm := form == p[0]
				right := kind == 'c' && consonantForm || kind == 'v' && !consonantForm ||
					kind == 'l' && (form == "로" || form != "으로" && consonantForm)
				if right {
					continue
				}
				if kind == 'l' {
					want = "로"
					if form != "으로" {
						want = p[0]
					}
				}
				how := map[byte]string{'c': "a consonant", 'l': "ㄹ", 'v': "a vowel"}[kind]
				emit(ruleParticle, line(j), "the particle in "+quote(excerpt(s, i-len(word), j+len(form)))+" should be "+want+": "+quote(last)+" is read ending on "+how+" ("+TypographyFile+")")
			}
		}
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// particleEnds reports whether rest, after a particle, ends the word: no
// Hangul follows, or one of the endings allowed after it.
func particleEnds(rest string, allowed []string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	if !unicode.Is(unicode.Hangul, r) {
		return true
	}
	for _, a := range allowed {
		if strings.HasPrefix(rest, a) {
			r, _ := utf8.DecodeRuneInString(rest[len(a):])
			if !unicode.Is(unicode.Hangul, r) {
				return true
			}
		}
	}
	return false
}
