package l10n

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gohugoio/hugo/parser/metadecoders"
	"github.com/pelletier/go-toml/v2/unstable"
	"github.com/spf13/afero"

	"legalcenter/internal/atomicfile"
	"legalcenter/site/content"
	"legalcenter/site/versions"
)

// Stamp records in a translation the source it now matches, so that
// Status can tell when, and where, the source changes after. file is a
// slash path from the site root: a content document, such as
// "content/ko/privacy-policy.md", or an i18n file, such as
// "i18n/ko.toml" (see stampKeys). It stamps the whole file: see
// StampSelected.
//
// In a document, Stamp records the fingerprint of the source document's
// title, description and each section the translation has. It rewrites
// only the [params.source] table (params.source in YAML) and keeps every
// other byte of the file.
func Stamp(fsys afero.Fs, file string, opt Options) error {
	_, err := StampSelected(fsys, file, Selection{}, opt)
	return err
}

// Selection is what a translator vouches for: the sections, front matter
// fields or i18n keys translated. The zero value is the whole file.
type Selection struct {
	Sections []string // section ids of a document
	Fields   []string // front matter fields of a document: title, description
	Keys     []string // keys of an i18n file
	// Force stamps the whole file even though a stale part of it is
	// unchanged since the source changed.
	Force bool
}

func (sel Selection) whole() bool { return len(sel.Sections)+len(sel.Fields)+len(sel.Keys) == 0 }

// Stamped is what a stamp recorded, for the translator to read.
type Stamped struct {
	File     string
	Fields   []string // front matter fields
	Sections []string // section ids, in source order
	Keys     []string // i18n keys, sorted
	// Warnings say what the stamp could not do or check: sections the
	// translation does not have, a history too short to compare with.
	Warnings []string
}

// Refused is the error of a whole-file stamp while parts of the
// translation that went stale are unchanged since: stamping would hide
// that they are still to be translated.
type Refused struct {
	File      string
	Commit    string   // where the stamp was written
	Unchanged []string // "section summary", "field title", "key read_more"
	Changed   []string // the stale parts that were translated again
	Command   string   // to stamp the changed parts only; "" when none
}

func (e *Refused) Error() string {
	msg := fmt.Sprintf("%s: not stamped: the English changed since the stamp of %s, and the translation of %s is unchanged since (so still stale): translate it, then stamp",
		e.File, short(e.Commit), strings.Join(e.Unchanged, ", "))
	if e.Command != "" {
		msg += "; to stamp only what you translated, run: " + e.Command
	}
	return msg + "; if the translation needs no change, run: sitectl i18n stamp -force " + e.File
}

func short(commit string) string { return commit[:min(len(commit), 12)] }

