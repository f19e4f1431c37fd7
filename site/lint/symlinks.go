package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/afero"
	"legalcenter/site/report"
)

// Mount is a folder Hugo reads: a module mount's source, a slash path
// relative to the site (or absolute), and its target ("static", "assets").
type Mount struct{ Source, Target string }

// Symlinks checks every folder Hugo reads (its module mounts) for
// symbolic links, and reports each at the link's own path, as an error of
// the file rule. It is the one place of this rule: the build runs it with
// the content check, the preview server before it starts.
//
// A link that leaves the repository would let one pull request publish any
// file of the build machine (static/env.txt -> /proc/self/environ). A link
// that stays inside is refused too: Hugo does not read symlinks in its
// mounts, so the file would silently be missing, and under assets/ the
// missing resource makes Hugo's minify fail with a nil-pointer error and
// can deadlock its renderer (docs/hugo-symlinked-asset.md). A mount whose
// source leaves the repository is refused at the configuration file.
//
// root is the repository on the real disk; "" (an in-memory source)
// refuses every symlink fsys shows.
func Symlinks(fsys afero.Fs, root string, mounts []Mount, configFile string) ([]report.Finding, error) {
	var out []report.Finding
	seen := map[string]bool{}
	for _, m := range mounts {
		dir := strings.ReplaceAll(m.Source, `\`, "/")
		if path.IsAbs(dir) || filepath.IsAbs(dir) || dir == ".." || strings.HasPrefix(dir, "../") {
			if root != "" {
				out = append(out, report.Finding{Level: report.Error, File: configFile, Page: configFile, Rule: ruleFile,
					Message: "a module mount reads " + dir + ", outside the repository: Hugo would read, and could publish, files of the build machine; mount a folder of the repository"})
			}
			continue
		}
		dir = path.Clean(dir)
		if seen[dir] {
			continue
		}
		seen[dir] = true
		err := afero.Walk(fsys, "/"+dir, func(p string, info fs.FileInfo, err error) error {
			if err != nil {
				if p == "/"+dir && errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return fmt.Errorf("%s: %w", strings.TrimPrefix(p, "/"), err)
			}
			if !isSymlink(fsys, root, p, info) {
				return nil
			}
			name := strings.TrimPrefix(p, "/")
			out = append(out, report.Finding{Level: report.Error, File: name, Page: name, Rule: ruleFile, Message: symlink(root, name, m.Target)})
			if info.IsDir() { // Walk followed it: do not read on
				return filepath.SkipDir
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b report.Finding) int { return strings.Compare(a.File, b.File) })
	return slices.Compact(out), nil
}

// symlink tells what is wrong with the symlink name, found in a mount of
// target.
func symlink(root, name, target string) string {
	const instead = "; commit the file itself, not a link to it"
	if root == "" {
		return "symlinks are not allowed in the folders Hugo reads" + instead
	}
	to, err := filepath.EvalSymlinks(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		return "the symlink is broken (" + err.Error() + ")" + instead
	}
	absRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return err.Error()
	}
	if rel, err := filepath.Rel(absRoot, to); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "the symlink points outside the repository (to " + filepath.ToSlash(to) + "): it could publish any file of the build machine" + instead
	}
	if target == "assets" {
		return "Hugo does not read symlinks: resources.Get finds nothing here, and minify then fails with a nil-pointer error (docs/hugo-symlinked-asset.md)" + instead
	}
	return "Hugo does not read symlinks: the file would be missing from the site" + instead
}
