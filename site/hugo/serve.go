package hugo

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bep/logg"
	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/herrors"
	"github.com/gohugoio/hugo/common/hmaps"
	hugoinfo "github.com/gohugoio/hugo/common/hugo"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/common/paths"
	"github.com/gohugoio/hugo/common/types"
	"github.com/gohugoio/hugo/common/urls"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/gohugoio/hugo/livereload"
	"github.com/gohugoio/hugo/transform"
	"github.com/gohugoio/hugo/transform/livereloadinject"
	"github.com/spf13/afero"
)

// ServeOptions configure a Server.
type ServeOptions struct {
	// Source holds the site, as Options.Source; Rebuild reads it again
	// where it changed.
	Source      afero.Fs
	Environment string
	CacheDir    string // as Options.CacheDir
	// Port is the port on 127.0.0.1 that the Server is served on: the
	// address of the pages' links and of the live reload.
	Port int
	// Log receives Hugo's warnings and errors; nil discards them.
	Log io.Writer
	// NotFound is the file ("/ko/404.html") that answers, with status
	// 404, an address with no file; nil: "/404.html".
	NotFound func(urlPath string) string
}

// Op is what happened to a file of the source.
type Op int

const (
	Written Op = iota // changed in place, or replaced
	Created           // new
	Removed           // gone (deleted, or renamed away)
)

// Change is one file of the source that changed.
type Change struct {
	Path string // slash path from the site root: "content/ko/privacy-policy.md"
	Op   Op
}

// Server renders a site into memory with Hugo in server mode and serves
// it (ServeHTTP) with Hugo's live reload: each page gets Hugo's
// livereload script, and Rebuild, which re-renders only what a change
// touches, tells the browsers to reload. While a build fails, every page
// answers with Hugo's error page, which reloads once a build succeeds.
// A Server holds the lock of this package (one Hugo at a time) until
// Close.
type Server struct {
	opt    ServeOptions
	logger loggers.Logger

	// lock is held while Hugo builds; requests read the last view,
	// which each build publishes when it ends.
	lock    sync.RWMutex
	view    atomic.Pointer[view]
	configs *allconfig.Configs
	sites   *hugolib.HugoSites
	dest    afero.Fs          // the rendered site
	err     error             // of the last build; nil when it succeeded
	sums    map[string]uint64 // checksums of the files written, by name
	written map[string]bool   // the files written by the build under way
	sumsMu  sync.Mutex        // Hugo writes in parallel
	early   early             // guarded by sumsMu
	// visited are the addresses (escaped, as Hugo's links are) each
	// rebuild renders: those browsers asked for lately, and those Hugo
	// adds (the pages a change touched); asked are the former alone.
	visited, asked *types.EvictingQueue[string]

	loggedMu sync.Mutex
	logged   []string // the errors Hugo logged in the build under way
}

var liveReload sync.Once

// NewServer loads the site's configuration and builds it whole. A build
// that fails ends it: there is nothing to serve yet.
func NewServer(opt ServeOptions) (*Server, error) {
	mu.Lock()
	s := &Server{opt: opt, visited: types.NewEvictingQueue[string](20), asked: types.NewEvictingQueue[string](20)}
	logw := opt.Log
	if logw == nil {
		logw = io.Discard
	}
	s.logger = loggers.New(loggers.Options{
		StdOut:        io.Discard, // Hugo's notes ("Source changed ...")
		StdErr:        logw,       // its warnings and errors
		Level:         logg.LevelWarn,
		DistinctLevel: logg.LevelWarn,
		HandlerPost: func(e *logg.Entry) error {
			if e.Level >= logg.LevelError {
				s.loggedMu.Lock()
				s.logged = append(s.logged, strings.ReplaceAll(e.Message, "\n", " "))
				s.loggedMu.Unlock()
			}
			return nil
		},
	})
	if err := s.load(); err != nil {
		mu.Unlock()
		return nil, err
	}
	if err := s.build(hugolib.BuildCfg{}, nil); err != nil {
		s.sites.Close()
		mu.Unlock()
		return nil, err
	}
	liveReload.Do(livereload.Initialize)
	return s, nil
}

