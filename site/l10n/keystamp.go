package l10n

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gohugoio/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2/unstable"
	"github.com/spf13/afero"

	"legalcenter/internal/atomicfile"
	"legalcenter/site/report"
)

// keyHash is what a translated i18n key records of the source text it
// translates, in go-i18n's own hash field: the first 8 hex digits of the
// SHA-256 of the source message's plural forms, in CLDR order. Hugo reads
// the field and ignores it (TestHugoReadsHash).
func keyHash(m *message) string {
	var parts []string
	for _, c := range formNames(m) {
		parts = append(parts, c, m.forms[c])
	}
	return hash([]string{strings.Join(parts, "\x00")}, 8)
}

// checkKeyStamp compares the stamp of a translated key m with the text of
// its source src, which has words words, reports what it finds, and
// returns the key's state: Fresh, Stale or Unstamped (not stamped).
func checkKeyStamp(r *Report, lang string, src, m *message, words int) State {
	srcAt := report.Finding{File: src.file, Line: src.line}.Position()
	h := keyHash(src)
	// Stamp rewrites TOML files; a file in another format takes the hash
	// by hand.
	then := "run: sitectl i18n stamp " + m.file
	if path.Ext(m.file) != ".toml" {
		then = fmt.Sprintf("set its hash to %q (stamp rewrites TOML files only)", h)
	}
	switch {
	case m.hash == "":
		r.add(report.Finding{Lang: lang, Rule: RuleUnstampedKey, Level: report.Error, File: m.file, Line: m.line, Target: m.id,
			Message: fmt.Sprintf("%q is not stamped, so it may be stale (%s): once it matches %s, %s", m.id, report.Plural(words, "word"), srcAt, then)})
		return Unstamped
	case m.hash != h:
		if path.Ext(m.file) == ".toml" {
			then = "run: sitectl i18n stamp -key " + m.id + " " + m.file
		}
		r.add(report.Finding{Lang: lang, Rule: RuleStaleKey, Level: report.Error, File: m.file, Line: m.line, Target: m.id,
			Message: fmt.Sprintf("%q changed in %s since it was stamped; it now reads %s (%s): see the change with sitectl i18n diff %s, translate it again, then %s", m.id, srcAt, preview(src), report.Plural(words, "word"), m.file, then)})
		return Stale
	}
	return Fresh
}

// preview quotes the forms of a message, each cut to a line's length.
func preview(m *message) string {
	cut := func(s string) string {
		s = strings.Join(strings.Fields(s), " ")
		if utf8.RuneCountInString(s) > 60 {
			s = string([]rune(s)[:59]) + "…"
		}
		return strconv.Quote(s)
	}
	names := formNames(m)
	if len(names) == 1 && names[0] == "other" {
		return cut(m.forms["other"])
	}
	var out []string
	for _, c := range names {
		out = append(out, c+" "+cut(m.forms[c]))
	}
	return strings.Join(out, ", ")
}

