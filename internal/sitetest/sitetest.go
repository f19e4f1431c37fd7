// Package sitetest holds what tests across the module share: the parts of
// the repository a test site is built with, a reader of built folders, and
// a filesystem whose disk fills up.
package sitetest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/spf13/afero"
)

// Parts are the repository files that shape every page: configuration,
// layouts, UI strings, assets, static files and the site chrome. A test
// site takes these and brings its own content.
var Parts = []string{"hugo.toml", "layouts", "i18n", "assets", "static", "data/chrome.toml"}

// Repo is the repository folder, found from this file.
func Repo() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// CopyParts copies Parts of the repository into dst under dir ("/" for an
// in-memory site root).
func CopyParts(t testing.TB, dst afero.Fs, dir string) {
	t.Helper()
	repo := Repo()
	for _, part := range Parts {
		err := filepath.WalkDir(filepath.Join(repo, part), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(repo, p)
			target := filepath.Join(dir, rel)
			if err := dst.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			return afero.WriteFile(dst, target, b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// Tree reads the folder dir on disk as slash path -> contents.
func Tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// ErrDiskFull is what FullDisk's writes fail with.
var ErrDiskFull = errors.New("no space left on device")

// FullDisk is a filesystem whose disk is full once Budget more bytes are
// written.
type FullDisk struct {
	afero.Fs
	Budget int
}

type fullFile struct {
	afero.File
	d *FullDisk
}

// OpenFile opens a file whose writes count against the budget.
func (d *FullDisk) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	f, err := d.Fs.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return fullFile{f, d}, nil
}

// Write fails with ErrDiskFull, writing nothing, once p exceeds what is
// left of the budget.
func (f fullFile) Write(p []byte) (int, error) {
	if len(p) > f.d.Budget {
		return 0, ErrDiskFull
	}
	f.d.Budget -= len(p)
	return f.File.Write(p)
}
