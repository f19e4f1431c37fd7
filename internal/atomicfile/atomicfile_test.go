package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/spf13/afero"
	"legalcenter/internal/sitetest"
)

// TestWrite: the new contents replace the old, with the old file's mode,
// on memory and on disk, and nothing is left beside the file.
func TestWrite(t *testing.T) {
	for _, tc := range []struct {
		name string
		fs   func(t *testing.T) (afero.Fs, string)
	}{
		{"memory", func(t *testing.T) (afero.Fs, string) { return afero.NewMemMapFs(), "/site" }},
		{"disk", func(t *testing.T) (afero.Fs, string) { return afero.NewOsFs(), t.TempDir() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys, dir := tc.fs(t)
			fsys.MkdirAll(dir, 0o755)
			name := filepath.Join(dir, "ko.toml")
			if err := Write(fsys, name, []byte("new file"), 0o640); err != nil {
				t.Fatal(err)
			}
			if fi, _ := fsys.Stat(name); fi.Mode().Perm() != 0o640 && runtime.GOOS != "windows" {
				t.Errorf("new file: mode %v, want 0640", fi.Mode().Perm())
			}
			if err := fsys.Chmod(name, 0o604); err != nil {
				t.Fatal(err)
			}
			if err := Write(fsys, name, []byte("stamped"), 0o644); err != nil {
				t.Fatal(err)
			}
			if b, _ := afero.ReadFile(fsys, name); string(b) != "stamped" {
				t.Errorf("contents %q", b)
			}
			if fi, _ := fsys.Stat(name); fi.Mode().Perm() != 0o604 && runtime.GOOS != "windows" {
				t.Errorf("mode %v, want the old file's 0604", fi.Mode().Perm())
			}
			assertOnly(t, fsys, dir, "ko.toml")
		})
	}
}

// TestFailedWriteKeepsOriginal: a disk that fills up, or a folder that
// refuses new files, leaves the original whole, where writing in place
// would truncate it, and no temporary file behind.
func TestFailedWriteKeepsOriginal(t *testing.T) {
	const orig = "+++\ntitle = \"개인정보 처리방침\"\n+++\n## 보존 {#data-retention}\n"
	t.Run("disk full", func(t *testing.T) {
		mem := afero.NewMemMapFs()
		afero.WriteFile(mem, "/c/ko.md", []byte(orig), 0o644)
		full := &sitetest.FullDisk{Fs: mem, Budget: 10}
		err := Write(full, "/c/ko.md", []byte(orig+"[params.source]\nhash = \"24cd21e512b90b92\"\n"), 0o644)
		if !errors.Is(err, sitetest.ErrDiskFull) {
			t.Fatalf("err = %v, want the disk full", err)
		}
		if b, _ := afero.ReadFile(mem, "/c/ko.md"); string(b) != orig {
			t.Errorf("original changed to %q", b)
		}
		assertOnly(t, mem, "/c", "ko.md")
		// What Write replaces: afero.WriteFile truncates first.
		afero.WriteFile(full, "/c/ko.md", []byte(orig+"more"), 0o644)
		if b, _ := afero.ReadFile(mem, "/c/ko.md"); string(b) == orig {
			t.Errorf("the full disk does not fail an in-place write: the test shows nothing")
		}
	})
	t.Run("read-only folder", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("a folder's mode does not stop new files on Windows")
		}
		dir := t.TempDir()
		name := filepath.Join(dir, "ko.md")
		os.WriteFile(name, []byte(orig), 0o644)
		os.Chmod(dir, 0o555)
		defer os.Chmod(dir, 0o755)
		if f, err := os.Create(filepath.Join(dir, "probe")); err == nil {
			f.Close()
			os.Remove(f.Name())
			t.Skip("running as a user that writes anywhere (root)")
		}
		if err := Write(afero.NewOsFs(), name, []byte("new"), 0o644); err == nil {
			t.Fatal("no error")
		}
		if b, _ := os.ReadFile(name); string(b) != orig {
			t.Errorf("original changed to %q", b)
		}
	})
}

// assertOnly fails unless dir holds exactly the named files.
func assertOnly(t *testing.T, fsys afero.Fs, dir string, names ...string) {
	t.Helper()
	entries, err := afero.ReadDir(fsys, dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("%s holds %v, want %v", dir, got, names)
	}
	for i := range got {
		if got[i] != names[i] {
			t.Fatalf("%s holds %v, want %v", dir, got, names)
		}
	}
}
