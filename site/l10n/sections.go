package l10n

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"legalcenter/internal/atomicfile"
	"legalcenter/site/content"
	"legalcenter/site/report"
	"legalcenter/site/worddiff"
)

// English moves first, translations follow section by section. A section
// the source has and a translation lacks is work for the translator
// ("add section #x after #y"), and the build shows the source's text at
// its place meanwhile (Fill); a section the translation has and the
// source no longer has, or has under another id, is work too. None of it
// is an error of the built site.

// The kinds of SectionWork.
const (
	SectionAdded   = "added"   // in the source, not translated yet
	SectionChanged = "changed" // edited in the source since the stamp
	SectionHeading = "heading" // only its heading's text changed since the stamp
	SectionRenamed = "renamed" // the source changed its heading id, nothing else
	SectionRemoved = "removed" // in the translation, no longer in the source
)

// SectionWork is one section of a translation to work on.
type SectionWork struct {
	ID   string `json:"id"`   // the source's id; for a removed section, the translation's
	Kind string `json:"kind"` // one of the Section constants
	// Line is the line of the translation where the work is: the
	// section's heading, or where an added section goes.
	Line int `json:"line"`
	// After is the source section an added section follows, TopSection
	// when it comes first.
	After string `json:"after,omitempty"`
	// From is the id the translation has for a renamed section.
	From string `json:"from,omitempty"`
	// SourceLine is the section's line in the source; 0 for a removed one.
	SourceLine int `json:"source_line,omitempty"`
	// Words is the section's words in the source (see content.CountWords);
	// 0 for a removed or renamed section, which has nothing to translate.
	Words int `json:"words"`
	// ChangedWords is how many of the source's words the edit inserted
	// or deleted (package worddiff): all of an added section's, and of a
	// changed one's when the history tells (sitectl i18n in a git work
	// tree); -1 when it cannot tell.
	ChangedWords int `json:"changed_words"`
	// Placeholder is an added section the translation holds in the
	// source's words, marked untranslated (sitectl i18n scaffold).
	Placeholder bool `json:"placeholder,omitempty"`
}

// The rules of the section findings.
const (
	RuleAddSection     = "add-section"     // a section of the source the translation does not have yet
	RuleRemovedSection = "removed-section" // a section of the translation the source does not have
	RuleRenamedSection = "renamed-section" // a section whose heading id the source changed
)

// sectionWork returns the sections of the translation d (of page p, with
// the stamp's diff in p) to add, re-read, rename or remove, against the
// source's sections src and fingerprint fp, in source order, removed
// ones last in the translation's order.
func sectionWork(d *content.Document, src []*content.Section, fp fingerprint, p Page) []SectionWork {
	words := map[string]int{}
	for _, s := range fp.Sections {
		words[s.ID] = s.words()
	}
	translated, marked := map[string]*content.Section{}, map[string]*content.Section{}
	for _, s := range d.Sections[1:] {
		switch {
		case s.ID == "":
		case d.Untranslated(s.Line):
			if marked[s.ID] == nil {
				marked[s.ID] = s
			}
		case translated[s.ID] == nil:
			translated[s.ID] = s
		}
	}
	inSource := map[string]*content.Section{}
	for _, s := range src {
		if s.ID != "" && s.ID != TopSection && inSource[s.ID] == nil {
			inSource[s.ID] = s
		}
	}
	renamedTo := map[string]string{} // source id -> the translation's
	for _, r := range p.Renamed {
		if translated[r.From] != nil && translated[r.To] == nil {
			renamedTo[r.To] = r.From
		}
	}
	var out []SectionWork
	prev, at := TopSection, d.Sections[0] // the last source section the translation has
	for _, s := range src {
		if s.ID == "" || s.ID == TopSection || inSource[s.ID] != s {
			continue
		}
		if from, ok := renamedTo[s.ID]; ok {
			t := translated[from]
			out = append(out, SectionWork{ID: s.ID, Kind: SectionRenamed, From: from, Line: t.Line, SourceLine: s.Line})
			prev, at = s.ID, t
			continue
		}
		if t := translated[s.ID]; t != nil {
			if slices.Contains(p.Changed, s.ID) {
				out = append(out, SectionWork{ID: s.ID, Kind: SectionChanged, Line: t.Line, SourceLine: s.Line, Words: words[s.ID], ChangedWords: -1})
			}
			prev, at = s.ID, t
			continue
		}
		w := SectionWork{ID: s.ID, Kind: SectionAdded, After: prev, SourceLine: s.Line, Words: words[s.ID], ChangedWords: words[s.ID]}
		if m := marked[s.ID]; m != nil {
			w.Line, w.Placeholder = m.Line, true
			at = m
		} else {
			w.Line = nextLine(d, at)
		}
		prev = s.ID
		out = append(out, w)
	}
	renamedFrom := map[string]bool{}
	for _, from := range renamedTo {
		renamedFrom[from] = true
	}
	for _, s := range d.Sections[1:] {
		if s.ID == "" || translated[s.ID] != s || inSource[s.ID] != nil || renamedFrom[s.ID] {
			continue
		}
		out = append(out, SectionWork{ID: s.ID, Kind: SectionRemoved, Line: s.Line})
	}
	return out
}

