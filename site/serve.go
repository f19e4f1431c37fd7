package site

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
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

	"legalcenter/site/hugo"
	"legalcenter/site/l10n"
	"legalcenter/site/lint"
	"legalcenter/site/report"
)

// ServeOptions configure a preview server.
type ServeOptions struct {
	Root string // the site folder, holding hugo.toml
	// Config is the site configuration as Hugo loads it from Root
	// (hugo.LoadConfig); nil loads it.
	Config      *hugo.Config
	Port        int
	Environment string        // "preview" (default, also for "") or "production"
	CacheDir    string        // Hugo's cache ("" is the user cache folder)
	Poll        time.Duration // how often the sources are looked at for the translation status (default 1s)
	// Ready, if set, is called once Hugo's server answers on the port:
	// after its first build succeeded (Hugo builds before it listens).
	// A first build that fails ends Serve without it.
	Ready func()
}

// Serve previews the site in opt.Root with Hugo's own server (rebuild and
// reload on change, rendered in memory); an address that does not exist
// gets the 404 page of its language. The translation status that a
// build generates (the stale-translation notices and, in the preview
// environment, the translators' status page at /<source>/translation-status/)
// is written to a temporary folder mounted into the source and rewritten
// whenever content/, i18n/ or hugo.toml changes, so a translator sees a
// notice appear or go as they stamp. It returns when the server stops.
func Serve(ctx context.Context, opt ServeOptions) error {
	if opt.Poll <= 0 {
		opt.Poll = time.Second
	}
	gen, err := os.MkdirTemp("", "legalcenter-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(gen)
	root, err := filepath.Abs(opt.Root)
	if err != nil {
		return err
	}
	src := afero.NewReadOnlyFs(afero.NewBasePathFs(afero.NewOsFs(), root))
	opt.Environment = cmp.Or(opt.Environment, "preview")
	cfg := opt.Config
	if cfg == nil {
		if cfg, err = hugo.LoadConfig(hugo.Options{Source: src, Environment: opt.Environment, CacheDir: opt.CacheDir}); err != nil {
			return err
		}
	}
	if len(cfg.Files) == 0 {
		return fmt.Errorf("no site configuration (hugo.toml) in %s", root)
	}
	// A symlink in a folder Hugo reads would serve a file of this
	// machine, or one Hugo drops: refused before the server starts, as
	// the build refuses it.
	links, err := lint.Symlinks(src, root, lintMounts(cfg), configFile(cfg))
	if err != nil {
		return err
	}
	if len(links) > 0 {
		return &FindingsError{Findings: links}
	}
	preview := opt.Environment == "preview"
	// The generated files live under gen/src/ at their path in the Hugo
	// source ("data/generated/l10n.json"); mounts put them there.
	out := filepath.Join(gen, "src")
	// The configuration is the one loaded at the start: Hugo's server,
	// which runs meanwhile, holds Hugo's process-wide state, so a change
	// of languages shows in the status after a restart.
	update := func() error {
		opt := l10n.Options{Config: cfg, Dir: root}
		r, err := l10n.Status(ctx, src, opt)
		if err != nil {
			return err
		}
		files, err := statusFiles(src, r, opt, preview)
		if err != nil {
			return err
		}
		for _, name := range slices.Sorted(maps.Keys(files)) {
			file := filepath.Join(out, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				return err
			}
			if err := writeIfChanged(file, filepath.Join(gen, "update.tmp"), files[name]); err != nil {
				return err
			}
		}
		return nil
	}
	if err := update(); err != nil {
		return err
	}
	// Hugo's server keeps serving a page from memory after its source is
	// deleted: the configuration it watches answers the address of each
	// document that went away with its language's 404 page, forced over
	// what memory holds, until the document comes back.
	extra := filepath.Join(gen, "serve.toml")
	known := contentPages(root, cfg)
	writeExtra := func(gone map[string]string) error {
		b := append(serveMounts(cfg, out, preview), serveGone(cfg, gone)...)
		return writeIfChanged(extra, filepath.Join(gen, "extra.tmp"), append(b, serveNotFound(cfg)...))
	}
	if err := writeExtra(nil); err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	polled := make(chan struct{}) // closed when the poller has stopped
	defer func() {
		cancel()
		<-polled // before the deferred RemoveAll: it may be writing into gen
	}()
	go func() {
		defer close(polled)
		last := sourcesStamp(root, cfg)
		t := time.NewTicker(opt.Poll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if s := sourcesStamp(root, cfg); s != last {
				last = s
				if err := update(); err != nil {
					fmt.Fprintf(os.Stderr, "translation status: %v\n", err)
				}
				now := contentPages(root, cfg)
				gone := map[string]string{}
				for file, addr := range known {
					if _, ok := now[file]; !ok {
						gone[file] = addr
					}
				}
				maps.Copy(known, now)
				if err := writeExtra(gone); err != nil {
					fmt.Fprintf(os.Stderr, "serve: %v\n", err)
				}
			}
		}
	}()
	served := make(chan struct{}) // closed when Hugo's server has returned
	ready := make(chan struct{})  // closed when the watcher of the port has stopped
	go func() {
		defer close(ready)
		if opt.Ready == nil {
			return
		}
		// An answer over HTTP, not a connection: Hugo listens on the port
		// for a moment before building, to see that it is free.
		url := "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(opt.Port)) + "/"
		client := &http.Client{Timeout: 2 * time.Second}
		for {
			select {
			case <-served:
				return
			case <-ctx.Done():
				return
			case <-time.After(100 * time.Millisecond):
			}
			if resp, err := client.Get(url); err == nil {
				resp.Body.Close()
				select {
				case <-served:
				default:
					opt.Ready()
				}
				return
			}
		}
	}()
	err = hugo.Serve(hugo.ServeOptions{Root: root, Port: opt.Port, Environment: opt.Environment, CacheDir: opt.CacheDir, Config: append(slices.Clone(cfg.Files), extra)})
	close(served)
	<-ready
	return err
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

// serveMounts is the extra configuration that mounts the generated files
// of out over the repository's. Mounting a folder over data/ or content/
// replaces Hugo's default mounts of that kind, so the mounts Hugo has of
// that kind (the repository's data/, each language's contentDir) are
// mounted again first.
func serveMounts(cfg *hugo.Config, out string, preview bool) []byte {
	var b strings.Builder
	mount := func(source, target string, langs ...string) {
		fmt.Fprintf(&b, "[[module.mounts]]\nsource = %q\ntarget = %q\n", source, target)
		if len(langs) > 0 {
			fmt.Fprintf(&b, "[module.mounts.sites.matrix]\nlanguages = [")
			for i, l := range langs {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%q", l)
			}
			b.WriteString("]\n")
		}
	}
	again := func(target string) {
		for _, m := range cfg.Mounts {
			if m.Target == target {
				mount(m.Source, m.Target, m.Languages...)
			}
		}
	}
	again("data")
	mount(filepath.Join(out, "data"), "data")
	if !preview {
		return []byte(b.String())
	}
	again("content")
	source := cfg.DefaultContentLanguage
	mount(filepath.Join(out, filepath.FromSlash(path.Dir(statusPagePath(cfg)))), "content", source)
	return []byte(b.String())
}

// contentPages are the Markdown documents of the languages' content
// folders under root, by file, with the address each is served at:
// content/en/info/a.md -> /en/info/a/.
func contentPages(root string, cfg *hugo.Config) map[string]string {
	pages := map[string]string{}
	for _, l := range cfg.Languages {
		prefix := "/" + l.Code
		if l.Code == cfg.DefaultContentLanguage && !cfg.DefaultContentLanguageInSubdir {
			prefix = ""
		}
		dir := l.ContentDir
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(root, filepath.FromSlash(dir))
		}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !slices.Contains(cfg.MarkdownSuffixes, strings.TrimPrefix(filepath.Ext(p), ".")) {
				return nil
			}
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return nil
			}
			rel = filepath.ToSlash(rel)
			key := strings.TrimSuffix(rel, path.Ext(rel))
			if base := path.Base(key); base == "_index" || base == "index" {
				key = path.Dir(key)
			}
			addr := path.Join("/", prefix, strings.ToLower(key)) + "/"
			pages[p] = addr
			return nil
		})
	}
	return pages
}

