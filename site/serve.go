package site

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/afero"

	"legalcenter/site/content"
	"legalcenter/site/hugo"
	"legalcenter/site/l10n"
	"legalcenter/site/lint"
	"legalcenter/site/report"
	"legalcenter/site/watch"
)

// ServeOptions configure a preview server.
type ServeOptions struct {
	Root string // the site folder, holding hugo.toml
	// Config is the site configuration as Hugo loads it from Root
	// (hugo.LoadConfig); nil loads it.
	Config      *hugo.Config
	Port        int
	Environment string // "preview" (default, also for "") or "production"
	CacheDir    string // Hugo's cache ("" is the user cache folder)
	// Quiet is how long the sources must be quiet after a change before
	// the rebuild starts: an editor's save is a burst of events (default
	// 20ms).
	Quiet time.Duration
	// Log receives a line per rebuild, and Hugo's warnings and errors;
	// nil is os.Stderr.
	Log io.Writer
	// Ready, if set, is called once the server answers on the port:
	// after its first build succeeded. A first build that fails ends
	// Serve without it.
	Ready func()
}

// Serve previews the site in opt.Root on 127.0.0.1:opt.Port until ctx
// ends: Hugo renders it into memory (nothing is written to the site's
// folder), and each change of its files, seen as it is saved (package
// watch), renders again only what it touches (hugo.Server) and reloads
// the browsers; an address that does not exist gets the 404 page of its
// language. The translation status that a build generates (the
// stale-translation notices, the sections English added shown in the
// translations that lack them, and, in the preview environment, the
// translators' status page at /<source>/translation-status/) lives in the
// source's memory layer, as in a build, and follows each change: only the
// files that changed are read and parsed again, and Hugo is told only of
// the generated files whose bytes changed.
func Serve(ctx context.Context, opt ServeOptions) error {
	root, err := filepath.Abs(opt.Root)
	if err != nil {
		return err
	}
	logw := opt.Log
	if logw == nil {
		logw = os.Stderr
	}
	src, err := NewSource(root)
	if err != nil {
		return err
	}
	disk := afero.NewReadOnlyFs(afero.NewBasePathFs(afero.NewOsFs(), root))
	opt.Environment = cmp.Or(opt.Environment, "preview")
	cfg := opt.Config
	if cfg == nil {
		if cfg, err = hugo.LoadConfig(hugo.Options{Source: disk, Environment: opt.Environment, CacheDir: opt.CacheDir}); err != nil {
			return err
		}
	}
	if len(cfg.Files) == 0 {
		return fmt.Errorf("no site configuration (hugo.toml) in %s", root)
	}
	// A symlink in a folder Hugo reads would serve a file of this
	// machine, or one Hugo drops: refused before the server starts, as
	// the build refuses it.
	links, err := lint.Symlinks(disk, root, lintMounts(cfg), configFile(cfg))
	if err != nil {
		return err
	}
	if len(links) > 0 {
		return &FindingsError{Findings: links}
	}
	st := &liveStatus{src: src, disk: disk, root: root, cfg: cfg, preview: opt.Environment == "preview"}
	if _, err := st.update(ctx, nil); err != nil {
		return fmt.Errorf("translation status: %w", err)
	}
	current := cfg // the configuration of the last build, for the 404 pages
	srv, err := hugo.NewServer(hugo.ServeOptions{Source: src, Environment: opt.Environment, CacheDir: opt.CacheDir, Port: opt.Port, Log: logw,
		NotFound: func(p string) string { return notFoundPage(current, p) }})
	if err != nil {
		return err
	}
	defer srv.Close()
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(opt.Port)))
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(l)
	defer hs.Close()
	w, err := watch.New(root, watch.Options{Dirs: watchDirs(cfg), Quiet: cmp.Or(opt.Quiet, 20*time.Millisecond),
		Skip: func(p string) bool {
			// Of the root's files, the configuration only; never the
			// generated files, which live in memory.
			return !strings.Contains(p, "/") && !slices.Contains(cfg.Files, p) || p == "data/generated" || strings.HasPrefix(p, "data/generated/")
		}})
	if err != nil {
		return err
	}
	defer w.Close()
	if opt.Ready != nil {
		opt.Ready()
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors:
			fmt.Fprintf(logw, "watching the site: %v\n", err)
		case changes := <-w.Changes:
			start := time.Now()
			err := rebuild(ctx, srv, st, changes)
			current = st.cfg
			if err != nil {
				fmt.Fprintf(logw, "rebuild failed (the pages show the error until it is fixed):\n%v\n", err)
				continue
			}
			fmt.Fprintf(logw, "rebuilt in %d ms: %s\n", time.Since(start).Milliseconds(), describe(changes))
		}
	}
}

