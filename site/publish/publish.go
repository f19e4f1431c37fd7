// Package publish swaps a finished site into its output folder atomically:
// readers and later stages see either the previous site or the new one,
// never a mix, and a failure leaves the previous folder as it was.
package publish

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
	"github.com/spf13/afero"
)

// Staging is a temporary folder next to an output folder, which a build
// writes its site into and Commit puts in the output folder's place. A
// build that stages never holds the whole site in memory, and publishing
// is a rename, not a copy.
type Staging struct {
	dst      afero.Fs
	out, tmp string
	held     *flock.Flock // the staging folder's lock, held while the build lasts (real disk)
}

// Begin makes the staging folder of out. It fails at once, before any
// work, when out may not be replaced (see Check). The caller must
// Close it.
func Begin(dst afero.Fs, out string) (*Staging, error) {
	out = filepath.Clean(out)
	parent, base := filepath.Split(out)
	if parent == "" {
		parent = "."
	}
	if err := Check(dst, out); err != nil {
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
		if s.held, err = lockStaging(tmp, false); err != nil {
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
	err := RemoveAll(s.dst, s.tmp)
	if s.held != nil {
		s.held.Close() // and with it the lock
		os.Remove(s.held.Path())
		s.held = nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// RemoveAll removes dir and everything in it, as fsys.RemoveAll does, up
// to eight entries of dir at a time: a site's thousands of files (a folder
// per language) are unlinked in a fraction of the time, which a build
// waits for before it ends.
func RemoveAll(fsys afero.Fs, dir string) error {
	entries, err := afero.ReadDir(fsys, dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fsys.RemoveAll(dir)
	}
	errs := make([]error, len(entries))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(8, len(entries)) {
		wg.Go(func() {
			for i := range next {
				errs[i] = fsys.RemoveAll(filepath.Join(dir, entries[i].Name()))
			}
		})
	}
	for i := range entries {
		next <- i
	}
	close(next)
	wg.Wait()
	return errors.Join(append(errs, fsys.RemoveAll(dir))...)
}

// lockStaging takes an exclusive lock on the staging folder dir, through
// the file dir+".lock" beside it (a folder cannot be locked on every
// system, nor renamed on Windows while it is open): a lock that holds
// across processes, containers and, on NFS, hosts (flock; LockFileEx on
// Windows). It waits for the lock unless try; with try, a folder locked
// elsewhere is errLocked. The lock lasts until the returned lock is closed.
func lockStaging(dir string, try bool) (*flock.Flock, error) {
	l := flock.New(dir+".lock", flock.SetPermissions(0o644))
	if !try {
		if err := l.Lock(); err != nil {
			return nil, err
		}
		return l, nil
	}
	ok, err := l.TryLock()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errLocked
	}
	return l, nil
}

var errLocked = errors.New("locked by another build")

// lockName is the lock file of the output folder out, next to it. It stays
// after a publish, and so also tells that out was published here before.
func lockName(out string) string {
	parent, base := filepath.Split(out)
	return filepath.Join(parent, "."+base+".lock")
}

// Check tells why the folder out must not be replaced by a publish, if it
// must not: a mistyped -o (the content folder, the repository, a project
// that happens to hold an index.html) would otherwise be deleted. A folder
// is replaced only when it does not exist, is empty, or was published here
// before (the lock file beside it, which every publish keeps, says so), and
// never when it holds the working folder. A symbolic link is refused (a
// publish would replace the link, not the folder it names), and so is a
// mount point (a rename cannot move it: the build would fail at its end).
// The errors are ErrRefused.
func Check(dst afero.Fs, out string) error {
	out = filepath.Clean(out)
	var fi fs.FileInfo
	var err error
	if l, ok := dst.(afero.Lstater); ok {
		fi, _, err = l.LstatIfPossible(out)
	} else {
		fi, err = dst.Stat(out)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target := "?"
		if r, ok := dst.(afero.LinkReader); ok {
			if t, err := r.ReadlinkIfPossible(out); err == nil {
				target = t
			}
		}
		return refusal(fmt.Sprintf("%s is a symbolic link to %s: publishing would replace the link, not the folder it names; give the folder itself, or another one", out, target))
	}
	if fi.Mode()&fs.ModeIrregular != 0 {
		return refusal(fmt.Sprintf("%s is a mount point or a junction (%v), which publishing cannot replace; publish into a folder inside it", out, fi.Mode().Type()))
	}
	if !fi.IsDir() {
		return refusal(fmt.Sprintf("%s exists and is not a folder", out))
	}
	if abs, err := filepath.Abs(out); err == nil {
		if wd, err := os.Getwd(); err == nil && within(abs, wd) {
			return refusal(fmt.Sprintf("%s holds the working folder %s, which publishing would delete: publish into a folder of its own, such as public", out, wd))
		}
	}
	if _, ok := dst.(*afero.OsFs); ok {
		mount, err := mountPoint(out)
		if err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if mount {
			return refusal(fmt.Sprintf("%s is a mount point, which publishing cannot replace (it renames a new folder into its place); publish into a folder inside it, such as %s", out, filepath.Join(out, "public")))
		}
	}
	if ok, _ := afero.Exists(dst, lockName(out)); ok {
		return nil
	}
	empty, err := afero.IsEmpty(dst, out)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if !empty {
		return refusal(fmt.Sprintf("%s is not empty and was never published to (no %s beside it): publishing would delete what it holds; remove it yourself or choose another folder", out, filepath.Base(lockName(out))))
	}
	return nil
}

// ErrRefused is what the errors of Check are: the output folder may not
// be replaced, and nothing was done.
var ErrRefused = errors.New("the output folder may not be replaced")

// refusal is an error of Check.
type refusal string

func (r refusal) Error() string        { return "publish: " + string(r) }
func (r refusal) Is(target error) bool { return target == ErrRefused }

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
		l, err := lockStaging(dir, true)
		if err != nil {
			continue // in use, or gone
		}
		dst.RemoveAll(dir)
		l.Close()
		os.Remove(l.Path())
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

// swap puts the folder tmp in place of out. Where the system can (Linux,
// macOS on APFS), the two folders are exchanged in one step; elsewhere the
// old folder is moved aside, then the new one in, and a reader may find no
// folder between the two renames. Afterwards tmp holds the old site and is
// removed by the caller.
func swap(dst afero.Fs, tmp, out string) error {
	if _, err := dst.Stat(out); errors.Is(err, fs.ErrNotExist) {
		return dst.Rename(tmp, out)
	}
	if _, ok := dst.(*afero.OsFs); ok {
		err := exchange(tmp, out)
		if err == nil {
			return nil
		}
		if !errors.Is(err, errNoExchange) {
			return fmt.Errorf("publish: %w", err)
		}
	}
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

// errNoExchange: the system or the filesystem cannot exchange two folders
// in one step.
var errNoExchange = errors.New("no atomic exchange")

// lock takes an exclusive lock on name while the folder is swapped. The
// file stays, on every filesystem: it tells Check that the folder beside
// it was published here.
func lock(dst afero.Fs, name string) (func(), error) {
	if _, ok := dst.(*afero.OsFs); !ok {
		f, err := dst.OpenFile(name, os.O_CREATE|os.O_RDONLY, 0o644)
		if err != nil {
			return nil, fmt.Errorf("publish: %w", err)
		}
		f.Close()
		return func() {}, nil // only the real disk is shared with other builds
	}
	l := flock.New(name, flock.SetPermissions(0o644))
	if err := l.Lock(); err != nil {
		return nil, fmt.Errorf("publish: lock %s: %w", name, err)
	}
	return func() { l.Close() }, nil
}
