package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"legalcenter/site/l10n"
)

// TestI18nBroken: without -strict, work to do exits 0, but a file that
// cannot be read or a string that would render wrongly exits 1, as the
// build fails on them.
func TestI18nBroken(t *testing.T) {
	for _, tc := range []struct {
		name, ko string
		code     int
		want     string
	}{
		{"work to do", "", 0, "not stamped"},
		{"unreadable", "read_more = { other = \"더 보기\"\n", 1, "i18n/ko.toml:1: error: toml:"},
		{"placeholder", "read_more = \"{{ .Cout }}개 더 보기\"\n", 1, "i18n/ko.toml:1: error: \"read_more\" (other) lacks {{ .Count }}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			en := "-- i18n/en.toml --\nread_more = \"Read {{ .Count }} more\"\n"
			ko := "-- i18n/ko.toml --\nread_more = \"{{ .Count }}개 더 보기\"\n"
			if tc.ko != "" {
				ko = "-- i18n/ko.toml --\n" + tc.ko
			}
			writeArchive(t, dir, hugoTOML+privacyEN+privacyKO+en+ko)
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"i18n", "-s", dir}, &stdout, &stderr)
			if code != tc.code || !strings.Contains(stdout.String(), tc.want) {
				t.Errorf("exit %d, want %d with %q in\n%s%s", code, tc.code, tc.want, stdout.String(), stderr.String())
			}
		})
	}
}

