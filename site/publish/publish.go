// Package publish swaps a finished site into its output folder atomically:
// readers and later stages see either the previous site or the new one,
// never a mix, and a failure leaves the previous folder as it was.
package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/afero"
	"golang.org/x/sys/unix"
)

// Dir writes every file of site into a temporary folder next to out, then
// replaces out with it. Writes go through dst (the real disk in production,
// a failing filesystem in tests); dst must be rooted like the OS paths.
// Two publishes of the same out at once are serialized by a lock file; the
// last one wins and neither leaves a mixed folder. An existing out that does
// not look like a built site, or that holds the working folder, is left alone
// and Dir fails: see replaceable.
func Dir(ctx context.Context, site afero.Fs, dst afero.Fs, out string) (err error) {
	s, err := Begin(dst, out)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := s.Close(); err == nil {
			err = cerr
		}
	}()
	if err := copyTree(ctx, site, dst, s.tmp); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return s.Commit(ctx)
}

// Staging is a temporary folder next to an output folder, which a build
// writes its site into and Commit puts in the output folder's place. A
// build that stages never holds the whole site in memory, and publishing
// is a rename, not a copy.
type Staging struct {
	dst      afero.Fs
	out, tmp string
	held     *os.File // the staging folder, locked while the build lasts (real disk)
}

// Begin makes the staging folder of out. It fails at once, before any
// work, when out may not be replaced (see replaceable). The caller must
// Close it.
func Begin(dst afero.Fs, out string) (*Staging, error) {
	out = filepath.Clean(out)
	parent, base := filepath.Split(out)
	if parent == "" {
		parent = "."
	}
	if err := replaceable(dst, out, lockName(out)); err != nil {
		return nil, err
	}
	if err := dst.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	sweep(dst, parent, base)
	tmp, err := tempDir(dst, parent, "."+base+".tmp-"+owner()+"-")
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	s := &Staging{dst: dst, out: out, tmp: tmp}
	if _, ok := dst.(*afero.OsFs); ok {
		// The lock tells other builds' sweeps that this folder is in use,
		// whatever process, container or host they run in.
		if s.held, err = lockDir(tmp, false); err != nil {
			s.Close()
			return nil, fmt.Errorf("publish: %w", err)
		}
	}
	return s, nil
}

// Fs is the staging folder, rooted at "/".
func (s *Staging) Fs() afero.Fs { return afero.NewBasePathFs(s.dst, s.tmp) }

// Commit replaces the output folder with the staged site, under the lock
// that serializes publishes of the same folder. Afterwards the staging
// folder holds the previous site, which Close removes.
func (s *Staging) Commit(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	unlock, err := lock(s.dst, lockName(s.out))
	if err != nil {
		return err
	}
	defer unlock()
	return swap(s.dst, s.tmp, s.out)
}

// Published is the output folder, rooted at "/".
func (s *Staging) Published() afero.Fs { return afero.NewBasePathFs(s.dst, s.out) }

// Close removes the staging folder: the unpublished site, or after Commit
// the previous one.
func (s *Staging) Close() error {
	err := s.dst.RemoveAll(s.tmp)
	if s.held != nil {
		s.held.Close() // and with it the lock
		s.held = nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// lockDir opens the folder dir and takes an exclusive lock on it (flock,
// which holds across processes, containers and, on NFS, hosts), waiting
// for it unless try; the lock lasts until the returned file is closed.
// With try, a folder locked elsewhere is errLocked.
func lockDir(dir string, try bool) (*os.File, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	how := unix.LOCK_EX
	if try {
		how |= unix.LOCK_NB
	}
	if err := unix.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, err
	}
	return f, nil
}

var errLocked = errors.New("locked by another build")

// lockName is the lock file of the output folder out, next to it. It stays
// after a publish, and so also tells that out was published here before.
func lockName(out string) string {
	parent, base := filepath.Split(out)
	return filepath.Join(parent, "."+base+".lock")
}

// replaceable tells why the folder out must not be replaced, if it must not:
// a mistyped -o (the content folder, the repository, a parent of the working
// folder) would otherwise be deleted. An existing folder is replaced only when
// it is empty, holds a site (an index.html at its root) or was published here
// before (its lock file exists), and never when it holds the working folder.
func replaceable(dst afero.Fs, out, lockFile string) error {
	fi, err := dst.Stat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("publish: %s exists and is not a folder", out)
	}
	if abs, err := filepath.Abs(out); err == nil {
		if wd, err := os.Getwd(); err == nil && within(abs, wd) {
			return fmt.Errorf("publish: %s holds the working folder %s, which publishing would delete: publish into a folder of its own, such as public", out, wd)
		}
	}
	for _, marker := range []string{filepath.Join(out, "index.html"), lockFile} {
		if ok, _ := afero.Exists(dst, marker); ok {
			return nil
		}
	}
	empty, err := afero.IsEmpty(dst, out)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if !empty {
		return fmt.Errorf("publish: %s is not empty and does not look like a built site (no index.html, never published to): publishing would delete it; remove it yourself or choose another folder", out)
	}
	return nil
}

