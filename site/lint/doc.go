// Package lint checks the content sources before Hugo sees them, so that a
// writer's mistake is reported at its file and line in plain words:
//
//	lint.go         Run: walks content/<lang>/, applies the rules, compares translations
//	symlinks.go     Symlinks: no symlink in any folder Hugo reads (build and serve)
//	frontmatter.go  front matter: syntax (TOML +++, YAML ---), required fields
//	markdown.go     headings (explicit, well-formed, unique ids) and fact keys
//	anchors.go      data/anchors.toml: renamed section ids kept working
//	body.go         shortcodes (Hugo's page lexer), raw HTML and link schemes (goldmark, as Hugo parses)
//	claims.go       url, slug and aliases that ask for another file's address
//	factkeys.go     fact keys that name one value of data/facts
//
// Rules, as in report.Finding.Rule:
//
//	file          empty, too large, not UTF-8; a content format other than Markdown
//	              (.html, .org, ...); a symlink in any folder Hugo reads (static, assets,
//	              layouts, data, i18n, content, archetypes, every mount), or a mount
//	              outside the repository
//	front-matter  unparsable, missing title, description, date or weight, or a date
//	              Hugo cannot parse
//	heading-id    a heading without {#id}, an ill-formed id, or an id used twice
//	fact          a fact used in the English document but not in a translation, or the reverse
//	fact-key      a fact key that names no value of data/facts, or a whole table or list
//	shortcode     a shortcode the project does not define (Hugo's youtube, vimeo, x, ...), or a call that does not parse
//	raw-html      a raw HTML tag, which Hugo drops with the words inside it
//	link          a link, image, autolink or reference definition to a scheme other than
//	              https, http, mailto or tel (javascript:, data:, ...)
//	address       url, slug or aliases asking for a generated file's address (robots.txt, a sitemap,
//	              _redirects, _headers, a 404 page, a static file) or another document's
//	anchor-alias  data/anchors.toml names a document or heading that does not exist, or an id still in use
//
// Findings are report.Finding values, reported with every other stage's.
package lint
