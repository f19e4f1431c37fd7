package l10n_test

import (
	"bytes"
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
	{"toml", "+++\ntitle = \"개인정보처리방침\"\n+++\n본문.\n"},
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
`},
	{"toml-crlf", "+++\r\ntitle = \"개인정보처리방침\"\r\n+++\r\n본문.\r\n"},
	// A table header inside a multi-line string is text, not a table.
	{"toml-multiline", `+++
title = "개인정보처리방침"
description = """
[params.source]
hash = "not a stamp"
"""
+++
본문.
`},
	{"toml-empty", "+++\n+++\n본문.\n"},
	{"yaml", "---\ntitle: 개인정보처리방침\n---\n본문.\n"},
	{"yaml-params", `---
title: 개인정보처리방침
params:
    audience: all   # four-space indent is kept
    revisions:
        - version: "1.0"
weight: 20
---
본문.
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
`},
	{"none", "본문만 있습니다.\n"},
	{"bom", "\xef\xbb\xbf+++\ntitle = \"개인정보처리방침\"\n+++\n본문.\n"},
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
			r, err := l10n.Status(fsys, l10n.Options{})
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
		{"invalid", "content/ko/privacy-policy.md", "+++\ntitle = \"x\"\nweight =\n+++\n본문.\n", "content/ko/privacy-policy.md:3: front matter: toml: "},
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