// Close releases Hugo.
func (s *Server) Close() error {
	s.lock.Lock()
	defer s.lock.Unlock()
	defer mu.Unlock()
	if s.sites == nil {
		return nil
	}
	return s.sites.Close()
}

// Config is the site configuration the Server builds with: it changes
// when a Rebuild reloads it.
func (s *Server) Config() *Config {
	s.lock.RLock()
	defer s.lock.RUnlock()
	return plainConfig(s.configs)
}

// load loads the configuration and makes a new Hugo for it, rendering
// into a new, empty memory.
func (s *Server) load() error {
	opt := Options{Source: s.opt.Source, Environment: s.opt.Environment, CacheDir: s.opt.CacheDir}
	configs, flags, err := loadConfig(opt, s.logger, func(flags config.Provider) {
		// Server mode: Hugo tracks what each page depends on, renders
		// again only what a change touches, and gives each HTML page
		// the live reload script.
		// Fast render mode: a rebuild renders the pages a browser
		// visited lately (visited); the others a change touched are
		// rendered when a browser asks for them (ServeHTTP). Each page
		// here links to most others (the navigation, hreflang), so a
		// change touches nearly all of them.
		flags.Set("internal", hmaps.Params{"running": true, "watch": true, "fastRenderMode": true})
	})
	if err != nil {
		return err
	}
	for _, l := range configs.Languages {
		c := configs.LanguageConfigMap[l.Lang]
		base, err := serverURL(c.BaseURL, s.opt.Port)
		if err != nil {
			return err
		}
		c.C.SetServerInfo(base, base, "127.0.0.1")
	}
	s.dest = afero.NewMemMapFs()
	s.sums, s.written = map[string]uint64{}, map[string]bool{}
	// Only the renderer reads the hashes; the handler reads s.dest.
	fs := hugofs.NewFromSourceAndDestination(s.opt.Source, hugofs.NewHashingFs(&atomicFs{Fs: s.dest}, s), flags)
	sites, err := hugolib.NewHugoSites(deps.DepsCfg{Configs: configs, Fs: fs, TestLogger: s.logger})
	if err != nil {
		return explain(err)
	}
	for _, site := range sites.Sites {
		site.RegisterMediaTypes() // content types of the files served
	}
	if s.sites != nil {
		s.sites.Close()
	}
	s.configs, s.sites = configs, sites
	return nil
}

// serverURL is the base URL of a language on the server: its path on
// http://localhost:port, as Hugo's server has it.
func serverURL(base string, port int) (urls.BaseURL, error) {
	u, err := url.Parse(base)
	if err != nil {
		return urls.BaseURL{}, err
	}
	p := u.Path
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return urls.NewBaseURLFromString((&url.URL{Scheme: "http", Host: "localhost:" + strconv.Itoa(port), Path: p}).String())
}

// view is what requests are answered with: the site as the last build
// left it, or its error.
type view struct {
	err     error
	errPage []byte   // Hugo's error page for err
	dest    afero.Fs // the rendered site: each file appears whole (atomicFs)
	static  afero.Fs // the static files, served from the source
	base    string   // the base path of the site's addresses, without its trailing slash
}

// publish makes what the last build left the view of requests.
func (s *Server) publish() {
	v := &view{err: s.err, dest: s.dest, static: s.sites.BaseFs.SourceFilesystems.StaticFs(""), base: s.configs.Base.C.BaseURL.BasePathNoTrailingSlash}
	if v.err != nil {
		v.errPage = s.errorPage()
	}
	s.view.Store(v)
}

// atomicFs writes each file under a name of its own, renamed over the
// file when closed: a request never reads half a page while Hugo writes
// it.
type atomicFs struct {
	afero.Fs
	n atomic.Int64
}

func (f *atomicFs) Create(name string) (afero.File, error) {
	return f.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

func (f *atomicFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR) == 0 {
		return f.Fs.OpenFile(name, flag, perm)
	}
	tmp := name + ".~writing" + strconv.FormatInt(f.n.Add(1), 10)
	file, err := f.Fs.OpenFile(tmp, flag|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return nil, err
	}
	return &atomicFile{File: file, fs: f.Fs, name: name}, nil
}

