package site

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/afero"

	"legalcenter/site/check"
	"legalcenter/site/shrink"
)

// pagesFs is the folder Hugo renders into, as the later stages see it
// while Hugo writes: each HTML page stays in memory until Hugo closes it,
// then it is stripped, minified and proven whole (shrink.Pages), written
// minified, and its facts read for the link check (check.Pages, which
// keeps the lines layout tracing reads). No page is read back and
// rewritten, nor written twice, and the work spreads over Hugo's own
// rendering goroutines as each page is done. The other files are written
// as they come; the minify stage takes them once Hugo is done (a page may
// pin one with an integrity hash).
type pagesFs struct {
	afero.Fs
	shrink *shrink.Pages
	check  *check.Pages
	// later marks a page that a later stage rewrites: written as Hugo
	// rendered it, for the check and minify stages to read then.
	later []byte

	mu  sync.Mutex
	err error // the first page that could not be written; Hugo does not look at Close's error
}

// failed is the first write of a page that failed.
func (f *pagesFs) failed() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

func (f *pagesFs) Create(name string) (afero.File, error) {
	file, err := f.Fs.Create(name)
	if err != nil || !isPage(name) {
		return file, err
	}
	return f.page(file, name), nil
}

func (f *pagesFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	file, err := f.Fs.OpenFile(name, flag, perm)
	if err != nil || !isPage(name) || flag&os.O_TRUNC == 0 || flag&(os.O_WRONLY|os.O_RDWR) == 0 {
		return file, err
	}
	return f.page(file, name), nil
}

// page is the page, named name, that Hugo writes into file.
func (f *pagesFs) page(file afero.File, name string) *pageFile {
	return &pageFile{File: file, fs: f, name: name, buf: pageBufs.Get().(*bytes.Buffer)}
}

// pageBufs hold pages while Hugo writes them: reused, as every page needs
// one for a moment, fewer garbage collections run while Hugo renders.
var pageBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// isPage tells whether the file at name is an HTML page.
func isPage(name string) bool {
	ext := strings.ToLower(path.Ext(filepath.ToSlash(name)))
	return ext == ".html" || ext == ".htm"
}

// pageFile is a page being written: its bytes are kept until Close.
type pageFile struct {
	afero.File // the file, created empty
	fs         *pagesFs
	name       string // as Hugo named it
	buf        *bytes.Buffer
	closed     bool
}

func (p *pageFile) Write(b []byte) (int, error) {
	if p.closed {
		return 0, os.ErrClosed
	}
	return p.buf.Write(b)
}

func (p *pageFile) WriteString(s string) (int, error) {
	if p.closed {
		return 0, os.ErrClosed
	}
	return p.buf.WriteString(s)
}

func (p *pageFile) WriteAt([]byte, int64) (int, error) { return 0, errWriteAt }
func (p *pageFile) Truncate(int64) error               { return errWriteAt }
func (p *pageFile) Seek(int64, int) (int64, error)     { return 0, errWriteAt }
func (p *pageFile) ReadAt([]byte, int64) (int, error)  { return 0, errWriteAt }
func (p *pageFile) Read([]byte) (int, error)           { return 0, errWriteAt }
func (p *pageFile) Readdir(int) ([]fs.FileInfo, error) { return nil, errWriteAt }
func (p *pageFile) Readdirnames(int) ([]string, error) { return nil, errWriteAt }
func (p *pageFile) Stat() (fs.FileInfo, error)         { return p.File.Stat() }
func (p *pageFile) Sync() error                        { return nil }

var errWriteAt = errors.New("a page being rendered is only written, in order")

// Close minifies the page, writes it, and hands its bytes as rendered to
// the link check.
func (p *pageFile) Close() error {
	if p.closed {
		return nil
	}
	p.closed = true
	defer func() {
		p.buf.Reset()
		pageBufs.Put(p.buf)
		p.buf = nil
	}()
	rel := strings.TrimPrefix(path.Clean("/"+filepath.ToSlash(p.name)), "/")
	in := p.buf.Bytes()
	later := len(p.fs.later) > 0 && bytes.Contains(in, p.fs.later)
	var err error
	if later {
		_, err = p.File.Write(in)
	} else {
		// The link check reads the page in the pass of the lexer that
		// reads its facts for the proof: it is lexed once for both.
		p.fs.check.AddLexed(rel, in, func(t check.TokenSink) {
			err = p.fs.shrink.Page(p.File, "/"+rel, in, 0o644, t)
		})
	}
	if cerr := p.File.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		p.fs.mu.Lock()
		if p.fs.err == nil {
			p.fs.err = err
		}
		p.fs.mu.Unlock()
		return err
	}
	return nil
}
