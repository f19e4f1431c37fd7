package l10n

import (
	"crypto/sha256"

	"encoding/hex"
	"fmt"
	"legalcenter/site/content"
	"slices"
	"strings"
)

// TopSection is the section id that stands for the text before a
// document's first heading.
const TopSection = content.TopSection

// A fingerprint identifies the text of a source document: a hash of each
// section of its body, where a section runs from a heading with an
// explicit id ({#id}) to the next one, a hash of the whole body, made of
// the sections' full hashes in order, and a hash of each of the front
// matter fields a translation translates (stampedFields). Hashes ignore
// line endings, trailing blanks and blank lines around sections, and runs
// of white space in fields, which are not changes a translator must read.
type fingerprint struct {
	Hash     string
	Sections []sectionHash // in document order
	// Fields has one hash per name of stampedFields, in that order; nil
	// when the source's front matter cannot be read.
	Fields []sectionHash
	// Blob is the git blob id of the source file a stamp was made
	// against, when git could tell: "sitectl i18n diff" shows the source
	// as it was from it. Not part of the fingerprint.
	Blob string
}

// stampedFields are the front matter fields of a source document whose
// text a stamp records, in the order a reader meets them.
var stampedFields = []string{"title", "description"}

// units is how much translation work the document is, for the progress
// table: one unit per section, and at least one.
func (fp fingerprint) units() int { return max(1, len(fp.Sections)) }

// words is the number of words of the source to translate: of its
// title, description and body (see content.CountWords).
func (fp fingerprint) words() int {
	n := 0
	for _, s := range fp.Sections {
		n += s.words()
	}
	for _, f := range fp.Fields {
		n += f.words()
	}
	return n
}

// sectionWords returns the words of the sections and fields of fp that
// ids names.
func (fp fingerprint) sectionWords(ids []string, fields []string) int {
	n := 0
	for _, s := range fp.Sections {
		if slices.Contains(ids, s.ID) {
			n += s.words()
		}
	}
	for _, f := range fp.Fields {
		if slices.Contains(fields, f.ID) {
			n += f.words()
		}
	}
	return n
}

// sectionHash is the hash of a section or field, its text and the words
// (not part of the fingerprint) that size the work.
type sectionHash struct {
	ID    string
	Hash  string
	text  string
	n     int  // words of a section
	plain bool // a front matter field, not Markdown
}

// words counts the words of the section or field (see content.CountWords).
func (s sectionHash) words() int {
	if s.plain {
		return content.CountWords(s.text)
	}
	return s.n
}

// fingerprintFields hashes the stampedFields of a source's front matter;
// a field the source does not have hashes as empty.
func fingerprintFields(fm map[string]any) []sectionHash {
	out := make([]sectionHash, 0, len(stampedFields))
	for _, name := range stampedFields {
		var text string
		if v := lookup(fm, name); v != nil {
			text = fmt.Sprint(v)
		}
		out = append(out, sectionHash{ID: name, Hash: hash([]string{strings.Join(strings.Fields(text), " ")}, 8), text: text, plain: true})
	}
	return out
}

func trimBlankLines(lines []string) []string {
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// hash returns the first n hex digits of the SHA-256 of the lines.
func hash(lines []string, n int) string {
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])[:n]
}

// stamp is what a translation records of the source it was translated
// from: front matter [params.source].
type stamp struct {
	Hash     string
	Sections map[string]string
	// Fields maps the names of stampedFields to their hashes; nil in a
	// stamp written before stamps recorded them. An empty hash is a field
	// not stamped yet (a stamp of some sections only).
	Fields map[string]string
	// Blob is the source's git blob id when stamped; "" if unknown.
	Blob string
}

// stampError is what is wrong with a stamp: key names the field of
// params.source at fault, "" for params.source itself.
type stampError struct{ key, msg string }

func (e *stampError) Error() string { return e.msg }

// readStamp returns the stamp in a translation's front matter; ok is false
// when there is none, and err says what is wrong with a malformed one.
func readStamp(fm map[string]any) (s stamp, ok bool, err error) {
	v := lookup(fm, "params", "source")
	if v == nil {
		return stamp{}, false, nil
	}
	m, isMap := v.(map[string]any)
	h, _ := lookup(m, "hash").(string)
	if !isMap || h == "" {
		return stamp{}, false, &stampError{"", "params.source has no hash"}
	}
	s = stamp{Hash: h, Sections: map[string]string{}}
	s.Blob, _ = lookup(m, "blob").(string)
	for _, name := range stampedFields {
		v := lookup(m, name)
		if v == nil {
			continue
		}
		h, ok := v.(string)
		if !ok {
			return stamp{}, false, &stampError{name, "params.source." + name + " is not a string"}
		}
		if s.Fields == nil {
			s.Fields = map[string]string{}
		}
		s.Fields[name] = h
	}
	secs, _ := lookup(m, "sections").(map[string]any)
	for id, v := range secs {
		if h, ok := v.(string); ok {
			s.Sections[id] = h
		}
	}
	return s, true, nil
}