// rebuild brings the translation status up to date with the changes,
// and renders again what they and the status touched. A change of the
// configuration loads the site anew first.
func rebuild(ctx context.Context, srv *hugo.Server, st *liveStatus, changes []watch.Change) error {
	var hc []hugo.Change
	config := false
	for _, c := range changes {
		op := hugo.Written
		switch c.Op {
		case watch.Created:
			op = hugo.Created
		case watch.Removed:
			op = hugo.Removed
		}
		hc = append(hc, hugo.Change{Path: c.Path, Op: op})
		config = config || slices.Contains(st.cfg.Files, c.Path)
	}
	if config {
		if err := srv.Rebuild(hc); err != nil {
			return err
		}
		st.cfg, st.docs, st.report = srv.Config(), nil, nil
		gen, err := st.update(ctx, nil)
		if err != nil {
			return fmt.Errorf("translation status: %w", err)
		}
		return srv.Rebuild(gen)
	}
	// The edit is rendered first, and the status follows: a second
	// rebuild, when it changed what the status generates. A changed file
	// the status generates a copy of (a translation filled with the
	// sections it lacks) waits for the status: Hugo reads the copy.
	filled := slices.ContainsFunc(changes, func(c watch.Change) bool { _, ok := st.gen[c.Path]; return ok })
	if !filled {
		if err := srv.Rebuild(hc); err != nil {
			return err
		}
		hc = nil
	}
	gen, err := st.update(ctx, changes)
	if err != nil {
		// The pages still render; the notices wait for a status.
		err = fmt.Errorf("translation status: %w", err)
	}
	if len(hc)+len(gen) == 0 {
		return err
	}
	return errors.Join(srv.Rebuild(append(hc, gen...)), err)
}

// describe names the files of changes, the first few.
func describe(changes []watch.Change) string {
	var names []string
	for i, c := range changes {
		if i == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(changes)-i))
			break
		}
		names = append(names, c.Path+" ("+c.Op.String()+")")
	}
	return strings.Join(names, ", ")
}

// watchDirs are the folders of the site that Hugo reads (its mounts in
// the site's folder), and the site's folder itself for the
// configuration.
func watchDirs(cfg *hugo.Config) []string {
	dirs := []string{"."}
	for _, m := range cfg.Mounts {
		if !path.IsAbs(m.Source) && !filepath.IsAbs(m.Source) && !strings.HasPrefix(m.Source, "../") && !slices.Contains(dirs, m.Source) {
			dirs = append(dirs, m.Source)
		}
	}
	return dirs
}

// liveStatus is the translation status of a site being served, kept up
// to date change by change.
type liveStatus struct {
	src     *Source  // what Hugo reads: the generated files go into its memory layer
	disk    afero.Fs // the site's folder, which the status reads
	root    string
	cfg     *hugo.Config
	preview bool
	// docs are the site's content files, parsed, by slash path: a change
	// parses again only the files it changed.
	docs   map[string]*content.Document
	gen    map[string][]byte // the files generated, by slash path
	report *l10n.Report      // the status of the files as they are
}

