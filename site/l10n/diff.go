package l10n

import (
	"context"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/gohugoio/go-i18n/v2/i18n"
	"github.com/spf13/afero"

	"legalcenter/site/content"
	"legalcenter/site/report"
	"legalcenter/site/worddiff"
)

// A Change is one stale part of a translation: a section, front matter
// field or i18n key whose English changed since the translation was
// stamped, with the English as it was then and as it is now.
type Change struct {
	Lang   string `json:"lang"`
	File   string `json:"file"`   // the translation
	Source string `json:"source"` // the English file
	Kind   string `json:"kind"`   // "section", "field" or "key"
	ID     string `json:"id"`
	Old    string `json:"old"`
	New    string `json:"new"`
	// Known is whether Old is the English as stamped; else Why says why
	// it is unavailable and how to get it.
	Known bool   `json:"known"`
	Why   string `json:"why,omitempty"`
	// Added is a part the stamp does not record: all of New is to
	// translate.
	Added bool `json:"added,omitempty"`
	// Revision is the commit or blob Old was read from.
	Revision string `json:"revision,omitempty"`
}

// Diff returns the changes of every stale translation that keep accepts
// (by its language and file, a slash path from the site root), in the
// order of the status report. It reads the English as stamped from the
// git history of Options.Dir: first the blob a stamp records, else the
// newest version of the English file whose text hashes as stamped.
func Diff(ctx context.Context, fsys afero.Fs, opt Options, keep func(lang, file string) bool) ([]Change, error) {
	opt.Strict = false
	status := opt
	status.Dir = "" // the changes are read below, once
	r, err := Status(ctx, fsys, status)
	if err != nil {
		return nil, err
	}
	return Changes(fsys, opt, r, keep)
}

