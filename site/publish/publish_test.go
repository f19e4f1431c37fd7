package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/afero"
	"legalcenter/internal/sitetest"
)

// Dir, for the tests, writes every file of site into a temporary folder next to out, then
// replaces out with it. Writes go through dst (the real disk in production,
// a failing filesystem in tests); dst must be rooted like the OS paths.
// Two publishes of the same out at once are serialized by a lock file; the
// last one wins and neither leaves a mixed folder. An existing out that this
// tool did not publish, or that holds the working folder, is left alone and
// Dir fails: see Check.
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

func site(files map[string]string) afero.Fs {
	fs := afero.NewMemMapFs()
	for name, data := range files {
		afero.WriteFile(fs, "/"+name, []byte(data), 0o644)
	}
	return fs
}

// leftovers lists what publishing left next to out, besides out and its
// lock file.
func leftovers(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, e := range entries {
		if e.Name() != filepath.Base(out) && e.Name() != filepath.Base(lockName(out)) {
			extra = append(extra, e.Name())
		}
	}
	return extra
}

func TestReplace(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	ctx := context.Background()
	if err := Dir(ctx, site(map[string]string{"en/index.html": "one", "old.html": "gone soon"}), afero.NewOsFs(), out); err != nil {
		t.Fatal(err)
	}
	if err := Dir(ctx, site(map[string]string{"en/index.html": "two", "ko/index.html": "둘"}), afero.NewOsFs(), out); err != nil {
		t.Fatal(err)
	}
	got := sitetest.Tree(t, out)
	if len(got) != 2 || got["en/index.html"] != "two" || got["ko/index.html"] != "둘" {
		t.Errorf("published tree = %v", got)
	}
	if extra := leftovers(t, out); len(extra) > 0 {
		t.Errorf("temporary files left behind: %v", extra)
	}
}

// TestReplaceByTwoRenames: where the system cannot exchange two folders in
// one step (Windows, other filesystems), the old folder is moved aside and
// the new one in: the same result, nothing left behind. A filesystem that
// is not *afero.OsFs takes that way on the real disk.
func TestReplaceByTwoRenames(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	disk := struct{ afero.Fs }{afero.NewOsFs()}
	for _, v := range []string{"one", "two"} {
		if err := Dir(context.Background(), site(map[string]string{"en/index.html": v, v + ".html": v}), disk, out); err != nil {
			t.Fatal(err)
		}
	}
	if got := sitetest.Tree(t, out); len(got) != 2 || got["en/index.html"] != "two" || got["two.html"] != "two" {
		t.Errorf("published tree = %v", got)
	}
	if extra := leftovers(t, out); len(extra) > 0 {
		t.Errorf("temporary files left behind: %v", extra)
	}
}

