package l10n_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site/l10n"
)

// stampCases are translations in every front matter shape stamp meets.
// Each is stamped against privacyEN; the golden file is the result.
var stampCases = []struct {
	name string
	file string
}{
	{"toml", "+++\ntitle = \"개인정보처리방침\"\n+++\n본문.\n\n## 요약 {#summary}\n짧게.\n\n## 보관 {#data-retention}\n30일.\n"},
	{"toml-revisions", `+++
title = "개인정보처리방침" # translated 2024
date = 2020-08-17

[params]
audience = "all"

[[params.revisions]]
version = "1.0"
note = "첫 버전."
+++
본문.

## 요약 {#summary}
짧게.

## 보관 {#data-retention}
30일.
`},
	// Restamping replaces the stamp where it is and keeps the blank line
	// and comment after it.
	{"toml-restamp", `+++
title = "개인정보처리방침"
[params.source]
hash = "0000000000000000"
[params.source.sections]
summary = "00000000"
gone = "00000000"

# revisions follow
[[params.revisions]]
version = "1.0"
+++
본문.

## 요약 {#summary}
짧게.

## 보관 {#data-retention}
30일.
`},
	{"toml-crlf", "+++\r\ntitle = \"개인정보처리방침\"\r\n+++\r\n본문.\r\n\r\n## 요약 {#summary}\r\n짧게.\r\n\r\n## 보관 {#data-retention}\r\n30일.\r\n"},
	// A table header inside a multi-line string is text, not a table.
	{"toml-multiline", `+++
title = "개인정보처리방침"
description = """
[params.source]
hash = "not a stamp"
"""
+++
본문.

## 요약 {#summary}
짧게.

## 보관 {#data-retention}
30일.
`},
	// Quotes in a comment open no string: the stamp after it is found.
	{"toml-comment-quotes", "+++\n# \"\"\" in a comment\ntitle = \"개인정보처리방침\"\n[params.source]\nhash = \"0000000000000000\"\n+++\n본문.\n\n## 요약 {#summary}\n짧게.\n\n## 보관 {#data-retention}\n30일.\n"},
	{"toml-empty", "+++\n+++\n본문.\n\n## 요약 {#summary}\n짧게.\n\n## 보관 {#data-retention}\n30일.\n"},
	{"yaml", "---\ntitle: 개인정보처리방침\n---\n본문.\n\n## 요약 {#summary}\n짧게.\n\n## 보관 {#data-retention}\n30일.\n"},
	{"yaml-params", `---
title: 개인정보처리방침
params:
    audience: all   # four-space indent is kept
    revisions:
        - version: "1.0"
weight: 20
---
본문.

## 요약 {#summary}
짧게.

## 보관 {#data-retention}
30일.
`},
	{"yaml-restamp", `---
title: 개인정보처리방침
params:
  source:
    hash: "0000000000000000"
    sections:
      summary: "00000000"

  audience: all
---
본문.

## 요약 {#summary}
짧게.

## 보관 {#data-retention}
30일.
`},
	// A comment after the stamp's last key stays after the new stamp.
	{"yaml-restamp-comment", "---\nparams:\n  source:\n    hash: \"0000000000000000\"\n    # reviewed by the legal team\n---\n본문.\n\n## 요약 {#summary}\n짧게.\n\n## 보관 {#data-retention}\n30일.\n"},
	{"bom", "\xef\xbb\xbf+++\ntitle = \"개인정보처리방침\"\n+++\n본문.\n\n## 요약 {#summary}\n짧게.\n\n## 보관 {#data-retention}\n30일.\n"},
}

