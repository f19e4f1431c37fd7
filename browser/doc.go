// Package browser tests the built legal center in a real browser: headless
// Chromium (Debian's /usr/bin/chromium) driven with chromedp, against the
// published site served on 127.0.0.1 with the production headers and
// redirects of netlify.toml. It has no code of its own outside its tests.
//
// One build serves every test: the first test that needs the site builds the
// repository once with site.Build into a temporary folder, serves it, and
// starts one Chromium; each test opens its own tabs. A test that covers every
// language runs a parallel subtest per language, each in its own tab (as many
// at once as -parallel allows: GOMAXPROCS by default); every tab emulates a
// focused page, so focus does not depend on which tab is in front. Every tab
// records the console (console API calls, uncaught exceptions, browser log
// entries) and every Content-Security-Policy violation, and a test fails on
// any of them.
//
// Files:
//
//	main_test.go         TestMain and the shared fixture: build, server, browser; when to skip
//	headers_test.go      netlify.toml's [[headers]]: parsing, path patterns, the test server applies them
//	redirects_test.go    the test server's handler with netlify.toml's [[redirects]] (internal/netlify's model):
//	                     / goes to the reader's language, unknown paths get their language's 404 page,
//	                     the root's fallback page lists every language
//	tab_test.go          a tab: navigation, evaluation, key presses, console and CSP capture
//	console_test.go      no console errors and no CSP violations on the tested pages; the capture works
//	langmenu_test.go     the language menu keeps the #section; untranslated pages are marked, not linked
//	anchors_test.go      table-of-contents and "see below" links scroll to their section
//	a11y_test.go         axe-core (serious and critical); keyboard reach and visible focus in every language,
//	                     the skip link first and into <main>, the language menu within five stops of it
//	mobile_test.go       390 px: the legal navigation collapses and opens; no horizontal scrolling
//	layout_test.go       no layout shift after the first paint (390, 1024, 1280 px); the table of contents
//	                     folded at 1024 px; the phone's header and menu button; the language menu closes on
//	                     Escape and a click outside; the legal navigation's button state; heading names
//	siteheader_test.go   the header's bar on one row at 1280 px in every language; it wraps, not scrolls, below
//	fonts_test.go        Korean, Japanese and Chinese render with real glyphs, not tofu
//	print_test.go        the print stylesheet in every language: navigation hidden, document and headings
//	                     printed; a PDF in two languages
//	screenshots_test.go  the privacy policy per language at desktop and mobile width, for review
//	titles_test.go       every document's h1 and <title> are in the page's language, not English left over
//
// testdata/package.json pins axe-core; install it with
// `cd browser/testdata && npm ci` (.ci/run does).
//
// The tests skip under -short. Without Chromium or axe-core they skip with a
// message, except in CI (CI=true), where they fail. Settings:
//
//	BROWSER_CHROMIUM     the browser binary (default /usr/bin/chromium)
//	BROWSER_SOURCE       the site source folder to build (default: the repository)
//	BROWSER_SCREENSHOTS  where screenshots and the PDF go (default $TMPDIR/legalcenter-screenshots)
package browser
