package l10n

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/gohugoio/hugo/parser/metadecoders"
	"github.com/spf13/afero"

	"legalcenter/site/content"
	"legalcenter/site/report"
	"legalcenter/site/versions"
)

// Status reports the translation status of the Hugo site in fsys, whose
// root holds hugo.toml, content/, i18n/ and data/. It returns an error only
// when it cannot run, or ctx is done (it checks between files); every
// problem it finds is a Finding in the report.
func Status(ctx context.Context, fsys afero.Fs, opt Options) (*Report, error) {
	s, err := loadSite(fsys, opt)
	if err != nil {
		return nil, err
	}
	src := s.source()
	r := &Report{Source: src}

	docs, err := s.documents(src)
	if err != nil {
		return nil, err
	}
	sources := map[string]fingerprint{}
	shapes := map[string][]*content.Section{} // of the source documents
	for _, rel := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		file := path.Join(s.contentDirs[src], rel)
		d, err := s.read(file)
		if err != nil {
			if !isParseError(err) {
				return nil, err
			}
			r.add(report.Finding{Lang: src, Rule: RuleInvalid, Level: report.Error, File: file, Line: errorLine(err), Message: trimFile(err, file)})
			sources[rel] = fingerprintDoc(nil)
			continue
		}
		shapes[rel] = d.Sections
		fp, err := sourceFingerprint(d)
		if err != nil {
			r.add(report.Finding{Lang: src, Rule: RuleInvalid, Level: report.Error, File: file, Line: errorLine(err), Message: err.Error()})
		}
		sources[rel] = fp
	}

	facts, err := s.facts(r)
	if err != nil {
		return nil, err
	}
	keys, err := s.checkKeys(r)
	if err != nil {
		return nil, err
	}

	r.Documents, r.Keys = len(docs), keys.total
	total := 0 // units of work, see Progress.Percent
	for _, fp := range sources {
		total += fp.units()
	}
	// The languages are compared on every core, each into a report of
	// its own, which are added to r in the languages' order: the findings
	// come in the same order as one language after the other.
	type checked struct {
		pages []Page
		r     Report
		err   error
	}
	all := make([]checked, len(s.langs)-1)
	var wg sync.WaitGroup
	for i, lang := range s.langs[1:] {
		wg.Go(func() {
			c := &all[i]
			c.pages, c.err = s.checkPages(ctx, &c.r, lang, docs, sources, shapes, facts)
		})
	}
	wg.Wait()
	for i, lang := range s.langs[1:] {
		p := Progress{Lang: lang, Documents: len(docs), Keys: keys.total, KeysComplete: keys.complete[lang],
			KeysStale: keys.stale[lang], KeysUnstamped: keys.unstamped[lang], WordsTodo: keys.words[lang]}
		pages, err := all[i].pages, all[i].err
		if err != nil {
			return nil, err
		}
		r.Findings = append(r.Findings, all[i].r.Findings...)
		done := 0
		for _, pg := range pages {
			p.WordsTodo += pg.Words
			switch pg.Status {
			case Fresh:
				p.Fresh++
				done += sources[pg.Path].units()
			case Stale:
				p.Stale++
				// All but what changed, and never all: 100% means
				// nothing is stale.
				n := sources[pg.Path].units()
				done += min(n-1, max(0, n-len(pg.Changed)-len(pg.Fields)))
			case Unstamped:
				p.Unstamped++
			case Missing:
				p.Missing++
			case Orphan:
				p.Orphans++
			}
		}
		p.Translated = p.Fresh + p.Stale + p.Unstamped
		p.Percent = 100
		if n := total + p.Keys; n > 0 {
			p.Percent = 100 * (done + p.KeysComplete) / n
		}
		r.Languages = append(r.Languages, p)
		r.Pages = append(r.Pages, pages...)
	}
	r.sort(s.langs)
	if !opt.Strict {
		r.waive()
	}
	return r, nil
}

func (r *Report) add(f report.Finding) { r.Findings = append(r.Findings, f) }

