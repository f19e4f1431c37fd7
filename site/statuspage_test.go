package site

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site/l10n"
	"legalcenter/site/report"
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

// TestStatusPageReport: the status page's data holds what the page shows,
// the pages still to do and the findings its list of pages does not
// already say, and leaves the build's report whole.
func TestStatusPageReport(t *testing.T) {
	r := &l10n.Report{Source: "en",
		Pages: []l10n.Page{
			{Lang: "ko", Path: "a.md", Status: l10n.Fresh},
			{Lang: "ko", Path: "b.md", Status: l10n.Stale},
			{Lang: "ja", Path: "a.md", Status: l10n.Missing},
			{Lang: "ja", Path: "b.md", Status: l10n.Unstamped},
		},
		Findings: []report.Finding{
			{Lang: "ko", Rule: l10n.RuleStale}, {Lang: "ja", Rule: l10n.RuleMissing}, {Lang: "ja", Rule: l10n.RuleUnstamped},
			{Lang: "ko", Rule: l10n.RuleStaleKey}, {Lang: "ja", Rule: l10n.RuleIdentical},
		}}
	shown := statusPageReport(r)
	var pages, rules []string
	for _, p := range shown.Pages {
		pages = append(pages, p.Lang+"/"+p.Path)
	}
	for _, f := range shown.Findings {
		rules = append(rules, f.Rule)
	}
	if want := []string{"ko/b.md", "ja/a.md", "ja/b.md"}; !slices.Equal(pages, want) {
		t.Errorf("pages %v, want %v: every page but the fresh ones", pages, want)
	}
	if want := []string{l10n.RuleStaleKey, l10n.RuleIdentical}; !slices.Equal(rules, want) {
		t.Errorf("findings %v, want %v", rules, want)
	}
	if len(r.Pages) != 4 || len(r.Findings) != 5 {
		t.Errorf("the build's report changed: %d pages, %d findings", len(r.Pages), len(r.Findings))
	}
}