// TestI18nGitHubLevels: sitectl i18n -format github annotates as errors only
// the findings that fail the command, so that a step that passes shows no
// red: the translation backlog is a warning without -strict and an error
// with it; a string that would render wrongly is an error always.
func TestI18nGitHubLevels(t *testing.T) {
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	const (
		unstamped   = "title=unstamped-key::\"read_more\" is not stamped"
		placeholder = "file=i18n/ko.toml,line=1,title=placeholder::"
	)
	for _, tc := range []struct {
		name, ko string
		strict   bool
		code     int
		want     []string // lines that begin so
	}{
		{"backlog", "", false, 0, []string{"::warning file=i18n/ko.toml,line=1," + unstamped, "::warning file=content/ko/privacy-policy.md,title=unstamped::"}},
		{"backlog -strict", "", true, 1, []string{"::error file=i18n/ko.toml,line=1," + unstamped, "::error file=content/ko/privacy-policy.md,title=unstamped::"}},
		{"placeholder", "read_more = \"{{ .Cout }}개 더 보기\"\n", false, 1, []string{"::error " + placeholder, "::warning file=content/ko/privacy-policy.md,title=unstamped::"}},
		{"placeholder -strict", "read_more = \"{{ .Cout }}개 더 보기\"\n", true, 1, []string{"::error " + placeholder, "::error file=content/ko/privacy-policy.md,title=unstamped::"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			en := "-- i18n/en.toml --\nread_more = \"Read {{ .Count }} more\"\n"
			ko := "-- i18n/ko.toml --\nread_more = \"{{ .Count }}개 더 보기\"\n"
			if tc.ko != "" {
				ko = "-- i18n/ko.toml --\n" + tc.ko
			}
			writeArchive(t, dir, hugoTOML+privacyEN+privacyKO+en+ko)
			args := []string{"i18n", "-s", dir, "-format", "github"}
			if tc.strict {
				args = append(args, "-strict")
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			for _, w := range tc.want {
				if !strings.Contains("\n"+stdout.String(), "\n"+w) {
					t.Errorf("no line %q… in\n%s", w, stdout.String())
				}
			}
		})
	}
}

// TestI18nCommand runs the command as sitectl does, on a site on disk:
// report, stamp, report again, with -strict failing until nothing is left
// to do.
func TestI18nCommand(t *testing.T) {
	t.Setenv("GITHUB_STEP_SUMMARY", "") // -format github: no job summary
	dir := t.TempDir()
	writeArchive(t, dir, hugoTOML+privacyEN+privacyKO+keysENKO)
	ko := filepath.Join(dir, "content", "ko", "privacy-policy.md")

	steps := []struct {
		args     []string
		code     int
		contains string // in stdout, or in stderr when code is 2
	}{
		{[]string{"i18n", "-root", dir}, 0, "content/ko/privacy-policy.md: warning: not stamped"},
		{[]string{"i18n", "-root", dir, "-strict"}, 1, "ko    1/1"},
		{[]string{"i18n", "-root", dir, "-format", "markdown"}, 0, "| `ko` | 1/1 | 0 | 0 | 1 |"},
		// Words to do: the whole page (30) and the unstamped key (2).
		{[]string{"i18n", "-root", dir}, 0, "unstamped keys  done  words to do\nko    1/1        0      0      1          0        0        0/1   0           1               0%    32\n"},
		{[]string{"i18n", "-root", dir, "-format", "markdown"}, 0, "| Done | Words to do |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n| `ko` | 1/1 | 0 | 0 | 1 | 0 | 0 | 0/1 | 0 | 1 | 0% | 32 |"},
		{[]string{"i18n", "-root", dir}, 0, "not stamped, so it may be stale (30 words)"},
		{[]string{"i18n", "-root", dir, "-format", "yaml"}, 2, `unknown format "yaml"`},
		{[]string{"i18n", "-root", dir, "extra"}, 2, "sitectl i18n: unexpected argument \"extra\"\nrun 'sitectl i18n -h' for usage\n"},
		{[]string{"i18n", "-bogus"}, 2, "flag provided but not defined"},
		// A folder that is no site is an error, not an empty, finished site.
		{[]string{"i18n", "-root", filepath.Join(dir, "content"), "-strict"}, 2, "no site configuration (hugo.toml)"},
		{[]string{"i18n", "-root", filepath.Join(dir, "nowhere")}, 2, "no site configuration (hugo.toml)"},
		{[]string{"i18n", "stamp", "-root", filepath.Join(dir, "content"), ko}, 2, "no site configuration (hugo.toml)"},
		{[]string{"i18n", "stamp", "-root", dir}, 2, "sitectl i18n stamp: no FILE to stamp\nrun 'sitectl i18n stamp -h' for usage\n"},
		{[]string{"i18n", "stamp", "-root", dir, filepath.Join(dir, "content", "en", "privacy-policy.md")}, 2, "is a source document"},
		{[]string{"i18n", "stamp", "-root", dir, filepath.Join(dir, "nowhere.md")}, 2, "no such file"},
		// A FILE is relative to the working directory, or else to -root.
		{[]string{"i18n", "stamp", "-root", dir, "content/ko/privacy-policy.md"}, 0, "stamped content/ko/privacy-policy.md"},
		{[]string{"i18n", "stamp", "-root", dir, ko}, 0, "stamped content/ko/privacy-policy.md"},
		{[]string{"i18n", "stamp", "-root", dir, ko}, 0, "stamped content/ko/privacy-policy.md"},
		{[]string{"i18n", "-root", dir, "-strict"}, 1, `i18n/ko.toml:1: error: "read_more" is not stamped, so it may be stale (2 words): once it matches i18n/en.toml:1, run: sitectl i18n stamp i18n/ko.toml [unstamped-key]`},
		{[]string{"i18n", "stamp", "-root", dir, "i18n/en.toml"}, 2, "i18n/en.toml: is a source file"},
		{[]string{"i18n", "stamp", "-root", dir, "i18n/ko.toml", ko}, 0, "stamped i18n/ko.toml: key read_more\nstamped content/ko/privacy-policy.md:"},
		{[]string{"i18n", "-root", dir, "-strict"}, 0, "Nothing to do."},
		{[]string{"i18n", "-root", dir, "-format", "data"}, 0, `"ko/privacy-policy.md": {`},
	}
	for _, s := range steps {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), s.args, &stdout, &stderr)
		out := stdout.String()
		if s.code == 2 {
			out = stderr.String()
		}
		if code != s.code || !strings.Contains(out, s.contains) {
			t.Errorf("Main(%q) = %d, want %d with %q in\nstdout:\n%s\nstderr:\n%s", s.args, code, s.code, s.contains, stdout.String(), stderr.String())
		}
	}

	var stdout bytes.Buffer
	if code := run(context.Background(), []string{"i18n", "-root", dir, "-format", "json"}, &stdout, os.Stderr); code != 0 {
		t.Fatalf("-format json: exit %d", code)
	}
	var r l10n.Report
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Pages) != 1 || r.Pages[0].Status != l10n.Fresh || r.Pages[0].Words != 0 || r.Languages[0].WordsTodo != 0 {
		t.Errorf("-format json pages = %+v, languages %+v; want one fresh page, no words to do", r.Pages, r.Languages)
	}

	// The English text of the key changes: every format names the key,
	// and -strict fails.
	if err := os.WriteFile(filepath.Join(dir, "i18n", "en.toml"), []byte("read_more = \"Read the whole policy\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for format, want := range map[string][]string{
		"text":     {`i18n/ko.toml:1: error: "read_more" changed in i18n/en.toml:1`, `"Read the whole policy" (4 words)`, "stale keys", "ko    1/1        1      0      0          0        0        0/1   1           0               75%   4\n"},
		"markdown": {"- **error** `i18n/ko.toml:1` stale-key: \"read\\_more\" changed", "| `ko` | 1/1 | 1 | 0 | 0 | 0 | 0 | 0/1 | 1 | 0 | 75% | 4 |"},
		"json":     {`"rule": "stale-key"`, `"target": "read_more"`, `"keys_stale": 1`, `"words_todo": 4`, `"words": 0`, `"errors": 1`},
		"github":   {"::error file=i18n/ko.toml,line=1,title=stale-key::\"read_more\" changed in i18n/en.toml:1", "ko: 75% done, 1/1 document (0 stale, 0 unstamped, 0 missing), keys 0/1, 4 words to do\n"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"i18n", "-root", dir, "-strict", "-format", format}, &stdout, &stderr); code != 1 {
			t.Errorf("-format %s -strict with a stale key: exit %d, want 1; stderr:\n%s", format, code, stderr.String())
		}
		for _, w := range want {
			if !strings.Contains(stdout.String(), w) {
				t.Errorf("-format %s: no %q in\n%s", format, w, stdout.String())
			}
		}
	}
}