func TestStamp(t *testing.T) {
	for _, tc := range stampCases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := newFs(t, "MemMapFs", hugoTOML+privacyEN)
			const file = "content/ko/privacy-policy.md"
			if err := afero.WriteFile(fsys, file, []byte(tc.file), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := l10n.Stamp(fsys, file, l10n.Options{}); err != nil {
				t.Fatal(err)
			}
			got, _ := afero.ReadFile(fsys, file)
			golden(t, filepath.Join("testdata", "stamp", tc.name+".golden"), got, true)

			// Every line of the file but an old stamp's hashes is still
			// there, in order.
			var keep []string
			for _, l := range lines(tc.file) {
				if !strings.Contains(l, `"0000`) {
					keep = append(keep, l)
				}
			}
			if missing := subsequence(keep, lines(string(got))); missing != "" {
				t.Errorf("stamp lost the line %q", missing)
			}
			// Stamping again changes nothing.
			if err := l10n.Stamp(fsys, file, l10n.Options{}); err != nil {
				t.Fatal(err)
			}
			again, _ := afero.ReadFile(fsys, file)
			if !bytes.Equal(again, got) {
				t.Errorf("stamping twice gave\n%s\nafter\n%s", again, got)
			}
			r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
			if err != nil {
				t.Fatal(err)
			}
			wantPage(t, r, "ko", "privacy-policy.md", l10n.Fresh)
		})
	}
}