func TestFailureKeepsPrevious(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	prev := map[string]string{"en/index.html": "previous", "en/privacy-policy/index.html": "kept"}
	if err := Dir(context.Background(), site(prev), afero.NewOsFs(), out); err != nil {
		t.Fatal(err)
	}
	next := site(map[string]string{"a.html": strings.Repeat("a", 100), "b.html": strings.Repeat("b", 100)})

	t.Run("disk full", func(t *testing.T) {
		err := Dir(context.Background(), next, &sitetest.FullDisk{Fs: afero.NewOsFs(), Budget: 150}, out)
		if err == nil || !strings.Contains(err.Error(), "no space left") {
			t.Fatalf("err = %v", err)
		}
		if got := sitetest.Tree(t, out); len(got) != 2 || got["en/index.html"] != "previous" {
			t.Errorf("previous site changed: %v", got)
		}
		if extra := leftovers(t, out); len(extra) > 0 {
			t.Errorf("temporary files left behind: %v", extra)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := Dir(ctx, next, afero.NewOsFs(), out); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		if got := sitetest.Tree(t, out); len(got) != 2 || got["en/privacy-policy/index.html"] != "kept" {
			t.Errorf("previous site changed: %v", got)
		}
		if extra := leftovers(t, out); len(extra) > 0 {
			t.Errorf("temporary files left behind: %v", extra)
		}
	})
}

// TestConcurrent: two publishes at once leave one complete site, never a mix.
func TestConcurrent(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	a := map[string]string{}
	b := map[string]string{}
	for i := range 50 {
		name := filepath.ToSlash(filepath.Join("p", string(rune('a'+i%26)), strings.Repeat("x", i%7+1)+".html"))
		a[name] = "A"
		b[name] = "B"
	}
	for range 5 {
		var wg sync.WaitGroup
		for _, files := range []map[string]string{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := Dir(context.Background(), site(files), afero.NewOsFs(), out); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		got := sitetest.Tree(t, out)
		var first string
		for _, v := range got {
			if first == "" {
				first = v
			}
			if v != first {
				t.Fatalf("mixed site: %v", got)
			}
		}
		if len(got) != len(a) {
			t.Fatalf("incomplete site: %d files, want %d", len(got), len(a))
		}
		if extra := leftovers(t, out); len(extra) > 0 {
			t.Errorf("temporary files left behind: %v", extra)
		}
	}
}

// TestRefusesForeignFolder: a mistyped output folder (the content, the
// repository, a project holding an index.html, a parent of the working
// folder) is never replaced: that would delete it. Only a new or empty
// folder, or one published here before, is. Every folder here is a
// temporary one, the working folder too.
func TestRefusesForeignFolder(t *testing.T) {
	for _, tc := range []struct {
		name      string
		files     map[string]string // the folder before publishing; nil: none
		published bool              // published here before: its lock file is beside it
		link      bool              // out is a symbolic link to the folder
		wd        string            // the working folder, relative to the folder; "": unchanged
		want      string            // "": published
	}{
		{name: "new folder"},
		{name: "empty folder", files: map[string]string{}},
		{name: "published before", files: map[string]string{"index.html": "old", "en/index.html": "old"}, published: true},
		{name: "published before, then emptied", files: map[string]string{}, published: true},
		{name: "sources", files: map[string]string{"en/privacy-policy.md": "+++", "ko/privacy-policy.md": "+++"}, want: "was never published to (no .out.lock beside it)"},
		{name: "a project with an index.html", files: map[string]string{"index.html": "mine", ".git/HEAD": "ref: refs/heads/main", "src/app.js": "x", "notes.txt": "x"}, want: "was never published to"},
		{name: "hidden files only", files: map[string]string{".git/HEAD": "ref: refs/heads/main"}, want: "was never published to"},
		{name: "a file", files: map[string]string{"": "not a folder"}, want: "exists and is not a folder"},
		{name: "symbolic link", files: map[string]string{"index.html": "old"}, published: true, link: true, want: "is a symbolic link to "},
		{name: "working folder", files: map[string]string{"index.html": "mine"}, published: true, wd: ".", want: "holds the working folder"},
		{name: "parent of the working folder", files: map[string]string{"index.html": "mine", "repo/hugo.toml": "x"}, published: true, wd: "repo", want: "holds the working folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			target := out
			if tc.link {
				target = filepath.Join(dir, "elsewhere")
				if err := os.Symlink(target, out); err != nil {
					t.Skip(err) // Windows without the privilege
				}
			}
			if tc.files != nil {
				if data, ok := tc.files[""]; ok {
					os.WriteFile(target, []byte(data), 0o644)
				} else {
					os.MkdirAll(target, 0o755)
				}
				for name, data := range tc.files {
					if name == "" {
						continue
					}
					os.MkdirAll(filepath.Dir(filepath.Join(target, name)), 0o755)
					os.WriteFile(filepath.Join(target, name), []byte(data), 0o644)
				}
			}
			if tc.published {
				os.WriteFile(lockName(out), nil, 0o644)
			}
			if tc.wd != "" {
				t.Chdir(filepath.Join(target, tc.wd))
			}
			tree := dir // (Tree would read a link as a file)
			if tc.link {
				tree = target
			}
			before := sitetest.Tree(t, tree)
			err := Dir(context.Background(), site(map[string]string{"index.html": "new"}), afero.NewOsFs(), out)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := sitetest.Tree(t, out); len(got) != 1 || got["index.html"] != "new" {
					t.Errorf("published tree = %v", got)
				}
				if _, err := os.Stat(lockName(out)); err != nil {
					t.Errorf("no lock file beside the published folder: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrRefused) {
				t.Fatalf("err = %v, want ErrRefused saying %q", err, tc.want)
			}
			if tc.link && !strings.Contains(err.Error(), target) {
				t.Errorf("err = %v, does not name the link's target %s", err, target)
			}
			after := sitetest.Tree(t, tree)
			if len(after) != len(before) {
				t.Errorf("the folder changed from %d to %d files: %v", len(before), len(after), after)
			}
			for k, v := range before {
				if after[k] != v {
					t.Errorf("%s changed", k)
				}
			}
			if fi, err := os.Lstat(out); tc.link && (err != nil || fi.Mode()&os.ModeSymlink == 0) {
				t.Errorf("the link is gone: %v", err)
			}
		})
	}
}

// TestMountPoint: a mount point cannot be renamed, so it is refused before
// any work, naming what to do instead. The mount points are the system's
// own, as /proc/self/mountinfo lists them.
func TestMountPoint(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("mount points listed in /proc/self/mountinfo")
	}
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Skip(err)
	}
	mounts := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 4 {
			mounts[f[4]] = true
		}
	}
	wd, _ := os.Getwd()
	tmp := t.TempDir()
	tested := 0
	for _, dir := range []string{"/proc", "/sys", "/dev", "/dev/shm", "/etc/hosts", tmp, filepath.Dir(tmp), wd} {
		fi, err := os.Lstat(dir)
		if err != nil || !fi.IsDir() {
			continue
		}
		got, err := mountPoint(dir)
		if err != nil {
			t.Fatal(err)
		}
		if got != mounts[dir] {
			t.Errorf("mountPoint(%s) = %v, /proc/self/mountinfo says %v", dir, got, mounts[dir])
		}
		if !got || within(dir, wd) {
			continue
		}
		tested++
		err = Check(afero.NewOsFs(), dir)
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), dir+" is a mount point") {
			t.Errorf("Check(%s) = %v, want a mount point refused", dir, err)
		}
	}
	if tested == 0 {
		t.Skip("no mount point to try")
	}
}