const hugoTOML = `
-- hugo.toml --
defaultContentLanguage = "en"
[languages.en]
weight = 1
contentDir = "content/en"
[languages.ko]
weight = 2
contentDir = "content/ko"
`

const privacyEN = `
-- content/en/privacy-policy.md --
+++
title = "Privacy Policy"
description = "How we collect and keep personal information."
date = 2020-08-17
weight = 20
+++
We respect your privacy.

## Summary {#summary}
We collect little and keep it briefly.

## Data retention {#data-retention}
We keep personal information for 30 days.
`

const privacyKO = `
-- content/ko/privacy-policy.md --
+++
title = "개인정보처리방침"
description = "개인정보를 수집하고 보관하는 방법."
date = 2020-08-17
weight = 20
[[params.revisions]]
version = "1.0"
+++
저희는 귀하의 개인정보를 존중합니다.

## 요약 {#summary}
최소한만 수집하고 짧게 보관합니다.

## 데이터 보관 {#data-retention}
개인정보를 30일 동안 보관합니다.
`

const keysENKO = `
-- i18n/en.toml --
read_more = "Read more"
-- i18n/ko.toml --
read_more = "더 보기"
`

// writeArchive writes the files of a txtar archive under dir.
func writeArchive(t *testing.T, dir, archive string) {
	t.Helper()
	files := map[string]string{}
	for _, f := range txtar.Parse([]byte(archive)).Files {
		files[f.Name] = string(f.Data)
	}
	writeTree(t, dir, files)
}

// TestI18nScaffold: "i18n scaffold" writes the English of the section the
// translation lacks into it, marked untranslated, says so, and then has
// nothing more to add; the status asks to translate the marked section.
func TestI18nScaffold(t *testing.T) {
	dir := t.TempDir()
	koNoSummary := strings.Replace(privacyKO, "## 요약 {#summary}\n최소한만 수집하고 짧게 보관합니다.\n\n", "", 1)
	writeArchive(t, dir, hugoTOML+privacyEN+koNoSummary+keysENKO)
	ko := filepath.Join(dir, "content", "ko", "privacy-policy.md")
	for _, step := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"i18n", "-root", dir}, 0, "content/ko/privacy-policy.md:11: warning: add section #summary after the text before the first heading (8 words, content/en/privacy-policy.md:9)"},
		{[]string{"i18n", "scaffold", "-root", dir, ko}, 0, "content/ko/privacy-policy.md: added in English, marked untranslated: section #summary\n"},
		{[]string{"i18n", "-root", dir}, 0, "content/ko/privacy-policy.md:13: warning: add section #summary after the text before the first heading (8 words, content/en/privacy-policy.md:9); it holds the English, marked untranslated"},
		{[]string{"i18n", "scaffold", "-root", dir, ko}, 0, "content/ko/privacy-policy.md: has every section of the English, nothing to add\n"},
		{[]string{"i18n", "scaffold", "-root", dir, filepath.Join(dir, "content", "en", "privacy-policy.md")}, 2, "is a source document"},
		{[]string{"i18n", "scaffold", "-root", dir}, 2, "no FILE to scaffold"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), step.args, &stdout, &stderr)
		if code != step.code || !strings.Contains(stdout.String()+stderr.String(), step.want) {
			t.Errorf("%q: exit %d, want %d with %q in\n%s%s", step.args, code, step.code, step.want, stdout.String(), stderr.String())
		}
	}
	b, err := os.ReadFile(ko)
	if err != nil {
		t.Fatal(err)
	}
	if want := "저희는 귀하의 개인정보를 존중합니다.\n\n{{< mark \"untranslated\" >}}\n\n## Summary {#summary}\nWe collect little and keep it briefly.\n\n{{< /mark >}}\n\n## 데이터 보관 {#data-retention}\n"; !strings.Contains(string(b), want) {
		t.Errorf("scaffolded file lacks\n%s\nin\n%s", want, b)
	}
}
