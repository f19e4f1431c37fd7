package l10n

import (
	"cmp"
	"slices"

	"legalcenter/site/report"
)

// State is the state of one translated page against its source.
type State string

const (
	// Fresh: the translation's stamp matches the current source.
	Fresh State = "fresh"
	// Stale: the source changed after the translation was stamped.
	Stale State = "stale"
	// Unstamped: the translation carries no usable stamp, so nobody can
	// tell whether it is current.
	Unstamped State = "unstamped"
	// Missing: the source has no translation in this language.
	Missing State = "missing"
	// Orphan: the translation's source no longer exists.
	Orphan State = "orphan"
)

// The rules of the findings, as in report.Finding.Rule.
const (
	RuleMissing      = "missing"       // a source document without translation
	RuleStale        = "stale"         // a translation older than its source
	RuleUnstamped    = "unstamped"     // a translation without stamp
	RuleOrphan       = "orphan"        // a translation without source
	RuleMissingKey   = "missing-key"   // an i18n key of the source language not translated
	RuleStaleKey     = "stale-key"     // an i18n key whose source text changed after it was stamped
	RuleUnstampedKey = "unstamped-key" // an i18n key without stamp
	RuleExtraKey     = "extra-key"     // an i18n key the source language does not have
	RuleDuplicateKey = "duplicate-key" // an i18n key defined twice in one language
	RulePlural       = "plural"        // plural forms that do not fit the language's CLDR categories
	RulePlaceholder  = "placeholder"   // template actions missing or added in a translation
	RuleIdentical    = "identical"     // a string left identical to the source
	RuleFact         = "fact"          // a shared fact typed out instead of using the fact shortcode
	RuleStructure    = "structure"     // a section of a translation with more or fewer paragraphs, list items, rows, links or facts than the source's
	RuleInvalid      = "invalid"       // a file that could not be read or parsed
	RuleUndefinedKey = "undefined-key" // an i18n key the layouts use that the source language does not define
)

// ruleOrder is the order findings of one language are listed in: pages
// first, in the order a translator works through them, then keys.
var ruleOrder = []string{
	RuleInvalid, RuleUndefinedKey, RuleMissing, RuleStale, RuleAddSection, RuleRenamedSection, RuleRemovedSection, RuleUnstamped, RuleStructure, RuleOrphan, RuleFact,
	RuleMissingKey, RuleStaleKey, RuleUnstampedKey, RulePlural, RulePlaceholder, RuleExtraKey, RuleDuplicateKey, RuleIdentical,
}

// Page is the status of one document in one translation language.
type Page struct {
	Lang string `json:"lang"`
	// Path is the document's slash path inside the language's content
	// directory, e.g. "information-requests/_index.md"; it is the same in
	// every language.
	Path string `json:"path"`
	// File and Source are slash paths from the site root: the translation
	// (absent when Missing) and its English source (absent when Orphan).
	File   string `json:"file,omitempty"`
	Source string `json:"source,omitempty"`
	Status State  `json:"status"`
	// Changed lists, in source order, the ids of the source sections
	// that were added or edited since the stamp; TopSection stands for
	// the text before the first heading.
	Changed []string `json:"changed,omitempty"`
	// Removed lists the stamped section ids the source no longer has.
	Removed []string `json:"removed,omitempty"`
	// Renamed lists the sections whose heading id changed and nothing
	// else: the translation renames the id, with nothing to re-read.
	Renamed []Rename `json:"renamed,omitempty"`
	// Fields lists the front matter fields of the source (title,
	// description) that changed since the stamp.
	Fields []string `json:"fields,omitempty"`
	// Sections are the sections to work on, each at its line of the
	// translation with its words: added to the source and not translated
	// yet (in every translation that has a body), edited since the stamp,
	// renamed, or removed from the source.
	Sections []SectionWork `json:"sections,omitempty"`
	// Words is the number of English words to translate or re-read: the
	// whole source (title, description and body) of a missing or
	// unstamped page, the changed sections and fields of a stale one, and
	// 0 for a fresh page or an orphan.
	Words int `json:"words"`
}