// StampSelected stamps what sel names in file (see Stamp) and returns
// what it recorded.
//
// A whole-file stamp refuses (a *Refused error) while a part that went
// stale since the last stamp is unchanged in the translation since that
// stamp was written, as git tells (Options.Dir), unless sel.Force.
// Without the history it stamps and warns that it could not check.
func StampSelected(fsys afero.Fs, file string, sel Selection, opt Options) (*Stamped, error) {
	s, err := loadSite(fsys, opt)
	if err != nil {
		return nil, err
	}
	file = path.Clean(file)
	if strings.HasPrefix(file, i18nDir+"/") {
		if len(sel.Sections)+len(sel.Fields) > 0 {
			return nil, fmt.Errorf("%s: an i18n file has keys: stamp them with -key", file)
		}
		return s.stampKeys(file, sel, opt.Dir)
	}
	if len(sel.Keys) > 0 {
		return nil, fmt.Errorf("%s: -key stamps keys of an i18n file (i18n/<lang>.toml); a page has -section and -field", file)
	}
	lang, rel, ok := s.locate(file)
	if !ok {
		return nil, fmt.Errorf("%s: not in the content directory of a language (%s)", file, strings.Join(s.langs, ", "))
	}
	if ext := strings.TrimPrefix(path.Ext(file), "."); !slices.Contains(s.markdown, ext) {
		return nil, fmt.Errorf("%s: is not a Markdown document (a content adapter, or a file of another kind): only translated documents are stamped", file)
	}
	if lang == s.source() {
		return nil, fmt.Errorf("%s: is a source document; stamp its translations", file)
	}
	srcFile := path.Join(s.contentDirs[s.source()], rel)
	srcDoc, err := s.read(srcFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: has no source document %s", file, srcFile)
	}
	if err != nil {
		return nil, err
	}
	if versions.IsArchive(srcDoc.FrontMatter) {
		return nil, fmt.Errorf("%s: is an earlier version (superseded_by), frozen: it is not translated again, nor stamped", file)
	}
	fp, err := sourceFingerprint(srcDoc)
	if err != nil {
		return nil, fmt.Errorf("%s%s: %w; fix the source, then stamp", srcFile, lineSuffix(err), err)
	}

	info, err := fsys.Stat(file)
	if err != nil {
		return nil, err
	}
	d, err := s.read(file)
	if err != nil {
		return nil, err
	}
	// A stamp says the translation matches the source: refuse one that
	// cannot, and send a front matter that does not parse to its line.
	if len(bytes.TrimSpace(d.Src[d.Body:])) == 0 && len(bytes.TrimSpace(srcDoc.Src[srcDoc.Body:])) > 0 {
		return nil, fmt.Errorf("%s: has no text to match %s: translate it, then stamp it", file, srcFile)
	}
	if d.Format == "" {
		return nil, fmt.Errorf("%s: has no front matter: translate the front matter of %s (title, description, date, weight), then stamp", file, srcFile)
	}
	if err := d.FrontMatterErr; err != nil {
		return nil, fmt.Errorf("%s%s: %w; fix it, then stamp", file, lineSuffix(err), err)
	}
	old, stamped, err := readStamp(d.FrontMatter)
	if err != nil && !sel.whole() {
		return nil, fmt.Errorf("%s: %v: stamp the whole file", file, err)
	}
	rec, done, err := s.record(file, d, fp, old, stamped, sel)
	if err != nil {
		return nil, err
	}
	done.File = file
	h, herr := openHistory(opt.Dir)
	if sel.whole() && stamped && !sel.Force {
		if warn, err := checkDocument(h, herr, file, d, fp, old); err != nil {
			return nil, err
		} else if warn != "" {
			done.Warnings = append(done.Warnings, warn)
		}
	}
	if h != nil {
		rec.Blob, _ = h.blob(srcFile)
	}
	out, err := stampDocument(d, rec)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return done, atomicfile.Write(fsys, file, out, info.Mode().Perm())
}

