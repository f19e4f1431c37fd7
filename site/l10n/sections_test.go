package l10n_test

import (
	"context"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site/l10n"
)

// sectionsEN has three sections; the translations below lack some.
const sectionsEN = `
-- content/en/privacy-policy.md --
+++
title = "Privacy Policy"
description = "How we keep data."
date = 2020-08-17
weight = 20
+++
We respect your privacy.

## Summary {#summary}
We collect little.

## Your rights {#your-rights}
You may ask for a copy of your data.

### Access {#access}
Write to us.

## Data retention {#data-retention}
We keep data for 30 days.
`

// TestSectionWork: the sections a translation lacks are added after the
// section they follow in English, at the line where they go, with their
// words; sections English does not have are to remove; the findings are
// the backlog's (warnings, errors with Strict), never breaking the build.
func TestSectionWork(t *testing.T) {
	fsys := newFs(t, "MemMapFs", hugoTOML+sectionsEN+`
-- content/ko/privacy-policy.md --
+++
title = "개인정보"
+++
개인정보를 존중합니다.

## 요약 {#summary}
최소한만 수집합니다.

## 보안 {#security}
암호화합니다.

## 보관 {#data-retention}
30일 동안 보관합니다.
`)
	for _, strict := range []bool{false, true} {
		r, err := l10n.Status(context.Background(), fsys, l10n.Options{Strict: strict})
		if err != nil {
			t.Fatal(err)
		}
		p := wantPage(t, r, "ko", "privacy-policy.md", l10n.Unstamped)
		// "Your rights" and its "Access" go before the heading of
		// #security (line 9), which follows the summary in Korean.
		wantSections(t, p, "added your-rights 9 11/11", "added access 9 4/4", "removed security 9 0/0")
		wantFindingAt(t, r, "ko", l10n.RuleAddSection, 9, "add section #your-rights after #summary (11 words, content/en/privacy-policy.md:12)")
		wantFindingAt(t, r, "ko", l10n.RuleAddSection, 9, "add section #access after #your-rights (4 words, content/en/privacy-policy.md:15)")
		wantFindingAt(t, r, "ko", l10n.RuleRemovedSection, 9, "section #security is not in the English")
		if r.Failed() != strict {
			t.Errorf("strict %v: Failed() = %v", strict, r.Failed())
		}
	}
}