// within reports whether the absolute path p is dir or lies inside it,
// symbolic links resolved.
func within(dir, p string) bool {
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	if q, err := filepath.EvalSymlinks(p); err == nil {
		p = q
	}
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// owner names the build in its staging folder, for a person who finds
// one: the host name (in a container, the container's) and the process
// id, "ci7f3a-4711". The sweep goes by the folder's lock, not its name.
func owner() string {
	return host() + "-" + strconv.Itoa(os.Getpid())
}

// host is the host name, with only the characters a folder name keeps
// everywhere.
func host() string {
	h, _ := os.Hostname()
	h = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, h)
	if h == "" {
		return "host"
	}
	return h
}

// sweep removes the staging folders of out that builds killed before
// they could clean up (SIGKILL, a crash, the machine stopped) left beside
// it. A build holds a lock on its staging folder while it lasts, so a
// folder nobody holds is left over, whichever process, container or host
// made it; one made in the last minute is spared (its build may not have
// locked it yet). Anything else is left alone. Only on the real disk;
// best effort.
func sweep(dst afero.Fs, parent, base string) {
	if _, ok := dst.(*afero.OsFs); !ok {
		return
	}
	entries, err := afero.ReadDir(dst, parent)
	if err != nil {
		return
	}
	stale := regexp.MustCompile(`^\.` + regexp.QuoteMeta(base) + `\.tmp-[A-Za-z0-9]+-\d+-\d+$`)
	for _, e := range entries {
		if !e.IsDir() || !stale.MatchString(e.Name()) || time.Since(e.ModTime()) < sweepAge {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		f, err := lockDir(dir, true)
		if err != nil {
			continue // in use, or gone
		}
		dst.RemoveAll(dir)
		f.Close()
	}
}

// sweepAge is how old a staging folder must be before a sweep looks at it.
const sweepAge = time.Minute

// tempDir creates a new folder in parent with the mode a folder gets from
// MkdirAll (0o755 less the umask), unlike os.MkdirTemp's 0o700: the folder
// becomes the published site, which a web server running as another user
// must be able to read.
func tempDir(dst afero.Fs, parent, prefix string) (string, error) {
	for range 100 {
		name := filepath.Join(parent, prefix+strconv.FormatUint(uint64(rand.Uint32()), 10))
		err := dst.Mkdir(name, 0o755)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("no unused temporary folder name in %s", parent)
}

// copyTree copies every file of src into dir on dst.
func copyTree(ctx context.Context, src, dst afero.Fs, dir string) error {
	return afero.Walk(src, "/", func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel := strings.TrimPrefix(filepath.ToSlash(p), "/")
		target := filepath.Join(dir, filepath.FromSlash(rel))
		if info.IsDir() {
			return dst.MkdirAll(target, 0o755)
		}
		in, err := src.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		w, err := dst.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, in); err != nil {
			w.Close()
			return fmt.Errorf("writing %s: %w", rel, err)
		}
		if err := w.Close(); err != nil {
			return fmt.Errorf("writing %s: %w", rel, err)
		}
		return nil
	})
}

// swap puts the folder tmp in place of out. On the real disk the exchange is
// a single renameat2(RENAME_EXCHANGE); afterwards tmp holds the old site and
// is removed by the caller.
func swap(dst afero.Fs, tmp, out string) error {
	if _, err := dst.Stat(out); errors.Is(err, fs.ErrNotExist) {
		return dst.Rename(tmp, out)
	}
	if _, ok := dst.(*afero.OsFs); ok {
		err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
		if err == nil {
			return nil
		}
		if !errors.Is(err, unix.ENOSYS) && !errors.Is(err, unix.EINVAL) {
			return fmt.Errorf("publish: %w", err)
		}
	}
	// No atomic exchange: move the old folder aside, then the new one in.
	old := tmp + ".old"
	if err := dst.Rename(out, old); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := dst.Rename(tmp, out); err != nil {
		if back := dst.Rename(old, out); back != nil {
			return fmt.Errorf("publish: %w (and restoring %s failed: %v)", err, out, back)
		}
		return fmt.Errorf("publish: %w", err)
	}
	return dst.Rename(old, tmp) // the caller removes tmp
}

// lock takes an exclusive lock on name while the folder is swapped.
func lock(dst afero.Fs, name string) (func(), error) {
	if _, ok := dst.(*afero.OsFs); !ok {
		return func() {}, nil // in-memory filesystems have no other writers
	}
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("publish: lock %s: %w", name, err)
	}
	return func() {
		unix.Flock(int(f.Fd()), unix.LOCK_UN)
		f.Close()
	}, nil
}
