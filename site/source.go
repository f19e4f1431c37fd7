package site

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/bep/overlayfs"
	"github.com/spf13/afero"
)

// Source is the site source as Hugo reads it: the repository folder,
// read-only, under an in-memory layer that takes the pipeline's generated
// files (such as data/generated/*.json) and Hugo's own caches, so a build
// never writes into the repository.
type Source struct {
	afero.Fs
	gen  afero.Fs
	root string // the folder on disk; "" for in-memory sources
}

// NewSource returns the source for the site in the folder root.
func NewSource(root string) (*Source, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	s := newSource(afero.NewReadOnlyFs(afero.NewBasePathFs(afero.NewOsFs(), abs)))
	s.root = abs
	return s, nil
}

func newSource(base afero.Fs) *Source {
	gen := afero.NewMemMapFs()
	return &Source{
		Fs:  overlayfs.New(overlayfs.Options{Fss: []afero.Fs{gen, base}, FirstWritable: true}),
		gen: gen,
	}
}

// Generate adds a generated file to the source, shadowing any file of the
// same name.
func (s *Source) Generate(name string, data []byte) error {
	return afero.WriteFile(s.gen, "/"+strings.TrimPrefix(name, "/"), data, 0o644)
}

// Ungenerate removes a generated file, showing the file it shadowed again.
func (s *Source) Ungenerate(name string) error {
	return s.gen.Remove("/" + strings.TrimPrefix(name, "/"))
}

// LstatIfPossible lets walks see symlinks instead of following them (the
// embedded afero.Fs would hide the overlay's own LstatIfPossible).
func (s *Source) LstatIfPossible(name string) (os.FileInfo, bool, error) {
	return s.Fs.(afero.Lstater).LstatIfPossible(name) // an overlayfs.OverlayFs: see newSource
}
