// Package lint checks the content sources before Hugo sees them, so that a
// writer's mistake is reported at its file and line in plain words: each
// document of content/<lang>/ (its encoding, front matter and headings),
// each translation against its English source (the facts it uses),
// data/anchors.toml (the section ids kept working after a rename), and the
// shared facts of data/facts still marked as placeholders.
//
// Rules, as in report.Finding.Rule:
//
//	file          empty, too large, not UTF-8, a symlink leaving the repository
//	front-matter  unparsable, or missing title, description, date or weight
//	heading-id    a heading without {#id}, an ill-formed id, or an id used twice
//	fact          a fact used in the English document but not in a translation, or the reverse
//	anchor-alias  data/anchors.toml names a document or heading that does not exist, or an id still in use
//	placeholder-fact  a fact still a placeholder that content uses (a warning, in production builds)
//
// Findings are report.Finding values, reported with every other stage's.
package lint