// checkPages compares the documents of one translation language with the
// source documents.
func (s *site) checkPages(ctx context.Context, r *Report, lang string, docs []string, sources map[string]fingerprint, shapes map[string][]*content.Section, facts []fact) ([]Page, error) {
	src := s.source()
	trans, err := s.documents(lang)
	if err != nil {
		return nil, err
	}
	translated := map[string]bool{}
	for _, rel := range trans {
		translated[rel] = true
	}
	var pages []Page
	for _, rel := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := Page{Lang: lang, Path: rel, Source: path.Join(s.contentDirs[src], rel)}
		file := path.Join(s.contentDirs[lang], rel)
		if prev, ok := s.reuse(lang, rel, file, p.Source); ok && translated[rel] {
			pages = append(pages, prev.page)
			r.Findings = append(r.Findings, prev.findings...)
			continue
		}
		fp := sources[rel]
		if !translated[rel] {
			p.Status, p.Words = Missing, fp.words()
			pages = append(pages, p)
			// A page that does not exist has no line to show: the
			// finding is on the English page to translate.
			r.add(report.Finding{Lang: lang, Rule: RuleMissing, Level: report.Error, File: p.Source,
				Message: "not translated into " + lang + " yet, " + report.Plural(p.Words, "word") + " (" + file + " does not exist)"})
			continue
		}
		p.File = file
		d, err := s.read(file)
		if err != nil {
			if !isParseError(err) {
				return nil, err
			}
			p.Status, p.Words = Unstamped, fp.words()
			pages = append(pages, p)
			r.add(report.Finding{Lang: lang, Rule: RuleInvalid, Level: report.Error, File: file, Line: errorLine(err),
				Message: trimFile(err, file) + "; until it is fixed, the page counts as not translated (" + report.Plural(p.Words, "word") + ")"})
			continue
		}
		s.checkFacts(r, lang, file, d, facts)
		// Unstamped until a stamp vouches for some of it.
		p.Status, p.Changed, p.Removed, p.Renamed = Unstamped, nil, nil, nil
		err = d.FrontMatterErr
		var st stamp
		var ok bool
		if err == nil {
			st, ok, err = readStamp(d.FrontMatter)
			if se, bad := err.(*stampError); bad {
				err = &syntaxError{stampLine(d, se.key), se.msg}
			}
		}
		switch {
		case err != nil:
			p.Words = fp.words() // every word of the source is to be compared
			r.add(report.Finding{Lang: lang, Rule: RuleInvalid, Level: report.Error, File: file, Line: errorLine(err),
				Message: err.Error() + "; until it is fixed, the page counts as not translated (" + report.Plural(p.Words, "word") + ")"})
		case !ok:
			p.Words = fp.words()
			r.add(report.Finding{Lang: lang, Rule: RuleUnstamped, Level: report.Error, File: file,
				Message: "not stamped, so it may be stale (" + report.Plural(p.Words, "word") + "): once it matches " + p.Source + ", run: sitectl i18n stamp " + file})
		default:
			fields, known := st.diffFields(fp)
			body := st.Hash == fp.Hash
			switch {
			case body && known && len(fields) == 0:
				p.Status = Fresh
			case body && !known:
				// A stamp written before stamps recorded the title and
				// description vouches for the body only.
				p.Words = fp.sectionWords(nil, stampedFields)
				r.add(report.Finding{Lang: lang, Rule: RuleUnstamped, Level: report.Error, File: file,
					Message: "stamped before stamps recorded the " + fieldList(stampedFields) + ", so they may be stale (" + report.Plural(p.Words, "word") + "): once they match " + p.Source + ", run: sitectl i18n stamp " + file})
			default:
				p.Status = Stale
				if !body {
					p.Changed, p.Removed, p.Renamed = st.diff(fp)
				}
				p.Fields = fields
				// What to re-read: the changed sections and fields, and
				// the fields a stamp without them cannot vouch for.
				reread := fields
				if !known {
					reread = stampedFields
				}
				p.Words = fp.sectionWords(p.Changed, reread)
				if source, ok := shapes[rel]; ok {
					p.Sections = sectionWork(d, source, fp, p)
					if err := s.changedWords(&p); err != nil {
						return nil, err
					}
				}
				if msg, ok := staleMessage(p, body, known, st); ok {
					r.add(report.Finding{Lang: lang, Rule: RuleStale, Level: report.Error, File: file, Line: staleLine(d, p), Message: msg})
				}
			}
		}
		source, ok := shapes[rel]
		if ok && p.Status != Stale && len(bytes.TrimSpace(d.Src[d.Body:])) > 0 {
			p.Sections = sectionWork(d, source, fp, p)
		}
		for _, f := range sectionFindings(p) {
			r.add(f)
		}
		if ok {
			for _, f := range s.copied(lang, file, p.Source, d, source) {
				r.add(f)
			}
		}
		if ok && (p.Status == Fresh || p.Status == Stale) {
			// A stamped translation has the source's structure, except
			// where a stale one is yet to catch up with it, and for the
			// sections it is to add or remove (findings of their own).
			skip := slices.Concat(p.Changed, p.Removed)
			for _, r := range p.Renamed {
				skip = append(skip, r.From, r.To)
			}
			for _, w := range p.Sections {
				skip = append(skip, w.ID)
			}
			for _, diff := range compareShapes(source, s.linkErrorsAside(docs, source, d.Sections), skip) {
				r.add(report.Finding{Lang: lang, Rule: RuleStructure, Level: report.Error, File: file, Line: diff.Line, Message: structureMessage(diff, p.Source)})
			}
		}
		pages = append(pages, p)
	}
	for _, rel := range trans {
		if _, ok := sources[rel]; ok {
			continue
		}
		file := path.Join(s.contentDirs[lang], rel)
		pages = append(pages, Page{Lang: lang, Path: rel, File: file, Status: Orphan})
		r.add(report.Finding{Lang: lang, Rule: RuleOrphan, Level: report.Warning, File: file,
			Message: "translates nothing: " + path.Join(s.contentDirs[src], rel) + " does not exist"})
		if d, err := s.read(file); err == nil {
			s.checkFacts(r, lang, file, d, facts)
		}
	}
	return pages, nil
}

