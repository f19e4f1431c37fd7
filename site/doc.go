// Package site is the legal center's build pipeline. Build runs the stages
// in order; each stage is a package of its own:
//
//	hugo/     renders the site in-process with Hugo (the only Hugo import)
//	publish/  swaps the finished site into the output folder atomically
//
// Files of this package:
//
//	site.go    Build: the stages in order, and their timing
//	source.go  Source: the read-only repository under an in-memory layer
//	clean.go   strips build-only attributes and records link origins
package site
