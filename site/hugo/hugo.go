// Package hugo runs Hugo inside our process (Build, Serve), and loads the
// site's configuration as Hugo does (LoadConfig): the one place that knows
// Hugo's build and configuration APIs, so a Hugo upgrade touches this
// package alone.
package hugo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/bep/logg"
	"github.com/gohugoio/hugo/common/herrors"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/gohugoio/hugo/resources/page"
	"github.com/spf13/afero"
)

// Options configure one build.
type Options struct {
	// Source holds the site (hugo.toml, content/, layouts/, ...) at its root.
	// It is only read.
	Source afero.Fs
	// Environment is Hugo's environment: "production" or "preview".
	Environment string
	// BaseURL overrides the baseURL of hugo.toml when set.
	BaseURL string
	// CacheDir is Hugo's file cache. It must lie outside the site; ""
	// means legalcenter-hugo in the user's cache folder, which builds share.
	CacheDir string
	// Log receives what Hugo prints besides the errors and warnings of
	// templates, which Build returns; nil discards it.
	Log io.Writer
	// Dest receives the built site at its root; it should be empty. nil
	// means a new in-memory filesystem.
	Dest afero.Fs
	// Unlisted are the language-neutral paths of pages in no list
	// (build.list = "never", such as earlier versions of documents) to
	// return in Result.Pages too, in every language that has them;
	// Hugo lists only the others.
	Unlisted []string
}

// Page is one rendered page and where it came from.
type Page struct {
	Out    string // output file, relative to the site root: "ko/privacy-policy/index.html"
	Source string // source file, relative to the site source: "content/ko/privacy-policy.md"; "" when generated
	Lang   string // language code: "ko"
	Kind   string // Hugo's page kind: "home", "page", "section", ...
	Path   string // language-neutral logical path: "/privacy-policy"
}

// Result is a finished build.
type Result struct {
	Dest  afero.Fs // the built site, rooted at "/"
	Pages []Page   // sorted by Out
	// Warnings are the warnings templates logged (warnf), each once,
	// sorted; those of a source file start "file:line: ".
	Warnings []string
}

// mu lets one build (or server) run at a time: Hugo's logger and some of
// its caches are process-wide.
var mu sync.Mutex

// Build renders the site from opt.Source into opt.Dest.
func Build(ctx context.Context, opt Options) (*Result, error) {
	mu.Lock()
	defer mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	logw := opt.Log
	if logw == nil {
		logw = io.Discard
	}
	// Template errorf calls are logged, not returned: collect them so the
	// build error says what went wrong, not just how often. Warnings
	// (warnf) are collected too, each once, and returned in the Result;
	// Hugo's own handler would write them with the errors to StdErr, so
	// StdErr is discarded. Pages render in parallel and Hugo calls
	// HandlerPost without a lock of its own.
	var (
		loggedMu sync.Mutex
		logged   []string
		warned   []string
	)
	logger := loggers.New(loggers.Options{
		StdOut:        logw,
		StdErr:        io.Discard,
		Level:         logg.LevelWarn,
		DistinctLevel: logg.LevelWarn,
		HandlerPost: func(e *logg.Entry) error {
			loggedMu.Lock()
			defer loggedMu.Unlock()
			switch {
			case e.Level >= logg.LevelError:
				logged = append(logged, strings.ReplaceAll(e.Message, "\n", " "))
			case e.Level == logg.LevelWarn:
				warned = append(warned, strings.ReplaceAll(e.Message, "\n", " "))
			}
			return nil
		},
	})

	res, flags, err := loadConfig(opt, logger)
	if err != nil {
		return nil, err
	}
	dest := opt.Dest
	if dest == nil {
		dest = afero.NewMemMapFs()
	}
	fs := hugofs.NewFromSourceAndDestination(opt.Source, dest, flags)
	sites, err := hugolib.NewHugoSites(deps.DepsCfg{Configs: res, Fs: fs, TestLogger: logger})
	if err != nil {
		return nil, explain(err)
	}
	defer func() {
		sites.Close()
		// Hugo clears its process-wide cache of sorted page lists as a
		// render starts, not when it ends: kept, the lists (.ByWeight)
		// hold every page, and with them the whole site, after the
		// build (45 MB on the real site, about 1.6 GB at 30,000 pages),
		// while the later stages run.
		page.Clear()
	}()
	err = sites.Build(hugolib.BuildCfg{})
	// Errors that templates log (errorf, a render hook's report of a
	// link to no page) leave the site rendered: Hugo then returns only
	// their count. The site is returned with them, so that later stages
	// can report their own findings in the same run.
	var loggedErr *BuildError
	if len(logged) > 0 {
		sort.Strings(logged)
		msg := strings.Join(logged, "\n")
		// Hugo returns a count of the logged errors, or an error of its
		// own (a template that fails elsewhere) that must not be lost.
		var be *BuildError
		if errors.As(explain(err), &be) {
			msg += "\n" + be.Msg
		}
		if err == nil || loggedOnly.MatchString(err.Error()) {
			loggedErr = &BuildError{Msg: msg, Err: cmp.Or(err, errors.New("hugo logged errors")), Rendered: true}
			err = nil
		} else {
			return nil, &BuildError{Msg: msg, Err: err}
		}
	}
	if err != nil {
		return nil, explain(err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The hugo command copies static/ itself, outside hugolib; so do we.
	if err := copyStatic(opt.Source, dest); err != nil {
		return nil, fmt.Errorf("copying static/: %w", err)
	}

	var pages []Page
	basePath := res.Base.C.BaseURL.BasePathNoTrailingSlash
	all := sites.Pages()
	seen := map[page.Page]bool{}
	for _, p := range all {
		seen[p] = true
	}
	for _, s := range sites.Sites {
		for _, ref := range opt.Unlisted {
			if p, err := s.GetPage(ref); err == nil && p != nil && !seen[p] {
				all, seen[p] = append(all, p), true
			}
		}
	}
	for _, p := range all {
		rel := p.RelPermalink()
		if rel == "" {
			continue // not rendered (headless or build options)
		}
		out := outFile(rel, basePath)
		var src string
		if f := p.File(); f != nil {
			src = strings.TrimPrefix(path.Clean("/"+f.Filename()), "/")
		}
		pages = append(pages, Page{Out: out, Source: src, Lang: p.Lang(), Kind: p.Kind(), Path: p.Path()})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].Out < pages[j].Out })
	sort.Strings(warned)
	out := &Result{Dest: dest, Pages: pages, Warnings: warned}
	if loggedErr != nil {
		return out, loggedErr
	}
	return out, nil
}

