package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const versionedEN = `
-- content/en/privacy-policy.md --
+++
title = "Privacy Policy"
description = "How we keep personal information."
date = 2020-08-17
weight = 20
[[params.revisions]]
version = "1.0"
date = 2020-08-17
note = "First published version."
+++
## Data retention {#data-retention}
We keep personal information for 30 days.
`

const versionedKO = `
-- content/ko/privacy-policy.md --
+++
title = "개인정보처리방침"
description = "개인정보를 보관하는 방법."
date = 2020-08-17
weight = 20
[[params.revisions]]
version = "1.0"
date = 2020-08-17
note = "최초 게시 버전입니다."
+++
## 데이터 보관 {#data-retention}
개인정보를 30일 동안 보관합니다.
`

// TestVersion: "sitectl version FILE" freezes the document in every
// language and gives it the new version; the frozen copies are outside
// the translation status; freezing the same version again, a bad date
// and a missing FILE fail without writing.
func TestVersion(t *testing.T) {
	dir := t.TempDir()
	writeArchive(t, dir, hugoTOML+versionedEN+versionedKO)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"version", "-s", dir, "-date", "2026-12-07", "-note", "Kept for 90 days.", "content/ko/privacy-policy.md"}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if want := "froze version 1.0 as content/en/privacy-policy-v1-0.md, content/ko/privacy-policy-v1-0.md\n"; !strings.HasPrefix(stdout.String(), want) {
		t.Errorf("stdout %q, want it to start %q", stdout.String(), want)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	frozen := read("content/ko/privacy-policy-v1-0.md")
	for _, want := range []string{"+++\nversion = \"1.0\"\nsuperseded_by = \"/privacy-policy/\"\ntitle = \"개인정보처리방침\"", "[build]\nlist = \"never\"\n[sitemap]\ndisable = true\n+++", "개인정보를 30일 동안 보관합니다."} {
		if !strings.Contains(frozen, want) {
			t.Errorf("no %q in the frozen copy\n%s", want, frozen)
		}
	}
	if en := read("content/en/privacy-policy.md"); !strings.Contains(en, "date = 2026-12-07\n") || !strings.Contains(en, "version = \"2.0\"\ndate = 2026-12-07\nnote = \"Kept for 90 days.\"\n+++") {
		t.Errorf("the English document has no version 2.0:\n%s", en)
	}
	if ko := read("content/ko/privacy-policy.md"); !strings.Contains(ko, "version = \"2.0\"\ndate = 2026-12-07\n+++") {
		t.Errorf("the Korean document has no version 2.0:\n%s", ko)
	}

	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"i18n", "-s", dir}, &stdout, &stderr); code != exitOK || strings.Contains(stdout.String(), "-v1-0") {
		t.Errorf("i18n: exit %d, and the frozen copies must not be in the status:\n%s%s", code, stdout.String(), stderr.String())
	}

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"again", []string{"-version", "2.0", "content/en/privacy-policy-v1-0.md"}, exitFail, "is an earlier version already"},
		{"bad date", []string{"-date", "7.12.2026", "content/en/privacy-policy.md"}, exitUsage, "-date must be YYYY-MM-DD"},
		{"no file", []string{"content/en/nope.md"}, exitUsage, "no such file"},
		{"two files", []string{"a.md", "b.md"}, exitUsage, "want one FILE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := read("content/en/privacy-policy.md")
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"version", "-s", dir}, tc.args...), &stdout, &stderr)
			if code != tc.code || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, want %d with %q in\n%s", code, tc.code, tc.want, stderr.String())
			}
			if read("content/en/privacy-policy.md") != before {
				t.Error("the document changed")
			}
		})
	}
}
