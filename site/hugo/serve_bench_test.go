package hugo

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/internal/sitetest"
)

// BenchmarkServerRebuild times Server.Rebuild alone (no translation
// status, no watcher, no HTTP) after an edit of one paragraph of the
// Korean privacy policy, on a copy of the repository's site, with the
// page visited as a browser previewing it would: what Hugo renders
// again for an edit.
//
//	go test -run '^$' -bench ServerRebuild ./site/hugo/
func BenchmarkServerRebuild(b *testing.B) {
	dir := b.TempDir()
	for _, part := range []string{"content", "layouts", "i18n", "data", "assets", "static"} {
		if err := os.CopyFS(filepath.Join(dir, part), os.DirFS(filepath.Join(sitetest.Repo(), part))); err != nil {
			b.Fatal(err)
		}
	}
	cfg, err := os.ReadFile(filepath.Join(sitetest.Repo(), "hugo.toml"))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hugo.toml"), cfg, 0o644); err != nil {
		b.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "data", "generated"))
	s, err := NewServer(ServeOptions{Source: afero.NewBasePathFs(afero.NewOsFs(), dir), Environment: "preview", Port: 1313})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.visited.Add("/ko/privacy-policy/")
	doc := filepath.Join(dir, "content", "ko", "privacy-policy.md")
	orig, err := os.ReadFile(doc)
	if err != nil {
		b.Fatal(err)
	}
	const para = "당사는 법령상 더 오래 보관하여야"
	n := 0
	for b.Loop() {
		n++
		mark := "편집" + strconv.Itoa(n) + "번"
		if err := os.WriteFile(doc, []byte(strings.Replace(string(orig), para, mark+" "+para, 1)), 0o644); err != nil {
			b.Fatal(err)
		}
		if err := s.Rebuild([]Change{{Path: "content/ko/privacy-policy.md"}}); err != nil {
			b.Fatal(err)
		}
		page, err := afero.ReadFile(s.dest, "/ko/privacy-policy/index.html")
		if err != nil || !strings.Contains(string(page), mark) {
			b.Fatalf("the page does not show the edit %q (%v)", mark, err)
		}
	}
}