// stampKeys stamps a translation's i18n file: each of its keys that the
// source language has gets go-i18n's hash field, set to the keyHash of the
// source text. Keys the source does not have are left alone (Status
// reports them). Only TOML files are rewritten, in place:
//
//	read_more = "더 보기"          becomes  read_more = { other = "더 보기", hash = "…" }
//	[document_count]              gets     hash = "…" on the line after
//	hash = "…" (a former stamp)   has its value replaced
//
// Comments, order, blank lines and every other byte are kept.
//
// With sel.Keys it stamps those keys only. A whole-file stamp refuses
// while a stale key's translation is unchanged since its stamp was
// written (see StampSelected).
func (s *site) stampKeys(file string, sel Selection, dir string) (*Stamped, error) {
	base := path.Base(file)
	ext := strings.TrimPrefix(path.Ext(base), ".")
	lang := strings.ToLower(strings.TrimSuffix(base, "."+ext))
	switch {
	case !slices.Contains(s.langs, lang) || unmarshalers[ext] == nil:
		return nil, fmt.Errorf("%s: not an i18n file of a language: name it <lang>.toml, <lang> one of %s", file, strings.Join(s.langs, ", "))
	case lang == s.source():
		return nil, fmt.Errorf("%s: is a source file; stamp its translations", file)
	case ext != "toml":
		return nil, fmt.Errorf("%s: stamp rewrites TOML i18n files only; write it in TOML", file)
	}
	info, err := s.fsys.Stat(file)
	if err != nil {
		return nil, err
	}
	b, err := afero.ReadFile(s.fsys, file)
	if err != nil {
		return nil, err
	}
	mf, err := i18n.ParseMessageFileBytes(b, base, unmarshalers)
	if err != nil {
		se := messageFileError(err, b, ext)
		return nil, fmt.Errorf("%s%s: %s; fix it, then stamp", file, lineSuffix(se), se.msg)
	}

	var r Report
	tables, _, err := s.messages(&r)
	if err != nil {
		return nil, err
	}
	for _, f := range r.Findings {
		if f.Lang == s.source() && f.Rule == RuleInvalid {
			return nil, fmt.Errorf("%s: %s: %s; fix the source, then stamp", file, f.Position(), f.Message)
		}
	}
	has := map[string]*i18n.Message{}
	for _, m := range mf.Messages {
		has[m.ID] = m
	}
	for _, id := range sel.Keys {
		if tables[s.source()][id] == nil {
			return nil, fmt.Errorf("%s: the English has no key %q", file, id)
		}
		if has[id] == nil {
			return nil, fmt.Errorf("%s: has no key %q to stamp: translate it, then stamp", file, id)
		}
	}
	done := &Stamped{File: file}
	hashes := map[string]string{}
	var stale []string
	for _, m := range mf.Messages {
		src, ok := tables[s.source()][m.ID]
		if !ok || (!sel.whole() && !slices.Contains(sel.Keys, m.ID)) {
			continue
		}
		hashes[m.ID] = keyHash(src)
		if m.Hash != "" && m.Hash != hashes[m.ID] {
			stale = append(stale, m.ID)
		}
	}
	done.Keys = slices.Sorted(maps.Keys(hashes))
	if len(stale) > 0 && sel.whole() && !sel.Force {
		slices.Sort(stale)
		warn, err := checkKeys(dir, file, b, has, stale)
		if err != nil {
			return nil, err
		}
		if warn != "" {
			done.Warnings = append(done.Warnings, warn)
		}
	}
	out, err := stampTOMLKeys(b, mf.Messages, hashes)
	if err != nil {
		return nil, fmt.Errorf("%s%s: %w", file, lineSuffix(err), err)
	}
	if bytes.Equal(out, b) {
		return done, nil
	}
	return done, atomicfile.Write(s.fsys, file, out, info.Mode().Perm())
}

// checkKeys decides whether a whole-file stamp of the i18n file, whose
// contents are now b and messages has, may stamp the stale keys: not
// while one of them is unchanged since its stamp was written.
func checkKeys(dir, file string, b []byte, has map[string]*i18n.Message, stale []string) (string, error) {
	parts := make([]string, len(stale))
	for i, id := range stale {
		parts[i] = "key " + id
	}
	h, herr := openHistory(dir)
	unchanged := map[string]bool{}
	var commit string
	for _, id := range stale {
		c, warn := stampCommit(h, herr, file, has[id].Hash, parts)
		if warn != "" {
			return warn, nil
		}
		old, err := h.show(c, file)
		if err != nil {
			return "", err
		}
		mf, err := i18n.ParseMessageFileBytes(old, path.Base(file), unmarshalers)
		if err != nil {
			continue // then it changed
		}
		for _, m := range mf.Messages {
			if m.ID == id && sameForms(m, has[id]) {
				unchanged["key "+id] = true
				commit = c
			}
		}
	}
	if commit == "" {
		return "", nil
	}
	return "", refusal(file, commit, parts, func(part string) bool { return unchanged[part] })
}