type atomicFile struct {
	afero.File
	fs   afero.Fs
	name string
}

func (a *atomicFile) Name() string { return a.name }

func (a *atomicFile) Close() error {
	if err := a.File.Close(); err != nil {
		return err
	}
	return a.fs.Rename(a.File.Name(), a.name)
}

// OnFileClose records the checksum of each file Hugo writes (see
// hugofs.NewHashingFs), so that a rebuild knows what it changed.
func (s *Server) OnFileClose(name string, sum uint64) {
	s.sumsMu.Lock()
	defer s.sumsMu.Unlock()
	name = filepath.ToSlash(name)
	if old, ok := s.sums[name]; !ok || old != sum {
		s.written[name] = true
		s.early.wrote(s, name)
	}
	s.sums[name] = sum
}

// early reloads the browsers while Hugo still renders, as soon as a page
// a browser looks at is written changed: the rest of a rebuild (the
// translations of a page, which share its path, the 404 pages) is not
// what the browser waits for. A file that changes after that reload
// calls for another at the end.
type early struct {
	on       bool // in a rebuild
	reloaded bool // the browsers were told
	after    bool // a file changed after they were
}

func (e *early) wrote(s *Server, name string) {
	if !e.on {
		return
	}
	if e.reloaded {
		e.after = true
		return
	}
	dir, ok := strings.CutSuffix(name, "/index.html")
	if ok && s.asked.Contains(paths.PathEscape(s.configs.Base.C.BaseURL.BasePathNoTrailingSlash+dir+"/")) {
		e.reloaded = true
		livereload.ForceRefresh()
	}
}

// Rebuild renders again what the changes touch (a change of a
// configuration file loads the site anew), and tells the browsers to
// reload: a style sheet alone in place, else the page. It returns the
// build's error, which the pages show until a build succeeds.
func (s *Server) Rebuild(changes []Change) error {
	failed, reload, written, err := func() (failed, reload bool, written []string, err error) {
		s.lock.Lock()
		defer s.lock.Unlock()
		failed = s.err != nil
		// After a failed build Hugo's page tree may hold pages it could
		// not make, which a partial rebuild trips on: the site is loaded
		// anew, as for a change of the configuration.
		if failed || s.isConfig(changes) {
			if err = s.load(); err == nil {
				err = s.build(hugolib.BuildCfg{}, nil)
			} else {
				s.err = err
				s.publish()
			}
			return failed, true, nil, err
		}
		written, err = s.rebuild(changes)
		return failed, false, written, err
	}()
	if err != nil || failed || reload {
		livereload.ForceRefresh()
		return err
	}
	s.sumsMu.Lock()
	told := s.early.reloaded && !s.early.after
	s.sumsMu.Unlock()
	css := !slices.ContainsFunc(written, func(f string) bool { return path.Ext(f) != ".css" })
	switch {
	case len(written) == 0 || told:
	case css:
		for _, f := range written {
			livereload.RefreshPath(f)
		}
	default:
		livereload.ForceRefresh()
	}
	return nil
}

// isConfig tells whether a change is of a configuration file.
func (s *Server) isConfig(changes []Change) bool {
	if s.configs == nil {
		return true
	}
	for _, c := range changes {
		for _, f := range s.configs.LoadingInfo.ConfigFiles {
			if strings.TrimPrefix(filepath.ToSlash(f), "/") == c.Path {
				return true
			}
		}
	}
	return false
}

