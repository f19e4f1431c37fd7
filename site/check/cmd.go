package check

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/afero"
	"legalcenter/internal/cli"
)

// Main runs "check [DIR] [-format text|json|github|markdown] [-baseurl URL]
// [-ignore PATTERN]... [-ignore-page PATTERN]..." on the site in DIR
// ("public" if not given) and returns the exit status: 0 clean (warnings
// allowed), 1 errors found, 2 the check could not run.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "report format: "+strings.Join(Formats, ", "))
	var opt Options
	fs.StringVar(&opt.BaseURL, "baseurl", "", "the site's absolute URL (default: from <link rel=canonical>)")
	fs.StringVar(&opt.SourceLang, "source", "en", "the language translations are compared to")
	fs.Func("ignore", "drop findings whose target matches a glob, or re:REGEXP (repeatable)", func(s string) error {
		opt.Ignore = append(opt.Ignore, s)
		return nil
	})
	fs.Func("ignore-page", "drop findings on pages matching a glob, or re:REGEXP (repeatable)", func(s string) error {
		opt.IgnorePages = append(opt.IgnorePages, s)
		return nil
	})
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: check [DIR] [flags]\n\nChecks links, fragments, ids, hreflang and anchor parity in the built site in DIR (default public).")
		fs.PrintDefaults()
	}
	// Flags may come before or after DIR.
	dirs, err := cli.Parse(fs, args)
	if err == flag.ErrHelp {
		return 0
	}
	if err != nil {
		return 2
	}
	if len(dirs) > 1 {
		fmt.Fprintf(stderr, "check: one site folder, not %d\n", len(dirs))
		return 2
	}
	opt.Root = "public"
	if len(dirs) == 1 {
		opt.Root = dirs[0]
	}
	if _, ok := formatters[*format]; !ok {
		fmt.Fprintf(stderr, "check: unknown format %q (want one of %s)\n", *format, strings.Join(Formats, ", "))
		return 2
	}
	if ok, err := afero.DirExists(afero.NewOsFs(), opt.Root); !ok || err != nil {
		fmt.Fprintf(stderr, "check: %s is not a folder\n", opt.Root)
		return 2
	}
	rep, err := Run(ctx, afero.NewOsFs(), opt)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if rep.Pages == 0 {
		// A wrong folder, or a build that wrote nothing: not a clean site.
		fmt.Fprintf(stderr, "check: no HTML pages in %s\n", opt.Root)
		return 2
	}
	if err := rep.Write(stdout, *format); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if rep.HasErrors() {
		return 1
	}
	return 0
}