// Rename is a section whose heading id changed and nothing else.
type Rename struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// diff compares a stamp with the source's current fingerprint. It returns
// the ids of the sections added or edited since, in source order; the
// stamped ids the source no longer has, sorted; and the sections renamed:
// a section with a new id whose text, with the old id put back in its
// heading, hashes as a stamped section that is gone. Those are neither
// changed nor removed: the translator renames the id and has nothing to
// re-read.
func (s stamp) diff(fp fingerprint) (changed, removed []string, renamed []Rename) {
	current := map[string]bool{}
	for _, sec := range fp.Sections {
		current[sec.ID] = true
	}
	gone := map[string]string{} // stamped hash -> id, of sections the source no longer has
	for id, h := range s.Sections {
		if !current[id] {
			gone[h] = id
		}
	}
	taken := map[string]bool{}
	for _, sec := range fp.Sections {
		if s.Sections[sec.ID] == sec.Hash {
			continue
		}
		if _, stamped := s.Sections[sec.ID]; !stamped && sec.ID != TopSection {
			if old, ok := renamedFrom(sec, gone); ok && !taken[old] {
				taken[old] = true
				renamed = append(renamed, Rename{From: old, To: sec.ID})
				continue
			}
		}
		changed = append(changed, sec.ID)
	}
	for id := range s.Sections {
		if !current[id] && !taken[id] {
			removed = append(removed, id)
		}
	}
	slices.Sort(removed)
	return changed, removed, renamed
}

// renamedFrom finds the gone section that sec is, but for its id.
func renamedFrom(sec sectionHash, gone map[string]string) (string, bool) {
	if len(gone) == 0 {
		return "", false
	}
	lines := strings.Split(sec.text, "\n")
	mark := "{#" + sec.ID + "}"
	if !strings.Contains(lines[0], mark) {
		return "", false
	}
	for h, old := range gone {
		if len(h) == 0 || len(h) > 64 {
			continue // not a hash stamp writes: a hand-edited stamp
		}
		lines := slices.Clone(lines)
		lines[0] = strings.Replace(lines[0], mark, "{#"+old+"}", 1)
		if hash(lines, len(h)) == h {
			return old, true
		}
	}
	return "", false
}

// diffFields compares the stamped fields with the source's current ones.
// It returns the names of those that changed, in stampedFields order;
// known is false when the stamp does not record fields, so nobody can
// tell. Fields of a source whose front matter cannot be read count as
// unchanged: that source has a finding of its own.
func (s stamp) diffFields(fp fingerprint) (changed []string, known bool) {
	if s.Fields == nil {
		return nil, false
	}
	for _, f := range fp.Fields {
		if s.Fields[f.ID] != f.Hash {
			changed = append(changed, f.ID)
		}
	}
	return changed, true
}

// fingerprintDoc computes the fingerprint of a document's body.
func fingerprintDoc(d *content.Document) fingerprint {
	var order []string
	text := map[string][]string{}
	words := map[string]int{}
	id := TopSection
	if d != nil {
		for _, s := range d.Sections {
			if s.ID != "" {
				id = s.ID
			}
			if _, ok := text[id]; !ok {
				order = append(order, id)
			}
			text[id] = append(text[id], sectionLines(s.Text)...)
			words[id] += s.Words
		}
	}
	var fp fingerprint
	var list []string
	for _, id := range order {
		t := trimBlankLines(text[id])
		if id == TopSection && len(t) == 0 {
			continue
		}
		fp.Sections = append(fp.Sections, sectionHash{ID: id, Hash: hash(t, 8), text: strings.Join(t, "\n"), n: words[id]})
		list = append(list, id+" "+hash(t, 64))
	}
	// The whole changes exactly when a section changes or moves.
	fp.Hash = hash(list, 16)
	return fp
}

// sectionLines splits the text of a section into lines without line
// endings or trailing blanks.
func sectionLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return lines
}