// rebuild is Rebuild with the lock held, without a new configuration: it
// returns the files it wrote that changed.
func (s *Server) rebuild(changes []Change) ([]string, error) {
	var events []fsnotify.Event
	var removed, static []string
	for _, c := range changes {
		name := filepath.FromSlash("/" + c.Path)
		// Static files are served from the source as they are: only
		// the browser reloads.
		if s.sites.BaseFs.SourceFilesystems.IsStatic(name) {
			static = append(static, path.Join("/", filepath.ToSlash(s.sites.BaseFs.SourceFilesystems.MakeStaticPathRelative(name))))
			continue
		}
		op := fsnotify.Write
		switch c.Op {
		case Created:
			op = fsnotify.Create
		case Removed:
			op = fsnotify.Remove
			removed = append(removed, c.Path)
		}
		events = append(events, fsnotify.Event{Name: name, Op: op})
	}
	gone := s.outputsOf(removed)
	s.sumsMu.Lock()
	s.written = map[string]bool{}
	s.sumsMu.Unlock()
	if len(events) == 0 {
		return static, nil
	}
	s.sumsMu.Lock()
	s.early = early{on: true}
	s.sumsMu.Unlock()
	defer func() {
		s.sumsMu.Lock()
		s.early.on = false
		s.sumsMu.Unlock()
	}()
	if err := s.build(hugolib.BuildCfg{RecentlyTouched: s.visited}, events); err != nil {
		return nil, err
	}
	// A page whose source went away is no longer served: Hugo forgets
	// it, but what it rendered stays in memory.
	for f, src := range gone {
		if _, err := s.opt.Source.Stat(src); err != nil {
			s.dest.Remove(f)
		}
	}
	return append(static, slices.Sorted(maps.Keys(s.written))...), nil
}

// outputsOf are the files rendered from the source files (slash paths
// from the site root), and the source file of each.
func (s *Server) outputsOf(sources []string) map[string]string {
	out := map[string]string{}
	basePath := s.configs.Base.C.BaseURL.BasePathNoTrailingSlash
	for _, src := range sources {
		name := filepath.FromSlash("/" + src)
		p := s.sites.GetContentPage(name)
		if p == nil {
			continue
		}
		for _, o := range p.OutputFormats() {
			if rel := o.RelPermalink(); rel != "" {
				out["/"+outFile(rel, basePath)] = name
			}
		}
	}
	return out
}

// build runs Hugo, whole for no events, and records its error.
func (s *Server) build(cfg hugolib.BuildCfg, events []fsnotify.Event) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("hugo failed: %v", r)
			s.err = err
			s.publish()
		}
	}()
	s.logger.Reset()
	s.loggedMu.Lock()
	s.logged = nil
	s.loggedMu.Unlock()
	cfg.NoBuildLock, cfg.ErrRecovery = true, s.err != nil
	err = s.sites.Build(cfg, events...)
	s.loggedMu.Lock()
	logged := s.logged
	s.loggedMu.Unlock()
	if len(logged) > 0 && (err == nil || loggedOnly.MatchString(err.Error())) {
		err = &BuildError{Msg: strings.Join(logged, "\n"), Err: errors.New("hugo logged errors"), Rendered: true}
	} else if err != nil {
		// Keep Hugo's error for its file errors (the error page shows
		// the lines around them); explain says where, for people.
		err = &located{err: err, msg: explain(err).Error()}
	}
	s.err = err
	s.publish()
	return err
}

// located is an error of Hugo's with its message naming the site's files
// as a reviewer would look for them.
type located struct {
	err error
	msg string
}

func (e *located) Error() string { return e.msg }
func (e *located) Unwrap() error { return e.err }

