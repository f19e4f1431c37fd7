package site

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site/l10n"
)

// TestStatusPageDiff: in a git work tree, the translators' status page
// shows each stale section's English as stamped next to the English now,
// word by word (the stamp's recorded blob, read in the l10n stage), at the
// section's line in the translation, with an edit link to the file when
// params.repoEditURL names the repository.
func TestStatusPageDiff(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"} {
		t.Setenv(k, "Translator")
	}
	for _, k := range []string{"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"} {
		t.Setenv(k, "translator@example.com")
	}
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir := t.TempDir()
	disk := afero.NewBasePathFs(afero.NewOsFs(), dir)
	copyFs(t, mkdirFs{disk}, testSource(t, doc("en", "Privacy Policy", "## Summary {#summary}\n\nShort.\n\n"+retention)+
		doc("ko", "개인정보", "## 요약 {#summary}\n\n짧게.\n\n## 보존 {#data-retention}\n\n보관합니다.\n")))
	cfg := filepath.Join(dir, "hugo.toml")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), "[params]\n", "[params]\nrepoEditURL = \"https://git.example.com/legal/edit/main/\"\n", 1))
	if err := os.WriteFile(cfg, b, 0o644); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-qm", "site")
	if err := l10n.Stamp(disk, "content/ko/privacy-policy.md", l10n.Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	git("commit", "-qam", "stamp ko")
	en := filepath.Join(dir, "content", "en", "privacy-policy.md")
	b, _ = os.ReadFile(en)
	if err := os.WriteFile(en, []byte(strings.Replace(string(b), "We keep it for a while.", "We keep it for ten days.", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := NewSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), Options{Source: src, CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	status := read(t, res.Site, "en/translation-status/index.html")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`<strong><a href="?/en/privacy-policy/#data-retention"?>section #data-retention</a></strong>, <code>content/ko/privacy-policy.md:\d+</code> <a class="?status-edit"? href="?https://git.example.com/legal/edit/main/content/ko/privacy-policy.md"?>edit</a>, 8 words: the English as stamped \(<code>[0-9a-f]{10}</code>\) → now`),
		regexp.MustCompile(`We keep it for <del>a while</del><ins>ten days</ins>\.</pre>`),
	} {
		if !want.MatchString(status) {
			t.Errorf("status page lacks %s:\n%s", want, regexp.MustCompile(`(?s)<section class="?status-language"? id="?lang-ko.*?</section>`).FindString(status))
		}
	}
	if strings.Contains(status, "diff-unavailable\"") && strings.Contains(status, "The word diffs are unavailable") {
		t.Error("the status page says the diffs are unavailable in a work tree with history")
	}
}

// mkdirFs makes the folders of each file it creates.
type mkdirFs struct{ afero.Fs }

func (m mkdirFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if err := m.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, err
	}
	return m.Fs.OpenFile(name, flag, perm)
}
