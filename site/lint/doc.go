// Package lint checks the content sources before Hugo sees them, so that a
// writer's mistake is reported at its file and line in plain words:
//
//	lint.go         Run: walks content/<lang>/, applies the rules, compares translations
//	frontmatter.go  front matter: syntax (TOML +++, YAML ---), required fields
//	markdown.go     headings (explicit, well-formed, unique ids) and fact keys
//	anchors.go      data/anchors.toml: renamed section ids kept working
//	emphasis.go     ** or __ that Goldmark leaves as text next to CJK punctuation
//	placeholders.go placeholder facts a page shows (production builds)
//
// Rules, as in report.Finding.Rule:
//
//	file          empty, too large, not UTF-8, a symlink leaving the repository
//	front-matter  unparsable, or missing title, description, date or weight
//	heading-id    a heading without {#id}, an ill-formed id, or an id used twice
//	fact          a fact used in the English document but not in a translation, or the reverse
//	anchor-alias  data/anchors.toml names a document or heading that does not exist, or an id still in use
//	emphasis      ** or __ next to CJK punctuation that does not render as emphasis: the reader would see it
//	placeholder-fact  (production) a fact listed under placeholders in data/facts that a page shows
//
// Findings are report.Finding values, reported with every other stage's.
package lint
