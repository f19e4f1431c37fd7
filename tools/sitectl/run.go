package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"legalcenter/site"
	"legalcenter/site/check"
	"legalcenter/site/l10n"
	"legalcenter/site/treediff"
)

const usage = `usage: sitectl <command> [flags]

commands:
  build   build, check and publish the site into public/ (or -o DIR)
  check   check links, anchors and hreflang of a built site folder
  i18n    translation status per language; "i18n stamp FILE..." marks translations done
  diff    list the pages that differ between two built sites (pull-request previews)
  serve   preview the site on 127.0.0.1 with rebuild on change

Run "sitectl <command> -h" for a command's flags.
`

// Exit codes: 0 success, 1 findings or a build error, 2 could not run.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// run is the whole command, testable without a subprocess.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "build":
		return runBuild(ctx, args[1:], stdout, stderr)
	case "check":
		return check.Main(ctx, args[1:], stdout, stderr)
	case "diff":
		return treediff.Main(ctx, args[1:], stdout, stderr)
	case "i18n":
		return l10n.Main(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "sitectl: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("build", flag.ContinueOnError)
	fl.SetOutput(stderr)
	out := fl.String("o", "public", "output `folder`, replaced atomically when the build succeeds")
	root := fl.String("s", ".", "site source `folder` (the one holding hugo.toml)")
	baseURL := fl.String("baseurl", "", "override hugo.toml's baseURL")
	env := fl.String("env", "production", "environment: production or preview")
	lenient := fl.Bool("lenient", false, "publish even when the link check finds errors (local previews)")
	format := fl.String("format", "text", "link check report format: "+strings.Join(check.Formats, ", "))
	if err := fl.Parse(args); err != nil {
		return exitUsage
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "sitectl build: unexpected argument %q\n", fl.Arg(0))
		return exitUsage
	}
	if !slices.Contains(check.Formats, *format) {
		fmt.Fprintf(stderr, "sitectl build: -format must be one of %s\n", strings.Join(check.Formats, ", "))
		return exitUsage
	}
	if *env != "production" && *env != "preview" {
		fmt.Fprintf(stderr, "sitectl build: -env must be production or preview, not %q\n", *env)
		return exitUsage
	}
	if _, err := os.Stat(filepath.Join(*root, "hugo.toml")); err != nil {
		fmt.Fprintf(stderr, "sitectl build: no hugo.toml in %s\n", *root)
		return exitUsage
	}
	src, err := site.NewSource(*root)
	if err != nil {
		fmt.Fprintf(stderr, "sitectl build: %v\n", err)
		return exitUsage
	}
	start := time.Now()
	res, err := site.Build(ctx, site.Options{
		Source:      src,
		Out:         *out,
		BaseURL:     *baseURL,
		Environment: *env,
		Log:         stderr,
		Lenient:     *lenient,
	})
	if res != nil && res.Check != nil && len(res.Check.Findings) > 0 {
		w := stderr
		if *format != "text" {
			w = stdout // machine-readable output goes where a pipe expects it
		}
		if werr := res.Check.Write(w, *format); werr != nil {
			fmt.Fprintf(stderr, "sitectl build: %v\n", werr)
			return exitUsage
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "sitectl build: %v\n", err)
		if errors.Is(err, context.Canceled) {
			return exitUsage
		}
		fmt.Fprintf(stderr, "sitectl build: nothing was published; %s is unchanged\n", *out)
		return exitFail
	}
	summary(stdout, res, *out, time.Since(start))
	return exitOK
}

// summary prints pages per language and the time per stage.
func summary(w io.Writer, res *site.Result, out string, took time.Duration) {
	perLang := map[string]int{}
	for _, p := range res.Pages {
		perLang[p.Lang]++
	}
	langs := make([]string, 0, len(perLang))
	for l := range perLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	var parts []string
	for _, l := range langs {
		parts = append(parts, fmt.Sprintf("%s %d", l, perLang[l]))
	}
	fmt.Fprintf(w, "built %d pages (%s) into %s\n", len(res.Pages), strings.Join(parts, ", "), out)
	var stages []string
	for _, s := range res.Stages {
		stages = append(stages, fmt.Sprintf("%s %s", s.Name, s.Took.Round(time.Millisecond)))
	}
	fmt.Fprintf(w, "stages: %s; total %s\n", strings.Join(stages, ", "), took.Round(time.Millisecond))
	if res.Minify != nil {
		fmt.Fprint(w, res.Minify)
	}
}
