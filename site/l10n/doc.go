// Package l10n reports the translation status of the legal center for
// translators, and stamps translations with the source they match.
//
// English (the site's default content language) is the source. For every
// other language, Status reports documents missing, stale (the English
// changed after the translation was stamped, with the sections that
// changed), unknown (never stamped) and orphaned; i18n keys missing,
// extra, with the wrong CLDR plural forms or template actions, or left
// identical to English; and shared facts typed out instead of written
// with the fact shortcode. Problems are Findings, values collected and
// sorted, not errors.
//
// A translator marks a translation done with "sitectl i18n stamp FILE",
// which records in the translation's front matter a hash of each section
// of the English body (split at headings with explicit ids; "_top" is the
// text before the first heading) and of the whole:
//
//	[params.source]
//	hash = "24cd21e512b90b92"
//	[params.source.sections]
//	_top = "74413892"
//	summary = "ddbe4315"
//	data-retention = "948d903e"
//
// The build writes Report.Data to DataFile, where the stale-notice
// partial (layouts/_partials/stale-notice.html) reads it as
// site.Data.generated.l10n.
//
// Files:
//
//	cmd.go          Main: the "i18n" and "i18n stamp" commands that sitectl runs
//	status.go       Status: documents of each language against the source
//	stamp.go        Stamp: rewriting params.source in TOML or YAML front matter
//	fingerprint.go  hashes of a body and its sections; reading a stamp
//	frontmatter.go  splitting a content file into front matter and body
//	keys.go         i18n keys: missing, extra, plural forms, placeholders, identical
//	plural.go       each language's CLDR plural categories, from golang.org/x/text
//	facts.go        shared facts of data/facts hard-coded in translations
//	site.go         Options; languages and content directories from hugo.toml
//	report.go       Report, Page, Progress, Finding and their ordering
//	format.go       text, JSON and Markdown reports; Data for templates
//
// Tests: status_test.go runs txtar mini-sites, one per finding, on memory
// and on disk, against testdata/status/*.golden (go test -update rewrites
// them); stamp_test.go stamps every front matter shape against
// testdata/stamp/*.golden; partial_test.go builds a site with Hugo to show
// the stale notice; repo_test.go runs over the real repository.
package l10n