// TestMode: the published folder is readable by everyone, as the umask
// allows, like every folder inside it: a web server running as another user
// serves it.
func TestMode(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "ref"), 0o755); err != nil {
		t.Fatal(err)
	}
	ref, err := os.Stat(filepath.Join(dir, "ref"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"new", "replaced"} {
		out := filepath.Join(dir, name)
		if name == "replaced" {
			if err := Dir(context.Background(), site(map[string]string{"index.html": "old"}), afero.NewOsFs(), out); err != nil {
				t.Fatal(err)
			}
		}
		if err := Dir(context.Background(), site(map[string]string{"index.html": "new", "en/index.html": "new"}), afero.NewOsFs(), out); err != nil {
			t.Fatal(err)
		}
		for _, d := range []string{out, filepath.Join(out, "en")} {
			fi, err := os.Stat(d)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != ref.Mode().Perm() {
				t.Errorf("%s: mode %v, want %v", d, fi.Mode().Perm(), ref.Mode().Perm())
			}
		}
	}
}

// TestSweepsKilledBuilds: a staging folder that a killed build left beside
// the output folder (nobody holds its lock) is removed by the next build;
// one whose build still holds it stays, whatever process, container or
// host it runs in, as does one made in the last minute, and any other
// folder.
func TestSweepsKilledBuilds(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	old := time.Now().Add(-time.Hour)
	for _, tc := range []struct {
		name   string
		old    bool // made an hour ago
		locked bool // its build still runs
		keep   bool
	}{
		{".public.tmp-ci7f3a-4711-7", true, false, false},     // killed build: removed
		{".public.tmp-elsewhere-4711-8", true, false, false},  // another host's, killed: removed
		{".public.tmp-elsewhere-4712-9", true, true, true},    // another host's, running: kept
		{".public.tmp-ci7f3a-4713-10", false, false, true},    // just made, not locked yet: kept
		{".public.tmp-keep", true, false, true},               // not a staging folder
		{".other.tmp-ci7f3a-4711-11", true, false, true},      // another output folder's
		{".public.tmp-ci7f3a-4711-12.old", true, false, true}, // a swap under way
	} {
		d := filepath.Join(dir, tc.name)
		if err := os.MkdirAll(filepath.Join(d, "en"), 0o755); err != nil {
			t.Fatal(err)
		}
		if tc.old {
			if err := os.Chtimes(d, old, old); err != nil {
				t.Fatal(err)
			}
		}
		if tc.locked {
			f, err := lockStaging(d, true)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
		}
		defer func() {
			_, err := os.Stat(d)
			if exists := err == nil; exists != tc.keep {
				t.Errorf("%s: exists %v, want %v", tc.name, exists, tc.keep)
			}
		}()
	}
	s, err := Begin(afero.NewOsFs(), out)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The new staging folder is held: another build's sweep leaves it.
	if _, err := lockStaging(s.tmp, true); !errors.Is(err, errLocked) {
		t.Errorf("locking the new staging folder again: %v, want errLocked", err)
	}
	if !strings.HasPrefix(filepath.Base(s.tmp), ".public.tmp-"+owner()+"-") {
		t.Errorf("staging folder %s is not named by this build", s.tmp)
	}
}
