// Package atomicfile replaces a file's contents in one step: a reader, a
// crash or a full disk finds the old contents or the new ones, never a
// truncated mix. Every file the tools rewrite in the site's sources (a
// stamped translation, an i18n file) goes through it.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/spf13/afero"
)

// Write writes data to the file name on fsys through a temporary file in
// the same folder, synced to disk, then renamed over name. An existing
// file keeps its mode; a new one gets perm. When anything fails, name is
// as it was and the temporary file is removed.
func Write(fsys afero.Fs, name string, data []byte, perm fs.FileMode) (err error) {
	if fi, err := fsys.Stat(name); err == nil {
		perm = fi.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f, err := afero.TempFile(fsys, filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			fsys.Remove(tmp)
			err = fmt.Errorf("writing %s: %w", name, err)
		}
	}()
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	// Without the sync, a crash soon after the rename can leave an empty
	// file on some filesystems (ext4's delayed allocation, for one).
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := fsys.Chmod(tmp, perm); err != nil {
		return err
	}
	return fsys.Rename(tmp, name)
}
