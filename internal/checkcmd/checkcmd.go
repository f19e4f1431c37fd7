// Package checkcmd is the command line of the link check of a built site:
// its flags, usage, report and exit status. "sitectl check" and the light
// command tools/sitecheck both run it, so that they take the same flags
// and write the same report. It must not import Hugo (nor anything that
// does): sitecheck starts fast because it links only the checker.
package checkcmd

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"legalcenter/internal/cli"
	"legalcenter/site/check"
	"legalcenter/site/report"
)

// Run runs the command name ("sitectl check", "sitecheck") with the
// command line "[DIR] [-format text|json|github|markdown] [-baseurl URL]
// [-source LANG] [-config FILE] [-netlify FILE] [-layouts DIR]... [-rule NAME=LEVEL]... [-ignore PATTERN]... [-ignore-page PATTERN]...
// [-max-page-size BYTES] [-online [-concurrency N]
// [-per-host N] [-timeout D] [-cache FILE [-cache-age D]]]" on the site in
// DIR ("public" if not given) and returns the exit status: 0 clean (warnings
// allowed), 1 errors found, 2 the check could not run. "-h" writes the
// usage to stdout.
func Run(ctx context.Context, name string, args []string, stdout, stderr io.Writer) int {
	fs := cli.New(name, "[flags] [DIR]",
		"Checks links, fragments, ids, hreflang and anchor parity in the built site in DIR (default public); with -online, also fetches its external links. Exits 1 when it finds errors.",
		stdout, stderr)
	format := fs.String("format", "text", "report `format`: "+strings.Join(report.Formats, ", "))
	var opt check.Options
	fs.StringVar(&opt.BaseURL, "baseurl", "", "the site's absolute `URL` (default: read from each page's <link rel=canonical>)")
	fs.StringVar(&opt.SourceLang, "source", "", "the `language` translations are compared to, one of the site's (default en, when the site has it)")
	config := fs.String("config", "", "the site's settings, a TOML `file` (default: "+check.ConfigName+" in the working folder or the nearest above it, not inside DIR)")
	netlify := fs.String("netlify", "", "the site's Netlify settings, a TOML `file` whose [[redirects]] serve links after DIR/_redirects (default: "+check.NetlifyName+" beside the config file, else in DIR's parent folder; \"\": none)")
	var layouts []string
	fs.Func("layouts", "a Hugo site's layouts `folder` (repeatable: the project's, then each theme's); a finding on an element a layout wrote is reported at the one layout line that holds its id or URL", func(s string) error {
		if ok, err := afero.DirExists(afero.NewOsFs(), s); !ok || err != nil {
			return fmt.Errorf("%s is not a folder", s)
		}
		layouts = append(layouts, s)
		return nil
	})
	flagRules := check.Rules{}
	fs.Func("rule", "set a rule's level, `name=level` with level error, warning, notice or off (repeatable; wins over the config file)", func(s string) error {
		name, level, ok := strings.Cut(s, "=")
		if !ok {
			return fmt.Errorf("want name=level, not %q", s)
		}
		return flagRules.Set(strings.TrimSpace(name), level)
	})
	fs.Func("ignore", "drop findings whose target matches `pattern`, a glob or re:REGEXP (repeatable)", func(s string) error {
		opt.Ignore = append(opt.Ignore, s)
		return nil
	})
	fs.Func("ignore-page", "drop findings on pages matching `pattern`, a glob or re:REGEXP (repeatable)", func(s string) error {
		opt.IgnorePages = append(opt.IgnorePages, s)
		return nil
	})
	fs.Int64Var(&opt.MaxPageSize, "max-page-size", check.DefaultMaxPageSize, "the largest page read, in `bytes`; a larger one is an error finding, not read")
	online := fs.Bool("online", false, "also fetch every external http(s) link, once per URL (uses the network)")
	var on check.Online
	def := check.DefaultOnline()
	fs.IntVar(&on.Concurrency, "concurrency", def.Concurrency, "-online: requests at once")
	fs.IntVar(&on.PerHost, "per-host", def.PerHost, "-online: requests at once to one host")
	fs.DurationVar(&on.Timeout, "timeout", def.Timeout, "-online: time allowed for each request, redirects included")
	fs.StringVar(&on.Cache, "cache", "", "-online: JSON `file` of the URLs that worked, not fetched again for -cache-age")
	fs.DurationVar(&on.CacheAge, "cache-age", def.CacheAge, "-online: how long a URL that worked stays in the cache")
	// Flags may come before or after DIR.
	dirs, err := fs.Parse(args)
	if err != nil {
		return fs.Exit(err)
	}
	if len(dirs) > 1 {
		return fs.Usagef("one site folder, not %d: unexpected argument %q", len(dirs), dirs[1])
	}
	opt.Root = "public"
	if len(dirs) == 1 {
		opt.Root = dirs[0]
	}
	if msg := onlineFlags(fs.FlagSet, *online, on); msg != "" {
		return fs.Usagef("%s", msg)
	}
	if *online {
		opt.Online = &on
	}
	if err := report.CheckFormat(*format); err != nil {
		return fs.Usagef("%v", err)
	}
	if ok, err := afero.DirExists(afero.NewOsFs(), opt.Root); !ok || err != nil {
		return fs.Errorf("%s is not a folder", opt.Root)
	}
	file := *config
	if file == "" {
		file = check.FindConfig(".", opt.Root)
	}
	opt.Rules = check.Rules{}
	if file != "" {
		cfg, rules, err := check.LoadConfig(file)
		if err != nil {
			return fs.Errorf("%v", err)
		}
		opt.Rules = rules
		if opt.BaseURL == "" {
			opt.BaseURL = cfg.BaseURL
		}
		if opt.SourceLang == "" {
			opt.SourceLang = cfg.Source
		}
		opt.Ignore = append(opt.Ignore, cfg.Ignore...)
		opt.IgnorePages = append(opt.IgnorePages, cfg.IgnorePages...)
	}
	maps.Copy(opt.Rules, flagRules)
	opt.ConfigBaseURL = check.HugoBaseURL(opt.Root)
	nf, set := *netlify, false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "netlify" })
	if !set {
		nf = check.FindNetlify(file, opt.Root)
	}
	if nf != "" {
		data, err := os.ReadFile(nf)
		if err != nil {
			return fs.Errorf("%v", err)
		}
		opt.Netlify = &check.File{Name: shortName(nf), Data: data}
	}
	// sitectl's main collects garbage twice as often as Go's default, for
	// Hugo's memory. The check holds little (each page's facts, the site's
	// URLs): collecting when the heap has grown fourfold takes about a
	// fifth off its CPU time on bench/check-vs-htmltest.sh's site, at the
	// same peak memory (90 MB). GOGC, when set, still wins; the pace is
	// restored when the check is done.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	rep, err := check.Run(ctx, afero.NewOsFs(), opt)
	if err != nil {
		return fs.Errorf("%s", strings.TrimPrefix(err.Error(), "check: "))
	}
	check.TraceLayouts(check.Layouts{Fs: afero.NewOsFs(), Dirs: layouts, Site: afero.NewOsFs(), Root: opt.Root}, rep.Findings)
	if rep.Pages == 0 {
		// A wrong folder, or a build that wrote nothing: not a clean site.
		return fs.Errorf("no HTML pages in %s", opt.Root)
	}
	if err := rep.Write(stdout, *format); err != nil {
		return fs.Errorf("%v", err)
	}
	if rep.HasErrors() {
		return cli.ExitFail
	}
	return cli.ExitOK
}

// shortName is the file f as findings name it: relative to the working
// folder when it is in it or below.
func shortName(f string) string {
	wd, err := os.Getwd()
	if err != nil {
		return f
	}
	abs, err := filepath.Abs(f)
	if err != nil {
		return f
	}
	if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return f
}

// onlineFlags returns what is wrong with the flags of -online, if anything.
func onlineFlags(fs *flag.FlagSet, online bool, on check.Online) string {
	var set []string
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "concurrency", "per-host", "timeout", "cache", "cache-age":
			set = append(set, "-"+f.Name)
		}
	})
	cacheAge := slices.Contains(set, "-cache-age")
	switch {
	case !online && len(set) == 1:
		return set[0] + " applies only with -online"
	case !online && len(set) > 0:
		return strings.Join(set, ", ") + " apply only with -online"
	case cacheAge && !slices.Contains(set, "-cache"):
		return "-cache-age applies only with -cache FILE"
	case on.Concurrency < 1 || on.PerHost < 1:
		return "-concurrency and -per-host must be at least 1"
	case on.Timeout <= 0 || on.CacheAge <= 0:
		return "-timeout and -cache-age must be positive"
	}
	return ""
}