// TestScaffold: scaffold writes the English of the sections a
// translation lacks at their place, marked untranslated, and keeps every
// other byte; the status then counts them as still to translate (a
// whole-file stamp leaves them out), and a second scaffold adds nothing.
func TestScaffold(t *testing.T) {
	for _, kind := range []string{"MemMapFs", "OsFs"} {
		t.Run(kind, func(t *testing.T) {
			ko := "+++\r\ntitle = \"개인정보\"\r\n+++\r\n개인정보를 존중합니다.\r\n\r\n## 요약 {#summary}\r\n최소한만 수집합니다.\r\n## 보관 {#data-retention}\r\n30일 동안 보관합니다.\r\n"
			fsys := newFs(t, kind, hugoTOML+sectionsEN)
			if err := fsys.MkdirAll("content/ko", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := afero.WriteFile(fsys, "content/ko/privacy-policy.md", []byte(ko), 0o644); err != nil {
				t.Fatal(err)
			}
			ids, err := l10n.Scaffold(context.Background(), fsys, "content/ko/privacy-policy.md", l10n.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(ids, " ") != "your-rights access" {
				t.Errorf("scaffolded %q, want your-rights access", ids)
			}
			got, _ := afero.ReadFile(fsys, "content/ko/privacy-policy.md")
			want := strings.ReplaceAll(`+++
title = "개인정보"
+++
개인정보를 존중합니다.

## 요약 {#summary}
최소한만 수집합니다.

{{< mark "untranslated" >}}

## Your rights {#your-rights}
You may ask for a copy of your data.

### Access {#access}
Write to us.

{{< /mark >}}

## 보관 {#data-retention}
30일 동안 보관합니다.
`, "\n", "\r\n")
			if string(got) != want {
				t.Errorf("scaffolded file:\n%s\nwant:\n%s", got, want)
			}
			r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
			if err != nil {
				t.Fatal(err)
			}
			p := wantPage(t, r, "ko", "privacy-policy.md", l10n.Unstamped)
			wantSections(t, p, "added your-rights 11 11/11", "added access 14 4/4")
			wantFindingAt(t, r, "ko", l10n.RuleAddSection, 11, "it holds the English, marked untranslated: translate it, remove the mark, then stamp")

			// A whole-file stamp vouches for the translated sections only.
			done, err := l10n.StampSelected(fsys, "content/ko/privacy-policy.md", l10n.Selection{}, l10n.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(done.Sections, " ") != "_top summary data-retention" {
				t.Errorf("stamped %q, want _top summary data-retention", done.Sections)
			}
			if _, err := l10n.StampSelected(fsys, "content/ko/privacy-policy.md", l10n.Selection{Sections: []string{"access"}}, l10n.Options{}); err == nil || !strings.Contains(err.Error(), "still the English, marked untranslated") {
				t.Errorf("stamp -section access: %v, want a refusal", err)
			}
			r, err = l10n.Status(context.Background(), fsys, l10n.Options{Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			p = wantPage(t, r, "ko", "privacy-policy.md", l10n.Stale)
			// The stamp's lines come before them.
			wantSections(t, p, "added your-rights 19 11/11", "added access 22 4/4")
			for _, f := range r.Findings {
				if f.Rule == l10n.RuleStructure || f.Rule == l10n.RuleStale {
					t.Errorf("finding for the scaffolded sections: %v", f)
				}
			}
			if ids, err := l10n.Scaffold(context.Background(), fsys, "content/ko/privacy-policy.md", l10n.Options{}); err != nil || len(ids) > 0 {
				t.Errorf("second scaffold: %q, %v; want nothing", ids, err)
			}
		})
	}
}

// TestScaffoldRefuses: only a translation is scaffolded.
func TestScaffoldRefuses(t *testing.T) {
	fsys := newFs(t, "MemMapFs", hugoTOML+sectionsEN+"-- content/ko/orphan.md --\n+++\ntitle = \"x\"\n+++\n## 가 {#a}\n")
	for file, want := range map[string]string{
		"content/en/privacy-policy.md": "is a source document",
		"content/ko/orphan.md":         "translates nothing",
		"i18n/ko.toml":                 "not in the content directory",
	} {
		if _, err := l10n.Scaffold(context.Background(), fsys, file, l10n.Options{}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", file, err, want)
		}
	}
}

// TestFill: the build's copy of a translation holds the sections it lacks
// in English, marked untranslated; every line of it is located at a line
// of the translation or the English with the same text (but for the lines
// of the marks).
func TestFill(t *testing.T) {
	for _, tc := range []struct{ name, ko, want string }{
		{"middle", "+++\ntitle = \"개인정보\"\n+++\n개인정보를 존중합니다.\n\n## 요약 {#summary}\n최소한만 수집합니다.\n## 보관 {#data-retention}\n30일 동안 보관합니다.\n",
			"최소한만 수집합니다.\n\n{{< mark \"untranslated\" >}}\n\n## Your rights {#your-rights}\nYou may ask for a copy of your data.\n\n### Access {#access}\nWrite to us.\n\n{{< /mark >}}\n\n## 보관 {#data-retention}\n30일 동안 보관합니다.\n"},
		{"end, no last line break", "+++\ntitle = \"개인정보\"\n+++\n## 요약 {#summary}\n요약.\n## 권리 {#your-rights}\n권리.\n### 열람 {#access}\n열람.",
			"### 열람 {#access}\n열람.\n\n{{< mark \"untranslated\" >}}\n\n## Data retention {#data-retention}\nWe keep data for 30 days.\n\n{{< /mark >}}\n\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := newFs(t, "MemMapFs", hugoTOML+sectionsEN)
			if err := afero.WriteFile(fsys, "content/ko/privacy-policy.md", []byte(tc.ko), 0o644); err != nil {
				t.Fatal(err)
			}
			r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
			if err != nil {
				t.Fatal(err)
			}
			filled, err := r.Fill(fsys, l10n.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(filled) != 1 || filled[0].File != "content/ko/privacy-policy.md" {
				t.Fatalf("filled %v, want content/ko/privacy-policy.md", filled)
			}
			files := map[string][]string{}
			for _, name := range []string{"content/ko/privacy-policy.md", "content/en/privacy-policy.md"} {
				b, _ := afero.ReadFile(fsys, name)
				files[name] = strings.Split(string(b), "\n")
			}
			out := string(filled[0].Data)
			if !strings.HasSuffix(out, tc.want) {
				t.Errorf("filled:\n%s\nwant it to end with:\n%s", out, tc.want)
			}
			for i, line := range strings.Split(out, "\n") {
				file, n := filled[0].Map.Locate(i + 1)
				if strings.Contains(line, "mark") || line == "" {
					continue
				}
				if n < 1 || n > len(files[file]) || files[file][n-1] != line {
					t.Errorf("line %d %q is located at %s:%d", i+1, line, file, n)
				}
			}
		})
	}
}