func TestStampErrors(t *testing.T) {
	tests := []struct {
		name, file, content, want string
	}{
		{"source", "content/en/privacy-policy.md", "", "is a source document"},
		{"no-source", "content/ko/cookies-policy.md", "+++\n+++\n", "has no source document content/en/cookies-policy.md"},
		{"outside", "notes/privacy-policy.md", "+++\n+++\n", "not in the content directory"},
		{"toml-inline", "content/ko/privacy-policy.md", "+++\nparams = { source = \"x\" }\n+++\n본문.\n", "remove params.source"},
		{"toml-dotted", "content/ko/privacy-policy.md", "+++\nparams.source.hash = \"x\"\n+++\n본문.\n", "remove params.source"},
		{"yaml-inline", "content/ko/privacy-policy.md", "---\nparams: {audience: all}\n---\n본문.\n", "params is written inline"},
		{"unclosed", "content/ko/privacy-policy.md", "+++\ntitle = \"x\"\n", "never closed"},
		// Stamping says "this translation matches the source": an empty
		// one does not, and a front matter that does not parse is fixed
		// first, at its line.
		{"empty", "content/ko/privacy-policy.md", " \n", "has no text to match content/en/privacy-policy.md"},
		{"front-matter-only", "content/ko/privacy-policy.md", "+++\ntitle = \"x\"\n+++\n\n", "has no text to match"},
		{"invalid", "content/ko/privacy-policy.md", "+++\ntitle = \"x\"\nweight =\n+++\n본문.\n", "content/ko/privacy-policy.md:3: the TOML front matter does not parse: toml: "},
		// A file without front matter is no translated document yet, and
		// a content adapter is a template: a stamp would break it.
		{"no-front-matter", "content/ko/privacy-policy.md", "본문만 있습니다.\n", "has no front matter: translate the front matter of content/en/privacy-policy.md"},
		{"content-adapter", "content/ko/slas/_content.gotmpl", "{{ range .Site.Data.slas }}{{ end }}\n", "is not a Markdown document"},
		{"html", "content/ko/privacy-policy.html", "<p>x</p>\n", "is not a Markdown document"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := newFs(t, "MemMapFs", hugoTOML+privacyEN)
			if tc.content != "" {
				if err := afero.WriteFile(fsys, tc.file, []byte(tc.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := l10n.Stamp(fsys, tc.file, l10n.Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Stamp(%s) = %v, want an error containing %q", tc.file, err, tc.want)
			}
			if tc.content != "" {
				if got, _ := afero.ReadFile(fsys, tc.file); string(got) != tc.content {
					t.Errorf("a failed stamp changed the file to\n%s", got)
				}
			}
		})
	}
}

func lines(s string) []string { return strings.SplitAfter(s, "\n") }

// subsequence returns the first element of a not found, in order, in b.
func subsequence(a, b []string) string {
	for _, l := range a {
		i := 0
		for i < len(b) && b[i] != l {
			i++
		}
		if i == len(b) {
			return l
		}
		b = b[i+1:]
	}
	return ""
}

// keysEN is the source of the i18n stamp cases: simple keys, a plural
// key, a key in a group, and a multi-line one.
const keysEN = `
-- i18n/en.toml --
read_more = "Read more"
back = "Back"
greeting = "Hello, {{ .Name }}"
[documents]
one = "{{ .Count }} document"
other = "{{ .Count }} documents"
[footer]
about = "About"
[footer.notice]
other = """
Line one.
Line two."""
`

// keyStampCases are translated i18n files in every shape stamp meets.
// Each is stamped against keysEN; the golden file is the result.
var keyStampCases = []struct {
	name string
	file string
}{
	// Comments, blank lines and order stay; a simple key becomes an
	// inline table on its line; a table gets a hash line after its header.
	{"simple", `# 한국어 UI 문자열
read_more = "더 보기"   # 버튼

back = '뒤로'
[documents]
other = "문서 {{ .Count }}건"
`},
	// A stamp replaces a former one where it is, in each shape.
	{"restamp", `read_more = { other = "더 보기", hash = "00000000" }
back = { hash = "00000000", other = "뒤로" }
[documents]
other = "문서 {{ .Count }}건"
Hash = "00000000"
`},
	{"inline", `read_more = { other = "더 보기" }
back = {other="뒤로"} # 짧게
greeting = { other = "{{ .Name }}님, 안녕하세요", description = "인사" }
`},
	// Keys in groups, an indented table, a multi-line string.
	{"groups", `[footer]
about = "회사 소개"
  [footer.notice]
  other = """
첫째 줄.
둘째 줄."""
`},
	// A multi-line string becomes the text of an inline table.
	{"multiline", "greeting = \"\"\"\n{{ .Name }}님,\n안녕하세요\"\"\"\nback = \"뒤로\"\n"},
	{"crlf", "read_more = \"더 보기\"\r\n[documents]\r\nother = \"문서 {{ .Count }}건\"\r\n"},
	// A key English does not have is left alone; Status reports it.
	{"extra", `read_more = "더 보기"
print = "인쇄"
`},
	{"empty", ""},
}

func TestStampKeys(t *testing.T) {
	for _, tc := range keyStampCases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := newFs(t, "MemMapFs", hugoTOML+keysEN)
			const file = "i18n/ko.toml"
			if err := afero.WriteFile(fsys, file, []byte(tc.file), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := l10n.Stamp(fsys, file, l10n.Options{}); err != nil {
				t.Fatal(err)
			}
			got, _ := afero.ReadFile(fsys, file)
			golden(t, filepath.Join("testdata", "stamp-keys", tc.name+".golden"), got, true)

			// Comments and blank lines stay, in order.
			var keep []string
			for _, l := range lines(tc.file) {
				if s := strings.TrimSpace(l); s == "" || strings.HasPrefix(s, "#") || strings.HasPrefix(s, "[") {
					keep = append(keep, l)
				}
			}
			if missing := subsequence(keep, lines(string(got))); missing != "" {
				t.Errorf("stamp lost the line %q", missing)
			}
			if err := l10n.Stamp(fsys, file, l10n.Options{}); err != nil {
				t.Fatal(err)
			}
			if again, _ := afero.ReadFile(fsys, file); !bytes.Equal(again, got) {
				t.Errorf("stamping twice gave\n%s\nafter\n%s", again, got)
			}
			r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range r.Findings {
				if f.Rule == l10n.RuleStaleKey || f.Rule == l10n.RuleUnstampedKey || f.Rule == l10n.RuleInvalid {
					t.Errorf("after stamping: %s: %s", f.Rule, f.Message)
				}
			}
		})
	}
}