// nextLine is the line where the section after s starts in d: where text
// inserted after s goes.
func nextLine(d *content.Document, s *content.Section) int {
	i := slices.Index(d.Sections, s)
	if i+1 < len(d.Sections) {
		return d.Sections[i+1].Line
	}
	return endLine(d)
}

// endLine is the line after the last line of d.
func endLine(d *content.Document) int {
	n := bytes.Count(d.Src, []byte("\n")) + 1
	if len(d.Src) > 0 && d.Src[len(d.Src)-1] != '\n' {
		n++
	}
	return n
}

// changedWords counts, where the history tells (Options.Dir), the words
// of the source that changed in each changed section of the stale page p
// since its stamp, and tells the sections whose heading's text alone
// changed (SectionHeading).
func (s *site) changedWords(p *Page) error {
	if !slices.ContainsFunc(p.Sections, func(w SectionWork) bool { return w.Kind == SectionChanged }) {
		return nil
	}
	// The languages' pages are checked in parallel; the history and its
	// caches are not.
	s.historyMu.Lock()
	f := s.finder()
	if f == nil || f.herr != nil {
		s.historyMu.Unlock()
		return nil
	}
	changes, err := s.pageChanges(f, *p)
	s.historyMu.Unlock()
	if err != nil {
		return err
	}
	for _, c := range changes {
		i := slices.IndexFunc(p.Sections, func(w SectionWork) bool { return w.ID == c.ID && w.Kind == SectionChanged })
		if c.Kind != "section" || i < 0 || !c.Known || c.Added {
			continue
		}
		n := 0
		for _, ch := range worddiff.Diff(c.Old, c.New) {
			if ch.Op != worddiff.Equal {
				n += content.MarkdownWords(ch.Text)
			}
		}
		p.Sections[i].ChangedWords = n
		_, oldBody, _ := strings.Cut(c.Old, "\n")
		_, newBody, _ := strings.Cut(c.New, "\n")
		if c.ID != TopSection && oldBody == newBody {
			p.Sections[i].Kind = SectionHeading
		}
	}
	return nil
}

// sectionFindings reports the sections of p to add, rename or remove,
// each at its line of the translation; the changed ones are the stale
// finding's.
func sectionFindings(p Page) []report.Finding {
	var out []report.Finding
	for _, w := range p.Sections {
		f := report.Finding{Lang: p.Lang, Level: report.Error, File: p.File, Line: w.Line, Target: "#" + w.ID}
		switch w.Kind {
		case SectionAdded:
			f.Rule = RuleAddSection
			f.Message = fmt.Sprintf("add section #%s after %s (%s, %s:%d)", w.ID, afterName(w.After), report.Plural(w.Words, "word"), p.Source, w.SourceLine)
			if w.Placeholder {
				f.Message += "; it holds the English, marked untranslated: translate it, remove the mark and the heading's ." + content.UntranslatedClass + ", then stamp: sitectl i18n stamp -section " + w.ID + " " + p.File
			} else {
				f.Message += "; readers see the English there until it is translated; to start from the English: sitectl i18n scaffold " + p.File
			}
		case SectionRenamed:
			f.Rule = RuleRenamedSection
			f.Message = fmt.Sprintf("the English renamed section #%s to #%s, its text unchanged (%s:%d): change the id here to {#%s}, then stamp: sitectl i18n stamp -section %s %s",
				w.From, w.ID, p.Source, w.SourceLine, w.ID, w.ID, p.File)
			f.Target = "#" + w.From
		case SectionRemoved:
			f.Rule = RuleRemovedSection
			f.Message = fmt.Sprintf("section #%s is not in the English (%s): remove it here, or give it the id of the English section it translates", w.ID, p.Source)
			if slices.Contains(p.Removed, w.ID) {
				f.Message = fmt.Sprintf("the English removed section #%s since this translation was stamped (%s): remove it here too", w.ID, p.Source)
			}
		default:
			continue
		}
		out = append(out, f)
	}
	return out
}

// afterName names the section an added one follows.
func afterName(id string) string {
	if id == TopSection {
		return "the text before the first heading"
	}
	return "#" + id
}

