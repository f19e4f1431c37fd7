// Package l10n reports the translation status of the legal center for
// translators, and stamps translations with the source they match.
//
// English (the site's default content language) is the source. For every
// other language, Status reports documents missing, stale (the English
// changed after the translation was stamped, with the fields and sections
// that changed), unstamped (never stamped, so nobody can tell) and orphaned; i18n keys missing,
// stale (the English text changed after the key was stamped), unstamped,
// extra, with the wrong CLDR plural forms or template actions, or left
// identical to English; and shared facts typed out instead of written
// with the fact shortcode. Problems are report.Findings, values collected
// and sorted, not errors, each at the level the command acts on: the
// backlog (missing, stale, unstamped, structure) is a warning unless
// Options.Strict, what breaks the built site an error always.
//
// Documents are read with the content model (package content), once per
// file. A stamped (fresh or stale) translation must also have the
// structure of its source: in each section, as many paragraphs, items
// in each list, table rows and columns, block quotes, uses of each fact
// and links, to the same internal targets; a "structure" finding, an
// error, names the section that differs and how, at its heading (sections
// a stale translation is yet to re-read are not compared).
//
// English moves first: a section the source has and a translation lacks
// is work ("add section #x after #y", RuleAddSection), not a defect, and
// Report.Fill gives the build the translation with the source's text of
// that section at its place, marked untranslated, so that readers see it
// and its anchor exists in every language; "sitectl i18n scaffold"
// (Scaffold) writes the same into the translation to start from. A
// section the source removed or renamed is work too. Page.Sections lists
// each section to work on at its line of the translation, with its words
// and, where the history tells, the words that changed. A translation
// that copies the source's sentences, or is mostly Latin-script words in a
// language written otherwise, is reported as an identical string is.
//
// Every page and key that needs work says how many English words it is,
// as translation tools count them (content.CountWords): a missing or unstamped page
// its whole title, description and body, a stale page its changed
// sections and fields, a key its English text; each language's total is
// the progress table's "words to do".
//
// A translator marks a translation done with "sitectl i18n stamp FILE",
// which records in the translation's front matter a hash of the English
// title and description, of each section of the English body (split at
// headings with explicit ids, whatever their form; "_top" is the text
// before the first heading) and of the whole body:
//
//	[params.source]
//	hash = "24cd21e512b90b92"
//	title = "506ff394"
//	description = "30760635"
//	[params.source.sections]
//	_top = "74413892"
//	summary = "ddbe4315"
//	data-retention = "948d903e"
//
// A stamp without title and description (written before stamps recorded
// them) vouches for the body only: its page is reported unstamped, or stale
// if the body changed, until it is stamped again.
//
// A stamp vouches for what the translator names and the translation has:
// StampSelected stamps some sections, fields or keys (an i18n file), and
// a whole-file stamp leaves out a section the translation does not have,
// so that it stays to do (the body hash is then not the source's, and
// Status compares section by section). Where git can tell (Options.Dir),
// a whole-file stamp refuses while a part that went stale is unchanged in
// the translation since the commit that wrote the stamp, and a stamp
// records the git blob of the source ("blob"). Diff uses that blob, or
// else the history of the source file, to show each stale part's source
// as stamped next to the source now (package worddiff). The build never
// needs git: only these translator commands read the history, and they
// say what they cannot tell without it.
//
// Stamping an i18n file ("sitectl i18n stamp i18n/ko.toml") records in each
// key the hash of the English text it translates, in go-i18n's own hash
// field, which Hugo reads and ignores. Only TOML files are stamped, in
// place: a simple key becomes an inline table on its line, a table gets a
// hash line, and comments, order and every other byte stay:
//
//	read_more = { other = "더 보기", hash = "e56400ab" }
//	[document_count]
//	hash = "f62ce383"
//	other = "문서 {{ .Count }}건"
//
// The build writes Report.Data to DataFile, where the stale-notice
// partial (layouts/_partials/stale-notice.html) reads it as
// site.Data.generated.l10n. Preview builds also write Work's Worklist
// (WorkFile) for the translators' status page: each stale part at its
// line in the translation with its word diff, read from git when the
// build runs in a clone with history.
package l10n
