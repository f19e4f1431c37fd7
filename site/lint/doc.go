// Package lint checks the content sources before Hugo sees them, so that a
// writer's mistake is reported at its file and line in plain words: each
// document of content/<lang>/ (its encoding, front matter, headings and
// emphasis that would not render; the shortcodes, raw HTML, links and
// images Hugo would publish wrongly; the addresses its url, slug and
// aliases ask for), each translation against its English source (the
// facts it uses), data/anchors.toml (the section ids kept working after a
// rename), and, in production builds, the facts of data/facts still listed
// as placeholders that a page shows. Each document is read once, with the
// content model (package content), as Hugo reads it. Symlinks are refused
// in every folder Hugo reads (Symlinks, which the preview server runs too),
// and content formats other than Markdown.
//
// Rules, as in report.Finding.Rule:
//
//	file          empty, too large, not UTF-8, a shortcode call that does not parse, lists or
//	              quotes nested too deep; a content format other than Markdown (.html, .org,
//	              ...); a symlink in any folder Hugo reads (static, assets, layouts, data,
//	              i18n, content, archetypes, every mount), or a mount outside the repository
//	front-matter  unparsable, missing title, description, date or weight, or a date Hugo
//	              cannot parse
//	heading-id    a heading (of any form) without {#id}, an ill-formed id, or an id used twice
//	fact          a fact used in the English document but not in a translation, or the reverse
//	fact-key      a fact key that names no value of data/facts, a whole table or list, or a
//	              _url fact that is no web address
//	shortcode     a shortcode the project does not define (Hugo's youtube, vimeo, x, ...)
//	raw-html      a raw HTML tag, which Hugo drops with the words inside it
//	link          a link, image, autolink or reference definition to a scheme other than
//	              https, http, mailto or tel (javascript:, data:, ...); an image that does not exist
//	address       url, slug or aliases asking for a generated file's address (robots.txt, a
//	              sitemap, _redirects, _headers, a 404 page, a static file) or another document's
//	anchor-alias  data/anchors.toml names a document or heading that does not exist, or an id still in use
//	emphasis      ** or __ next to CJK punctuation that does not render as emphasis: the reader would see it
//	placeholder-fact  (production) a fact listed under placeholders in data/facts that a page shows
//
// Typography rules, per language as data/typography.toml says (Typography),
// in content and in the other texts readers see (checkStrings): the i18n
// strings, the per-language texts of data/ and the languages' titles in
// hugo.toml, each at its TOML line:
//
//	quote-pair     a quotation opened with one mark and closed with another: “당사"란
//	ascii-quote    ASCII " in a language that quotes with other marks (ja 「」, zh-cn “”)
//	stop-space     a half-width space after 。？！ in a language that sets them full width
//	particle       a Korean particle that does not fit how the Latin word before it is read: …com로
//	spelling       a variant where the language's documents use a preferred form: 及び for および
//	double-period  a doubled period that is no ellipsis: "B.V.." (a fact's and the sentence's)
//	doubled-word   a word written twice in a row, in a language that separates words by spaces
//	typography     data/typography.toml does not parse
//
// Findings are report.Finding values, reported with every other stage's.
//
// A Cache keeps what the rules found in each document and each string,
// from run to run (the build keeps one for each source folder in Hugo's
// cache folder): a run reads again only what changed, and then runs the
// rules that compare documents on what it kept.
package lint