// record returns what the stamp of the translation d of a source whose
// fingerprint is fp records: the parts sel names updated to fp, the
// others as old stamped them; and what it stamped.
func (s *site) record(file string, d *content.Document, fp fingerprint, old stamp, stamped bool, sel Selection) (fingerprint, *Stamped, error) {
	done := &Stamped{}
	has := map[string]bool{}
	for _, sec := range fingerprintDoc(d).Sections {
		has[sec.ID] = true
	}
	// A section still in the source's words, marked untranslated, is not
	// translated yet (sitectl i18n scaffold writes them).
	marked := map[string]bool{}
	for _, sec := range d.Sections[1:] {
		if sec.ID != "" && d.Untranslated(sec.Line) {
			delete(has, sec.ID)
			marked[sec.ID] = true
		}
	}
	var ids []string
	for _, sec := range fp.Sections {
		ids = append(ids, sec.ID)
	}
	for _, id := range sel.Sections {
		switch {
		case !slices.Contains(ids, id):
			return fingerprint{}, nil, fmt.Errorf("%s: the English has no section %q; its sections are %s", file, id, strings.Join(ids, ", "))
		case !has[id] && marked[id]:
			return fingerprint{}, nil, fmt.Errorf("%s: section %q is still the English, marked untranslated: translate it and remove its mark, then stamp", file, id)
		case !has[id]:
			return fingerprint{}, nil, fmt.Errorf("%s: has no section %q to stamp: translate it (with its heading {#%s}), then stamp", file, id, id)
		}
	}
	for _, f := range sel.Fields {
		if !slices.Contains(stampedFields, f) {
			return fingerprint{}, nil, fmt.Errorf("%s: -field %s: a stamp records the fields %s", file, f, strings.Join(stampedFields, ", "))
		}
	}
	whole := sel.whole()
	if !stamped {
		old = stamp{Sections: map[string]string{}}
	}
	rec := fingerprint{}
	sections := map[string]string{}
	if !whole {
		maps.Copy(sections, old.Sections)
	}
	for _, sec := range fp.Sections {
		switch {
		case whole && has[sec.ID], slices.Contains(sel.Sections, sec.ID):
			sections[sec.ID] = sec.Hash
			done.Sections = append(done.Sections, sec.ID)
		case whole:
			done.Warnings = append(done.Warnings, fmt.Sprintf("section %s not stamped: %s does not have it yet", sec.ID, file))
		}
	}
	for _, sec := range fp.Sections {
		if h, ok := sections[sec.ID]; ok {
			rec.Sections = append(rec.Sections, sectionHash{ID: sec.ID, Hash: h})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(sections)) {
		if !slices.Contains(ids, id) { // stamped, since removed from the source
			rec.Sections = append(rec.Sections, sectionHash{ID: id, Hash: sections[id]})
		}
	}
	for _, f := range fp.Fields {
		if whole || slices.Contains(sel.Fields, f.ID) {
			rec.Fields = append(rec.Fields, f)
			done.Fields = append(done.Fields, f.ID)
			continue
		}
		// Not stamped yet: an empty hash, which no text has.
		rec.Fields = append(rec.Fields, sectionHash{ID: f.ID, Hash: old.Fields[f.ID]})
	}
	// The body hash is the source's when every section is stamped as it
	// is now; else a hash of what is stamped, which is not the source's,
	// so Status compares section by section.
	rec.Hash = fp.Hash
	if len(rec.Sections) != len(fp.Sections) || slices.ContainsFunc(fp.Sections, func(sec sectionHash) bool { return sections[sec.ID] != sec.Hash }) {
		list := []string{"partial"}
		for _, sec := range rec.Sections {
			list = append(list, sec.ID+" "+sec.Hash)
		}
		rec.Hash = hash(list, 16)
	}
	return rec, done, nil
}

// checkDocument decides whether a whole-file stamp of the translation d
// may replace its stamp old: not while a part of it that went stale is
// unchanged since old was written. The warning says why it could not
// tell, if so.
func checkDocument(h *history, herr error, file string, d *content.Document, fp fingerprint, old stamp) (string, error) {
	now := fingerprintDoc(d)
	text := map[string]string{}
	for _, sec := range now.Sections {
		text[sec.ID] = sec.text
	}
	// Stale parts: stamped once, changed in the source since. A part
	// never stamped has not gone stale; it is new to the stamp.
	var stale []string
	for _, sec := range fp.Sections {
		h, stamped := old.Sections[sec.ID]
		if _, ok := text[sec.ID]; ok && stamped && h != sec.Hash {
			stale = append(stale, "section "+sec.ID)
		}
	}
	for _, f := range fp.Fields {
		if h := old.Fields[f.ID]; h != "" && h != f.Hash {
			stale = append(stale, "field "+f.ID)
		}
	}
	if len(stale) == 0 {
		return "", nil
	}
	commit, warn := stampCommit(h, herr, file, old.Hash, stale)
	if warn != "" {
		return warn, nil
	}
	b, err := h.show(commit, file)
	if err != nil {
		return "", err
	}
	then, err := content.Parse(b)
	if err != nil {
		return fmt.Sprintf("could not check the stale parts (%s): %s at %s does not parse: %v", strings.Join(stale, ", "), file, short(commit), err), nil
	}
	before := map[string]string{}
	for _, sec := range fingerprintDoc(then).Sections {
		before["section "+sec.ID] = sec.text
	}
	for _, name := range stampedFields {
		before["field "+name] = fieldText(then.FrontMatter, name)
	}
	for id, t := range text {
		text["section "+id] = t
	}
	for _, name := range stampedFields {
		text["field "+name] = fieldText(d.FrontMatter, name)
	}
	return "", refusal(file, commit, stale, func(part string) bool {
		t, ok := before[part]
		return ok && t == text[part]
	})
}

// fieldText is a front matter field's text, white space folded.
func fieldText(fm map[string]any, name string) string {
	if v := lookup(fm, name); v != nil {
		return strings.Join(strings.Fields(fmt.Sprint(v)), " ")
	}
	return ""
}

// stampCommit finds the commit that wrote the stamp whose hash is h; the
// warning says why it cannot, so stale cannot be checked.
func stampCommit(h *history, herr error, file, stampHash string, stale []string) (commit, warn string) {
	cannot := "could not check that the stale parts (" + strings.Join(stale, ", ") + ") were translated again, stamped anyway: "
	if herr != nil {
		return "", cannot + herr.Error()
	}
	commit, err := h.written(file, stampHash)
	switch {
	case err != nil:
		return "", cannot + err.Error()
	case commit == "" && len(h.shallow) > 0:
		return "", cannot + "the stamp is older than this shallow clone; run: " + Unshallow
	case commit == "":
		return "", cannot + "the stamp was never committed"
	case h.shallow[commit]:
		return "", cannot + "the stamp is as old as this shallow clone's first commit; run: " + Unshallow
	}
	return commit, ""
}

// refusal is the Refused error of the stale parts the translation has not
// changed since commit, or nil.
func refusal(file, commit string, stale []string, unchanged func(string) bool) error {
	e := &Refused{File: file, Commit: commit}
	var flags []string
	for _, part := range stale {
		if unchanged(part) {
			e.Unchanged = append(e.Unchanged, part)
			continue
		}
		e.Changed = append(e.Changed, part)
		kind, id, _ := strings.Cut(part, " ")
		flags = append(flags, "-"+kind+" "+id)
	}
	if len(e.Unchanged) == 0 {
		return nil
	}
	if len(flags) > 0 {
		e.Command = "sitectl i18n stamp " + strings.Join(flags, " ") + " " + file
	}
	return e
}

// sourceFingerprint returns the fingerprint of a source document: its
// body and the fields of its front matter.
func sourceFingerprint(d *content.Document) (fingerprint, error) {
	fp := fingerprintDoc(d)
	if d.FrontMatterErr != nil {
		return fp, d.FrontMatterErr
	}
	fp.Fields = fingerprintFields(d.FrontMatter)
	return fp, nil
}

// lineSuffix is ":N" when err points at line N of a file, or empty.
func lineSuffix(err error) string {
	if line := errorLine(err); line > 0 {
		return ":" + strconv.Itoa(line)
	}
	return ""
}

// locate returns the language and the path inside its content directory of
// a content file.
func (s *site) locate(file string) (lang, rel string, ok bool) {
	best := -1
	for _, l := range s.langs {
		dir := s.contentDirs[l]
		if strings.HasPrefix(file, dir+"/") && len(dir) > best {
			lang, rel, best = l, strings.TrimPrefix(file, dir+"/"), len(dir)
		}
	}
	return lang, rel, best >= 0
}

// read returns a content file parsed: as Options.Docs has it, or read and
// parsed now; an error in its content is a parseError.
func (s *site) read(file string) (*content.Document, error) {
	if d, ok := s.docs[file]; ok {
		return d, nil
	}
	b, err := afero.ReadFile(s.fsys, file)
	if err != nil {
		return nil, err
	}
	d, err := content.Parse(b)
	if err != nil {
		return nil, parseError{fmt.Errorf("%s: %w", file, err)}
	}
	return d, nil
}

// stampDocument returns the document with fp recorded in its front matter.
// It checks its own work: the result must decode and carry exactly fp.
func stampDocument(d *content.Document, fp fingerprint) ([]byte, error) {
	eol := "\n"
	src := d.Src
	first := src[d.Body:]
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i+1]
	}
	if d.Format != "" {
		if bytes.Contains(src[:d.Body], []byte("\r\n")) {
			eol = "\r\n"
		}
	} else if bytes.HasSuffix(first, []byte("\r\n")) {
		eol = "\r\n"
	}
	var out []byte
	switch d.Format {
	case metadecoders.TOML:
		fm, err := stampTOML(src[d.FMStart:d.FMEnd], fp, eol)
		if err != nil {
			return nil, err
		}
		out = concat(src[:d.FMStart], fm, src[d.FMEnd:])
	case metadecoders.YAML:
		fm, err := stampYAML(src[d.FMStart:d.FMEnd], fp, eol)
		if err != nil {
			return nil, err
		}
		out = concat(src[:d.FMStart], fm, src[d.FMEnd:])
	case "":
		start := d.Body // after a byte order mark, if any
		fm := "+++" + eol + tomlBlock(fp, eol) + "+++" + eol
		out = concat(src[:start], []byte(fm), src[start:])
	default:
		return nil, fmt.Errorf("cannot stamp %s front matter: write it in TOML (+++) or YAML (---)", strings.ToUpper(string(d.Format)))
	}

	check, err := content.Parse(out)
	if err != nil {
		return nil, err
	}
	if err := check.FrontMatterErr; err != nil {
		return nil, fmt.Errorf("cannot stamp this front matter (%v); remove params.source and stamp again", err)
	}
	st, ok, err := readStamp(check.FrontMatter)
	if !ok || err != nil || st.Hash != fp.Hash || st.Blob != fp.Blob || len(st.Sections) != len(fp.Sections) || !sameFields(st, fp) {
		return nil, errors.New("cannot stamp this front matter: it defines params.source in a way stamp does not rewrite; remove it and stamp again")
	}
	return out, nil
}

