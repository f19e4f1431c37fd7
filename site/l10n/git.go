package l10n

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// history reads the git history of the site's folder, where stamp and
// diff find what a translation and its source said when it was stamped.
// The build never needs it: only the translators' commands use it, and
// they say what they cannot tell without it.
type history struct {
	dir     string
	shallow map[string]bool // the boundary commits of a shallow clone
}

// Unshallow is what to do when the history is cut short.
const Unshallow = "git fetch --unshallow (in CI: actions/checkout with fetch-depth: 0)"

// openHistory opens the history of the git work tree holding dir; the
// error says why there is none.
func openHistory(dir string) (*history, error) {
	if dir == "" {
		return nil, errors.New("the site's folder is not known")
	}
	if _, err := exec.LookPath("git"); err != nil {
		return nil, errors.New("git is not installed")
	}
	h := &history{dir: dir, shallow: map[string]bool{}}
	if _, err := h.git("rev-parse", "--verify", "-q", "HEAD"); err != nil {
		return nil, fmt.Errorf("%s is not in a git repository with commits", dir)
	}
	if p, err := h.git("rev-parse", "--git-path", "shallow"); err == nil {
		p = strings.TrimSpace(p)
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if b, err := os.ReadFile(p); err == nil {
			for _, c := range strings.Fields(string(b)) {
				h.shallow[c] = true
			}
		}
	}
	return h, nil
}

func (h *history) git(args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", h.dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// written returns the newest commit that added or removed text in file (a
// slash path from the site's folder), or "" when none did.
func (h *history) written(file, text string) (string, error) {
	out, err := h.git("log", "-1", "--format=%H", "-S"+text, "--", file)
	return strings.TrimSpace(out), err
}

// show returns file as it was at commit.
func (h *history) show(commit, file string) ([]byte, error) {
	out, err := h.git("show", commit+":./"+file)
	return []byte(out), err
}

// blob is the git blob id of file as it is now on disk.
func (h *history) blob(file string) (string, error) {
	out, err := h.git("hash-object", "--", file)
	return strings.TrimSpace(out), err
}

// cat returns the blob id's contents, if the repository has it.
func (h *history) cat(blob string) ([]byte, bool) {
	out, err := h.git("cat-file", "blob", blob)
	return []byte(out), err == nil
}

// versions lists the commits that changed file, newest first; cut is
// whether the history is shallow, so older versions may be missing.
func (h *history) versions(file string) (commits []string, cut bool, err error) {
	out, err := h.git("log", "--format=%H", "--", file)
	return strings.Fields(out), len(h.shallow) > 0, err
}
