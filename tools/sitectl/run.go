package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/afero"

	"legalcenter/site"
	"legalcenter/site/check"
	"legalcenter/site/hugo"
	"legalcenter/site/publish"
	"legalcenter/site/report"
)

const usage = `usage: sitectl <command> [flags]

commands:
  build   build, check and publish the site into public/ (or -o DIR)
  check   check links, anchors and hreflang of a built site folder
  i18n    translation status per language; "i18n stamp FILE..." marks translations done,
          "i18n diff" shows what changed in English since they were stamped,
          "i18n scaffold FILE..." adds the English of sections a translation lacks
  diff    list the pages that differ between two built sites (pull-request previews)
  serve   preview the site on 127.0.0.1 with rebuild on change
  version publish a new version of a document FILE, keeping the current one readable

Run "sitectl help <command>" (or "sitectl <command> -h") for a command's
usage and flags.
`

// commands are sitectl's subcommands by name.
var commands = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) int{
	"build":   runBuild,
	"check":   runCheck,
	"diff":    runDiff,
	"i18n":    runI18n,
	"serve":   runServe,
	"version": runVersion,
}

// run is the whole command, testable without a subprocess.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "help":
		return runHelp(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "sitectl: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
	return cmd(ctx, args[1:], stdout, stderr)
}

// runHelp runs "help [COMMAND]": sitectl's usage, or the command's, which
// is what "COMMAND -h" prints ("help i18n stamp", "help i18n diff" and
// "help i18n scaffold" too).
func runHelp(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	names := slices.Sorted(maps.Keys(commands))
	if _, ok := commands[args[0]]; !ok {
		fmt.Fprintf(stderr, "sitectl help: unknown command %q (commands: %s)\nrun 'sitectl help' for usage\n", args[0], strings.Join(names, ", "))
		return exitUsage
	}
	n := 1
	if args[0] == "i18n" && len(args) > 1 && (args[1] == "stamp" || args[1] == "diff" || args[1] == "scaffold") {
		n = 2
	}
	if len(args) > n {
		fmt.Fprintf(stderr, "sitectl help: unexpected argument %q\nrun 'sitectl help' for usage\n", args[n])
		return exitUsage
	}
	return run(ctx, append(slices.Clone(args), "-h"), stdout, stderr)
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newCommand("build", "[flags]",
		"Lints the content, renders the site with Hugo in-process, checks every link and anchor of the result, and publishes it atomically into the output folder; the folder stays as it was when anything fails.",
		stdout, stderr)
	out := fl.String("o", "", "output `folder`, replaced atomically when the build succeeds: only a folder a build published there, or an empty one (default: public in the site folder)")
	fl.SiteFlag()
	baseURL := fl.String("baseurl", "", "the site's absolute `URL`, instead of hugo.toml's baseURL")
	env := fl.String("env", "preview", "`name` of the environment to build for: preview (noindex everywhere, the translators' status page, placeholder facts marked \"to be confirmed\"), "+
		"or production (fails while the content shows a placeholder fact)")
	lenient := fl.Bool("lenient", false, "publish, and exit 0, even when the link check of the built pages finds errors "+
		"(broken links and #fragments, duplicate ids, hreflang, anchor parity); the findings are still reported, as warnings. "+
		"Errors of the content check (a heading without an id), of the translations (a string whose placeholder or plural form would render wrongly, "+
		"an i18n file that does not parse) and of Hugo's templates (a link to a page that does not exist) still fail the build, and nothing is published. For local previews")
	format := fl.String("format", "text", "report `format`: "+strings.Join(report.Formats, ", ")+"; text goes to stderr, the others to stdout; "+
		"github writes errors first, then warnings, and appends the Markdown report to the job summary, the file $GITHUB_STEP_SUMMARY names")
	fresh := fl.Bool("fresh", false, "read every content file and minify every page again, as a first build does, without the caches "+
		"the builds before kept (what the content check found in each file, the pages minified), and keep none")
	args, err := fl.Parse(args)
	if err != nil {
		return fl.Exit(err)
	}
	if len(args) > 0 {
		return fl.Usagef("unexpected argument %q", args[0])
	}
	if !slices.Contains(report.Formats, *format) {
		return fl.Usagef("-format must be one of %s, not %q", strings.Join(report.Formats, ", "), *format)
	}
	if msg := checkEnv(*env); msg != "" {
		return fl.Usagef("-env %s", msg)
	}
	if msg := checkBaseURL(*baseURL); msg != "" {
		return fl.Usagef("-baseurl %s", msg)
	}
	root, err := fl.Site()
	if err != nil {
		return fl.Errorf("%v", err)
	}
	if *out == "" {
		*out = filepath.Join(root, "public")
	}
	if msg := checkOut(root, *out); msg != "" {
		return fl.Usagef("-o %s", msg)
	}
	// Refused before the build, not after it: a folder that publishing
	// would delete, a link, a mount point.
	if err := publish.Check(afero.NewOsFs(), *out); err != nil {
		return fl.Errorf("-o: %v", strings.TrimPrefix(err.Error(), "publish: "))
	}
	src, err := site.NewSource(root)
	if err != nil {
		fmt.Fprintf(stderr, "sitectl build: %v\n", err)
		return exitUsage
	}
	cfg, code := loadConfig(fl, hugo.Options{Source: src, Environment: *env, BaseURL: *baseURL}, root)
	if cfg == nil {
		return code
	}
	start := time.Now()
	res, err := site.Build(ctx, site.Options{
		Source:      src,
		Config:      cfg,
		Out:         *out,
		BaseURL:     *baseURL,
		Environment: *env,
		Log:         stderr,
		Progress:    progressTo(stderr),
		Lenient:     *lenient,
		Fresh:       *fresh,
		Pace:        buildPace(),
	})
	// Text goes to the terminal (stderr, beside the summary); the other
	// formats are for machines and go to stdout, always, even when empty,
	// so a pipe gets exactly one well-formed report.
	rep, w := &check.Report{Title: "Build"}, stderr
	if res != nil {
		rep = res.Check
	}
	if *format != "text" {
		w = stdout
	}
	printed := len(rep.Findings) > 0
	if printed || *format != "text" {
		if werr := rep.Write(w, *format); werr != nil {
			fmt.Fprintf(stderr, "sitectl build: %v\n", werr)
			return exitUsage
		}
	}
	// In GitHub Actions, the annotations show only the first errors and
	// warnings of the step: the job summary lists every finding.
	if *format == "github" {
		if serr := report.AppendSummary(os.Getenv(report.SummaryEnv), func(sw io.Writer) error {
			return buildSummary(sw, rep, err, *out)
		}); serr != nil {
			fmt.Fprint(stderr, report.Line("warning", "", 0, "sitectl build", serr.Error()))
		}
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintf(stderr, "sitectl build: interrupted; nothing was published, %s is unchanged\n", *out)
			return exitInterrupted
		}
		if errors.Is(err, publish.ErrRefused) {
			return fl.Errorf("%v", err)
		}
		if !printed { // findings already say what went wrong
			fmt.Fprintf(stderr, "sitectl build: %v\n", err)
		}
		fmt.Fprintf(stderr, "sitectl build: nothing was published; %s is unchanged\n", *out)
		return exitFail
	}
	sw := stdout
	if *format != "text" {
		sw = stderr
	}
	summary(sw, res, *out, time.Since(start))
	return exitOK
}