// staleMessage says what changed in the source of a stale page p: its
// fields, its sections, or only their order, with the number of words to
// re-read after what is to be re-read. body is whether the body is
// unchanged; known whether the stamp records fields. Sections to add,
// rename or remove have findings of their own (sectionFindings): ok is
// false when nothing else is left to say.
func staleMessage(p Page, body, known bool, st stamp) (msg string, ok bool) {
	msg = p.Source + " changed since this translation was stamped"
	var reread []string
	// A field or section a stamp of some parts left out is not stamped
	// yet rather than changed.
	var changed, fresh []string
	for _, f := range p.Fields {
		if st.Fields[f] == "" {
			fresh = append(fresh, f)
		} else {
			changed = append(changed, f)
		}
	}
	if len(changed) > 0 {
		reread = append(reread, fieldList(changed)+" changed")
	}
	if len(fresh) > 0 {
		reread = append(reread, fieldList(fresh)+" not stamped yet")
	}
	changed, fresh = nil, nil
	var ids, headings, counts []string // the sections this finding asks to re-read
	for _, id := range p.Changed {
		w := SectionWork{ChangedWords: -1}
		if i := slices.IndexFunc(p.Sections, func(w SectionWork) bool { return w.ID == id }); i >= 0 {
			w = p.Sections[i]
		}
		switch _, stamped := st.Sections[id]; {
		case p.handled(id):
			continue
		case w.Kind == SectionHeading:
			headings = append(headings, id)
		case stamped || st.Hash == "":
			changed = append(changed, id)
		default:
			fresh = append(fresh, id)
		}
		if w.ChangedWords >= 0 && w.Kind != SectionAdded {
			counts = append(counts, fmt.Sprintf("%s %d of %d", id, w.ChangedWords, w.Words))
		}
		ids = append(ids, id)
	}
	if len(changed) > 0 {
		reread = append(reread, "re-read sections "+strings.Join(changed, ", "))
	}
	if len(headings) > 0 {
		reread = append(reread, "only the heading's text changed in sections "+strings.Join(headings, ", "))
	}
	if len(fresh) > 0 {
		reread = append(reread, "translated but not stamped yet: sections "+strings.Join(fresh, ", "))
	}
	if !known {
		reread = append(reread, "the stamp predates stamps of the "+fieldList(stampedFields)+": compare them too")
	}
	words := p.Words
	for _, w := range p.Sections {
		if p.handled(w.ID) {
			words -= w.Words
		}
	}
	if len(reread) > 0 {
		msg += "; " + strings.Join(reread, "; ") + " (" + report.Plural(words, "word") + ")"
	}
	if len(counts) > 0 {
		msg += "; words the English changed: " + strings.Join(counts, ", ")
	}
	var removed []string
	for _, id := range p.Removed {
		if !p.handled(id) {
			removed = append(removed, id)
		}
	}
	if len(removed) > 0 {
		msg += "; sections removed from the source, and from this translation: " + strings.Join(removed, ", ") + " (stamp to record it)"
	}
	var renamed []string
	for _, n := range p.Renamed {
		if !p.handled(n.To) {
			renamed = append(renamed, "{#"+n.From+"} is now {#"+n.To+"}")
		}
	}
	if len(renamed) > 0 {
		msg += "; heading ids renamed, text unchanged: " + strings.Join(renamed, ", ") + " (renamed here too: stamp to record it)"
	}
	reordered := !body && len(p.Changed)+len(p.Removed)+len(p.Renamed) == 0
	if reordered {
		msg += "; sections were reordered"
	}
	if len(ids)+len(p.Fields) > 0 {
		// What to run next: see the change, stamp what was re-done.
		var flags []string
		for _, f := range p.Fields {
			flags = append(flags, "-field "+f)
		}
		for _, id := range ids {
			flags = append(flags, "-section "+id)
		}
		msg += "; see the English changes: sitectl i18n diff " + p.File + "; once translated, stamp: sitectl i18n stamp " + strings.Join(flags, " ") + " " + p.File
	}
	return msg, len(reread)+len(removed)+len(renamed) > 0 || reordered
}