// handled reports whether p's section id is reported by a section
// finding of its own (added, renamed or removed), not by the stale one.
func (p Page) handled(id string) bool {
	return slices.ContainsFunc(p.Sections, func(w SectionWork) bool {
		return w.Kind != SectionChanged && w.Kind != SectionHeading && (w.ID == id || w.From == id)
	})
}

// Filled is a translation with the source's sections it does not have
// filled in, as the build renders it.
type Filled struct {
	File string // the translation, a slash path from the site root
	Data []byte
	Map  LineMap
}

// Fill returns the translations of r that lack sections of their source,
// or have them under an id the source renamed, as the build renders them:
// each added section in the source's words at its place, marked
// untranslated ({{< mark "untranslated" >}}, one mark per place, as
// "sitectl i18n scaffold" writes it), so that readers see it and its id
// exists in every language, and each renamed section under its new id.
// The files are not changed; a translation that does not parse is left
// out (it has a finding of its own).
func (r *Report) Fill(fsys afero.Fs, opt Options) ([]Filled, error) {
	s, err := loadSite(fsys, opt)
	if err != nil {
		return nil, err
	}
	var out []Filled
	for _, p := range r.Pages {
		if !slices.ContainsFunc(p.Sections, fills) {
			continue
		}
		d, err := s.read(p.File)
		if err != nil {
			continue
		}
		src, err := s.read(p.Source)
		if err != nil {
			continue
		}
		if b, m, ok := fill(d, src, p.Sections); ok {
			m.File, m.Source = p.File, p.Source
			out = append(out, Filled{File: p.File, Data: b, Map: m})
		}
	}
	return out, nil
}

// fills reports whether Fill changes a translation for w.
func fills(w SectionWork) bool {
	return w.Kind == SectionAdded && !w.Placeholder || w.Kind == SectionRenamed
}

