package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"legalcenter/site/hugo"
	"legalcenter/site/l10n"
	"legalcenter/site/report"
)

// runI18n runs "i18n" (the translation status) or "i18n stamp" on the real
// disk and returns its exit status: 1 when a finding is an error (without
// -strict, a file that cannot be read or a translated string that would
// render wrongly; with it, also anything missing, stale or not stamped),
// 2 when it cannot run; "-h" writes the usage to stdout.
func runI18n(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "stamp" {
		return runStamp(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "diff" {
		return runI18nDiff(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "scaffold" {
		return runScaffold(ctx, args[1:], stdout, stderr)
	}
	return runStatus(ctx, args, stdout, stderr)
}

// formatHelp describes each format for the usage.
const formatHelp = "report `format`: text (the progress table, then the findings), " +
	"json (the whole report: languages, pages, findings), markdown (a pull-request comment), " +
	"github (a GitHub Actions annotation on the file and line of each finding, errors first, then the progress; " +
	"in every format a finding is an error only when it fails the command, so work to do is a warning without -strict; " +
	"the Markdown report is appended to the job summary too, the file $GITHUB_STEP_SUMMARY names), " +
	"or data (each translated page's status and changed sections, the JSON the build writes to " + l10n.DataFile + " for the templates)"

const strictHelp = "report the translation backlog as errors, and so exit 1 on it: a page missing, stale or not stamped; " +
	"a section to add (new in the English), rename or remove (gone from the English); " +
	"a stamped translation whose sections differ in structure from the English; " +
	"an i18n key missing, stale or not stamped (a missing plural form or placeholder, " +
	"or a file that cannot be read, is an error always). Warnings (orphaned pages; extra or duplicate keys, or keys and page sections left identical to English; " +
	"retyped facts) never fail"

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("i18n", "[flags]",
		"Reports the translation status of every language against the English source: "+
			"pages missing, stale, not stamped or orphaned, i18n keys to translate, "+
			"and the English words each needs. \"sitectl i18n stamp FILE...\" marks a translation done; "+
			"\"sitectl i18n diff\" shows what changed in the English since.",
		stdout, stderr)
	fs.SiteFlag()
	format := fs.String("format", "text", formatHelp)
	strict := fs.Bool("strict", false, strictHelp)
	lang := fs.String("lang", "", "report only on these `languages`, comma-separated (ko,ja), in every format; "+
		"each keeps its own row of progress, and -strict looks at their findings only (default: every translation language)")
	base := fs.String("base", "", "compare with the git revision `REV` (a pull request's base, or the merge commit's first parent HEAD^1): "+
		"report only what this change made (pages and keys it made stale, missing or broken) and list what it fixed; "+
		"the backlog from before folds into one line, and -strict fails only on the new work. Errors are reported whatever made them")
	statusURL := fs.String("status-url", "", "with -base, the `URL` of the translators' status page, linked from the backlog line")
	rest, err := fs.Parse(args)
	if err != nil {
		return fs.Exit(err)
	}
	root, rootErr := fs.Site()
	var cfg *hugo.Config
	if rootErr == nil {
		cfg, rootErr = siteConfig(hugo.Options{Source: osFs(root)}, root)
	}
	if len(rest) > 0 {
		// "i18n ko" means "i18n -lang ko", most likely.
		if l := strings.ToLower(rest[0]); rootErr == nil && slices.Contains(l10n.Languages(cfg)[1:], l) {
			return fs.Usagef("unexpected argument %q (to report on %s only: -lang %s)", rest[0], l, l)
		}
		return fs.Usagef("unexpected argument %q", rest[0])
	}
	if *statusURL != "" && *base == "" {
		return fs.Usagef("-status-url needs -base (it is linked from the line the backlog folds into)")
	}
	if *format != "data" {
		if err := report.CheckFormat(*format); err != nil {
			return fs.Usagef("unknown format %q (want %s or data)", *format, strings.Join(report.Formats, ", "))
		}
	}
	if err := ctx.Err(); err != nil {
		return fs.Errorf("%v", err)
	}
	if rootErr != nil {
		return configError(fs, rootErr)
	}
	fsys := osFs(root)
	var shown []string
	if fs.IsSet("lang") {
		langs := l10n.Languages(cfg)
		if shown, err = languages(*lang, langs[0], langs[1:]); err != nil {
			return fs.Usagef("%v", err)
		}
	}
	dir, _ := filepath.Abs(root) // the history counts the words that changed
	r, err := l10n.Status(ctx, fsys, l10n.Options{Config: cfg, Strict: *strict, Dir: dir})
	if err != nil {
		return fs.Errorf("%v", err)
	}
	if shown != nil {
		r.Limit(shown)
	}
	if *base != "" {
		b, err := baseStatus(ctx, root, *base, *strict, shown)
		if err != nil {
			return fs.Errorf("-base %s: %v", *base, err)
		}
		r.Since(b, *base, *statusURL)
	}
	if *format == "data" {
		_, err = stdout.Write(r.Data())
	} else {
		err = r.Write(stdout, *format)
	}
	if err != nil {
		return fs.Errorf("%v", err)
	}
	// In GitHub Actions, the annotations show only the first errors and
	// warnings of the step: the job summary lists every finding.
	if *format == "github" {
		if err := report.AppendSummary(os.Getenv(report.SummaryEnv), func(w io.Writer) error {
			return r.Write(w, "markdown")
		}); err != nil {
			fmt.Fprint(stderr, report.Line("warning", "", 0, "sitectl i18n", err.Error()))
		}
	}
	// Without -strict, the backlog is a warning: only files that cannot
	// be read and strings that would render wrongly, which fail the build
	// too, are errors.
	if r.Failed() {
		return exitFail
	}
	return exitOK
}

// baseStatus is the translation status of the site's folder root at the
// git revision rev, as runStatus reports it.
func baseStatus(ctx context.Context, root, rev string, strict bool, shown []string) (*l10n.Report, error) {
	dir, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	tree, err := l10n.Tree(dir, rev)
	if err != nil {
		return nil, err
	}
	cfg, err := siteConfig(hugo.Options{Source: tree}, rev)
	if err != nil {
		return nil, err
	}
	// The same history as the head's status: its findings then count the
	// words the English changed alike, and compare as the same.
	r, err := l10n.Status(ctx, tree, l10n.Options{Config: cfg, Strict: strict, Dir: dir})
	if err != nil {
		return nil, err
	}
	if shown != nil {
		r.Limit(shown)
	}
	return r, nil
}

// list is a flag that may be given more than once.
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func runStamp(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("i18n stamp", "[flags] FILE...",
		"Marks each translation FILE done: a content page records the hash of its English title, "+
			"description and each section it has; an i18n file such as i18n/ko.toml records, per key, the hash of the English text. "+
			"With -section, -field or -key it stamps only those. A whole-file stamp refuses (exit 1) while a part that went stale "+
			"is unchanged since the last stamp, as git tells; without the history it stamps and warns. "+
			"A FILE is taken from the working folder, or else from the site's folder.",
		stdout, stderr)
	fs.SiteFlag()
	var sel l10n.Selection
	fs.Var((*list)(&sel.Sections), "section", "stamp only the section with this heading `id` (repeatable)")
	fs.Var((*list)(&sel.Fields), "field", "stamp only this front matter `field`, title or description (repeatable)")
	fs.Var((*list)(&sel.Keys), "key", "stamp only this i18n `key` of an i18n/<lang>.toml file (repeatable)")
	fs.BoolVar(&sel.Force, "force", false, "stamp the whole file even though a stale part of it is unchanged since the last stamp")
	root, cfg, files, code := siteFiles(fs, args, "stamp")
	if code >= 0 {
		return code
	}
	fsys := osFs(root)
	dir, _ := filepath.Abs(root)
	code = exitOK
	for _, arg := range files {
		if err := ctx.Err(); err != nil {
			return fs.Errorf("%v", err)
		}
		file, err := siteRelative(root, arg)
		var done *l10n.Stamped
		if err == nil {
			done, err = l10n.StampSelected(fsys, file, sel, l10n.Options{Config: cfg, Dir: dir})
		}
		var refused *l10n.Refused
		switch {
		case errors.As(err, &refused):
			fs.Errorf("%v", err)
			code = max(code, exitFail)
			continue
		case err != nil:
			fs.Errorf("%v", err)
			code = exitUsage
			continue
		}
		for _, w := range done.Warnings {
			fmt.Fprint(stderr, report.Line("warning", file, 0, "sitectl i18n stamp", w))
		}
		fmt.Fprintf(stdout, "stamped %s:%s\n", file, stampedList(done))
	}
	return code
}

// siteFiles parses the flags and FILE arguments of a command that works on
// files of a site (to verb them), and loads the site's configuration. A
// code of 0 or more is the exit status to return at once.
func siteFiles(fs *command, args []string, verb string) (root string, cfg *hugo.Config, files []string, code int) {
	files, err := fs.Parse(args)
	if err != nil {
		return "", nil, nil, fs.Exit(err)
	}
	if len(files) == 0 {
		return "", nil, nil, fs.Usagef("no FILE to %s", verb)
	}
	if root, err = fs.Site(); err != nil {
		return "", nil, nil, fs.Errorf("%v", err)
	}
	if cfg, err = siteConfig(hugo.Options{Source: osFs(root)}, root); err != nil {
		return "", nil, nil, configError(fs, err)
	}
	return root, cfg, files, -1
}

// stampedList says what a stamp recorded.
func stampedList(d *l10n.Stamped) string {
	var parts []string
	for _, p := range []struct {
		name string
		ids  []string
	}{{"field", d.Fields}, {"section", d.Sections}, {"key", d.Keys}} {
		if len(p.ids) == 1 {
			parts = append(parts, p.name+" "+p.ids[0])
		} else if len(p.ids) > 1 {
			parts = append(parts, p.name+"s "+strings.Join(p.ids, ", "))
		}
	}
	if len(parts) == 0 {
		return " nothing to stamp"
	}
	return " " + strings.Join(parts, "; ")
}

func runScaffold(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("i18n scaffold", "[flags] FILE...",
		"Inserts into each translation FILE the English text of every section it does not have yet, at its place, "+
			"marked {{< mark \"untranslated\" >}} … {{< /mark >}}: a starting point to translate, shown to readers "+
			"in English with a \"not yet translated\" note until then. The rest of the file is kept as it is. "+
			"Translate each section, remove its mark, then stamp it (sitectl i18n stamp -section ID FILE).",
		stdout, stderr)
	fs.SiteFlag()
	root, cfg, files, code := siteFiles(fs, args, "scaffold")
	if code >= 0 {
		return code
	}
	code = exitOK
	for _, arg := range files {
		if err := ctx.Err(); err != nil {
			return fs.Errorf("%v", err)
		}
		file, err := siteRelative(root, arg)
		var ids []string
		if err == nil {
			ids, err = l10n.Scaffold(ctx, osFs(root), file, l10n.Options{Config: cfg})
		}
		switch {
		case err != nil:
			fs.Errorf("%v", err)
			code = exitUsage
		case len(ids) == 0:
			fmt.Fprintf(stdout, "%s: has every section of the English, nothing to add\n", file)
		default:
			fmt.Fprintf(stdout, "%s: added in English, marked untranslated: section %s\n", file, "#"+strings.Join(ids, ", #"))
		}
	}
	return code
}

func runI18nDiff(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("i18n diff", "[flags] [FILE...]",
		"Shows, for each stale section, title, description and i18n key of the translations (of FILE, or of every language), "+
			"the English as it was when the translation was stamped next to the English now, word by word. "+
			"The English as stamped comes from the git history; in a shallow clone, run git fetch --unshallow "+
			"(in CI, actions/checkout with fetch-depth: 0).",
		stdout, stderr)
	fs.SiteFlag()
	format := fs.String("format", "text", "output `format`: text (with [-deleted-]{+inserted+} markers) or markdown (a pull-request comment, with <del> and <ins>)")
	lang := fs.String("lang", "", "show only these `languages`, comma-separated (ko,ja) (default: every translation language)")
	files, err := fs.Parse(args)
	if err != nil {
		return fs.Exit(err)
	}
	if *format != "text" && *format != "markdown" {
		return fs.Usagef("unknown format %q (want text or markdown)", *format)
	}
	root, err := fs.Site()
	if err != nil {
		return fs.Errorf("%v", err)
	}
	cfg, err := siteConfig(hugo.Options{Source: osFs(root)}, root)
	if err != nil {
		return configError(fs, err)
	}
	var shown []string
	if fs.IsSet("lang") {
		langs := l10n.Languages(cfg)
		if shown, err = languages(*lang, langs[0], langs[1:]); err != nil {
			return fs.Usagef("%v", err)
		}
	}
	var only []string
	for _, arg := range files {
		file, err := siteRelative(root, arg)
		if err != nil {
			return fs.Usagef("%v", err)
		}
		only = append(only, file)
	}
	dir, _ := filepath.Abs(root)
	changes, err := l10n.Diff(ctx, osFs(root), l10n.Options{Config: cfg, Dir: dir}, func(lang, file string) bool {
		return (shown == nil || slices.Contains(shown, lang)) && (only == nil || slices.Contains(only, file))
	})
	if err != nil {
		return fs.Errorf("%v", err)
	}
	if err := l10n.WriteChanges(stdout, changes, *format); err != nil {
		return fs.Errorf("%v", err)
	}
	return exitOK
}

// siteConfig loads the configuration of the site in root as Hugo does
// with opt. It fails unless root holds a site configuration: in any other
// folder (a typo of -s, the wrong working folder) Status would report an
// empty site, complete, and -strict would pass.
func siteConfig(opt hugo.Options, root string) (*hugo.Config, error) {
	cfg, err := hugo.LoadConfig(opt)
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
func configError(fs *command, err error) int {
	code := fs.Errorf("%v", err)
	if hugo.IsBuildError(err) {
		return exitFail
	}
	return code
}

// languages reads -lang's list of languages: each must be one of the
// site's translation languages. It returns them in the site's order, or
// nil when the list names them all.
func languages(list, source string, known []string) ([]string, error) {
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
	return slices.DeleteFunc(slices.Clone(known), func(l string) bool { return !slices.Contains(shown, l) }), nil
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