// Changes is Diff for the report r that Status returned: the build, which
// has the report already, uses it for the translators' status page. It
// reads the history only when some page or key of r is stale.
func Changes(fsys afero.Fs, opt Options, r *Report, keep func(lang, file string) bool) ([]Change, error) {
	stale := slices.ContainsFunc(r.Pages, func(p Page) bool { return p.Status == Stale && keep(p.Lang, p.File) }) ||
		slices.ContainsFunc(r.Findings, func(f report.Finding) bool { return f.Rule == RuleStaleKey && keep(f.Lang, f.File) })
	if !stale {
		return nil, nil
	}
	s, err := loadSite(fsys, opt)
	if err != nil {
		return nil, err
	}
	h, herr := openHistory(opt.Dir)
	f := &finder{h: h, herr: herr, versions: map[string][]string{}, data: map[string][]byte{}}
	var out []Change
	for _, p := range r.Pages {
		if p.Status != Stale || !keep(p.Lang, p.File) {
			continue
		}
		cs, err := s.pageChanges(f, p)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	keys, err := s.keyChanges(f, r, keep)
	if err != nil {
		return nil, err
	}
	return append(out, keys...), nil
}

func (s *site) pageChanges(f *finder, p Page) ([]Change, error) {
	d, err := s.read(p.File)
	if err != nil {
		return nil, err
	}
	st, _, _ := readStamp(d.FrontMatter)
	src, err := s.read(p.Source)
	if err != nil {
		return nil, err
	}
	fp, _ := sourceFingerprint(src)
	var out []Change
	for _, fl := range fp.Fields {
		if !slices.Contains(p.Fields, fl.ID) {
			continue
		}
		c := Change{Lang: p.Lang, File: p.File, Source: p.Source, Kind: "field", ID: fl.ID, New: fl.text}
		want := st.Fields[fl.ID]
		f.fill(&c, st.Blob, want, func(b []byte) (string, bool) {
			d, err := content.Parse(b)
			if err != nil || d.FrontMatterErr != nil {
				return "", false
			}
			for _, old := range fingerprintFields(d.FrontMatter) {
				if old.ID == fl.ID && old.Hash == want {
					return old.text, true
				}
			}
			return "", false
		})
		out = append(out, c)
	}
	for _, sec := range fp.Sections {
		if !slices.Contains(p.Changed, sec.ID) {
			continue
		}
		c := Change{Lang: p.Lang, File: p.File, Source: p.Source, Kind: "section", ID: sec.ID, New: sec.text}
		want := st.Sections[sec.ID]
		f.fill(&c, st.Blob, want, func(b []byte) (string, bool) {
			d, err := content.Parse(b)
			if err != nil {
				return "", false
			}
			for _, old := range fingerprintDoc(d).Sections {
				if old.ID == sec.ID && old.Hash == want {
					return old.text, true
				}
			}
			return "", false
		})
		out = append(out, c)
	}
	return out, nil
}

func (s *site) keyChanges(f *finder, r *Report, keep func(lang, file string) bool) ([]Change, error) {
	var stale []reportKey
	for _, fd := range r.Findings {
		if fd.Rule == RuleStaleKey && keep(fd.Lang, fd.File) {
			stale = append(stale, reportKey{fd.Lang, fd.Target})
		}
	}
	if len(stale) == 0 {
		return nil, nil
	}
	var scratch Report
	tables, _, err := s.messages(&scratch)
	if err != nil {
		return nil, err
	}
	var out []Change
	for _, k := range stale {
		src, m := tables[s.source()][k.id], tables[k.lang][k.id]
		if src == nil || m == nil {
			continue
		}
		c := Change{Lang: k.lang, File: m.file, Source: src.file, Kind: "key", ID: k.id, New: formsText(src)}
		f.fill(&c, "", m.hash, func(b []byte) (string, bool) {
			mf, err := i18n.ParseMessageFileBytes(b, path.Base(src.file), unmarshalers)
			if err != nil {
				return "", false
			}
			for _, im := range mf.Messages {
				if im.ID != k.id {
					continue
				}
				old := &message{forms: map[string]string{}}
				for cat, text := range map[string]string{"zero": im.Zero, "one": im.One, "two": im.Two, "few": im.Few, "many": im.Many, "other": im.Other} {
					if text != "" {
						old.forms[cat] = text
					}
				}
				if keyHash(old) == m.hash {
					return formsText(old), true
				}
			}
			return "", false
		})
		out = append(out, c)
	}
	return out, nil
}

type reportKey struct{ lang, id string }

// formsText is a message's text: its one form, or each form on a line.
func formsText(m *message) string {
	names := formNames(m)
	if len(names) == 1 && names[0] == "other" {
		return m.forms["other"]
	}
	var lines []string
	for _, c := range names {
		lines = append(lines, c+": "+m.forms[c])
	}
	return strings.Join(lines, "\n")
}

// finder finds a file's text as it was when stamped, in the history.
type finder struct {
	h        *history
	herr     error
	versions map[string][]string // file -> commits, newest first
	data     map[string][]byte   // "commit:file" -> contents
}

// fill sets c.Old to the text that match finds in the English file as
// the blob recorded it, or else in the newest version that has it. want
// is the stamped hash: "" means the part was never stamped.
func (f *finder) fill(c *Change, blob, want string, match func([]byte) (string, bool)) {
	if want == "" {
		c.Known, c.Added = true, true
		return
	}
	if f.herr != nil {
		c.Why = "the English as stamped is unavailable: " + f.herr.Error() + "; run it in a clone with history"
		return
	}
	if blob != "" {
		if b, ok := f.h.cat(blob); ok {
			if old, ok := match(b); ok {
				c.Old, c.Known, c.Revision = old, true, blob
				return
			}
		}
	}
	commits, ok := f.versions[c.Source]
	if !ok {
		commits, _, _ = f.h.versions(c.Source)
		f.versions[c.Source] = commits
	}
	for _, commit := range commits {
		key := commit + ":" + c.Source
		b, ok := f.data[key]
		if !ok {
			b, _ = f.h.show(commit, c.Source)
			f.data[key] = b
		}
		if old, ok := match(b); ok {
			c.Old, c.Known, c.Revision = old, true, commit
			return
		}
	}
	if len(f.h.shallow) > 0 {
		c.Why = "the English as stamped is older than this shallow clone; to see it, run: " + Unshallow
		return
	}
	c.Why = "no version of " + c.Source + " in the history has the text as stamped (a stamp against an English edit never committed?)"
}

// WriteChanges writes the changes as text, with [-deleted-]{+inserted+}
// markers, or as Markdown for a pull request, with <del> and <ins>.
func WriteChanges(w io.Writer, changes []Change, format string) error {
	var b strings.Builder
	if len(changes) == 0 {
		b.WriteString("No stale translation.\n")
	}
	file := ""
	for _, c := range changes {
		what := c.Kind + " " + c.ID
		if c.Kind == "section" {
			what = "section #" + c.ID
		}
		var body, note string
		switch {
		case c.Added:
			note = "not stamped before: all of it is to translate"
			body = worddiff.Text(worddiff.Diff("", c.New))
			if format == "markdown" {
				body = worddiff.HTML(worddiff.Diff("", c.New))
			}
		case !c.Known:
			note = c.Why
			body = c.New
			if format == "markdown" {
				body = htmlEscape(c.New)
			}
		default:
			note = "English as stamped (" + short(c.Revision) + ") → now"
			ch := worddiff.Diff(c.Old, c.New)
			body = worddiff.Text(ch)
			if format == "markdown" {
				body = worddiff.HTML(ch)
			}
		}
		switch format {
		case "markdown":
			if c.File != file {
				fmt.Fprintf(&b, "### %s\n\n", c.File)
				file = c.File
			}
			fmt.Fprintf(&b, "**%s** (%s): %s\n\n<pre>%s</pre>\n\n", what, c.Source, note, body)
		default:
			fmt.Fprintf(&b, "%s: %s (%s): %s\n", c.File, what, c.Source, note)
			for _, l := range strings.Split(body, "\n") {
				b.WriteString("    " + l + "\n")
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
