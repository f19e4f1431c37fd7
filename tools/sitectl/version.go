package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"legalcenter/site/hugo"
	"legalcenter/site/versions"
)

// runVersion runs "version [-s DIR] [-version V] [-date YYYY-MM-DD]
// [-note TEXT] FILE": it publishes a new version of the document FILE
// in every language (versions.Freeze) and prints what it wrote. Exit 0
// when it did, 1 when the document cannot be frozen (nothing is
// written), 2 on a mistake on the command line.
func runVersion(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("version", "[flags] FILE",
		"Publishes a new version of the document FILE (content/<lang>/x.md, any language): in every language that has it, "+
			"the document as it is now is frozen beside it as x-v<version>.md (an earlier version: superseded_by, version, noindex, "+
			"in no list or sitemap, with a comparison page the build fills), and the document gets the new version: a revision entry, "+
			"and the new effective date as date and lastmod. Then edit the document's text. The version frozen is the last revision entry of the English document.",
		stdout, stderr)
	fs.SiteFlag()
	to := fs.String("version", "", "the new `version` (default: the next major version, 1.0 -> 2.0)")
	date := fs.String("date", "", "the new version's effective `date`, YYYY-MM-DD (default: today, UTC)")
	note := fs.String("note", "", "the revision note of the new version, in English (`text`); translations add theirs")
	files, err := fs.Parse(args)
	if err != nil {
		return fs.Exit(err)
	}
	if len(files) != 1 {
		return fs.Usagef("want one FILE, not %d", len(files))
	}
	day := time.Now().UTC().Truncate(24 * time.Hour)
	if *date != "" {
		if day, err = time.Parse("2006-01-02", *date); err != nil {
			return fs.Usagef("-date must be YYYY-MM-DD, not %q", *date)
		}
	}
	root, err := fs.Site()
	if err != nil {
		return fs.Errorf("%v", err)
	}
	cfg, err := siteConfig(hugo.Options{Source: osFs(root)}, root)
	if err != nil {
		return configError(fs, err)
	}
	file, err := siteRelative(root, files[0])
	if err != nil {
		return fs.Errorf("%v", err)
	}
	dirs := map[string]string{}
	rel := ""
	for _, l := range cfg.Languages {
		dirs[l.Code] = l.ContentDir
		if r, ok := strings.CutPrefix(file, strings.TrimSuffix(l.ContentDir, "/")+"/"); ok {
			rel = r
		}
	}
	if rel == "" {
		return fs.Errorf("%s is not in a language's content folder", file)
	}
	if err := ctx.Err(); err != nil {
		return fs.Errorf("%v", err)
	}
	done, err := versions.Freeze(osFs(root), dirs, cfg.DefaultContentLanguage, rel, versions.FreezeOptions{Version: *to, Date: day, Note: *note})
	if err != nil {
		fs.Errorf("%v", err)
		return exitFail
	}
	fmt.Fprintf(stdout, "froze version %s as %s\n", done.From, strings.Join(done.Archives, ", "))
	fmt.Fprintf(stdout, "version %s, effective %s, in %s: edit the text now\n", done.To, day.Format("2006-01-02"), strings.Join(done.Current, ", "))
	return exitOK
}
