// Package check checks the cross-links and anchors of a built static site: a
// folder of HTML, with no knowledge of Hugo.
//
// On every page it checks the URLs of every attribute that holds one (a and
// area href; iframe, embed, img, input type=image, audio, video, track,
// source and script src; srcset; video poster; object data; link href of
// any rel; meta refresh; SVG href and xlink:href; form action, a warning),
// and url() and @import in style attributes, <style> elements and the
// site's .css files, which resolve against the sheet's own URL (read with
// tdewolff's parse/v2/css lexer). It checks internal links to pages and assets (with Hugo's
// pretty URLs, relative and root-relative forms, <base href>,
// percent-encoding and query strings) and the targets of redirect pages
// (<meta http-equiv=refresh>, as Hugo writes for aliases), #fragments against the ids of the target page, duplicate
// ids, empty and placeholder links, unsafe schemes, paths that climb above
// the site root, and the syntax of external links (fetched only when asked,
// see below). Across
// pages it checks that hreflang alternates are complete, absolute and
// reciprocal, and that every translation of a document has the same section
// anchors (ids of h1-h6) as the source language's page. Markdown a reader
// would see as text (** or __ emphasis that did not render, [text](url), a
// shortcode's {{< ), in text outside code, pre and scripts, is an error:
// only a page whose bytes hold one of those cues has its text read, by
// golang.org/x/net/html's tokenizer.
//
// Each page is read once, as the walk of the folder finds it, and streamed on
// every core through a kept lexer, tdewolff's parse/v2/html (the one the
// minifier reads pages with; inline svg and math through its XML lexer):
// text between tags is jumped over at memory speed, the lexer reads tags,
// comments, doctypes and the raw text of script and style, and only the
// attributes the rules read are decoded. A page is reduced
// to compact facts (ids, heading ids, alternates, and its URLs, interned: a
// site has few distinct URLs); no DOM is built for the links. A DOM question
// goes to goquery: which headings are sections of a page, asked of the pages
// whose section anchors differ from their source page's by the scan (a
// page the parser refuses, nested too deep, is a finding, never a failed
// run). Once every page is scanned,
// the URLs are checked, again on every core, each distinct URL resolved once,
// and each #fragment looked up in its target's ids at once. Link targets are
// looked up in the list of the site's files, never opened, so no link can
// make the checker read outside the site; symbolic links are listed, never
// followed, and a link to one says so.
//
// External http(s) links are fetched only with Options.Online ("sitectl
// check -online"; the build never does): each distinct URL once, whatever
// number of pages and lines use it, with a bounded number of requests at
// once, in all and to each host, and a timeout for each. A URL is asked for
// with HEAD, then with GET when HEAD fails as many servers make it fail
// (405, 501, another error, a dropped connection); a few redirects are
// followed, and a link that moved permanently is a warning. A 429 or 503 is
// asked again after the wait its Retry-After names, within a cap, or after
// a backoff, and the whole host waits meanwhile; a 429 that stays is a
// warning. Errors (4xx, 5xx, unknown host, refused connection, timeout) are
// reported at every link to the URL, at its source line. The fragment of an
// external URL is not checked. A cache file (Online.Cache) keeps the URLs
// that worked, not fetched again for a day (Online.CacheAge); failures are
// always fetched again. Canceling the context stops the requests at once.
//
// Problems are values (report.Finding), collected for the whole site,
// sorted and deduplicated into a Report, which package report writes as
// text, JSON, GitHub Actions annotations or a Markdown pull-request
// comment. An external URL
// that fails is a finding at each link to it, and each format also reads per
// URL: the text lists it once, with its problem, the
// number of pages using it and its first links; the JSON adds external_urls
// to every finding; the Markdown comment has a table of the URLs; GitHub gets
// the first links of each URL annotated and a notice counting the others. An
// error from Run means the check could not run.
//
// The rules, as in report.Finding.Rule:
//
//	broken-link       an internal link to a file that does not exist
//	missing-fragment  a #fragment that no id (or <a name>) of the target page has
//	duplicate-id      an id used twice in a page
//	anchor-parity     a translation lacks a section anchor of the source, or has one more
//	hreflang          alternates not absolute, not reciprocal, or of another language
//	hreflang-x-default  a page with alternates and no x-default (a notice by default)
//	hreflang-missing  a page of a multilingual site with no alternates (off by default)
//	required-attribute  <img> without src or srcset, <link> without href
//	empty-link        "", "#" (a warning), mailto: or tel: with no address
//	unsafe-scheme     javascript:, vbscript:, file:, a drive letter, a data: link
//	bad-url           a malformed URL; a backslash used as a separator (a warning)
//	outside-root      a path that climbs above the site root
//	unparsable        the HTML parser refuses a page whose section anchors the DOM is asked about (nested over 512 deep)
//	external-link     with Options.Online: an external link that fails when fetched; 429 or moved permanently (warnings)
//
// Every rule has a default level (RuleList); Options.Rules sets a level,
// or "off", per rule: the build fills it from [params.check.rules] in
// hugo.toml, "sitectl check" from sitecheck.toml (Config) and -rule. A
// problem repeated on more than five pages (same level, rule, target and
// message: a template's) is one group in the text, Markdown and GitHub
// reports; JSON lists every place. A link the site's Netlify redirect
// rules serve (the _redirects file at the site root, then the
// [[redirects]] of netlify.toml, Options.Netlify) is followed to where
// every branch of the rules leads; requests that no conditioned rule
// takes are not followed further (a site may send only some readers
// somewhere).
//
// Findings point at the Markdown source when the page tells where an
// element came from: the build's render hooks write
// data-src="content/ko/x.md:142" on links and headings, and the build checks
// the pages before its minify stage strips the attribute (and proves that
// the minified pages keep every id and link the check read). What a layout
// writes itself (a navigation bar, a footer) carries no such attribute:
// TraceLayouts moves a finding on it to the one line of the site's layouts
// that holds the element's id or URL, when exactly one does.
package check
