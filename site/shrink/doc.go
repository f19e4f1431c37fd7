// Package shrink minifies a built site in place and proves that nothing a
// reader or a link can see was lost on the way.
//
// Run minifies every HTML, CSS, JS, SVG, JSON and XML file of the site in
// parallel with github.com/tdewolff/minify/v2 (the version Hugo uses; the
// settings are ours, see New). Before it writes a page back it compares the
// page before and after minification:
//
//   - the same element ids (and <a name> anchors), as a set;
//   - the same links, images, scripts and headings, in the same order: the
//     build checks the links of the pages before minification, so this is
//     the proof that the published pages have what the check read;
//   - the same link targets (href, src, srcset, action, integrity, a meta
//     refresh URL, ...), element by element, in document order;
//   - the same visible text, with white space collapsed the way a browser
//     collapses it, and the same text of alt, title, aria-label and
//     placeholder attributes;
//   - for XML (sitemaps), the same elements, attributes and text; for SVG
//     the same ids and text; for JSON the same value.
//
// Options.Strip removes build-only attributes (the build's data-src source
// lines) from each page before it is minified, in the same pass; the page
// is compared as it was, with them, to the page as it is written.
//
// The proof runs on every build, so it is cheap: a page is read once
// before minifying (the pass that strips it also collects its facts) and
// once after, with tdewolff's HTML lexer, the one the minifier reads it
// with, jumping from one "<" to the next; inline svg and math, which that
// lexer returns whole, are read with x/net/html's tokenizer (once: the
// same icons are on every page). The build's link check reads the page's
// tokens in the pass before minifying (Pages.Page, Tokens), so a page is
// lexed once for both. The facts go into flat buffers reused from page to
// page and are compared byte for byte; only a page that differs is read
// again to spell out what it lost.
// Tests check that the lexer finds the facts the tokenizer finds, and
// that the flat comparison agrees with the spelled-out one.
//
// Any difference is a Loss; Run returns every loss of the site at once in a
// *LossError, which names each page. A damaged page is never written back;
// pages proven whole are written as soon as they are (the site is not held
// in memory), so a failed run leaves a mix of minified and unminified files,
// which the build discards with its staging folder.
//
// A file that a page names with an integrity attribute (Subresource
// Integrity) is kept as written when its minified bytes would no longer
// match the hash: a browser refuses such a file.
//
// Files named *.min.* are kept as they are: Hugo's asset pipeline has
// already minified them (with the same minifier), and their fingerprinted
// name and integrity hash are computed from their bytes.
//
// A Cache keeps the pages Pages minified and proved, from build to build,
// by the bytes rendered: a page rendered as in the build before is
// written as then, neither minified nor proved again (the same program
// proved the same bytes), while the link check still reads it.
package shrink
