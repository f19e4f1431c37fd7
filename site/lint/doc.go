// Package lint checks the content sources before Hugo sees them, so that a
// writer's mistake is reported at its file and line in plain words: each
// document of content/<lang>/ (its encoding, front matter, headings and
// emphasis that would not render), each translation against its English
// source (the facts it uses), data/anchors.toml (the section ids kept
// working after a rename), and, in production builds, the facts of
// data/facts still listed as placeholders that a page shows. Each document
// is read once, with the content model (package content), as Hugo reads it.
//
// Rules, as in report.Finding.Rule:
//
//	file          empty, too large, not UTF-8, a shortcode call that does not parse, lists or quotes nested too deep, a symlink leaving the repository
//	front-matter  unparsable, or missing title, description, date or weight
//	heading-id    a heading (of any form) without {#id}, an ill-formed id, or an id used twice
//	fact          a fact used in the English document but not in a translation, or the reverse
//	anchor-alias  data/anchors.toml names a document or heading that does not exist, or an id still in use
//	emphasis      ** or __ next to CJK punctuation that does not render as emphasis: the reader would see it
//	placeholder-fact  (production) a fact listed under placeholders in data/facts that a page shows
//
// Findings are report.Finding values, reported with every other stage's.
package lint
