package site

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"golang.org/x/tools/txtar"
	"legalcenter/internal/sitetest"
	"legalcenter/site/l10n"
	"legalcenter/site/report"
)

// policy is a privacy policy with four sections, in English or translated.
func policy(lang, title string, sections ...string) string {
	return "-- content/" + lang + "/privacy-policy.md --\n+++\ntitle = \"" + title + "\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n" +
		strings.Join(sections, "\n") + "\n"
}

// TestEnglishMovesFirst: English adds a section, removes one and renames
// another after Korean and Japanese were stamped. The build succeeds: each
// translation shows the new section in English at its place, under its
// id, marked untranslated with the note in the reader's language; the
// renamed section under its new id; the removed one as it was, reported
// to the translator as work (a warning), not as a broken anchor. The
// translation status asks each translator to add the section after the
// one it follows, with its words; findings in a translation stay at its
// own lines.
func TestEnglishMovesFirst(t *testing.T) {
	en := []string{
		"We respect your privacy.\n",
		"## Summary {#summary}\n\nWe collect little.\n",
		"## Security {#security}\n\nWe encrypt data.\n",
		"## Data retention {#data-retention}\n\nWe keep data for 30 days.\n",
	}
	ko := []string{
		"저희는 귀하의 개인정보를 존중합니다.\n",
		"## 요약 {#summary}\n\n최소한만 수집합니다.\n",
		"## 보안 {#security}\n\n데이터를 암호화합니다.\n",
		// A link to a fragment nowhere: the link check's finding must be
		// at this line of the Korean file, whatever the build inserts.
		"## 데이터 보관 {#data-retention}\n\n데이터를 30일 동안 [보관](#nowhere)합니다.\n",
	}
	ja := []string{
		"当社はお客様のプライバシーを尊重します。\n",
		"## 概要 {#summary}\n\n収集は最小限です。\n",
		"## セキュリティ {#security}\n\nデータを暗号化します。\n",
		"## データの保持 {#data-retention}\n\nデータを30日間保持します。\n",
	}
	mem := afero.NewMemMapFs()
	sitetest.CopyParts(t, mem, "/")
	write := func(a string) {
		for _, f := range txtar.Parse([]byte(a)).Files {
			if err := afero.WriteFile(mem, "/"+f.Name, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write(policy("en", "Privacy Policy", en...) + policy("ko", "개인정보 처리방침", ko...) + policy("ja", "プライバシーポリシー", ja...))
	fsys := afero.NewBasePathFs(mem, "/")
	for _, f := range []string{"content/ko/privacy-policy.md", "content/ja/privacy-policy.md"} {
		if err := l10n.Stamp(fsys, f, l10n.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	// English: "Your rights" is new after the summary, security goes,
	// data retention is renamed.
	write(policy("en", "Privacy Policy", en[0], en[1], "## Your rights {#your-rights}\n\nYou may ask for a copy of your data.\n",
		strings.Replace(en[3], "{#data-retention}", "{#retention}", 1)))
	ko0, _ := afero.ReadFile(mem, "/content/ko/privacy-policy.md")

	src := newSource(afero.NewReadOnlyFs(mem))
	res, err := Build(context.Background(), Options{Source: src, CacheDir: t.TempDir(), Lenient: true})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	// The filled copy was the build's only: the source reads as written.
	if b, _ := afero.ReadFile(src, "/content/ko/privacy-policy.md"); string(b) != string(ko0) {
		t.Errorf("after the build, the source holds\n%s", b)
	}
	notes := map[string]string{"ko": "아직 번역되지 않아 영어로 표시됩니다.", "ja": "未翻訳のため英語で表示しています。"}
	for lang, note := range notes {
		page := read(t, res.Site, lang+"/privacy-policy/index.html")
		block := regexp.MustCompile(`<div class="untranslated"><p class="untranslated-note">` + note + `</p><div lang="en-US"><h2 id="your-rights"[^>]*>Your rights .*?</h2><p>You may ask for a copy of your data.</p></div></div>`)
		if !block.MatchString(page) {
			t.Errorf("%s: no new section in English, marked untranslated, in\n%s", lang, page)
		}
		// Shown in English, it is no stale translation.
		if strings.Contains(block.FindString(page), "stale-marker") {
			t.Errorf("%s: a stale marker in the section shown in English", lang)
		}
		// At its place: after the summary, before security.
		if i, j, k := strings.Index(page, `id="summary"`), strings.Index(page, `id="your-rights"`), strings.Index(page, `id="security"`); !(i < j && j < k) {
			t.Errorf("%s: the new section is not between #summary and #security", lang)
		}
		if !strings.Contains(page, `<h2 id="retention"`) || strings.Contains(page, `id="data-retention"`) {
			t.Errorf("%s: the renamed section is not under its new id", lang)
		}
	}
	for _, f := range res.Check.Findings {
		switch {
		case f.Rule == "anchor-parity":
			t.Errorf("anchor parity reported for a translation behind the English: %v", f)
		case f.Level == report.Error:
			t.Errorf("error: %v", f)
		}
	}
	wantFinding := func(rule, file string, line int, text string) {
		t.Helper()
		for _, f := range res.Check.Findings {
			if f.Rule == rule && f.File == file && f.Line == line && strings.Contains(f.Message, text) {
				return
			}
		}
		t.Errorf("no %s finding at %s:%d saying %q in\n%v", rule, file, line, text, res.Check.Findings)
	}
	koLine := func(s string) int {
		return 1 + strings.Count(string(ko0[:strings.Index(string(ko0), s)]), "\n")
	}
	wantFinding(l10n.RuleRemovedSection, "content/ko/privacy-policy.md", koLine("## 보안"), "the English removed section #security since this translation was stamped")
	wantFinding("missing-fragment", "content/ko/privacy-policy.md", koLine("[보관](#nowhere)"), `"nowhere"`)

	// The translators' work: add the section after the summary, with
	// its words, in every translation.
	r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for lang := range notes {
		found := false
		for _, f := range r.Findings {
			if f.Lang == lang && f.Rule == l10n.RuleAddSection && strings.Contains(f.Message, "add section #your-rights after #summary (11 words") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no add-section finding for #your-rights in %v", lang, r.Findings)
		}
	}
}

// TestFactInMark: a fact in text marked untranslated (as a section
// English added is shown in a translation) renders as it does anywhere,
// its HTML whole (a link, a date, the "to be confirmed" note), in a mark
// nested in another too; Markdown's omitting of raw HTML does not reach it.
func TestFactInMark(t *testing.T) {
	facts := "-- data/facts/privacy.toml --\nplaceholders = [\"dpo_email\"]\ndpo_email = \"dpo@example.com\"\npolicy_effective_date = 2020-08-17\n"
	res, err := Build(context.Background(), Options{Source: testSource(t, facts+doc("en", "Privacy Policy", retention+"\nSince {{< fact \"privacy.policy_effective_date\" >}}, write to {{< fact \"privacy.dpo_email\" >}}.\n")+doc("ko", "개인정보", retention+
		"\n{{< mark \"untranslated\" >}}\nWrite to {{< fact \"privacy.dpo_email\" >}} since {{< fact \"privacy.policy_effective_date\" >}}, "+
		"{{< mark \"allow\" \"emphasis\" >}}**x** {{< fact \"privacy.dpo_email\" >}}{{< /mark >}}.\n{{< /mark >}}\n\n"+
		"Inline {{< mark \"untranslated\" >}}since {{< fact \"privacy.policy_effective_date\" >}}{{< /mark >}}.\n")), CacheDir: t.TempDir()})
	if err != nil {
		t.Fatalf("build: %v %v", err, res.Check.Findings)
	}
	page := read(t, res.Site, "ko/privacy-policy/index.html")
	email := `<span class="placeholder"><a href="mailto:dpo@example.com">dpo@example.com</a> <span class="placeholder-note">확인 예정</span></span>`
	for _, want := range []string{
		`<div lang="en-US"><p>Write to ` + email + ` since <time datetime="2020-08-17">2020년 8월 17일</time>, <strong>x</strong> ` + email + `.</p></div>`,
		`<span lang="en-US">since <time datetime="2020-08-17">2020년 8월 17일</time></span> <small class="untranslated-note">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("no %s in\n%s", want, page)
		}
	}
	if strings.Contains(page, "MARKTOKEN") {
		t.Errorf("a token is left in\n%s", page)
	}
}
