package site

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/afero"

	"legalcenter/site/hugo"
	"legalcenter/site/l10n"
)

// ServeOptions configure a preview server.
type ServeOptions struct {
	Root        string // the site folder, holding hugo.toml
	Port        int
	Environment string        // "production" or "preview"
	CacheDir    string        // Hugo's cache ("" is the user cache folder)
	Poll        time.Duration // how often the sources are looked at for the translation status (default 1s)
}

// Serve previews the site in opt.Root with Hugo's own server (rebuild and
// reload on change, rendered in memory). The translation status that a
// build generates (the stale-translation notices) is written to a temporary
// folder mounted over data/generated/ and rewritten whenever content/ or
// i18n/ changes, so a translator sees a notice appear or go as they stamp.
// It returns when the server stops.
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
	data := filepath.Join(gen, "data")
	if err := os.MkdirAll(filepath.Join(data, filepath.Dir(l10n.DataFile[len("data/"):])), 0o755); err != nil {
		return err
	}
	update := func() error {
		r, err := l10n.Status(src, l10n.Options{})
		if err != nil {
			return err
		}
		return writeIfChanged(filepath.Join(data, filepath.FromSlash(strings.TrimPrefix(l10n.DataFile, "data/"))), filepath.Join(gen, "l10n.json.tmp"), r.Data())
	}
	if err := update(); err != nil {
		return err
	}
	// Mounting a folder over data/ replaces Hugo's default data mount: keep
	// the repository's data/ first.
	extra := filepath.Join(gen, "serve.toml")
	conf := fmt.Sprintf("[[module.mounts]]\nsource = \"data\"\ntarget = \"data\"\n[[module.mounts]]\nsource = %q\ntarget = \"data\"\n", data)
	if err := os.WriteFile(extra, []byte(conf), 0o644); err != nil {
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
		last := sourcesStamp(root)
		t := time.NewTicker(opt.Poll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if s := sourcesStamp(root); s != last {
				last = s
				if err := update(); err != nil {
					fmt.Fprintf(os.Stderr, "translation status: %v\n", err)
				}
			}
		}
	}()
	return hugo.Serve(hugo.ServeOptions{Root: root, Port: opt.Port, Environment: opt.Environment, CacheDir: opt.CacheDir, Config: []string{"hugo.toml", extra}})
}

// sourcesStamp sums up the names, sizes and times of the files the
// translation status reads; it changes when one of them does.
func sourcesStamp(root string) string {
	var b strings.Builder
	for _, dir := range []string{"content", "i18n", "hugo.toml"} {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
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
