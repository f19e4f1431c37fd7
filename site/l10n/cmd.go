package l10n

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"legalcenter/internal/annotate"
	"legalcenter/internal/cli"
	"legalcenter/site/hugo"
)

// Main runs the i18n command on the real disk and returns its exit status:
// 0; 1 when a file cannot be read or a translated string would render
// wrongly (Broken), or with -strict when something is missing, stale or
// broken (Failed); and 2 when it cannot run; "-h" writes the usage to stdout. args are the
// command's arguments; a leading "i18n" is skipped, so both sitectl's
// os.Args[1:] and os.Args[2:] work.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "i18n" {
		args = args[1:]
	}
	if len(args) > 0 && args[0] == "stamp" {
		return runStamp(ctx, args[1:], stdout, stderr)
	}
	return runStatus(ctx, args, stdout, stderr)
}

// formatHelp describes each format for the usage.
const formatHelp = "report `format`: text (the progress table, then the findings of each language), " +
	"json (the whole report: languages, pages, findings), markdown (a pull-request comment), " +
	"github (a GitHub Actions annotation on the file and line of each finding, errors first, then the progress; " +
	"an annotation is an error only when its finding fails the command, so work to do is a warning without -strict; " +
	"the Markdown report is appended to the job summary too, the file $GITHUB_STEP_SUMMARY names), " +
	"or data (each translated page's status and changed sections, the JSON the build writes to " + DataFile + " for the templates)"

const strictHelp = "exit 1 when any finding is an error: a page missing, stale or not stamped; " +
	"a stamped translation whose sections differ in structure from the English; " +
	"an i18n key missing, stale or not stamped, or lacking a plural form or a placeholder; " +
	"a file that cannot be read. Warnings (orphaned pages; extra or duplicate keys, or keys left identical to English; " +
	"retyped facts) never fail"

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := cli.New("i18n", "[flags]",
		"Reports the translation status of every language against the English source: "+
			"pages missing, stale, not stamped or orphaned, i18n keys to translate, "+
			"and the English words each needs. \"sitectl i18n stamp FILE...\" marks a translation done.",
		stdout, stderr)
	fs.SiteFlag()
	format := fs.String("format", "text", formatHelp)
	strict := fs.Bool("strict", false, strictHelp)
	lang := fs.String("lang", "", "report only on these `languages`, comma-separated (ko,ja), in every format; "+
		"each keeps its own row of progress, and -strict looks at their findings only (default: every translation language)")
	rest, err := fs.Parse(args)
	if err != nil {
		return fs.Exit(err)
	}
	root, rootErr := fs.Site()
	var cfg *hugo.Config
	if rootErr == nil {
		cfg, rootErr = siteConfig(root)
	}
	if len(rest) > 0 {
		// "i18n ko" means "i18n -lang ko", most likely.
		if l := strings.ToLower(rest[0]); rootErr == nil && slices.Contains(translationOrder(cfg)[1:], l) {
			return fs.Usagef("unexpected argument %q (to report on %s only: -lang %s)", rest[0], l, l)
		}
		return fs.Usagef("unexpected argument %q", rest[0])
	}
	if _, ok := Formats[*format]; !ok {
		return fs.Usagef("unknown format %q (want %s)", *format, strings.Join(slices.Sorted(maps.Keys(Formats)), ", "))
	}
	if err := ctx.Err(); err != nil {
		return fs.Errorf("%v", err)
	}
	if rootErr != nil {
		return configError(fs, rootErr)
	}
	fsys := osFs(root)
	var sc *scope
	if fs.IsSet("lang") {
		langs := translationOrder(cfg)
		if sc, err = languages(*lang, langs[0], langs[1:]); err != nil {
			return fs.Usagef("%v", err)
		}
	}
	r, err := Status(fsys, Options{Config: cfg})
	if err != nil {
		return fs.Errorf("%v", err)
	}
	sc.limit(r)
	if err := writeFormat(stdout, *format, r, sc, *strict); err != nil {
		return fs.Errorf("%v", err)
	}
	// In GitHub Actions, the annotations show only the first errors and
	// warnings of the step: the job summary lists every finding.
	if *format == "github" {
		if err := annotate.AppendSummary(os.Getenv(annotate.SummaryEnv), func(w io.Writer) error {
			return writeMarkdownScoped(w, r, sc)
		}); err != nil {
			fmt.Fprint(stderr, annotate.Line("warning", "", 0, "sitectl i18n", err.Error()))
		}
	}
	// Files that cannot be read and strings that would render wrongly
	// fail the build too: they fail the report with or without -strict.
	if (*strict && r.Failed()) || r.Broken() {
		return cli.ExitFail
	}
	return cli.ExitOK
}