// sameForms reports whether two messages have the same text.
func sameForms(a, b *i18n.Message) bool {
	return a.Zero == b.Zero && a.One == b.One && a.Two == b.Two && a.Few == b.Few && a.Many == b.Many && a.Other == b.Other
}

// stampTOMLKeys sets the hash field of each message of a TOML i18n file
// whose id hashes has. It checks its own work: the result must hold the
// same messages, with those hashes.
func stampTOMLKeys(src []byte, messages []*i18n.Message, hashes map[string]string) ([]byte, error) {
	f, err := scanTOML(src)
	if err != nil {
		return nil, err
	}
	eol := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		eol = "\r\n"
	}
	var edits []edit
	for _, id := range slices.Sorted(maps.Keys(hashes)) {
		e, err := f.hashEdit(id, hashes[id], eol)
		if err != nil {
			return nil, err
		}
		edits = append(edits, e)
	}
	slices.SortFunc(edits, func(a, b edit) int { return cmp.Compare(a.start, b.start) })
	var out bytes.Buffer
	at := 0
	for _, e := range edits {
		if e.start < at {
			return nil, errors.New("cannot stamp: two keys share one definition")
		}
		out.Write(src[at:e.start])
		out.WriteString(e.text)
		at = e.end
	}
	out.Write(src[at:])

	mf, err := i18n.ParseMessageFileBytes(out.Bytes(), "stamped.toml", unmarshalers)
	if err != nil {
		return nil, fmt.Errorf("cannot stamp this file (%v); please report it", err)
	}
	got := map[string]*i18n.Message{}
	for _, m := range mf.Messages {
		got[m.ID] = m
	}
	for _, m := range messages {
		want := *m
		if h, ok := hashes[m.ID]; ok {
			want.Hash = h
		}
		if g := got[m.ID]; len(got) != len(messages) || g == nil || *g != want {
			return nil, &syntaxError{f.line(m.ID), fmt.Sprintf("cannot stamp %q as it is written; please report it", m.ID)}
		}
	}
	return out.Bytes(), nil
}

// An edit replaces src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// hashEdit is the edit that sets the hash of the message id to h.
func (f *tomlFile) hashEdit(id, h, eol string) (edit, error) {
	q := strconv.Quote(h)
	if t := f.tables[id]; t != nil {
		if kv := f.lookup(id, "hash"); kv != nil && kv.kind == unstable.String {
			return edit{kv.valStart, kv.end, q}, nil
		}
		// A message table has keys, so its header ends with a newline.
		return edit{t.after, t.after, t.indent + "hash = " + q + eol}, nil
	}
	kv := f.lookup(id)
	switch {
	case kv != nil && kv.kind == unstable.String:
		return edit{kv.valStart, kv.end, "{ other = " + string(f.src[kv.valStart:kv.end]) + ", hash = " + q + " }"}, nil
	case kv != nil && kv.kind == unstable.InlineTable && len(kv.children) > 0:
		for i := range kv.children {
			c := &kv.children[i]
			if len(c.path) == len(kv.path)+1 && strings.EqualFold(c.path[len(c.path)-1], "hash") && c.kind == unstable.String {
				return edit{c.valStart, c.end, q}, nil
			}
		}
		last := kv.children[len(kv.children)-1]
		return edit{last.end, last.end, ", hash = " + q}, nil
	}
	line := 0
	f.walk(func(kv *tomlKeyValue) {
		if line == 0 && strings.HasPrefix(strings.Join(kv.path, "."), id+".") {
			line = kv.line
		}
	})
	return edit{}, &syntaxError{line, fmt.Sprintf("cannot stamp %q as it is written: write it as %s = \"text\", as a table [%s], or as %s = { other = \"text\" }", id, id, id, id)}
}

// tomlFile is where a TOML file defines its tables and key-values, read
// with go-toml's own parser (the same version Hugo decodes i18n files
// with) so that stamp can edit values in place.
type tomlFile struct {
	src    []byte
	tables map[string]*tomlTable // by dotted name
	keys   []tomlKeyValue
}

