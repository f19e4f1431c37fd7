// Package watch reports the files that change under folders, a burst of
// events at a time: an editor's save (write a temporary file, rename it
// over the document, change its mode) is one change of the document,
// reported once the folder has been quiet for a moment (Options.Quiet).
// Each change says whether the file is new, changed or gone, judged by
// what is on disk once the burst ends, not by the events, which differ
// from one system and editor to the next.
package watch

import (
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Op is what happened to a file.
type Op int

const (
	Written Op = iota // changed in place, or replaced (an atomic save)
	Created           // new
	Removed           // gone: deleted, or renamed away
)

func (o Op) String() string {
	return [...]string{"written", "created", "removed"}[o]
}

// Change is one file that changed.
type Change struct {
	Path string // slash path from the root: "content/ko/privacy-policy.md"
	Op   Op
}

// Options configure a Watcher.
type Options struct {
	// Dirs are the folders to watch, with every folder under them, slash
	// paths from the root; "." is the root itself. A folder that does not
	// exist is left out; Files name files of the root to watch.
	Dirs []string
	// Quiet is how long the folders must be quiet for the changes to be
	// reported (default 20ms); Max the longest a change waits while they
	// keep changing (default 10 times Quiet).
	Quiet, Max time.Duration
	// Skip drops paths (slash paths from the root) whose changes are
	// never reported, nor walked into; editors' temporary files are
	// always dropped (Temporary).
	Skip func(path string) bool
}

// Watcher watches folders until Close.
type Watcher struct {
	// Changes receives the changes of each burst, sorted by path; a
	// burst that comes while the last is unread is merged into it.
	Changes <-chan []Change
	// Errors receives the watcher's errors (a folder it could not
	// watch, an overflow of the system's queue).
	Errors <-chan error

	root    string
	opt     Options
	fsw     *fsnotify.Watcher
	known   map[string]bool // the files under the watched folders, slash paths
	changes chan []Change
	errs    chan error
	done    chan struct{}
	stopped chan struct{}
}

// New watches opt.Dirs under root.
func New(root string, opt Options) (*Watcher, error) {
	if opt.Quiet <= 0 {
		opt.Quiet = 20 * time.Millisecond
	}
	if opt.Max <= 0 {
		opt.Max = 10 * opt.Quiet
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, opt: opt, fsw: fsw, known: map[string]bool{},
		changes: make(chan []Change), errs: make(chan error, 16), done: make(chan struct{}), stopped: make(chan struct{})}
	w.Changes, w.Errors = w.changes, w.errs
	for _, d := range opt.Dirs {
		d = path.Clean(d)
		if d == "." {
			// The root alone: its files, not its every folder.
			if err := fsw.Add(root); err != nil {
				fsw.Close()
				return nil, err
			}
			entries, _ := os.ReadDir(root)
			for _, e := range entries {
				if !e.IsDir() && !w.skip(e.Name()) {
					w.known[e.Name()] = true
				}
			}
			continue
		}
		if _, err := os.Stat(w.abs(d)); err != nil {
			continue
		}
		w.add(d, nil)
	}
	go w.loop()
	return w, nil
}

// Close stops watching.
func (w *Watcher) Close() error {
	close(w.done)
	err := w.fsw.Close()
	<-w.stopped
	return err
}

func (w *Watcher) abs(p string) string { return filepath.Join(w.root, filepath.FromSlash(p)) }

func (w *Watcher) rel(name string) (string, bool) {
	r, err := filepath.Rel(w.root, name)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// skip tells whether p is never reported.
func (w *Watcher) skip(p string) bool {
	return Temporary(p) || (w.opt.Skip != nil && w.opt.Skip(p))
}

// watched tells whether changes of p are reported: p is under one of
// Dirs, or a file of the root when the root is watched.
func (w *Watcher) watched(p string) bool {
	for _, d := range w.opt.Dirs {
		d = path.Clean(d)
		if d == "." && !strings.Contains(p, "/") || p == d || strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}

// add watches the folder p and every folder under it, and knows their
// files; found, if not nil, receives the files (a folder that appeared:
// its files are new).
func (w *Watcher) add(p string, found func(string)) {
	filepath.WalkDir(w.abs(p), func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		r, ok := w.rel(name)
		if !ok {
			return nil
		}
		if r != p && w.skip(r) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if err := w.fsw.Add(name); err != nil {
				w.report(err)
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 || d.Type().IsRegular() {
			w.known[r] = true
			if found != nil {
				found(r)
			}
		}
		return nil
	})
}

func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default: // nobody reads them: dropped rather than blocking
	}
}

// loop gathers the events of a burst, and reports the changes they made
// once the folders are quiet.
func (w *Watcher) loop() {
	defer close(w.stopped)
	pending := map[string]bool{} // paths with events since the last report
	var ready []Change           // reported, not yet read
	var quiet, max <-chan time.Time
	var quietT *time.Timer
	for {
		var out chan []Change
		if len(ready) > 0 {
			out = w.changes
		}
		select {
		case <-w.done:
			if quietT != nil {
				quietT.Stop()
			}
			return
		case err, ok := <-w.fsw.Errors:
			if ok {
				w.report(err)
			}
		case ev, ok := <-w.fsw.Events:
			if !ok {
				continue
			}
			if ev.Op == fsnotify.Chmod {
				continue // a mode or time changed, not the content
			}
			r, ok := w.rel(ev.Name)
			if !ok || r == "." || w.skip(r) || !w.watched(r) {
				continue
			}
			pending[r] = true
			if quietT == nil {
				quietT = time.NewTimer(w.opt.Quiet)
			} else {
				quietT.Reset(w.opt.Quiet)
			}
			quiet = quietT.C
			if max == nil {
				max = time.After(w.opt.Max)
			}
		case <-quiet:
			ready = merge(ready, w.settle(pending))
			pending, quiet, max = map[string]bool{}, nil, nil
		case <-max:
			ready = merge(ready, w.settle(pending))
			pending, quiet, max = map[string]bool{}, nil, nil
			if quietT != nil {
				quietT.Stop()
			}
		case out <- ready:
			ready = nil
		}
	}
}

// settle tells what became of the paths that had events: a file that is
// there was created, or written if it was known; a known file that is
// not is removed; a folder that appeared is watched and its files are
// new; a folder that went takes its files with it. A file created and
// removed within the burst (an editor's temporary file) is no change.
func (w *Watcher) settle(pending map[string]bool) []Change {
	var out []Change
	for _, p := range slices.Sorted(maps.Keys(pending)) {
		fi, err := os.Lstat(w.abs(p))
		switch {
		case err == nil && fi.IsDir():
			// A folder of the root is watched only if it is one of Dirs.
			if strings.Contains(p, "/") || w.watchedBelowRoot(p) {
				w.add(p, func(f string) { out = append(out, Change{f, Created}) })
			}
		case err == nil:
			if w.known[p] {
				out = append(out, Change{p, Written})
			} else {
				w.known[p] = true
				out = append(out, Change{p, Created})
			}
		default:
			if w.known[p] {
				delete(w.known, p)
				out = append(out, Change{p, Removed})
			}
			// A folder that went: its files are gone too.
			for f := range w.known {
				if strings.HasPrefix(f, p+"/") {
					delete(w.known, f)
					out = append(out, Change{f, Removed})
				}
			}
		}
	}
	return out
}

// watchedBelowRoot tells whether a folder of the root is one of Dirs.
func (w *Watcher) watchedBelowRoot(p string) bool {
	return slices.ContainsFunc(w.opt.Dirs, func(d string) bool { return path.Clean(d) == p })
}

// merge adds the changes b to the unread a: the last word on a path
// wins, except that a file created and then written is still new, and a
// file removed and created again was written.
func merge(a, b []Change) []Change {
	if len(a) == 0 {
		return sortChanges(b)
	}
	at := map[string]int{}
	for i, c := range a {
		at[c.Path] = i
	}
	for _, c := range b {
		i, ok := at[c.Path]
		if !ok {
			at[c.Path] = len(a)
			a = append(a, c)
			continue
		}
		switch prev := a[i].Op; {
		case prev == Created && c.Op == Written:
		case prev == Removed && c.Op == Created:
			a[i].Op = Written
		case prev == Created && c.Op == Removed:
			a = slices.Delete(a, i, i+1)
			at = map[string]int{}
			for j, c := range a {
				at[c.Path] = j
			}
		default:
			a[i].Op = c.Op
		}
	}
	return sortChanges(a)
}

func sortChanges(cs []Change) []Change {
	slices.SortFunc(cs, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
	return cs
}

// Temporary tells whether a file is an editor's temporary or backup
// file, by its name (the list Hugo's server ignores): "x.md~", ".x.swp",
// vim's "4913", emacs's ".#x" and "#x#", ".goutputstream-*", ...
func Temporary(p string) bool {
	base := path.Base(p)
	ext := path.Ext(base)
	return strings.HasSuffix(base, "~") ||
		ext == ".swp" || ext == ".swx" || ext == ".swo" || ext == ".bck" || ext == ".tmp" ||
		base == ".DS_Store" || base == "4913" ||
		strings.HasPrefix(ext, ".goutputstream") ||
		strings.HasSuffix(ext, "jb_old___") || strings.HasSuffix(ext, "jb_tmp___") || strings.HasSuffix(ext, "jb_bak___") ||
		strings.HasPrefix(ext, ".sb-") ||
		strings.HasPrefix(base, ".#") || strings.HasPrefix(base, "#")
}