// loadConfig loads the configuration of the site in root as Hugo will
// build it. On failure it reports why and returns the exit code (see
// configError).
func loadConfig(fl *command, opt hugo.Options, root string) (*hugo.Config, int) {
	cfg, err := siteConfig(opt, root)
	if err != nil {
		return nil, configError(fl, err)
	}
	return cfg, exitOK
}

// buildSummary writes the Markdown of a build for the job summary: the
// report, and whether the build published.
func buildSummary(w io.Writer, rep *check.Report, err error, out string) error {
	if werr := rep.Write(w, "markdown"); werr != nil {
		return werr
	}
	switch {
	case err == nil:
		_, werr := fmt.Fprintf(w, "\nPublished into `%s`.\n", out)
		return werr
	case errors.Is(err, site.ErrCheck):
		_, werr := fmt.Fprintf(w, "\n**The build failed**: nothing was published.\n")
		return werr
	default:
		_, werr := fmt.Fprintf(w, "\n**The build failed**: nothing was published.\n\n```\n%s\n```\n", strings.ReplaceAll(err.Error(), "```", "` ` `"))
		return werr
	}
}

// checkEnv tells what is wrong with an -env value, if anything: the layouts
// know these two environments only.
func checkEnv(env string) string {
	if env != "production" && env != "preview" {
		return fmt.Sprintf("must be production or preview, not %q", env)
	}
	return ""
}

// checkBaseURL tells what is wrong with a -baseurl value, if anything.
func checkBaseURL(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Sprintf("must be an absolute http(s) URL such as https://legal.example.com/, not %q", s)
	}
	return ""
}

// checkOut refuses output folders that would replace sources: the site
// folder itself, a folder that holds it, or one inside its source folders.
func checkOut(root, out string) string {
	absRoot, err1 := filepath.Abs(root)
	absOut, err2 := filepath.Abs(out)
	if err1 != nil || err2 != nil {
		return "cannot be resolved"
	}
	within := func(dir, p string) bool {
		rel, err := filepath.Rel(dir, p)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	if within(absOut, absRoot) {
		return fmt.Sprintf("%s would replace the site sources in %s", out, absRoot)
	}
	for _, dir := range []string{"content", "layouts", "i18n", "data", "assets", "static", "archetypes", ".git"} {
		if within(filepath.Join(absRoot, dir), absOut) {
			return fmt.Sprintf("%s is inside the site's %s/ folder", out, dir)
		}
	}
	return ""
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
	noun := "pages"
	if len(res.Pages) == 1 {
		noun = "page"
	}
	fmt.Fprintf(w, "built %d %s (%s) into %s\n", len(res.Pages), noun, strings.Join(parts, ", "), out)
	var stages []string
	for _, s := range res.Stages {
		stages = append(stages, fmt.Sprintf("%s %s", s.Name, s.Took.Round(time.Millisecond)))
	}
	fmt.Fprintf(w, "stages: %s; total %s\n", strings.Join(stages, ", "), took.Round(time.Millisecond))
	if c, m := res.Content, res.Minified; c.Unchanged > 0 || m.Unchanged > 0 {
		fmt.Fprintf(w, "unchanged since the last build: %d of %d content files (their findings kept), %d of %d pages (minified as then)\n", c.Unchanged, c.Files, m.Unchanged, m.Pages)
	}
	if res.Minify != nil {
		fmt.Fprint(w, res.Minify)
	}
}
