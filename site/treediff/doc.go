// Package treediff compares two built sites (the deployed one and a pull
// request's preview) and tells which pages a reviewer should look at.
//
// Every HTML page is matched by its path and falls in one class:
//
//	added     only in the new site
//	removed   only in the old site
//	changed   its <title> or its <main> content differs
//	layout    only the rest differs: navigation, header, footer, <head>
//	restyled  only fingerprinted asset URLs and integrity hashes differ,
//	          as on every page when the CSS or JS changes
//
// Pages are grouped by language, the first folder of their path. Layout and
// restyled pages are counted, not listed, in the text and Markdown reports:
// a change of the stylesheet or the footer touches every page and would
// bury the pages whose text changed. The JSON report lists every page.
// Other files (assets, sitemaps, robots.txt) are listed apart; fingerprinted
// assets are matched by their name without the hash.
//
// Deep links into the old site that the new one breaks are reported apart,
// in every format: removed pages, and the anchors (ids, <a name>) a page
// present in both lost, read from the tree a browser builds (goquery), so
// an id kept as an alias (data/anchors.toml) or moved to another element is
// not lost. Report.Breaks tells whether there are any; "diff -strict" exits
// 1 then.
package treediff
