// Package site is the legal center's build pipeline. Build runs the stages
// in order, each a package of its own:
//
//	lint/      checks the content sources: front matter, heading ids, facts, encoding
//	l10n/      translation status: missing, stale and unstamped pages, i18n keys
//	versions/  earlier versions of documents: declares their comparison pages before
//	           Hugo runs, and fills them in from the rendered pages after
//	hugo/      renders the site in-process with Hugo, and loads the configuration
//	           Hugo builds with (LoadConfig) that every stage takes
//	check/     checks links, fragments, ids, hreflang, anchor parity, Markdown left as text
//	shrink/    strips the build-only data-src attributes, minifies the output and proves no id, link or text was lost
//	publish/   swaps the finished site into the output folder atomically
//
// Beside them, content/ is the model of a content document, parsed once
// as Hugo parses it, that lint and l10n read; report/ holds the one finding type and writes findings as
// text, JSON, GitHub annotations or Markdown, treediff/ compares two
// built sites for reviewers ("sitectl diff"; not a stage of the build),
// and watch/ reports the files that change as editors save them (Serve).
// The packages return values; the command lines (flags, usage, exit codes)
// are tools/sitectl's, and the link check's is internal/checkcmd's, which
// both "sitectl check" and tools/sitecheck (the check without Hugo linked
// in) run.
//
// Hugo renders into a staging folder beside the output folder (publish):
// each HTML page is stripped, minified, proven whole and read for the link
// check as Hugo writes it, and written once, minified (pagesFs; the check
// keeps the few lines of it that tracing findings to layouts may read); the check and minify
// stages then finish with what needs the whole site (links between pages,
// the other files), and publishing swaps the folder in; nothing reaches
// the output folder unless every stage succeeded. Serve
// previews instead: Hugo in server mode renders into memory, and each
// change that watch/ sees rebuilds what it touches, with the translation
// status kept current for the stale notices.
//
// A build keeps two caches for the next, in Hugo's cache folder (see
// internal/buildcache): the content check's findings of each file
// (lint.Cache), and the pages minified and proved (shrink.Cache). The
// next build reads again only the files that changed, and minifies only
// the pages rendered otherwise; every page is read for the link check.
//
// Options.Pace tells the command each stage as it starts, and what the
// build holds for the stages after Hugo (the link index, the proof's
// buffers): sitectl sets the garbage collector's pace from it, so that
// while Hugo renders its heap peaks no higher than the Hugo CLI's would
// (internal/pace).
//
// Only hugo/ runs Hugo (hugolib, allconfig); content/ uses Hugo's page
// parser and front matter decoders; check, shrink, publish and treediff do
// not import Hugo at all, and read only the built files.
package site
