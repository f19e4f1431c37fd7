// Package site is the legal center's build pipeline. Build runs the stages
// in order; each stage is a package of its own:
//
//	lint/      checks the content sources: front matter, heading ids, facts, encoding
//	l10n/      translation status: missing, stale and unstamped pages, i18n keys
//	hugo/      renders the site in-process with Hugo, and loads the configuration
//	           Hugo builds with (LoadConfig) that every stage takes
//	shrink/    minifies the output and proves no id, link or text was lost
//	check/     checks links, fragments, ids, hreflang and anchor parity
//	publish/   swaps the finished site into the output folder atomically
//	treediff/  lists the pages that differ between two built sites (previews)
//	report/    the one finding type, and the text, JSON, GitHub and Markdown reports of them
//
// The packages return values; the command lines (flags, usage, exit
// codes) are tools/sitectl's.
//
// Files of this package:
//
//	site.go    Build: the stages in order, their timing and progress, the loaded configuration
//	source.go  Source: the read-only repository under an in-memory layer
//	clean.go   turns the render hooks' data-md marks into source lines, then strips them
//	serve.go   Serve: Hugo's own server, with the translation status kept current in data/generated/
package site