// fieldList joins field names in prose: "title", "title and description".
func fieldList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// staleLine is the line of a stale translation where the translator starts
// re-reading: its first changed front matter field, or else the first
// changed section it has.
func staleLine(d *content.Document, p Page) int {
	for _, f := range p.Fields {
		if n := fieldLine(d, f); n > 0 {
			return n
		}
	}
	return firstSection(d, p.Changed)
}

// fieldLine returns the line of a document that sets a top-level front
// matter field; 0 if none does.
func fieldLine(d *content.Document, name string) int {
	if d.Format == "" {
		return 0
	}
	re := regexp.MustCompile(`^["']?` + regexp.QuoteMeta(name) + `["']?[ \t]*[=:]`)
	first := lineAt(d.Src, d.FMStart)
	for i, l := range strings.Split(string(d.Src[d.FMStart:d.FMEnd]), "\n") {
		if d.Format == metadecoders.TOML && strings.HasPrefix(strings.TrimSpace(l), "[") {
			return 0 // a table: the top-level keys are above
		}
		if re.MatchString(l) {
			return first + i
		}
	}
	return 0
}

// stampLine returns the line of a document's front matter that defines the
// field key of params.source, or params.source itself when key is "" or
// the field is not found; 0 if neither is. Keys match without regard to
// case, as Hugo reads them.
func stampLine(d *content.Document, key string) int {
	want := []string{"params", "source"}
	if key != "" {
		want = append(want, key)
	}
	is := func(path, want []string) bool { return slices.EqualFunc(path, want, strings.EqualFold) }
	fm := d.Src[d.FMStart:d.FMEnd]
	field, table := 0, 0 // lines in fm, from 1
	switch d.Format {
	case metadecoders.TOML:
		f, err := scanTOML(fm)
		if err != nil {
			return 0
		}
		for name, t := range f.tables {
			if is(strings.Split(name, "."), want[:2]) && (table == 0 || t.line < table) {
				table = t.line
			}
		}
		f.walk(func(kv *tomlKeyValue) {
			switch {
			case field == 0 && is(kv.path, want):
				field = kv.line
			case table == 0 && is(kv.path, want[:2]):
				table = kv.line // params.source = { ... }, or not a table
			}
		})
	case metadecoders.YAML:
		// Block mappings only: a key belongs to the nearest key above it
		// that is indented less.
		var path []string
		var indents []int
		for i, l := range strings.Split(string(fm), "\n") {
			t := strings.TrimLeft(l, " ")
			name, _, ok := strings.Cut(t, ":")
			if t == "" || t[0] == '#' || !ok {
				continue
			}
			indent := len(l) - len(t)
			for len(indents) > 0 && indents[len(indents)-1] >= indent {
				path, indents = path[:len(path)-1], indents[:len(indents)-1]
			}
			path, indents = append(path, strings.Trim(strings.TrimSpace(name), `"'`)), append(indents, indent)
			switch {
			case field == 0 && is(path, want):
				field = i + 1
			case table == 0 && is(path, want[:2]):
				table = i + 1
			}
		}
	}
	if n := cmp.Or(field, table); n > 0 {
		return lineAt(d.Src, d.FMStart) + n - 1
	}
	return 0
}

// firstSection returns the line of the first of the sections ids that the
// translation d has, where the translator starts re-reading; 0 if none.
func firstSection(d *content.Document, ids []string) int {
	for _, id := range ids {
		if id == TopSection {
			return d.BodyLine
		}
		if s := d.Section(id); s != nil {
			return s.Line
		}
	}
	return 0
}

// documents lists the Markdown documents of a language, as sorted slash
// paths inside its content directory, earlier versions left out. A language without a content
// directory has none.
func (s *site) documents(lang string) ([]string, error) {
	root := s.contentDirs[lang]
	var docs []string
	err := afero.Walk(s.fsys, root, func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == root {
				return nil
			}
			return err
		}
		name := info.Name()
		if strings.HasPrefix(name, ".") && p != root {
			if info.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if info.IsDir() {
			return nil
		}
		if ext := path.Ext(name); ext != ".md" && ext != ".markdown" {
			return nil
		}
		rel := strings.TrimPrefix(filepath.ToSlash(p), root+"/")
		docs = append(docs, rel)
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	// An earlier version of a document (front matter superseded_by) is
	// a frozen text, never translated again: outside the status.
	docs = slices.DeleteFunc(docs, func(rel string) bool {
		d, err := s.read(path.Join(root, rel))
		return err == nil && versions.IsArchive(d.FrontMatter)
	})
	slices.Sort(docs)
	return docs, err
}

// parseError marks an error in a file's content, as opposed to one in
// reading it.
type parseError struct{ error }

func (e parseError) Unwrap() error { return e.error }

func isParseError(err error) bool {
	var pe parseError
	return errors.As(err, &pe)
}

func trimFile(err error, file string) string {
	return strings.TrimPrefix(err.Error(), file+": ")
}
