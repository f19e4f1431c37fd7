package l10n

import (
	"testing"

	"legalcenter/site/content"
)

// TestSourceWords: a source document counts its title, description and
// body, never other front matter; each section its own words, its
// heading included.
func TestSourceWords(t *testing.T) {
	src := `+++
title = "Privacy Policy"
description = "How we keep personal information."
date = 2020-08-17
weight = 20
[[params.revisions]]
version = "1.0"
note = "First published version, never counted."
+++
We respect your privacy.

## Summary {#summary}

We collect **little**: see [Data retention](#data-retention).

<!-- a note for editors, not counted -->

## Data retention {#data-retention}

| Kind | Kept for |
|---|---|
| Logs | {{< fact "privacy.log_days" >}} days |
`
	d, err := content.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	fp, err := sourceFingerprint(d)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, s := range append(fp.Sections, fp.Fields...) {
		got[s.ID] = s.words()
	}
	want := map[string]int{"title": 2, "description": 5, TopSection: 4, "summary": 1 + 6, "data-retention": 2 + 5}
	for id, n := range want {
		if got[id] != n {
			t.Errorf("%s: %d words, want %d", id, got[id], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("words of %v, want only %v", got, want)
	}
	if n := fp.words(); n != 2+5+4+7+7 {
		t.Errorf("words() = %d, want %d", n, 2+5+4+7+7)
	}
	if n := fp.sectionWords([]string{"summary", "gone"}, []string{"title"}); n != 7+2 {
		t.Errorf("sectionWords(summary, gone; title) = %d, want 9", n)
	}
}

// TestMessageWords: template actions count nothing, the Markdown that
// markdownify renders counts as a reader sees it, and every plural form
// counts.
func TestMessageWords(t *testing.T) {
	for _, tc := range []struct {
		forms       map[string]string
		left, right string
		want        int
	}{
		{map[string]string{"other": "Read more"}, "", "", 2},
		{map[string]string{"other": "What's New"}, "", "", 2},
		{map[string]string{"one": "{{ .Count }} document", "other": "{{ .Count }} documents"}, "", "", 2},
		{map[string]string{"other": "{{ .Name }} Service Level Agreement"}, "", "", 3},
		{map[string]string{"other": "See the [General SLA]({{ .URL }}) for **{{ .Availability }}** uptime"}, "", "", 6},
		{map[string]string{"other": "Copyright © 2013-{{ .Year }} Tencent Cloud."}, "", "", 4},
		{map[string]string{"other": "[[ .Count ]] pages"}, "[[", "]]", 1},
		{map[string]string{"other": "{{ .Count }}"}, "", "", 0},
	} {
		m := &message{id: "k", forms: tc.forms, left: tc.left, right: tc.right}
		if got := messageWords(m); got != tc.want {
			t.Errorf("messageWords(%q) = %d, want %d", tc.forms, got, tc.want)
		}
	}
}
