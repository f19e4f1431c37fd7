package l10n_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site/l10n"
)

// TestStatusPrevious: a status computed from the report before an edit
// and the files the edit wrote is the status computed from scratch, for
// an edit of a translation, of its source, and of neither.
func TestStatusPrevious(t *testing.T) {
	const jaTOML = `
-- hugo.toml --
defaultContentLanguage = "en"
[languages.en]
weight = 1
contentDir = "content/en"
[languages.ko]
weight = 2
contentDir = "content/ko"
[languages.ja]
weight = 3
contentDir = "content/ja"
-- content/ja/privacy-policy.md --
+++
title = "プライバシー"
+++
プライバシー。
`
	for _, tc := range []struct {
		name, file, old, new string
	}{
		{"translation", "content/ko/privacy-policy.md", "## 데이터 보관 {#data-retention}\n개인정보를 30일 동안 보관합니다.\n", ""},
		{"source", "content/en/privacy-policy.md", "We keep personal information for 30 days.\n", "We keep personal information for 30 days.\n\n## Your rights {#your-rights}\nAsk us.\n"},
		{"another translation", "content/ja/privacy-policy.md", "プライバシー。", "プライバシー。\n\n## 要約 {#summary}\n少し。"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := newFs(t, "MemMapFs", jaTOML+privacyEN+privacyKO)
			before, err := l10n.Status(context.Background(), fsys, l10n.Options{})
			if err != nil {
				t.Fatal(err)
			}
			b, err := afero.ReadFile(fsys, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tc.old) {
				t.Fatalf("%s has no %q", tc.file, tc.old)
			}
			if err := afero.WriteFile(fsys, tc.file, []byte(strings.Replace(string(b), tc.old, tc.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			want, err := l10n.Status(context.Background(), fsys, l10n.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := l10n.Status(context.Background(), fsys, l10n.Options{Previous: before, Changed: []string{tc.file}})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Pages, want.Pages) || !reflect.DeepEqual(got.Findings, want.Findings) || !reflect.DeepEqual(got.Languages, want.Languages) {
				t.Errorf("from the report before:\n%+v\n%+v\nfrom scratch:\n%+v\n%+v", got.Pages, got.Findings, want.Pages, want.Findings)
			}
			if reflect.DeepEqual(before.Pages, want.Pages) && reflect.DeepEqual(before.Findings, want.Findings) {
				t.Error("the edit changed nothing: the test shows nothing")
			}
		})
	}
}

// TestStatusPreviousReused: the pages of files not changed are the
// earlier report's, not compared again.
func TestStatusPreviousReused(t *testing.T) {
	fsys := newFs(t, "MemMapFs", hugoTOML+privacyEN+privacyKO+`
-- content/en/cookies.md --
+++
title = "Cookies"
+++
Cookies.
-- content/ko/cookies.md --
+++
title = "쿠키"
+++
쿠키.
`)
	before, err := l10n.Status(context.Background(), fsys, l10n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range before.Pages {
		if p.Lang == "ko" {
			before.Pages[i].Words = 9999 // as if an earlier comparison had counted so
		}
	}
	got, err := l10n.Status(context.Background(), fsys, l10n.Options{Previous: before, Changed: []string{"content/ko/cookies.md"}})
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]int{}
	for _, p := range got.Pages {
		words[p.Lang+"/"+p.Path] = p.Words
	}
	if words["ko/privacy-policy.md"] != 9999 || words["ko/cookies.md"] == 9999 {
		t.Errorf("words %v: want the earlier page of privacy-policy.md, and cookies.md compared again", words)
	}
}