// serveGone is the extra configuration that answers the addresses of the
// documents gone (file -> address) with their language's 404 page, even
// though Hugo's server still holds their pages in memory.
func serveGone(cfg *hugo.Config, gone map[string]string) []byte {
	var b strings.Builder
	for _, file := range slices.Sorted(maps.Keys(gone)) {
		addr := gone[file]
		notFound := "/404.html"
		for _, l := range cfg.Codes() {
			if (l != cfg.DefaultContentLanguage || cfg.DefaultContentLanguageInSubdir) && strings.HasPrefix(addr, "/"+l+"/") {
				notFound = "/" + l + "/404.html"
			}
		}
		for _, from := range []string{addr, addr + "index.html"} {
			fmt.Fprintf(&b, "[[server.redirects]]\nfrom = %q\nto = %q\nstatus = 404\nforce = true\n", from, notFound)
		}
	}
	return []byte(b.String())
}

// serveNotFound is the extra configuration that answers an address that
// does not exist with the 404 page of the language it is in, and any
// other with the default language's, as netlify.toml's rules do in
// production. Without it Hugo's server looks for /404.html, which a site with
// its default language in a subfolder does not have, and answers with a
// bare "Page Not Found". The rules apply only where no file exists; the
// first that matches wins, so the catch-all comes last.
func serveNotFound(cfg *hugo.Config) []byte {
	var b strings.Builder
	rule := func(from, to string) {
		fmt.Fprintf(&b, "[[server.redirects]]\nfrom = %q\nto = %q\nstatus = 404\n", from, to)
	}
	def, inSubdir := cfg.DefaultContentLanguage, cfg.DefaultContentLanguageInSubdir
	for _, lang := range cfg.Codes() {
		if lang != def || inSubdir {
			rule("/"+lang+"/**", "/"+lang+"/404.html")
		}
	}
	if inSubdir {
		rule("/**", "/"+def+"/404.html")
	} else {
		rule("/**", "/404.html")
	}
	return []byte(b.String())
}

// sourcesStamp sums up the names, sizes and times of the files the
// translation status reads (the configuration, content and i18n files);
// it changes when one of them does.
func sourcesStamp(root string, cfg *hugo.Config) string {
	var b strings.Builder
	dirs := slices.Clone(cfg.Files)
	for _, m := range cfg.Mounts {
		if m.Target == "content" || m.Target == "i18n" {
			dirs = append(dirs, m.Source)
		}
	}
	for _, dir := range dirs {
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(root, filepath.FromSlash(dir))
		}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if info, err := d.Info(); err == nil {
				fmt.Fprintf(&b, "%s %d %d\n", p, info.Size(), info.ModTime().UnixNano())
			}
			return nil
		})
	}
	return b.String()
}

// writeIfChanged replaces file with data, atomically through tmp (outside
// the folder Hugo watches, where it would be read as data), unless file
// holds data already: Hugo rebuilds on every write.
func writeIfChanged(file, tmp string, data []byte) error {
	if old, err := os.ReadFile(file); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, file)
}
