package l10n

import (
	"testing"
)

func TestCountWords(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"", 0},
		{"  \t\n ", 0},
		{"We respect your privacy.", 4},
		{"Tencent's users don’t", 3},
		{"third-party e-mail, non‑breaking", 3},
		{"a - b -- c", 3},
		{"-lead trail- 'quoted'", 3},
		{"99.95% of 3,200 days in 2020.", 6},
		{"e.g. 1,a a,1", 6},
		// Accented Latin, composed and decomposed (combining marks).
		{"résumé re\u0301sume\u0301 São Paulo, Bahasa Indonesia", 6},
		// Han, Hiragana and Katakana: a word per character; Hangul has spaces.
		{"法务中心 and 개인정보 처리방침", 7},
		{"ひらがなカタカナ", 8},
		{"Tencent云", 2},
		{"\uFFFC-day period", 2},
	} {
		if got := countWords(tc.text); got != tc.want {
			t.Errorf("countWords(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
}

// TestMarkdownWords counts what a reader sees of each Markdown construct.
func TestMarkdownWords(t *testing.T) {
	for _, tc := range []struct {
		name string
		md   string
		want int
	}{
		{"empty", "", 0},
		{"syntax only", "---\n\n***\n\n| |\n|---|\n", 0},
		{"paragraph", "We keep personal information\nfor 30 days.", 7},
		{"heading id", "## Data retention {#data-retention}", 2},
		{"heading attributes", "### Your rights {#your-rights .lead}", 2},
		{"heading closing hashes", "## Summary ##", 1},
		{"setext heading", "Summary\n=======", 1},
		{"link", "See [Data retention](#data-retention) below.", 4},
		{"link url", "[Cookies Policy](/cookies-policy/#what-cookies-are)", 2},
		{"link title", `[Cookies](/cookies-policy/ "Our cookies policy")`, 4},
		{"link glued", "re[ad](/x/)ing", 1},
		{"reference link", "[Terms][t] apply.\n\n[t]: /terms-of-service/ \"\"", 2},
		{"image", "![Our office in Singapore](/img/office.png)", 4},
		{"autolink", "Write to <https://example.com/legal/contact> now", 3},
		{"bare url", "See https://example.com/legal/contact-us today", 2},
		{"email autolink", "Mail <legal@example.com>.", 1},
		{"fact", `Write to us at {{< fact "privacy.dpo_email" >}}.`, 4},
		{"fact alone", `{{< fact "privacy.eu_controller_address" >}}`, 0},
		{"fact glued", `a {{< fact "privacy.retention_days" >}}-day period`, 3},
		{"fact in link", `[write to us]({{< fact "privacy.dpo_url" >}})`, 3},
		{"shortcode percent", `{{% fact "privacy.dpo_email" %}}`, 0},
		{"shortcode on lines", "Call {{< fact\n  \"privacy.dpo_phone\"\n>}} today.", 2},
		{"paired shortcode", "{{% note %}}Read this first.{{% /note %}}", 3},
		{"shortcode comment", `{{</* fact "privacy.dpo_email" */>}}`, 0},
		{"html comment", "<!-- translators: keep the order -->\nText here.", 2},
		{"html comment inline", "Text <!-- not this --> here.", 2},
		{"html comment lines", "Intro.\n\n<!--\nnot\nthese words\n-->\n\nEnd.", 2},
		{"raw html", "<span class=\"x\">Hi</span> there", 2},
		{"table", "| Role | Who to contact |\n|---|:---:|\n| Data controller | By e-mail to {{< fact \"privacy.dpo_email\" >}} |", 9},
		{"table cells apart", "|a|b|\n|-|-|\n|c|d|", 4},
		{"emphasis", "**What** do we *collect*? _Really_ ~~old~~ __all__", 7},
		{"emphasis inside a word", "un**believ**able foo*bar*", 2},
		{"lists", "1. First item\n2. Second\n\n- Third\n* [x] Done\n+ Last", 6},
		{"list numbers", "10. Tenth\n11) Eleventh", 2},
		{"blockquote", "> Quoted words here\n> and there", 5},
		{"code span", "Set `hash = \"x\"` in the file.", 4},
		{"fenced code", "Before.\n\n```toml\ntitle = \"Terms\"\n```\n\n~~~\nmore code\n~~~\nAfter.", 2},
		{"indented code", "Text.\n\n    code here\n", 1},
		{"escapes", `\*not emphasis\* and \# no heading`, 5},
		{"entities", "AT&amp;T&nbsp;Inc &copy; 2020", 4},
		{"hard break", "one  \ntwo\\\nthree", 3},
		{"definition list", "Controller\n: The one who decides.", 5},
		{"footnote", "A claim.[^1]\n\n[^1]: The source.", 4},
		{"task list", "- [ ] open task", 2},
		{"strikethrough", "~~gone~~ kept", 2},
		{"accents", "## Résumé {#resume}\n\nSão Paulo", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := markdownWords(tc.md); got != tc.want {
				t.Errorf("markdownWords(%q) = %d, want %d", tc.md, got, tc.want)
			}
		})
	}
}

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
	d, err := splitDocument([]byte(src))
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
