package l10n

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"legalcenter/site/content"
	"legalcenter/site/worddiff"
)

// WorkFile is where preview builds write the Worklist, in the Hugo
// source: the translators' status page (layouts/translation-status.html)
// reads it as hugo.Data.generated.l10nwork.
const WorkFile = "data/generated/l10nwork.json"

// Worklist is what the translators' status page shows beyond the report:
// each stale part of each translation with the English as stamped next
// to the English now, and the descriptions of the source's i18n keys.
type Worklist struct {
	// Pages holds the stale parts of each translated page, keyed as
	// Data keys pages ("ko/privacy-policy.md"), in source order.
	Pages map[string][]Part `json:"pages"`
	// Keys holds the stale i18n keys of each language.
	Keys map[string][]Part `json:"keys"`
	// Descriptions are the source keys' go-i18n descriptions (context for
	// translators), by key; keys without one are left out.
	Descriptions map[string]string `json:"descriptions"`
	// Unavailable says why the English as stamped is unknown for some
	// part ("" when every diff is known): no git history in this build.
	Unavailable string `json:"unavailable,omitempty"`
}

// A Part is one stale part of a translation: a section, a front matter
// field or an i18n key.
type Part struct {
	Kind string `json:"kind"` // "section", "field" or "key"
	ID   string `json:"id"`
	File string `json:"file"` // the translation, a slash path from the site root
	// Line is where the part is in the translation: a section's heading,
	// a field's line, a key's; 0 when the translation does not have it.
	Line  int `json:"line"`
	Words int `json:"words"` // English words of the part now
	// Diff is the English as stamped against the English now, word by
	// word; all of it inserted when Added; the English now, unchanged,
	// when not Known (Why says why).
	Diff     []Span `json:"diff"`
	Known    bool   `json:"known"`
	Added    bool   `json:"added,omitempty"`
	Why      string `json:"why,omitempty"`
	Revision string `json:"revision,omitempty"` // the commit or blob the English as stamped was read from
	// Description is a key's description in the source, if it has one.
	Description string `json:"description,omitempty"`
}

// A Span is a run of a Part's Diff: Op is "" (in both), "del" (only in
// the English as stamped) or "ins" (only in the English now).
type Span struct {
	Op   string `json:"op,omitempty"`
	Text string `json:"text"`
}

// Work returns the worklist of the report r that Status returned for the
// site in fsys. It reads the English as stamped from the git history of
// opt.Dir, as Diff does, and only when something is stale; without a
// history each stale part says why its diff is unavailable. The build
// never needs git: the page then says how to get the diffs.
func Work(fsys afero.Fs, opt Options, r *Report) (*Worklist, error) {
	w := &Worklist{Pages: map[string][]Part{}, Keys: map[string][]Part{}, Descriptions: map[string]string{}}
	s, err := loadSite(fsys, opt)
	if err != nil {
		return nil, err
	}
	if r.descriptions != nil {
		maps.Copy(w.Descriptions, r.descriptions)
	} else {
		var scratch Report
		tables, _, err := s.messages(&scratch)
		if err != nil {
			return nil, err
		}
		maps.Copy(w.Descriptions, descriptions(tables[s.source()]))
	}
	changes, err := Changes(fsys, opt, r, func(string, string) bool { return true })
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(changes, func(c Change) bool { return !c.Known }) {
		if h, err := openHistory(opt.Dir); err != nil {
			w.Unavailable = err.Error()
		} else if len(h.shallow) > 0 {
			w.Unavailable = "this clone's history is shallow"
		}
	}
	keyLines := map[reportKey]int{}
	for _, f := range r.Findings {
		if f.Rule == RuleStaleKey {
			keyLines[reportKey{f.Lang, f.Target}] = f.Line
		}
	}
	pageOf := map[string]string{} // translation file -> "lang/path"
	for _, p := range r.Pages {
		pageOf[p.File] = p.Lang + "/" + p.Path
	}
	for _, c := range changes {
		p := Part{Kind: c.Kind, ID: c.ID, File: c.File, Known: c.Known, Added: c.Added, Why: c.Why, Revision: c.Revision}
		switch {
		case c.Known:
			p.Diff = spans(worddiff.Diff(c.Old, c.New))
		default:
			p.Diff = []Span{{Text: c.New}}
		}
		switch c.Kind {
		case "key":
			p.Line = keyLines[reportKey{c.Lang, c.ID}]
			p.Words = content.CountWords(c.New)
			p.Description = w.Descriptions[c.ID]
			w.Keys[c.Lang] = append(w.Keys[c.Lang], p)
			continue
		case "field":
			p.Words = content.CountWords(c.New)
			if d, err := s.read(c.File); err == nil {
				p.Line = fieldLine(d, c.ID)
			}
		case "section":
			if src, err := s.read(c.Source); err == nil {
				if sec := src.Section(c.ID); sec != nil {
					p.Words = sec.Words
				}
			}
			if d, err := s.read(c.File); err == nil {
				if sec := d.Section(c.ID); sec != nil && (c.ID != TopSection || sec.Text != "") {
					p.Line = sec.Line
				}
			}
		}
		w.Pages[pageOf[c.File]] = append(w.Pages[pageOf[c.File]], p)
	}
	return w, nil
}

// JSON is the worklist as the build writes it to WorkFile.
func (w *Worklist) JSON() []byte {
	b, err := json.MarshalIndent(w, "", "  ")
	if err != nil {
		panic(err) // strings, numbers and slices of them always marshal
	}
	return append(b, '\n')
}

// spans turns a word diff into the Spans templates render.
func spans(chunks []worddiff.Chunk) []Span {
	out := make([]Span, 0, len(chunks))
	for _, c := range chunks {
		op := ""
		switch c.Op {
		case worddiff.Delete:
			op = "del"
		case worddiff.Insert:
			op = "ins"
		}
		out = append(out, Span{op, c.Text})
	}
	return out
}

// descriptions are the descriptions of the strings of table, by key: those
// not empty, trimmed.
func descriptions(table map[string]*message) map[string]string {
	out := map[string]string{}
	for id, m := range table {
		if d := strings.TrimSpace(m.description); d != "" {
			out[id] = d
		}
	}
	return out
}