// sameFields reports whether a stamp records exactly the fields of fp.
func sameFields(st stamp, fp fingerprint) bool {
	if len(st.Fields) != len(fp.Fields) {
		return false
	}
	for _, f := range fp.Fields {
		if st.Fields[f.ID] != f.Hash {
			return false
		}
	}
	return true
}

func concat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

var bareKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// stampTOML replaces the tables params.source and params.source.* of TOML
// front matter with the stamp, in place, or appends the stamp. The tables
// are found by go-toml's parser, so a header inside a multi-line string or
// a comment is not taken for one. Blank and comment lines after a replaced
// table's last key stay where they are.
func stampTOML(fm []byte, fp fingerprint, eol string) ([]byte, error) {
	// A table runs from the start of its header line to the end of the
	// line of its last key-value (of its header, when it has none).
	type table struct {
		start, end int
		owned      bool
	}
	var tables []table
	p := unstable.Parser{}
	p.Reset(fm)
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			var name []string
			first, last := -1, 0
			it := e.Key()
			for it.Next() {
				k := it.Node()
				name = append(name, string(k.Data))
				if first < 0 {
					first = int(k.Raw.Offset)
				}
				last = int(k.Raw.Offset + k.Raw.Length)
			}
			n := strings.Join(name, ".")
			tables = append(tables, table{
				start: bytes.LastIndexByte(fm[:first], '\n') + 1,
				end:   endOfLine(fm, last),
				owned: n == "params.source" || strings.HasPrefix(n, "params.source."),
			})
		case unstable.KeyValue:
			if len(tables) > 0 {
				tables[len(tables)-1].end = endOfLine(fm, int(e.Raw.Offset+e.Raw.Length))
			}
		}
	}
	if err := p.Error(); err != nil {
		var pe *unstable.ParserError
		if errors.As(err, &pe) && pe.Highlight != nil {
			return nil, fmt.Errorf("front matter line %d: toml: %s", p.Shape(p.Range(pe.Highlight)).Start.Line, pe.Message)
		}
		return nil, fmt.Errorf("front matter: toml: %w", err)
	}

	var out []byte
	at, inserted := 0, false
	for _, t := range tables {
		if !t.owned {
			continue
		}
		out = append(out, fm[at:t.start]...)
		if !inserted {
			out = append(out, tomlBlock(fp, eol)...)
			inserted = true
		}
		at = t.end
	}
	out = append(out, fm[at:]...)
	if !inserted {
		if len(out) > 0 && out[len(out)-1] != '\n' {
			out = append(out, eol...)
		}
		out = append(out, tomlBlock(fp, eol)...)
	}
	return out, nil
}