type tomlTable struct {
	line     int
	after    int    // offset of the line after the header
	indent   string // of the table's first key
	indented bool   // indent is known
}

type tomlKeyValue struct {
	path     []string // the full key, table included
	line     int
	kind     unstable.Kind // of the value
	valStart int           // the value is src[valStart:end] (String, InlineTable)
	end      int
	children []tomlKeyValue // of an inline table
}

// scanTOML reads the structure of a TOML file. The error of a file that
// does not parse is a syntaxError at its line.
func scanTOML(src []byte) (*tomlFile, error) {
	f := &tomlFile{src: src, tables: map[string]*tomlTable{}}
	p := unstable.Parser{}
	p.Reset(src)
	var table []string
	var current *tomlTable
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table, current = nil, nil
			var last unstable.Range
			it := e.Key()
			for it.Next() {
				table = append(table, string(it.Node().Data))
				last = it.Node().Raw
			}
			if e.Kind == unstable.ArrayTable {
				continue
			}
			end := int(last.Offset + last.Length)
			after := len(src)
			if i := bytes.IndexByte(src[end:], '\n'); i >= 0 {
				after = end + i + 1
			}
			current = &tomlTable{line: lineAt(src, end), after: after}
			f.tables[strings.Join(table, ".")] = current
		case unstable.KeyValue:
			kv := keyValue(&p, e, table)
			if current != nil && !current.indented {
				// A line stamp adds is indented as the table's first key.
				ls := bytes.LastIndexByte(src[:kv.firstKey], '\n') + 1
				current.indent, current.indented = string(src[ls:kv.firstKey]), true
			}
			f.keys = append(f.keys, kv.tomlKeyValue)
		}
	}
	if err := p.Error(); err != nil {
		var pe *unstable.ParserError
		if errors.As(err, &pe) && pe.Highlight != nil {
			return nil, &syntaxError{p.Shape(p.Range(pe.Highlight)).Start.Line, "toml: " + pe.Message}
		}
		return nil, &syntaxError{0, "toml: " + err.Error()}
	}
	return f, nil
}

type scannedKeyValue struct {
	tomlKeyValue
	firstKey int // offset of the key
}

func keyValue(p *unstable.Parser, n *unstable.Node, table []string) scannedKeyValue {
	kv := scannedKeyValue{tomlKeyValue: tomlKeyValue{path: slices.Clone(table)}, firstKey: -1}
	it := n.Key()
	for it.Next() {
		k := it.Node()
		if kv.firstKey < 0 {
			kv.firstKey = int(k.Raw.Offset)
		}
		kv.path = append(kv.path, string(k.Data))
	}
	v := n.Value()
	kv.kind = v.Kind
	kv.line = lineAt(p.Data(), kv.firstKey)
	kv.valStart = int(v.Raw.Offset)
	kv.end = int(n.Raw.Offset + n.Raw.Length)
	if v.Kind == unstable.InlineTable {
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				kv.children = append(kv.children, keyValue(p, c, kv.path).tomlKeyValue)
			}
		}
	}
	return kv
}

// lookup finds the key-value of a message id, or of the key name of the
// message (matched without regard to case, as go-i18n does).
func (f *tomlFile) lookup(id string, name ...string) *tomlKeyValue {
	var found *tomlKeyValue
	f.walk(func(kv *tomlKeyValue) {
		if found != nil || len(kv.path) == 0 {
			return
		}
		p := kv.path
		if len(name) > 0 {
			if !strings.EqualFold(p[len(p)-1], name[0]) {
				return
			}
			p = p[:len(p)-1]
		}
		if strings.Join(p, ".") == id {
			found = kv
		}
	})
	return found
}

// walk calls fn on every key-value, those of inline tables included.
func (f *tomlFile) walk(fn func(*tomlKeyValue)) {
	var rec func([]tomlKeyValue)
	rec = func(kvs []tomlKeyValue) {
		for i := range kvs {
			fn(&kvs[i])
			rec(kvs[i].children)
		}
	}
	rec(f.keys)
}