func TestStampKeysErrors(t *testing.T) {
	tests := []struct {
		name, file, content, want string
	}{
		{"source", "i18n/en.toml", "", "i18n/en.toml: is a source file; stamp its translations"},
		{"not-a-language", "i18n/fr.toml", "read_more = \"Lire\"\n", "i18n/fr.toml: not an i18n file of a language"},
		{"yaml", "i18n/ko.yaml", "read_more: 더 보기\n", "i18n/ko.yaml: stamp rewrites TOML i18n files only"},
		{"invalid", "i18n/ko.toml", "back = \"뒤로\"\nread_more = \"더 보기\n", "i18n/ko.toml:2: toml: "},
		{"hash-not-a-string", "i18n/ko.toml", "back = \"뒤로\"\n[read_more]\nother = \"더 보기\"\nhash = 1\n", `i18n/ko.toml:4: the hash of "read_more" is not a string (integer)`},
		{"key-inside-a-message", "i18n/ko.toml", "[read_more]\nother = \"더 보기\"\n\nback = \"뒤로\"\n", `i18n/ko.toml:4: "back" is inside [read_more], a message whose keys are its forms (other): move it above [read_more], or write it as [back] of its own`},
		{"key-inside-a-message-not-the-first-of-its-name", "i18n/ko.toml", "[nav]\nback = \"뒤\"\n[read_more]\nother = \"더 보기\"\n\nback = \"뒤로\"\n", `i18n/ko.toml:6: "back" is inside [read_more]`},
		{"dotted", "i18n/ko.toml", "back = \"뒤로\"\nread_more.other = \"더 보기\"\n", `i18n/ko.toml:2: cannot stamp "read_more" as it is written`},
		{"source-invalid", "i18n/ko.toml", "back = \"뒤로\"\n", "i18n/ko.toml: i18n/sla/en.toml:1: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			site := hugoTOML + keysEN
			if tc.name == "source-invalid" {
				site += "-- i18n/sla/en.toml --\nuptime = \n"
			}
			fsys := newFs(t, "MemMapFs", site)
			if tc.content != "" {
				if err := afero.WriteFile(fsys, tc.file, []byte(tc.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := l10n.Stamp(fsys, tc.file, l10n.Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Stamp(%s) = %v, want an error containing %q", tc.file, err, tc.want)
			}
			if tc.content != "" {
				if got, _ := afero.ReadFile(fsys, tc.file); string(got) != tc.content {
					t.Errorf("a failed stamp changed the file to\n%s", got)
				}
			}
		})
	}
}

// TestStampArchive: an earlier version of a document (superseded_by) is
// frozen, so its translations are not stamped.
func TestStampArchive(t *testing.T) {
	fsys := newFs(t, "MemMapFs", hugoTOML+privacyEN)
	const ko = "+++\ntitle = \"개인정보처리방침\"\nversion = \"1.0\"\nsuperseded_by = \"/privacy-policy/\"\n+++\n본문.\n"
	afero.WriteFile(fsys, "content/en/privacy-policy-v1-0.md", []byte("+++\ntitle = \"Privacy Policy\"\nversion = \"1.0\"\nsuperseded_by = \"/privacy-policy/\"\n+++\nText.\n"), 0o644)
	afero.WriteFile(fsys, "content/ko/privacy-policy-v1-0.md", []byte(ko), 0o644)
	err := l10n.Stamp(fsys, "content/ko/privacy-policy-v1-0.md", l10n.Options{})
	if err == nil || !strings.Contains(err.Error(), "is an earlier version") {
		t.Fatalf("Stamp = %v, want a refusal", err)
	}
	if got, _ := afero.ReadFile(fsys, "content/ko/privacy-policy-v1-0.md"); string(got) != ko {
		t.Errorf("the file changed:\n%s", got)
	}
	r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Pages {
		if strings.Contains(p.Path, "v1-0") {
			t.Errorf("the status lists the earlier version: %+v", p)
		}
	}
}