// endOfLine is the offset after the line break of the line holding i.
func endOfLine(b []byte, i int) int {
	if j := bytes.IndexByte(b[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(b)
}

func tomlBlock(fp fingerprint, eol string) string {
	var b strings.Builder
	b.WriteString("[params.source]" + eol)
	b.WriteString("hash = " + strconv.Quote(fp.Hash) + eol)
	if fp.Blob != "" {
		b.WriteString("blob = " + strconv.Quote(fp.Blob) + eol)
	}
	for _, f := range fp.Fields {
		b.WriteString(f.ID + " = " + strconv.Quote(f.Hash) + eol)
	}
	if len(fp.Sections) > 0 {
		b.WriteString("[params.source.sections]" + eol)
		for _, s := range fp.Sections {
			b.WriteString(quoteKey(s.ID) + " = " + strconv.Quote(s.Hash) + eol)
		}
	}
	return b.String()
}

var (
	yamlParams = regexp.MustCompile(`^params[ \t]*:[ \t]*(#.*)?$`)
	yamlKey    = regexp.MustCompile(`^( *)([^ #:][^:]*?)[ \t]*:`)
)

// stampYAML replaces the params.source mapping of YAML front matter with
// the stamp, in place, or adds it to params, or adds params.
func stampYAML(fm []byte, fp fingerprint, eol string) ([]byte, error) {
	lines := splitLinesKeepEOL(fm)
	p := -1
	for i, l := range lines {
		t := strings.TrimRight(l, "\r\n")
		if yamlParams.MatchString(t) {
			p = i
			break
		}
		if strings.HasPrefix(t, "params:") {
			return nil, errors.New("cannot stamp YAML front matter whose params is written inline; write params as a block mapping")
		}
	}
	if p < 0 {
		out := strings.Join(lines, "")
		if out != "" && !strings.HasSuffix(out, "\n") {
			out += eol
		}
		return []byte(out + "params:" + eol + yamlBlock(fp, 2, 2, eol)), nil
	}

	// The params block: the indented (or blank) lines after "params:".
	end := p + 1
	indent := 0
	for end < len(lines) {
		t := strings.TrimRight(lines[end], "\r\n")
		if strings.TrimSpace(t) != "" && !strings.HasPrefix(t, " ") {
			break
		}
		if indent == 0 && strings.TrimSpace(t) != "" && !strings.HasPrefix(strings.TrimSpace(t), "#") {
			indent = len(t) - len(strings.TrimLeft(t, " "))
		}
		end++
	}
	if indent == 0 {
		indent = 2
	}
	block := yamlBlock(fp, indent, indent, eol)

	// Find "source:" among the children of params.
	for i := p + 1; i < end; i++ {
		t := strings.TrimRight(lines[i], "\r\n")
		m := yamlKey.FindStringSubmatch(t)
		if m == nil || len(m[1]) != indent || strings.Trim(m[2], `"'`) != "source" {
			continue
		}
		last := i // the last line of source's subtree that is not blank or a comment
		for j := i + 1; j < end; j++ {
			u := strings.TrimRight(lines[j], "\r\n")
			if s := strings.TrimSpace(u); s == "" || strings.HasPrefix(s, "#") {
				continue // comments after the subtree stay where they are
			}
			if len(u)-len(strings.TrimLeft(u, " ")) <= indent {
				break
			}
			last = j
		}
		out := strings.Join(lines[:i], "") + block + strings.Join(lines[last+1:], "")
		return []byte(out), nil
	}
	out := strings.Join(lines[:p+1], "")
	if !strings.HasSuffix(out, "\n") {
		out += eol
	}
	return []byte(out + block + strings.Join(lines[p+1:], "")), nil
}

// yamlBlock writes the source mapping at indent, nesting by step.
func yamlBlock(fp fingerprint, indent, step int, eol string) string {
	pad := func(n int) string { return strings.Repeat(" ", indent+n*step) }
	var b strings.Builder
	b.WriteString(pad(0) + "source:" + eol)
	b.WriteString(pad(1) + "hash: " + strconv.Quote(fp.Hash) + eol)
	if fp.Blob != "" {
		b.WriteString(pad(1) + "blob: " + strconv.Quote(fp.Blob) + eol)
	}
	for _, f := range fp.Fields {
		b.WriteString(pad(1) + f.ID + ": " + strconv.Quote(f.Hash) + eol)
	}
	if len(fp.Sections) > 0 {
		b.WriteString(pad(1) + "sections:" + eol)
		for _, s := range fp.Sections {
			b.WriteString(pad(2) + quoteKey(s.ID) + ": " + strconv.Quote(s.Hash) + eol)
		}
	}
	return b.String()
}

// quoteKey quotes a key unless it is a bare key in TOML and a plain string
// scalar in YAML.
func quoteKey(k string) string {
	if bareKey.MatchString(k) && !strings.ContainsAny(k[:1], "-0123456789") {
		return k
	}
	return strconv.Quote(k)
}

func splitLinesKeepEOL(b []byte) []string {
	lines := strings.SplitAfter(string(b), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
