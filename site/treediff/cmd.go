package treediff

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/spf13/afero"
	"legalcenter/internal/cli"
)

// Main runs "diff [-format text|json|markdown] [-baseurl URL] OLD NEW": it
// compares the built site in folder OLD with the one in NEW and writes the
// report to stdout. The exit status is 0 when the comparison ran (whether
// or not pages differ), 1 with -strict when NEW breaks deep links into OLD
// (a page removed, an anchor gone), and 2 when it could not run.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "report format: "+strings.Join(Formats, ", "))
	strict := fs.Bool("strict", false, "exit 1 when a page or an anchor of OLD is gone from NEW (deep links break)")
	var opt Options
	fs.StringVar(&opt.BaseURL, "baseurl", "", "the new site's `URL` (a preview's), to link pages in the report")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: diff [flags] OLD NEW\n\nLists the pages of the built site in NEW that differ from OLD, per language.")
		fs.PrintDefaults()
	}
	// Flags may come before or after the folders.
	dirs, err := cli.Parse(fs, args)
	if err == flag.ErrHelp {
		return 0
	}
	if err != nil {
		return 2
	}
	if len(dirs) != 2 {
		fmt.Fprintf(stderr, "diff: want two site folders, OLD and NEW, not %d\n", len(dirs))
		return 2
	}
	if !slices.Contains(Formats, *format) {
		fmt.Fprintf(stderr, "diff: unknown format %q (want one of %s)\n", *format, strings.Join(Formats, ", "))
		return 2
	}
	if opt.BaseURL != "" {
		if u, err := url.Parse(opt.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fmt.Fprintf(stderr, "diff: -baseurl must be an absolute http(s) URL, not %q\n", opt.BaseURL)
			return 2
		}
	}
	osfs := afero.NewOsFs()
	for _, d := range dirs {
		if ok, err := afero.DirExists(osfs, d); !ok || err != nil {
			fmt.Fprintf(stderr, "diff: %s is not a folder\n", d)
			return 2
		}
	}
	if err := ctx.Err(); err != nil {
		fmt.Fprintln(stderr, "diff:", err)
		return 2
	}
	rep, err := Compare(afero.NewBasePathFs(osfs, dirs[0]), afero.NewBasePathFs(osfs, dirs[1]), opt)
	if err != nil {
		fmt.Fprintln(stderr, "diff:", err)
		return 2
	}
	if err := rep.Write(stdout, *format); err != nil {
		fmt.Fprintln(stderr, "diff:", err)
		return 2
	}
	if *strict && rep.Breaks() {
		return 1
	}
	return 0
}