// Progress is one row of the progress table.
type Progress struct {
	Lang          string `json:"lang"`
	Documents     int    `json:"documents"` // source documents
	Translated    int    `json:"translated"`
	Fresh         int    `json:"fresh"`
	Stale         int    `json:"stale"`
	Unstamped     int    `json:"unstamped"`
	Missing       int    `json:"missing"`
	Orphans       int    `json:"orphans"`
	Keys          int    `json:"keys"`           // source i18n keys
	KeysComplete  int    `json:"keys_complete"`  // translated with every plural form and placeholder, and stamped
	KeysStale     int    `json:"keys_stale"`     // stamped, but the source text changed since
	KeysUnstamped int    `json:"keys_unstamped"` // not stamped
	// Percent is the share of the work done, rounded down so that 100
	// means done. The work is every section of every source document
	// and every source key; a fresh document has all its sections done,
	// a stale one all but the changed sections and fields (and never
	// all), an unstamped one none.
	Percent int `json:"percent"`
	// WordsTodo is the number of English words to translate or re-read
	// in this language: those of its pages and of its i18n keys that
	// are missing, stale or unstamped.
	WordsTodo int `json:"words_todo"`
}

// Report is the translation status of a site. Its findings are the
// translation work to do and the defects of the translations, each a
// report.Finding whose rule is one of the Rule constants and whose target
// is the i18n key or fact concerned.
type Report struct {
	Source    string           `json:"source"`    // the source language
	Documents int              `json:"documents"` // source documents
	Keys      int              `json:"keys"`      // source i18n keys
	Languages []Progress       `json:"languages"` // the translation languages, in site order
	Pages     []Page           `json:"pages"`     // every source document in every translation language, and orphans
	Findings  []report.Finding `json:"findings"`

	shown, all []string // the languages Limit kept, of all; nil when not limited
	delta      *delta   // what a change made, when Since compared it with its base
	// descriptions are the source strings' descriptions, by key, as
	// Status read them, for Work; nil when r did not come from Status.
	descriptions map[string]string
}

// Failed reports whether any finding is an error: with Options.Strict,
// something missing, stale, unstamped or broken, or a stamped translation
// with more or fewer paragraphs, list items, rows, links or facts than its
// source; without, only what breaks the built site (see waive). It is
// what sitectl i18n exits 1 on.
func (r *Report) Failed() bool { return report.HasErrors(r.Findings) }

// breaks reports whether the finding is a defect of the built site, not
// just work to do: a file that cannot be read, a template action that a
// translated string lacks or adds (a reader sees "<no value>" or loses a
// number), a plural form the language needs. The build fails on these,
// and the report is an error on them even without -strict.
func breaks(f report.Finding) bool {
	switch f.Rule {
	case RuleInvalid, RulePlaceholder, RuleUndefinedKey:
		return true
	case RulePlural:
		return f.Level == report.Error
	}
	return false
}

// waive makes the translation backlog (pages and keys missing, stale, not
// stamped; structure that differs) warnings: without -strict, it does not
// fail the command, and every format says so. What breaks stays an error.
func (r *Report) waive() {
	for i, f := range r.Findings {
		if f.Level == report.Error && !breaks(f) {
			r.Findings[i].Level = report.Warning
		}
	}
}

// sort orders pages and findings by language (site order), then pages by
// path and findings by kind, file, line and key, so that reports are
// stable and diffable. Not by words: a translator finds a page where the
// content tree has it, a page keeps its place while its count changes
// from one report to the next, and every line says its size.
func (r *Report) sort(langs []string) {
	rank := func(lang string) int {
		if i := slices.Index(langs, lang); i >= 0 {
			return i
		}
		return len(langs)
	}
	slices.SortStableFunc(r.Pages, func(a, b Page) int {
		return cmp.Or(
			cmp.Compare(rank(a.Lang), rank(b.Lang)),
			cmp.Compare(a.Path, b.Path),
		)
	})
	slices.SortStableFunc(r.Findings, func(a, b report.Finding) int {
		return cmp.Or(
			cmp.Compare(rank(a.Lang), rank(b.Lang)),
			cmp.Compare(slices.Index(ruleOrder, a.Rule), slices.Index(ruleOrder, b.Rule)),
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			// Sections to add at one line stay in the source's order.
			cmp.Compare(sortTarget(a), sortTarget(b)),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// sortTarget is the target a finding sorts by: none for the sections to
// add, which are in the source's order.
func sortTarget(f report.Finding) string {
	if f.Rule == RuleAddSection {
		return ""
	}
	return f.Target
}
