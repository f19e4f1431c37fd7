package publish

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/afero"
	"legalcenter/internal/sitetest"
)

func site(files map[string]string) afero.Fs {
	fs := afero.NewMemMapFs()
	for name, data := range files {
		afero.WriteFile(fs, "/"+name, []byte(data), 0o644)
	}
	return fs
}

// leftovers lists what publishing left next to out, besides out and the lock.
func leftovers(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, e := range entries {
		if e.Name() != filepath.Base(out) && !strings.HasSuffix(e.Name(), ".lock") {
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