// line returns the line that defines the message id: its table header or
// its key; 0 if unknown. f may be nil.
func (f *tomlFile) line(id string) int {
	if f == nil {
		return 0
	}
	if t := f.tables[id]; t != nil {
		return t.line
	}
	if kv := f.lookup(id); kv != nil {
		return kv.line
	}
	return 0
}

// lines returns the line of every message id, as line does for one: a
// file's ids are located together, not each by a walk of its keys. f may
// be nil.
func (f *tomlFile) lines() map[string]int {
	out := map[string]int{}
	if f == nil {
		return out
	}
	f.walk(func(kv *tomlKeyValue) {
		if len(kv.path) == 0 {
			return
		}
		id := strings.Join(kv.path, ".")
		if _, ok := out[id]; !ok {
			out[id] = kv.line
		}
	})
	for id, t := range f.tables { // a table's header comes first
		out[id] = t.line
	}
	return out
}

// mixedKeys is go-i18n's error for a message table holding a key that is
// not a plural form or hash.
var mixedKeys = regexp.MustCompile(`reserved keys \[([^\]]*)\] mixed with unreserved keys \[([^\]]*)\]`)

// messageFileError turns the error of reading an i18n file into a
// syntaxError at its line. go-i18n's own errors (a value that is not
// text, such as hash = 1) do not say where they are: in TOML, the first
// such value is found and named.
func messageFileError(err error, b []byte, ext string) *syntaxError {
	se := decodeError(err, b)
	if se.line > 0 || ext != "toml" {
		return se
	}
	f, ferr := scanTOML(b)
	if ferr != nil {
		return se
	}
	// go-i18n reads a table whose keys include plural forms ("other",
	// "hash") as one message: a key of any other name in it is refused
	// without a line. It is usually a message written after the table.
	if m := mixedKeys.FindStringSubmatch(se.msg); m != nil {
		reserved, unreserved := strings.Fields(m[1]), strings.Fields(m[2])
		// The tables holding a reserved key: the message tables.
		messages := map[string]bool{}
		f.walk(func(kv *tomlKeyValue) {
			if n := len(kv.path); n > 1 && slices.ContainsFunc(reserved, func(r string) bool { return strings.EqualFold(r, kv.path[n-1]) }) {
				messages[strings.Join(kv.path[:n-1], "\x00")] = true
			}
		})
		var found *tomlKeyValue
		f.walk(func(kv *tomlKeyValue) {
			text := kv.kind == unstable.String || kv.kind == unstable.InlineTable // else: see below
			n := len(kv.path)
			if found == nil && text && n > 1 && slices.Contains(unreserved, kv.path[n-1]) && messages[strings.Join(kv.path[:n-1], "\x00")] {
				found = kv
			}
		})
		if found != nil {
			table := strings.Join(found.path[:len(found.path)-1], ".")
			return &syntaxError{found.line, fmt.Sprintf("%q is inside [%s], a message whose keys are its forms (%s): move it above [%s], or write it as [%s] of its own",
				found.path[len(found.path)-1], table, strings.Join(strings.Fields(m[1]), ", "), table, found.path[len(found.path)-1])}
		}
	}
	var bad *tomlKeyValue
	f.walk(func(kv *tomlKeyValue) {
		if bad == nil && kv.kind != unstable.String && kv.kind != unstable.InlineTable {
			bad = kv
		}
	})
	if bad == nil {
		return se
	}
	name := bad.path[len(bad.path)-1]
	if strings.EqualFold(name, "hash") && len(bad.path) > 1 {
		return &syntaxError{bad.line, fmt.Sprintf("the hash of %q is not a string (%s); stamp writes it as hash = \"1a2b3c4d\": remove it and stamp the file again",
			strings.Join(bad.path[:len(bad.path)-1], "."), strings.ToLower(bad.kind.String()))}
	}
	return &syntaxError{bad.line, fmt.Sprintf("%q is not text (%s): %s", strings.Join(bad.path, "."), strings.ToLower(bad.kind.String()), se.msg)}
}
