package l10n

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/spf13/afero"
)

// Tree returns the site's folder dir as it is at the git revision rev, in
// memory, for the status of a pull request's base (sitectl i18n -base).
// The folder may be a subfolder of its repository.
func Tree(dir, rev string) (afero.Fs, error) {
	h, err := openHistory(dir)
	if err != nil {
		return nil, err
	}
	if _, err := h.git("rev-parse", "--verify", "-q", rev+"^{commit}"); err != nil {
		msg := fmt.Sprintf("%s is not a commit of this repository", rev)
		if len(h.shallow) > 0 {
			msg += "; the clone is shallow, fetch it (git fetch --depth=2, or --unshallow; in CI: fetch-depth: 2)"
		}
		return nil, errors.New(msg)
	}
	prefix, err := h.git("rev-parse", "--show-prefix")
	if err != nil {
		return nil, err
	}
	prefix = strings.TrimSpace(prefix)
	// From the top of the work tree: in a subfolder, git archive would
	// look for that subfolder inside the tree it is given.
	top, err := h.git("rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	out, err := (&history{dir: strings.TrimSpace(top)}).git("archive", "--format=tar", rev+":"+prefix)
	if err != nil {
		return nil, err
	}
	fsys := afero.NewMemMapFs()
	tr := tar.NewReader(strings.NewReader(out))
	for {
		hd, err := tr.Next()
		if err == io.EOF {
			// Rooted as the site's folder is on disk (paths relative to it).
			return afero.NewBasePathFs(fsys, "/"), nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s of %s: %w", rev, dir, err)
		}
		if hd.Typeflag != tar.TypeReg {
			continue // folders come with their files; links are not content
		}
		name := "/" + path.Clean(hd.Name)
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		if err := afero.WriteFile(fsys, name, b, 0o644); err != nil {
			return nil, err
		}
	}
}