// ServeHTTP answers with the site as last rendered: a folder's
// index.html, then the static files, else the NotFound page with status
// 404; while the last build failed, with Hugo's error page. The live
// reload script and its socket are at /livereload.js and /livereload.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	base := s.view.Load().base
	p, ok := strings.CutPrefix(r.URL.Path, base)
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch p {
	case "/livereload.js":
		livereload.ServeJS(w, r)
		return
	case "/livereload":
		livereload.Handler(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store") // a preview changes
	s.render(r)
	f, status := s.file(p)
	switch {
	case f.redirect != "":
		http.Redirect(w, r, base+f.redirect, http.StatusMovedPermanently)
	case status == http.StatusOK:
		http.ServeContent(w, r, f.name, f.mod, bytes.NewReader(f.data))
	default:
		if f.name != "" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.WriteHeader(status)
		w.Write(f.data)
	}
}

// render renders the page a browser navigates to if a change touched it
// since it was last visited (see load).
func (s *Server) render(r *http.Request) {
	if !isNavigation(r) {
		return
	}
	uri := paths.PathEscape(r.URL.Path)
	s.asked.Add(uri)
	if s.view.Load().err != nil || s.visited.Contains(uri) {
		return
	}
	s.lock.Lock()
	defer s.lock.Unlock()
	if s.err != nil || s.visited.Contains(uri) {
		return
	}
	q := types.NewEvictingQueue[string](1)
	q.Add(uri)
	if err := s.build(hugolib.BuildCfg{RecentlyTouched: q, PartialReRender: true}, nil); err != nil {
		fmt.Fprintf(cmp.Or[io.Writer](s.opt.Log, io.Discard), "rendering %s failed:\n%v\n", uri, err)
		return
	}
	s.visited.Add(uri)
}

// isNavigation tells whether r asks for a page, as Hugo's server tells.
func isNavigation(r *http.Request) bool {
	p := r.URL.Path
	return r.Header.Get("Sec-Fetch-Mode") == "navigate" || strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".htm") || !strings.Contains(path.Base(p), ".")
}

// served is what a request is answered with.
type served struct {
	name     string // the file, for its content type
	data     []byte
	mod      time.Time
	redirect string // the address to go to instead (a folder without its slash)
}

// file reads what the address p (without the base path) is answered
// with, and the status.
func (s *Server) file(p string) (served, int) {
	v := s.view.Load()
	if v.err != nil {
		return served{name: "error.html", data: v.errPage}, http.StatusInternalServerError
	}
	name := path.Clean("/" + p)
	for _, fs := range []afero.Fs{v.dest, v.static} {
		fi, err := fs.Stat(filepath.FromSlash(name))
		if err != nil {
			continue
		}
		file := name
		if fi.IsDir() {
			if !strings.HasSuffix(p, "/") {
				return served{redirect: name + "/"}, http.StatusMovedPermanently
			}
			file = path.Join(name, "index.html")
			if fi, err = fs.Stat(filepath.FromSlash(file)); err != nil || fi.IsDir() {
				continue
			}
		}
		if data, err := afero.ReadFile(fs, filepath.FromSlash(file)); err == nil {
			return served{name: file, data: data, mod: fi.ModTime()}, http.StatusOK
		}
	}
	notFound := "/404.html"
	if s.opt.NotFound != nil {
		notFound = s.opt.NotFound(name)
	}
	if data, err := afero.ReadFile(v.dest, filepath.FromSlash(notFound)); err == nil {
		return served{name: notFound, data: data}, http.StatusNotFound
	}
	return served{data: []byte("404 page not found\n")}, http.StatusNotFound
}

// errorPage is Hugo's error page for the last build's error, with the
// live reload script.
func (s *Server) errorPage() (page []byte) {
	var b bytes.Buffer
	defer func() {
		if recover() != nil { // Hugo's templates are broken too
			page = []byte("<!DOCTYPE html><html><head><title>Build failed</title></head><body><pre>" + htmlEscape(s.err.Error()) + "</pre></body></html>")
		}
	}()
	store := s.sites.GetTemplateStore()
	t := store.LookupByPath("/_server/error.html")
	data := map[string]any{
		"Error":   s.err.Error(),
		"Version": hugoinfo.BuildVersionString(),
		"Files":   herrors.UnwrapFileErrorsWithErrorContext(s.err),
	}
	if t == nil || store.ExecuteWithContext(context.Background(), t, &b, data) != nil {
		b.Reset()
		fmt.Fprintf(&b, "<!DOCTYPE html><html><head><title>Build failed</title></head><body><pre>%s</pre></body></html>", htmlEscape(s.err.Error()))
	}
	var out bytes.Buffer
	chain := transform.Chain{livereloadinject.New(s.configs.GetFirstLanguageConfig().BaseURLLiveReload().URL())}
	if err := chain.Apply(&out, &b); err != nil {
		return b.Bytes()
	}
	return out.Bytes()
}

var htmlEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
