// Package content is the one model of a content document that every stage
// reads: the content lint, the translation status and its structure check,
// stamping and word counts. A document is parsed once, as Hugo parses it:
//
//   - Hugo's page parser (parser/pageparser) finds the front matter (TOML,
//     YAML, JSON or Org, after a byte order mark) and the shortcode calls,
//     {{< >}} and {{% %}} alike, with their names and arguments;
//   - Hugo's metadecoders decode the front matter;
//   - goldmark, with the extensions and parser options of Hugo's goldmark
//     configuration (NewParser; Parse uses Hugo's defaults, which the
//     site's hugo.toml keeps for everything that shapes the tree), reads
//     the body, each shortcode call standing in as one character.
//
// From the tree come the headings (every form Hugo renders with an id:
// ATX, closed ATX and setext, with {#id} attributes), the sections (the
// text under each heading that is not inside a list or block quote, up to
// the next; TopSection before the first), and what each section is made
// of: paragraphs, lists, table rows and columns, block quotes, links and
// their internal targets, facts, and the words a reader sees. The marks
// are the spans of the project's one marker shortcode, mark (text shown in
// English until translated, an exception to a typography rule), with their
// kind and lines.
//
// A file that cannot be read through (not UTF-8, front matter never
// closed, a shortcode call that does not parse) is an *Error at its line.
// So is a body nested more than MaxDepth levels of lists and block quotes
// deep: goldmark's time grows with the square of the depth, so a bound
// computed line by line refuses such a file before goldmark reads it.
package content
