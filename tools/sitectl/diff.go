package main

import (
	"context"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"legalcenter/site/treediff"
)

// runDiff runs "diff [-format text|json|markdown] [-baseurl URL]
// [-max-page-size BYTES] [-strict] OLD NEW": it
// compares the built site in folder OLD with the one in NEW and writes the
// report to stdout. The exit status is 0 when the comparison ran (whether
// or not pages differ), 1 with -strict when NEW breaks deep links into OLD
// (a page removed, an anchor gone) or a page is larger than -max-page-size
// (not compared), and 2 when it could not run. "-h"
// writes the usage to stdout.
func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("diff", "[flags] OLD NEW",
		"Lists the pages of the built site in NEW that differ from OLD, per language, and the deep links into OLD that NEW breaks (pages removed, anchors gone).",
		stdout, stderr)
	format := fs.String("format", "text", "report `format`: "+strings.Join(treediff.Formats, ", "))
	strict := fs.Bool("strict", false, "exit 1 when a page or an anchor of OLD is gone from NEW (deep links break)")
	var opt treediff.Options
	fs.StringVar(&opt.BaseURL, "baseurl", "", "the new site's `URL` (a preview's), to link pages in the report (default: no links)")
	fs.Int64Var(&opt.MaxPageSize, "max-page-size", treediff.DefaultMaxPageSize, "the largest file read (a page or any other), in `bytes`; a larger one is reported as too-large, not compared")
	// Flags may come before or after the folders.
	dirs, err := fs.Parse(args)
	if err != nil {
		return fs.Exit(err)
	}
	if len(dirs) != 2 {
		return fs.Usagef("want two site folders, OLD and NEW, not %d", len(dirs))
	}
	if !slices.Contains(treediff.Formats, *format) {
		return fs.Usagef("unknown format %q (want one of %s)", *format, strings.Join(treediff.Formats, ", "))
	}
	if opt.MaxPageSize <= 0 {
		return fs.Usagef("-max-page-size must be a positive number of bytes, not %d", opt.MaxPageSize)
	}
	if opt.BaseURL != "" {
		if u, err := url.Parse(opt.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fs.Usagef("-baseurl must be an absolute http(s) URL, not %q", opt.BaseURL)
		}
	}
	osfs := afero.NewOsFs()
	for _, d := range dirs {
		if ok, err := afero.DirExists(osfs, d); !ok || err != nil {
			return fs.Errorf("%s is not a folder", d)
		}
	}
	if err := ctx.Err(); err != nil {
		return fs.Errorf("%v", err)
	}
	rep, err := treediff.Compare(afero.NewBasePathFs(osfs, dirs[0]), afero.NewBasePathFs(osfs, dirs[1]), opt)
	if err != nil {
		return fs.Errorf("%v", err)
	}
	if err := rep.Write(stdout, *format); err != nil {
		return fs.Errorf("%v", err)
	}
	if *strict && rep.Breaks() {
		return exitFail
	}
	return exitOK
}