// fill returns the translation d of the source document src with the
// added sections of work that it does not hold yet (SectionWork.Placeholder)
// inserted at their place in the source's words, marked untranslated,
// and the sections the source renamed under their new ids; ok is false
// when there is nothing to fill. The map locates each line of the result
// in d or src.
func fill(d, src *content.Document, work []SectionWork) (out []byte, m LineMap, ok bool) {
	lines := strings.SplitAfter(string(d.Src), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	eol := "\n"
	if bytes.Contains(d.Src, []byte("\r\n")) {
		eol = "\r\n"
	}
	// What goes before each line (len(lines) for the end), by line index.
	inserts := map[int][]*content.Section{}
	for _, w := range work {
		switch {
		case w.Kind == SectionAdded && !w.Placeholder:
			if s := src.Section(w.ID); s != nil {
				inserts[w.Line-1] = append(inserts[w.Line-1], s)
			}
		case w.Kind == SectionRenamed && w.Line >= 1 && w.Line <= len(lines):
			re := regexp.MustCompile(`\{#` + regexp.QuoteMeta(w.From) + `([\s}])`)
			lines[w.Line-1] = re.ReplaceAllString(lines[w.Line-1], "{#"+w.ID+"$1")
			ok = true
		}
	}
	var b strings.Builder
	n := 0 // lines written
	write := func(s string) {
		b.WriteString(s)
		n++
	}
	for i := 0; i <= len(lines); i++ {
		if secs := inserts[i]; len(secs) > 0 {
			ok = true
			if i > 0 && !strings.HasSuffix(lines[i-1], "\n") {
				b.WriteString(eol) // the last line had none
			}
			blk := block{at: n + 1, srcLine: secs[0].Line}
			if i > 0 && strings.TrimSpace(lines[i-1]) != "" {
				write(eol)
			}
			for _, s := range secs {
				head, body := untranslatedSection(src, s)
				blk.segs = append(blk.segs, seg{n + 1, s.Line})
				for _, l := range head {
					write(l + eol)
				}
				write(eol)
				skipped := 0
				for len(body) > 0 && strings.TrimSpace(body[0]) == "" {
					body, skipped = body[1:], skipped+1
				}
				if len(body) == 0 {
					continue
				}
				write(`{{< mark "untranslated" >}}` + eol)
				write(eol)
				blk.segs = append(blk.segs, seg{n + 1, s.Line + len(head) + skipped})
				for _, l := range body {
					write(l + eol)
				}
				write(eol)
				write(`{{< /mark >}}` + eol)
				write(eol)
			}
			blk.n = n + 1 - blk.at
			m.blocks = append(m.blocks, blk)
		}
		if i < len(lines) {
			write(lines[i])
		}
	}
	if !ok {
		return nil, LineMap{}, false
	}
	return []byte(b.String()), m, true
}

// untranslatedSection splits the section s of the source document src
// into its heading's lines, marked untranslated ({#id .untranslated}, see
// content.UntranslatedClass), and its body's lines, without line endings
// or the blank lines it ends with. The heading stays outside the mark
// that Fill puts around the body, so that Hugo lists it in the page's
// table of contents.
func untranslatedSection(src *content.Document, s *content.Section) (head, body []string) {
	text := strings.TrimRight(strings.ReplaceAll(s.Text, "\r\n", "\n"), "\n")
	lines := strings.Split(text, "\n")
	attr := regexp.MustCompile(`\{#` + regexp.QuoteMeta(s.ID) + `([\s}])`)
	n := 1 // an ATX heading's one line
	for i, l := range lines {
		if attr.MatchString(l) {
			lines[i] = attr.ReplaceAllString(l, "{#"+s.ID+" ."+content.UntranslatedClass+"$1")
			n = i + 1
			break
		}
	}
	for _, h := range src.Headings {
		if h.Line == s.Line && h.Setext {
			n++ // its underline
		}
	}
	n = min(n, len(lines))
	return lines[:n], lines[n:]
}

// LineMap maps the lines of a filled translation (Fill) to the lines of
// the files they come from: the translation, or its source for the
// source's sections filled in.
type LineMap struct {
	File, Source string // slash paths from the site root
	blocks       []block
}

// block is a run of lines Fill inserted: n lines from line at of the
// filled file, which hold the source's sections segs; its other lines
// (the mark) are put on line srcLine of the source.
type block struct {
	at, n, srcLine int
	segs           []seg
}

// seg is a section of the source from line at of the filled file, line
// srcLine of the source.
type seg struct{ at, srcLine int }

// Locate returns the file and line that line of the filled translation
// comes from.
func (m LineMap) Locate(line int) (string, int) {
	shift := 0
	for _, b := range m.blocks {
		switch {
		case line < b.at:
			return m.File, line - shift
		case line < b.at+b.n:
			l := b.srcLine
			for _, s := range b.segs {
				if s.at <= line {
					l = s.srcLine + line - s.at
				}
			}
			return m.Source, l
		}
		shift += b.n
	}
	return m.File, line - shift
}

// Scaffold inserts into the translation file (a slash path from the site
// root) the source's text of each section it does not have yet, at its
// place, marked untranslated: a starting point for the translator, which
// renders as the build would render the translation without it. It
// returns the ids inserted, in source order, none when the translation
// has every section. The rest of the file is kept byte for byte, and it
// is replaced atomically.
func Scaffold(ctx context.Context, fsys afero.Fs, file string, opt Options) ([]string, error) {
	s, err := loadSite(fsys, opt)
	if err != nil {
		return nil, err
	}
	file = path.Clean(file)
	lang, rel, ok := s.locate(file)
	switch {
	case !ok:
		return nil, fmt.Errorf("%s: not in the content directory of a language (%s)", file, strings.Join(s.langs, ", "))
	case lang == s.source():
		return nil, fmt.Errorf("%s: is a source document; scaffold its translations", file)
	case !slices.Contains(s.markdown, strings.TrimPrefix(path.Ext(file), ".")):
		return nil, fmt.Errorf("%s: is not a Markdown document: only translated documents are scaffolded", file)
	}
	info, err := fsys.Stat(file)
	if err != nil {
		return nil, err
	}
	opt.Strict = false
	r, err := Status(ctx, fsys, opt)
	if err != nil {
		return nil, err
	}
	for _, f := range r.Findings {
		if f.Rule == RuleInvalid && (f.File == file || f.File == path.Join(s.contentDirs[s.source()], rel)) {
			return nil, fmt.Errorf("%s:%d: %s; fix it, then scaffold", f.File, f.Line, f.Message)
		}
	}
	i := slices.IndexFunc(r.Pages, func(p Page) bool { return p.File == file })
	if i < 0 || r.Pages[i].Status == Orphan {
		return nil, fmt.Errorf("%s: translates nothing: %s does not exist", file, path.Join(s.contentDirs[s.source()], rel))
	}
	p := r.Pages[i]
	var added []SectionWork
	var ids []string
	for _, w := range p.Sections {
		if w.Kind == SectionAdded && !w.Placeholder {
			added = append(added, w)
			ids = append(ids, w.ID)
		}
	}
	if len(added) == 0 {
		return nil, nil
	}
	d, err := s.read(file)
	if err != nil {
		return nil, err
	}
	src, err := s.read(p.Source)
	if err != nil {
		return nil, err
	}
	b, _, ok := fill(d, src, added)
	if !ok {
		return nil, nil
	}
	return ids, atomicfile.Write(fsys, file, b, info.Mode().Perm())
}
