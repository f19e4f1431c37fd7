package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestWatch: each way editors and people change files is reported as
// the one change it makes, once the folder is quiet.
func TestWatch(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(t *testing.T, dir string)
		want string
	}{
		{"write in place", func(t *testing.T, dir string) {
			write(t, dir, "content/ko/a.md", "edited")
		}, "written content/ko/a.md"},
		{"many writes, one change", func(t *testing.T, dir string) {
			for i := range 5 {
				write(t, dir, "content/ko/a.md", fmt.Sprint("edit ", i))
				time.Sleep(2 * time.Millisecond)
			}
		}, "written content/ko/a.md"},
		{"atomic save: a temporary file renamed over the document", func(t *testing.T, dir string) {
			write(t, dir, "content/ko/.a.md.swp", "swap")
			write(t, dir, "content/ko/a.md.tmp1234", "edited")
			rename(t, dir, "content/ko/a.md.tmp1234", "content/ko/a.md")
			remove(t, dir, "content/ko/.a.md.swp")
		}, "written content/ko/a.md"},
		{"vim: backup by rename, write anew", func(t *testing.T, dir string) {
			write(t, dir, "content/ko/4913", "")
			remove(t, dir, "content/ko/4913")
			rename(t, dir, "content/ko/a.md", "content/ko/a.md~")
			write(t, dir, "content/ko/a.md", "edited")
			remove(t, dir, "content/ko/a.md~")
		}, "written content/ko/a.md"},
		{"delete", func(t *testing.T, dir string) {
			remove(t, dir, "content/ko/a.md")
		}, "removed content/ko/a.md"},
		{"rename", func(t *testing.T, dir string) {
			rename(t, dir, "content/ko/a.md", "content/ko/b.md")
		}, "removed content/ko/a.md, created content/ko/b.md"},
		{"new file", func(t *testing.T, dir string) {
			write(t, dir, "content/en/c.md", "new")
		}, "created content/en/c.md"},
		{"new folder with a file", func(t *testing.T, dir string) {
			write(t, dir, "content/en/legal/d.md", "new")
		}, "created content/en/legal/d.md"},
		{"folder removed", func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "content", "ko")); err != nil {
				t.Fatal(err)
			}
		}, "removed content/ko/a.md"},
		{"configuration, in the root", func(t *testing.T, dir string) {
			write(t, dir, "hugo.toml", "title = 'x'")
		}, "written hugo.toml"},
		{"a folder not watched", func(t *testing.T, dir string) {
			write(t, dir, "public/index.html", "x")
			write(t, dir, "content/ko/a.md", "edited")
		}, "written content/ko/a.md"},
		{"a path skipped", func(t *testing.T, dir string) {
			write(t, dir, "content/ko/.git/x", "x")
			write(t, dir, "content/ko/a.md", "edited")
		}, "written content/ko/a.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "hugo.toml", "")
			write(t, dir, "content/ko/a.md", "a")
			write(t, dir, "content/en/a.md", "a")
			if err := os.MkdirAll(filepath.Join(dir, "content", "ko", ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
			// A long quiet time: these cases are about what a burst
			// reports, and a loaded machine (go test ./... on two cores)
			// can pause between two steps of one save for longer than
			// the default 20ms.
			w, err := New(dir, Options{Dirs: []string{".", "content"}, Quiet: 250 * time.Millisecond, Skip: func(p string) bool { return strings.Contains(p, "/.git") }})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			tc.do(t, dir)
			if got := next(t, w, 5*time.Second); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if got := next(t, w, 600*time.Millisecond); got != "" {
				t.Errorf("then %q, want nothing more", got)
			}
		})
	}
}

// TestWatchDebounce: a burst is reported once the folder has been quiet
// for Quiet, and a burst that goes on is reported after Max.
func TestWatchDebounce(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "content/a.md", "a")
	w, err := New(dir, Options{Dirs: []string{"content"}, Quiet: 30 * time.Millisecond, Max: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	start := time.Now()
	write(t, dir, "content/a.md", "b")
	if got := next(t, w, 5*time.Second); got != "written content/a.md" {
		t.Fatalf("got %q", got)
	}
	if took := time.Since(start); took < 30*time.Millisecond {
		t.Errorf("reported after %v, before the folder was quiet for 30ms", took)
	}

	// Writes every 10ms for 3s: never quiet, reported after about Max
	// (300ms) rather than once they stop. The bound leaves room for a
	// loaded machine.
	stop := make(chan struct{})
	go func() {
		defer close(stop)
		for i := range 300 {
			os.WriteFile(filepath.Join(dir, "content", "a.md"), []byte(fmt.Sprint(i)), 0o644)
			time.Sleep(10 * time.Millisecond)
		}
	}()
	start = time.Now()
	if got := next(t, w, 5*time.Second); got != "written content/a.md" {
		t.Fatalf("got %q", got)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("a continuous burst was first reported after %v, want about Max (300ms)", took)
	}
	<-stop
}

// TestMerge: a burst read late is merged with the one before it.
func TestMerge(t *testing.T) {
	for _, tc := range []struct{ a, b, want []Change }{
		{[]Change{{"a", Created}}, []Change{{"a", Written}}, []Change{{"a", Created}}},
		{[]Change{{"a", Removed}}, []Change{{"a", Created}}, []Change{{"a", Written}}},
		{[]Change{{"a", Created}, {"b", Written}}, []Change{{"a", Removed}}, []Change{{"b", Written}}},
		{[]Change{{"a", Written}}, []Change{{"a", Removed}, {"0", Created}}, []Change{{"0", Created}, {"a", Removed}}},
	} {
		if got := merge(slices.Clone(tc.a), tc.b); !slices.Equal(got, tc.want) {
			t.Errorf("merge(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// next is the next burst as "op path, ..."; "" when none comes in time.
func next(t *testing.T, w *Watcher, limit time.Duration) string {
	t.Helper()
	select {
	case cs := <-w.Changes:
		var s []string
		for _, c := range cs {
			s = append(s, c.Op.String()+" "+c.Path)
		}
		return strings.Join(s, ", ")
	case err := <-w.Errors:
		t.Fatal(err)
	case <-time.After(limit):
	}
	return ""
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func rename(t *testing.T, dir, from, to string) {
	t.Helper()
	if err := os.Rename(filepath.Join(dir, filepath.FromSlash(from)), filepath.Join(dir, filepath.FromSlash(to))); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, dir, name string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
		t.Fatal(err)
	}
}
