// Package site is the legal center's build pipeline. Build runs the stages
// in order; each stage is a package of its own:
//
//	hugo/     renders the site in-process with Hugo (the only Hugo import)
//	check/    checks links, fragments, ids, hreflang and anchor parity
//	publish/  swaps the finished site into the output folder atomically
//
// Files of this package:
//
//	site.go    Build: the stages in order, their timing, hugo.toml's [params.check]
//	source.go  Source: the read-only repository under an in-memory layer
//	clean.go   turns the render hooks' data-md marks into source lines, then strips them
package site