// loggedOnly is the error Hugo returns when templates logged errors and
// nothing else failed.
var loggedOnly = regexp.MustCompile(`^logged \d+ error\(s\)$`)

// CacheDir is dir, or when it is "" the cache folder that builds and the
// preview server share, so each reuses what the other has processed.
func CacheDir(dir string) string {
	if dir != "" {
		return dir
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "legalcenter-hugo")
}

// outFile is the file, relative to the site root, that Hugo writes for the
// relative permalink rel. Links carry the path of the base URL and are
// escaped ("/center/ko/%EA%B0%9C/"); files are written at the root of the
// site under their plain names ("ko/개/index.html").
func outFile(rel, basePath string) string {
	if p, err := url.PathUnescape(rel); err == nil {
		rel = p
	}
	out := strings.TrimPrefix(strings.TrimPrefix(rel, basePath), "/")
	if out == "" || strings.HasSuffix(out, "/") {
		out += "index.html"
	}
	return out
}

// copyStatic copies the files of static/ into the site root, as the hugo
// command does.
func copyStatic(src, dest afero.Fs) error {
	if ok, _ := afero.DirExists(src, "/static"); !ok {
		return nil
	}
	return afero.Walk(src, "/static", func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		// Hugo itself does not read symlinks; following one could
		// publish any file of the machine (the content check refuses
		// them first).
		if info.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symlink", strings.TrimPrefix(p, "/"))
		}
		b, err := afero.ReadFile(src, p)
		if err != nil {
			return err
		}
		return afero.WriteFile(dest, strings.TrimPrefix(p, "/static"), b, 0o644)
	})
}

// explain turns Hugo's error into one that names the source file and line
// relative to the site root, as a reviewer would look for it.
func explain(err error) error {
	var msgs []string
	for _, fe := range herrors.UnwrapFileErrors(err) {
		pos := fe.Position()
		if pos.Filename == "" {
			continue
		}
		name := strings.TrimPrefix(path.Clean("/"+pos.Filename), "/")
		at := fmt.Sprintf("%s:%d:%d", name, pos.LineNumber, pos.ColumnNumber)
		msg := strings.ReplaceAll(fe.Error(), pos.Filename, name)
		msg = strings.TrimPrefix(msg, `"`+at+`": `)
		msgs = append(msgs, at+": "+oneLine(msg))
	}
	if len(msgs) == 0 {
		return err
	}
	return &BuildError{Msg: strings.Join(msgs, "\n"), Err: err}
}

// oneLine is the first line of one of Hugo's messages, without the dump of
// the whole security configuration that follows a security refusal
// ("access denied: ... is not whitelisted in policy "security.funcs.getenv";
// the current security configuration is: [security] ...").
func oneLine(msg string) string {
	msg, _, _ = strings.Cut(msg, "\n")
	if m, ok := strings.CutSuffix(strings.TrimSpace(msg), "; the current security configuration is:"); ok {
		msg = m + " (hugo.toml's [security] says what is allowed)"
	}
	return msg
}

// BuildError is a Hugo error located in a source file.
type BuildError struct {
	Msg string
	Err error
	// Rendered is set when the errors were only logged by templates:
	// the site was rendered whole, and Build returns it with the error.
	Rendered bool
}

func (e *BuildError) Error() string { return e.Msg }
func (e *BuildError) Unwrap() error { return e.Err }

// IsBuildError tells whether err is a located Hugo error.
func IsBuildError(err error) bool {
	var be *BuildError
	return errors.As(err, &be)
}
