package l10n_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"legalcenter/site/l10n"
)

// TestStampSelected: a stamp vouches for what the translation has and
// what the translator names, nothing else.
func TestStampSelected(t *testing.T) {
	const partKO = `
-- content/ko/privacy-policy.md --
+++
title = "개인정보처리방침"
+++
저희는 귀하의 개인정보를 존중합니다.

## 요약 {#summary}
적게 수집하고 짧게 보관합니다.
`
	for _, tc := range []struct {
		name     string
		sel      l10n.Selection
		stamped  []string // sections and fields, as "section id", "field id"
		warnings []string
		changed  []string // sections the status then reports
		fields   []string // fields the status then reports
		err      string
	}{
		{name: "whole", stamped: []string{"field title", "field description", "section _top", "section summary"},
			warnings: []string{"section data-retention not stamped: content/ko/privacy-policy.md does not have it yet"},
			changed:  []string{"data-retention"}},
		{name: "section", sel: l10n.Selection{Sections: []string{"summary"}}, stamped: []string{"section summary"},
			changed: []string{"_top", "data-retention"}, fields: []string{"title", "description"}},
		{name: "field", sel: l10n.Selection{Fields: []string{"title"}}, stamped: []string{"field title"},
			changed: []string{"_top", "summary", "data-retention"}, fields: []string{"description"}},
		{name: "missing section", sel: l10n.Selection{Sections: []string{"data-retention"}}, err: `has no section "data-retention" to stamp`},
		{name: "no such section", sel: l10n.Selection{Sections: []string{"nope"}}, err: `the English has no section "nope"; its sections are _top, summary, data-retention`},
		{name: "no such field", sel: l10n.Selection{Fields: []string{"weight"}}, err: "-field weight: a stamp records the fields title, description"},
		{name: "key of a page", sel: l10n.Selection{Keys: []string{"read_more"}}, err: "-key stamps keys of an i18n file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := newFs(t, "MemMapFs", hugoTOML+privacyEN+partKO)
			done, err := l10n.StampSelected(fsys, "content/ko/privacy-policy.md", tc.sel, l10n.Options{})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range done.Fields {
				got = append(got, "field "+f)
			}
			for _, s := range done.Sections {
				got = append(got, "section "+s)
			}
			if !slices.Equal(got, tc.stamped) || !slices.Equal(done.Warnings, tc.warnings) {
				t.Errorf("stamped %q, warnings %q; want %q, %q", got, done.Warnings, tc.stamped, tc.warnings)
			}
			r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
			if err != nil {
				t.Fatal(err)
			}
			p := wantPage(t, r, "ko", "privacy-policy.md", l10n.Stale)
			if !slices.Equal(p.Changed, tc.changed) || !slices.Equal(p.Fields, tc.fields) {
				t.Errorf("stale sections %q, fields %q; want %q, %q", p.Changed, p.Fields, tc.changed, tc.fields)
			}
		})
	}
}

// TestStampKeysSelected: -key stamps those keys only.
func TestStampKeysSelected(t *testing.T) {
	fsys := newFs(t, "MemMapFs", hugoTOML+`
-- i18n/en.toml --
read_more = "Read more"
contact = "Contact us"
-- i18n/ko.toml --
read_more = "더 보기"
contact = "문의하기"
`)
	done, err := l10n.StampSelected(fsys, "i18n/ko.toml", l10n.Selection{Keys: []string{"contact"}}, l10n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(done.Keys, []string{"contact"}) {
		t.Errorf("stamped keys %q, want contact", done.Keys)
	}
	r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantFindingAt(t, r, "ko", l10n.RuleUnstampedKey, 1, `"read_more" is not stamped`)
	if p, _ := r.Progress("ko"); p.KeysUnstamped != 1 || p.KeysComplete != 1 {
		t.Errorf("ko keys: %d complete, %d unstamped; want 1, 1", p.KeysComplete, p.KeysUnstamped)
	}
	for _, sel := range []l10n.Selection{{Keys: []string{"nope"}}, {Sections: []string{"summary"}}} {
		if _, err := l10n.StampSelected(fsys, "i18n/ko.toml", sel, l10n.Options{}); err == nil {
			t.Errorf("StampSelected(%+v) = nil error", sel)
		}
	}
}
