package site

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/afero"
	"legalcenter/site/hugo"
	"legalcenter/site/publish"
)

// Options configure a build of the site.
type Options struct {
	Source      afero.Fs // the site source; see NewSource
	Out         string   // output folder, replaced atomically; "" builds without publishing
	OutFs       afero.Fs // filesystem of Out; nil means the real disk
	BaseURL     string   // overrides hugo.toml's baseURL
	Environment string   // "production" (default) or "preview"
	CacheDir    string   // Hugo's cache; default: the user cache folder
	Log         io.Writer
}

// Result is a finished build.
type Result struct {
	Site    afero.Fs    // the published bytes, rooted at "/"
	Pages   []hugo.Page // every rendered page and its source file
	Origins Origins     // source lines of the links on each page
	Stages  []Stage     // time spent per stage
}

// Stage is the wall time of one pipeline stage.
type Stage struct {
	Name string
	Took time.Duration
}

// Build runs the pipeline: Hugo renders the site in memory, the output is
// cleaned of build-only attributes, and the result is published atomically
// into opt.Out. Nothing is written to opt.Out unless every stage succeeded.
func Build(ctx context.Context, opt Options) (*Result, error) {
	res := &Result{}
	stage := func(name string, f func() error) error {
		start := time.Now()
		err := f()
		res.Stages = append(res.Stages, Stage{name, time.Since(start)})
		return err
	}
	cache := opt.CacheDir
	if cache == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			dir = os.TempDir()
		}
		cache = filepath.Join(dir, "legalcenter-hugo")
	}

	var built *hugo.Result
	if err := stage("hugo", func() (err error) {
		built, err = hugo.Build(ctx, hugo.Options{
			Source:      opt.Source,
			Environment: opt.Environment,
			BaseURL:     opt.BaseURL,
			CacheDir:    cache,
			Log:         opt.Log,
		})
		return err
	}); err != nil {
		return nil, err
	}
	res.Pages = built.Pages
	res.Site = built.Dest

	if err := stage("clean", func() (err error) {
		res.Origins, err = clean(ctx, res.Site, opt.Source, res.Pages)
		return err
	}); err != nil {
		return nil, err
	}

	if opt.Out != "" {
		dst := opt.OutFs
		if dst == nil {
			dst = afero.NewOsFs()
		}
		if err := stage("publish", func() error { return publish.Dir(ctx, res.Site, dst, opt.Out) }); err != nil {
			return nil, fmt.Errorf("publishing %s: %w", opt.Out, err)
		}
	}
	return res, nil
}