// update parses again the content files of changes (all of them when
// nil), computes the status from the documents, writes the generated
// files into the source's memory layer, and returns the changes of the
// generated files, for Hugo.
func (s *liveStatus) update(ctx context.Context, changes []watch.Change) ([]hugo.Change, error) {
	if changes != nil && !slices.ContainsFunc(changes, s.read) {
		return nil, nil // a style sheet, an image: no status changes
	}
	if s.docs == nil {
		s.docs = map[string]*content.Document{}
		for _, l := range s.cfg.Languages {
			afero.Walk(s.disk, "/"+l.ContentDir, func(p string, info fs.FileInfo, err error) error {
				if err == nil && !info.IsDir() {
					s.parse(strings.TrimPrefix(filepath.ToSlash(p), "/"))
				}
				return nil
			})
		}
	}
	for _, c := range changes {
		s.parse(c.Path)
	}
	opt := l10n.Options{Config: s.cfg, Dir: s.root, Docs: s.docs}
	// An edit of documents compares again only the translations it
	// touched; anything else (a file created or removed, strings,
	// facts, layouts) computes the whole status.
	if s.report != nil && changes != nil && !slices.ContainsFunc(changes, func(c watch.Change) bool { return c.Op != watch.Written || !s.document(c.Path) }) {
		opt.Previous = s.report
		for _, c := range changes {
			opt.Changed = append(opt.Changed, c.Path)
		}
	}
	r, err := l10n.Status(ctx, s.disk, opt)
	if err != nil {
		return nil, err
	}
	opt.Previous, opt.Changed = nil, nil
	s.report = r
	files, err := statusFiles(s.disk, r, opt, s.preview)
	if err != nil {
		return nil, err
	}
	filled, err := r.Fill(s.disk, opt)
	if err != nil {
		return nil, err
	}
	for _, f := range filled {
		files[f.File] = f.Data
	}
	var out []hugo.Change
	onDisk := func(p string) bool {
		_, err := s.disk.Stat("/" + p)
		return err == nil
	}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		old, ok := s.gen[p]
		if ok && string(old) == string(files[p]) {
			continue
		}
		if err := s.src.Generate(p, files[p]); err != nil {
			return nil, err
		}
		op := hugo.Written
		if !ok && !onDisk(p) {
			op = hugo.Created
		}
		out = append(out, hugo.Change{Path: p, Op: op})
	}
	for _, p := range slices.Sorted(maps.Keys(s.gen)) {
		if _, ok := files[p]; ok {
			continue
		}
		if err := s.src.Ungenerate(p); err != nil {
			return nil, err
		}
		// A translation no longer filled is the translator's again.
		op := hugo.Removed
		if onDisk(p) {
			op = hugo.Written
		}
		out = append(out, hugo.Change{Path: p, Op: op})
	}
	s.gen = files
	return out, nil
}

// read tells whether the status reads the file of c: content, strings,
// data (the facts), layouts (the strings they use).
func (s *liveStatus) read(c watch.Change) bool {
	dir, _, _ := strings.Cut(c.Path, "/")
	return dir != "assets" && dir != "static"
}

// document tells whether p is a Markdown document of a language.
func (s *liveStatus) document(p string) bool {
	return slices.Contains(s.cfg.MarkdownSuffixes, strings.TrimPrefix(path.Ext(p), ".")) &&
		slices.ContainsFunc(s.cfg.Languages, func(l hugo.Language) bool { return strings.HasPrefix(p, l.ContentDir+"/") })
}

// parse parses the content file p (a slash path from the site root) into
// docs again, or forgets it when it is gone or is no Markdown document
// of a language; one that does not parse is left to the status, which
// reports it.
func (s *liveStatus) parse(p string) {
	delete(s.docs, p)
	if !s.document(p) {
		return
	}
	b, err := afero.ReadFile(s.disk, "/"+p)
	if err != nil {
		return
	}
	if d, err := content.Parse(b); err == nil {
		d.Release() // the translation status reads no parse tree
		s.docs[p] = d
	}
}

// FindingsError is returned when findings keep a command from starting.
type FindingsError struct{ Findings []report.Finding }

func (e *FindingsError) Error() string {
	var b strings.Builder
	for i, f := range e.Findings {
		if i > 0 {
			b.WriteString("\n")
		}
		if f.Line > 0 {
			fmt.Fprintf(&b, "%s:%d: %s", f.File, f.Line, f.Message)
		} else {
			fmt.Fprintf(&b, "%s: %s", f.File, f.Message)
		}
	}
	return b.String()
}

// notFoundPage is the page that answers the address p, which has no
// file: the 404 page of the language p is in, or else the default
// language's, wherever the default language's pages are, as
// netlify.toml's rules do in production.
func notFoundPage(cfg *hugo.Config, p string) string {
	def, inSubdir := cfg.DefaultContentLanguage, cfg.DefaultContentLanguageInSubdir
	for _, lang := range cfg.Codes() {
		if (lang != def || inSubdir) && (p == "/"+lang || strings.HasPrefix(p, "/"+lang+"/")) {
			return "/" + lang + "/404.html"
		}
	}
	if inSubdir {
		return "/" + def + "/404.html"
	}
	return "/404.html"
}