func runStamp(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := cli.New("i18n stamp", "[flags] FILE...",
		"Marks each translation FILE done: a content page records the hash of its English title, "+
			"description and sections; an i18n file such as i18n/ko.toml records, per key, the hash of the English text. "+
			"A FILE is taken from the working folder, or else from the site's folder.",
		stdout, stderr)
	fs.SiteFlag()
	files, err := fs.Parse(args)
	if err != nil {
		return fs.Exit(err)
	}
	if len(files) == 0 {
		return fs.Usagef("no FILE to stamp")
	}
	root, err := fs.Site()
	if err != nil {
		return fs.Errorf("%v", err)
	}
	cfg, err := siteConfig(root)
	if err != nil {
		return configError(fs, err)
	}
	fsys := osFs(root)
	failed := false
	for _, arg := range files {
		if err := ctx.Err(); err != nil {
			return fs.Errorf("%v", err)
		}
		file, err := siteRelative(root, arg)
		if err == nil {
			err = Stamp(fsys, file, Options{Config: cfg})
		}
		if err != nil {
			fs.Errorf("%v", err)
			failed = true
			continue
		}
		fmt.Fprintf(stdout, "stamped %s\n", file)
	}
	if failed {
		return cli.ExitUsage
	}
	return cli.ExitOK
}

// languages reads -lang's list of languages: each must be one of the
// site's translation languages. The scope is nil when the list names them
// all.
func languages(list, source string, known []string) (*scope, error) {
	var shown []string
	for _, l := range strings.Split(list, ",") {
		l = strings.ToLower(strings.TrimSpace(l))
		switch {
		case l == "" || slices.Contains(shown, l):
			continue
		case l == source:
			return nil, fmt.Errorf("-lang %s: %s is the source language; the translation languages are %s", l, l, strings.Join(known, ", "))
		case !slices.Contains(known, l):
			return nil, fmt.Errorf("-lang: unknown language %q; the site's translation languages are %s", l, strings.Join(known, ", "))
		}
		shown = append(shown, l)
	}
	if len(shown) == 0 {
		return nil, fmt.Errorf("-lang names no language; the site's translation languages are %s", strings.Join(known, ", "))
	}
	if len(shown) == len(known) {
		return nil, nil
	}
	// In the site's order, as the report lists them.
	shown = slices.DeleteFunc(slices.Clone(known), func(l string) bool { return !slices.Contains(shown, l) })
	return &scope{shown: shown, all: known}, nil
}

// siteConfig loads the configuration of the site in root as Hugo does. It
// fails unless root holds a site configuration: in any other folder (a
// typo of -s, the wrong working folder) Status would report an empty site,
// complete, and -strict would pass.
func siteConfig(root string) (*hugo.Config, error) {
	cfg, err := hugo.LoadConfig(hugo.Options{Source: osFs(root)})
	if err != nil {
		return nil, err
	}
	if len(cfg.Files) == 0 {
		return nil, fmt.Errorf("no site configuration (hugo.toml) in %s: run in the site's folder, or give it with -s", root)
	}
	return cfg, nil
}

// configError reports why the site's configuration could not be loaded:
// a mistake in it, at its file:line, fails the command (exit 1) as a file
// that cannot be read does; anything else means it could not run.
func configError(fs *cli.Command, err error) int {
	code := fs.Errorf("%v", err)
	if hugo.IsBuildError(err) {
		return cli.ExitFail
	}
	return code
}

func osFs(root string) afero.Fs {
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	return afero.NewBasePathFs(afero.NewOsFs(), root)
}

// siteRelative turns a FILE argument into a slash path from the site root.
// It is taken relative to the working directory, as a shell completes
// it, or else relative to root.
func siteRelative(root, file string) (string, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	if abs, err := filepath.Abs(file); err == nil {
		rel, err := filepath.Rel(absRoot, abs)
		if _, statErr := os.Stat(abs); err == nil && statErr == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel), nil
		}
	}
	if !filepath.IsAbs(file) {
		if _, err := os.Stat(filepath.Join(absRoot, file)); err == nil {
			return filepath.ToSlash(filepath.Clean(file)), nil
		}
	}
	return "", fmt.Errorf("%s: no such file in %s", file, root)
}
