package l10n_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"golang.org/x/tools/txtar"

	"legalcenter/site/content"
	"legalcenter/site/l10n"
	"legalcenter/site/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Two languages keep most reports short; the plural case has all six.
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

// statusCases are mini-sites, one per thing Status reports. stamp lists
// the translations to stamp after writing site; after then overwrites
// files, as an editor of the source would.
var statusCases = []struct {
	name  string
	site  string
	stamp []string
	after string
	check func(t *testing.T, r *l10n.Report)
}{
	{
		name:  "fresh",
		site:  hugoTOML + privacyEN + privacyKO + keysENKO,
		stamp: []string{"content/ko/privacy-policy.md", "i18n/ko.toml"},
		check: func(t *testing.T, r *l10n.Report) {
			wantPage(t, r, "ko", "privacy-policy.md", l10n.Fresh)
			if r.Failed() {
				t.Errorf("Failed() = true, want false: %v", r.Findings)
			}
			if p, _ := progress(r, "ko"); p.Percent != 100 || p.WordsTodo != 0 {
				t.Errorf("ko percent = %d, words to do %d; want 100, 0", p.Percent, p.WordsTodo)
			}
		},
	},
	{
		name:  "stale",
		site:  hugoTOML + privacyEN + privacyKO + keysENKO,
		stamp: []string{"content/ko/privacy-policy.md", "i18n/ko.toml"},
		// Summary goes, data retention changes, your rights is new; the
		// intro only gains Windows line endings and a trailing blank.
		after: `
-- content/en/privacy-policy.md --
+++
title = "Privacy Policy"
description = "How we collect and keep personal information."
date = 2020-08-17
weight = 20
+++
We respect your privacy.  

## Your rights {#your-rights}
You may ask for a copy of your data.

## Data retention {#data-retention}
We keep personal information for 90 days.
`,
		check: func(t *testing.T, r *l10n.Report) {
			p := wantPage(t, r, "ko", "privacy-policy.md", l10n.Stale)
			if want := []string{"your-rights", "data-retention"}; !slices.Equal(p.Changed, want) {
				t.Errorf("changed = %q, want %q", p.Changed, want)
			}
			if want := []string{"summary"}; !slices.Equal(p.Removed, want) {
				t.Errorf("removed = %q, want %q", p.Removed, want)
			}
			if len(p.Fields) > 0 {
				t.Errorf("fields = %q, want none", p.Fields)
			}
			// The words of the changed sections, headings included:
			// "Your rights. You may ask for a copy of your data." (11)
			// and "Data retention. We keep personal information for 90
			// days." (9); not the removed summary, nor the intro.
			wantWords(t, r, "ko", "privacy-policy.md", 20, 20)
			wantFindingAt(t, r, "ko", l10n.RuleStale, 22, "re-read sections data-retention (9 words)")
			// Your rights goes where the summary was, before line 19, and
			// the summary is to remove: findings of their own.
			wantFindingAt(t, r, "ko", l10n.RuleAddSection, 19, "add section #your-rights after the text before the first heading (11 words, content/en/privacy-policy.md:9)")
			wantFindingAt(t, r, "ko", l10n.RuleRemovedSection, 19, "the English removed section #summary since this translation was stamped (content/en/privacy-policy.md): remove it here too")
			wantSections(t, p, "added your-rights 19 11/11", "changed data-retention 22 9/-1", "removed summary 19 0/0")
			// The finding points at the first changed section the
			// translation has: its data-retention heading, the 22nd line
			// once stamped.
			for _, f := range r.Findings {
				if f.Rule == l10n.RuleStale && f.Line != 22 {
					t.Errorf("stale finding at line %d, want 22 (## 데이터 보관 {#data-retention})", f.Line)
				}
			}
		},
	},
	{
		name:  "stale-intro",
		site:  hugoTOML + privacyEN + privacyKO + keysENKO,
		stamp: []string{"content/ko/privacy-policy.md", "i18n/ko.toml"},
		after: `
-- content/en/privacy-policy.md --
+++
title = "Privacy Policy"
description = "How we collect and keep personal information."
+++
We respect your privacy, and we say so first.

## Summary {#summary}
We collect little and keep it briefly.

## Data retention {#data-retention}
We keep personal information for 30 days.
`,
		check: func(t *testing.T, r *l10n.Report) {
			p := wantPage(t, r, "ko", "privacy-policy.md", l10n.Stale)
			if want := []string{l10n.TopSection}; !slices.Equal(p.Changed, want) {
				t.Errorf("changed = %q, want %q", p.Changed, want)
			}
			wantWords(t, r, "ko", "privacy-policy.md", 9, 9)
		},
	},
	{
		// Only the title changes: the page is stale, with no section to
		// re-read, and the finding points at the translation's title.
		name:  "stale-title",
		site:  hugoTOML + privacyEN + privacyKO + keysENKO,
		stamp: []string{"content/ko/privacy-policy.md", "i18n/ko.toml"},
		after: strings.Replace(privacyEN, `title = "Privacy Policy"`, `title = "Privacy Notice"`, 1),
		check: func(t *testing.T, r *l10n.Report) {
			p := wantPage(t, r, "ko", "privacy-policy.md", l10n.Stale)
			if len(p.Changed)+len(p.Removed) > 0 || !slices.Equal(p.Fields, []string{"title"}) {
				t.Errorf("changed %q, removed %q, fields %q; want fields [title] only", p.Changed, p.Removed, p.Fields)
			}
			wantFindingAt(t, r, "ko", l10n.RuleStale, 2, "title changed (2 words)")
			wantWords(t, r, "ko", "privacy-policy.md", 2, 2)
			if pr, _ := progress(r, "ko"); pr.Percent == 100 {
				t.Errorf("ko percent = 100 with a stale page")
			}
		},
	},
	{
		// The description and a section change; white space in the title
		// is no change.
		name:  "stale-description",
		site:  hugoTOML + privacyEN + privacyKO + keysENKO,
		stamp: []string{"content/ko/privacy-policy.md", "i18n/ko.toml"},
		after: strings.NewReplacer(
			`title = "Privacy Policy"`, `title = "  Privacy   Policy "`,
			`"How we collect and keep personal information."`, `"How we collect, keep and delete personal information."`,
			"30 days", "90 days").Replace(privacyEN),
		check: func(t *testing.T, r *l10n.Report) {
			p := wantPage(t, r, "ko", "privacy-policy.md", l10n.Stale)
			if !slices.Equal(p.Fields, []string{"description"}) || !slices.Equal(p.Changed, []string{"data-retention"}) {
				t.Errorf("fields %q, changed %q; want [description], [data-retention]", p.Fields, p.Changed)
			}
			wantFindingAt(t, r, "ko", l10n.RuleStale, 3, "description changed; re-read sections data-retention (17 words)")
			wantWords(t, r, "ko", "privacy-policy.md", 8+9, 8+9)
		},
	},
	{
		// A heading id renamed in English, text untouched: nothing to
		// re-read, the translator renames the id. A section renamed and
		// edited is changed, and its old id removed.
		name:  "renamed-section",
		site:  hugoTOML + privacyEN + privacyKO + keysENKO,
		stamp: []string{"content/ko/privacy-policy.md", "i18n/ko.toml"},
		after: strings.NewReplacer("{#data-retention}", "{#retention}", "{#summary}", "{#overview}", "We collect little", "We collect very little").Replace(privacyEN),
		check: func(t *testing.T, r *l10n.Report) {
			p := wantPage(t, r, "ko", "privacy-policy.md", l10n.Stale)
			if want := []l10n.Rename{{From: "data-retention", To: "retention"}}; !slices.Equal(p.Renamed, want) {
				t.Errorf("renamed = %v, want %v", p.Renamed, want)
			}
			if !slices.Equal(p.Changed, []string{"overview"}) || !slices.Equal(p.Removed, []string{"summary"}) {
				t.Errorf("changed %q, removed %q; want [overview], [summary]", p.Changed, p.Removed)
			}
			wantFindingAt(t, r, "ko", l10n.RuleRenamedSection, 22, "the English renamed section #data-retention to #retention, its text unchanged (content/en/privacy-policy.md:12): change the id here to {#retention}")
			wantSections(t, p, "added overview 19 9/9", "renamed retention 22 0/0", "removed summary 19 0/0")
			for _, f := range r.Findings {
				if f.Rule == l10n.RuleStale {
					t.Errorf("a stale finding for what the section findings say: %s", f.Message)
				}
			}
			wantWords(t, r, "ko", "privacy-policy.md", 9, 9)
		},
	},
	{
		// Stamps written before stamps recorded the title and description
		// vouch for the body only: the page is unknown, or stale if its
		// body changed, and the report says to compare the fields.
		name: "old-stamp",
		site: hugoTOML + privacyEN + keysENKO + `
-- content/ko/privacy-policy.md --
+++
title = "개인정보처리방침"
[params.source]
hash = "24cd21e512b90b92"
[params.source.sections]
_top = "74413892"
summary = "ddbe4315"
data-retention = "948d903e"
+++
저희는 귀하의 개인정보를 존중합니다.
-- content/en/terms.md --
+++
title = "Terms"
+++
## Fees {#fees}
Monthly.
-- content/ko/terms.md --
+++
title = "약관"
[params.source]
hash = "0000000000000000"
[params.source.sections]
fees = "00000000"
+++
## 요금 {#fees}
매월.
`,
		stamp: []string{"i18n/ko.toml"},
		check: func(t *testing.T, r *l10n.Report) {
			wantPage(t, r, "ko", "privacy-policy.md", l10n.Unstamped)
			wantFindingAt(t, r, "ko", l10n.RuleUnstamped, 0, "stamped before stamps recorded the title and description")
			p := wantPage(t, r, "ko", "terms.md", l10n.Stale)
			if !slices.Equal(p.Changed, []string{"fees"}) || len(p.Fields) > 0 {
				t.Errorf("terms: changed %q, fields %q; want [fees], none", p.Changed, p.Fields)
			}
			wantFindingAt(t, r, "ko", l10n.RuleStale, 8, "re-read sections fees; the stamp predates stamps of the title and description: compare them too (3 words)")
			// The body is vouched for, not the title (2 words) and
			// description (7); terms: fees (2) and the title (1).
			wantWords(t, r, "ko", "privacy-policy.md", 9, 9+3)
			wantWords(t, r, "ko", "terms.md", 3, 9+3)
		},
	},
	{
		// A description (go-i18n's context for translators) added to or
		// changed in an English key is not a change to translate: the
		// stamp hashes the plural forms only.
		name: "description",
		site: hugoTOML + privacyEN + privacyKO + `
-- i18n/en.toml --
read_more = { other = "Read more", description = "Link after a summary" }
[documents]
one = "{{ .Count }} document"
other = "{{ .Count }} documents"
-- i18n/ko.toml --
read_more = "더 보기"
[documents]
other = "문서 {{ .Count }}건"
`,
		stamp: []string{"content/ko/privacy-policy.md", "i18n/ko.toml"},
		after: `
-- i18n/en.toml --
read_more = { other = "Read more", description = "Link after a document's summary, to the whole document" }
[documents]
description = "Number of documents in a group; {{ .Count }} is the number"
one = "{{ .Count }} document"
other = "{{ .Count }} documents"
`,
		check: func(t *testing.T, r *l10n.Report) {
			wantFindings(t, r, "ko", l10n.RuleStaleKey)
			if p, _ := progress(r, "ko"); p.KeysStale != 0 || p.KeysComplete != 2 {
				t.Errorf("ko keys: %d complete, %d stale; want 2, 0", p.KeysComplete, p.KeysStale)
			}
		},
	},
	{
		// An English value changes after its translation was stamped: the
		// key is stale, a plural one too when only its "one" form changes.
		name: "stale-key",
		site: hugoTOML + privacyEN + privacyKO + `
-- i18n/en.toml --
read_more = "Read more"
back = "Back"
[documents]
one = "{{ .Count }} document"
other = "{{ .Count }} documents"
-- i18n/ko.toml --
# 한국어
read_more = "더 보기"
back = "뒤로"
[documents]
other = "문서 {{ .Count }}건"
`,
		stamp: []string{"content/ko/privacy-policy.md", "i18n/ko.toml"},
		after: `
-- i18n/en.toml --
read_more = "Read the whole policy"
back = 'Back'
[documents]
one = "one document"
other = "{{ .Count }} documents"
`,
		check: func(t *testing.T, r *l10n.Report) {
			wantFindings(t, r, "ko", l10n.RuleStaleKey, "documents", "read_more")
			wantFindingAt(t, r, "ko", l10n.RuleStaleKey, 2, `"read_more" changed in i18n/en.toml:1 since it was stamped; it now reads "Read the whole policy"`)
			wantFindingAt(t, r, "ko", l10n.RuleStaleKey, 4, `"documents" changed in i18n/en.toml:3 since it was stamped; it now reads one "one document", other "{{ .Count }} documents"`)
			if p, _ := progress(r, "ko"); p.KeysStale != 2 || p.KeysComplete != 1 || p.KeysUnstamped != 0 {
				t.Errorf("ko keys: %d complete, %d stale, %d unstamped; want 1, 2, 0", p.KeysComplete, p.KeysStale, p.KeysUnstamped)
			}
			// "Read the whole policy", and "one document" with
			// "{{ .Count }} documents"; the page is fresh.
			wantFindingAt(t, r, "ko", l10n.RuleStaleKey, 2, `"Read the whole policy" (4 words)`)
			wantFindingAt(t, r, "ko", l10n.RuleStaleKey, 4, `(3 words)`)
			wantKeyWords(t, r, "ko", map[string]int{"read_more": 4, "documents": 3})
			wantWords(t, r, "ko", "privacy-policy.md", 0, 7)
			wantBacklog(t, r, l10n.RuleStaleKey)
		},
	},
	{
		// Stamps are read from YAML and JSON files too (stamp writes only
		// TOML).
		name: "stale-key-yaml",
		site: hugoTOML + `
-- i18n/en.toml --
read_more = "Read more"
back = "Back"
menu = "Menu"
-- i18n/ko.yaml --
read_more:
  other: 더 보기
  hash: e56400ab
back:
  other: 뒤로
  hash: "00000000"
-- i18n/sub/ko.json --
{"menu": {"other": "메뉴"}}
`,
		check: func(t *testing.T, r *l10n.Report) {
			wantFindings(t, r, "ko", l10n.RuleStaleKey, "back")
			wantFindings(t, r, "ko", l10n.RuleUnstampedKey, "menu")
			wantFindingAt(t, r, "ko", l10n.RuleStaleKey, 4, `"back" changed in i18n/en.toml:2`)
			wantFindingAt(t, r, "ko", l10n.RuleUnstampedKey, 0, `"menu" is not stamped, so it may be stale (1 word)`)
			wantKeyWords(t, r, "ko", map[string]int{"back": 1, "menu": 1})
		},
	},
	{
		// A hash that is not a string: go-i18n (and so Hugo) refuses the
		// file; the report names the line.
		name: "key-hash-invalid",
		site: hugoTOML + `
-- i18n/en.toml --
read_more = "Read more"
-- i18n/sla/en.toml --
uptime = "Monthly uptime"
-- i18n/ko.toml --
read_more = { other = "더 보기", hash = 1 }
-- i18n/sla/ko.toml --
# 가동률
[uptime]
other = "월간 가동률"
hash = true
`,
		check: func(t *testing.T, r *l10n.Report) {
			wantFindingAt(t, r, "ko", l10n.RuleInvalid, 1, `the hash of "read_more" is not a string (integer)`)
			wantFindingAt(t, r, "ko", l10n.RuleInvalid, 4, `the hash of "uptime" is not a string (bool)`)
		},
	},
	{
		name: "unstamped",
		site: hugoTOML + privacyEN + privacyKO + keysENKO,
		check: func(t *testing.T, r *l10n.Report) {
			wantPage(t, r, "ko", "privacy-policy.md", l10n.Unstamped)
			wantBacklog(t, r, l10n.RuleUnstamped) // an unstamped page is not known to be fresh
			// The whole source: title (2), description (7), body (21);
			// and the unstamped key "Read more" (2).
			wantWords(t, r, "ko", "privacy-policy.md", 30, 32)
			wantKeyWords(t, r, "ko", map[string]int{"read_more": 2})
		},
	},
	{
		name: "missing",
		site: hugoTOML + privacyEN + privacyKO + keysENKO + `
-- content/en/information-requests/_index.md --
+++
title = "Information Requests"
+++
-- content/en/service-level-agreements/_content.gotmpl --
{{/* a content adapter: not a document */}}
`,
		stamp: []string{"content/ko/privacy-policy.md", "i18n/ko.toml"},
		check: func(t *testing.T, r *l10n.Report) {
			wantPage(t, r, "ko", "information-requests/_index.md", l10n.Missing)
			if p, _ := progress(r, "ko"); p.Missing != 1 || p.Translated != 1 || p.Documents != 2 {
				t.Errorf("ko progress = %+v, want 1 of 2 translated, 1 missing", p)
			}
			wantWords(t, r, "ko", "information-requests/_index.md", 2, 2)
			wantFindingAt(t, r, "ko", l10n.RuleMissing, 0, "not translated into ko yet, 2 words (content/ko/information-requests/_index.md does not exist)")
		},
	},
	{
		name: "orphan",
		site: hugoTOML + privacyEN + privacyKO + keysENKO + `
-- content/ko/old-policy.md --
+++
title = "예전 정책"
+++
`,
		stamp: []string{"content/ko/privacy-policy.md", "i18n/ko.toml"},
		check: func(t *testing.T, r *l10n.Report) {
			wantPage(t, r, "ko", "old-policy.md", l10n.Orphan)
			wantWords(t, r, "ko", "old-policy.md", 0, 0)
		},
	},
	{
		// Keys of one language spread over i18n/ and its sub-folders are
		// one set: "uptime" moved to i18n/ko.toml still counts.
		name: "keys",
		site: hugoTOML + privacyEN + privacyKO + `
-- i18n/en.toml --
read_more = "Read more"
last_updated = "Last updated"
-- i18n/sla/en.toml --
uptime = "Monthly uptime"
credit = "Service credit"
-- i18n/ko.toml --
read_more = "더 보기"
uptime = "월간 가동률"
print = "인쇄"
-- i18n/sla/ko.toml --
read_more = "자세히"
`,
		stamp: []string{"content/ko/privacy-policy.md", "i18n/ko.toml", "i18n/sla/ko.toml"},
		check: func(t *testing.T, r *l10n.Report) {
			wantFindings(t, r, "ko", l10n.RuleMissingKey, "credit", "last_updated")
			wantFindings(t, r, "ko", l10n.RuleExtraKey, "print")
			wantFindings(t, r, "ko", l10n.RuleDuplicateKey, "read_more")
			if p, _ := progress(r, "ko"); p.KeysComplete != 2 || p.Keys != 4 {
				t.Errorf("ko keys = %d/%d, want 2/4", p.KeysComplete, p.Keys)
			}
			// Only the missing keys: extra and duplicate keys are no
			// words to translate.
			wantKeyWords(t, r, "ko", map[string]int{"credit": 2, "last_updated": 2})
			wantWords(t, r, "ko", "privacy-policy.md", 0, 4)
		},
	},
	{
		// ko, ja, zh and id have only "other"; en and pt "one" and "other".
		name: "plural",
		site: `
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
[languages.zh-cn]
weight = 4
contentDir = "content/zh-cn"
[languages.pt-br]
weight = 5
contentDir = "content/pt-br"
[languages.id]
weight = 6
contentDir = "content/id"
-- i18n/en.toml --
title = "Legal center"
[documents]
one = "{{ .Count }} document"
other = "{{ .Count }} documents"
[regions]
other = "{{ .Count }} regions"
-- i18n/ko.toml --
title = "법률 센터"
regions = "{{ .Count }}개 지역"
[documents]
one = "문서 {{ .Count }}개"
other = "문서 {{ .Count }}개"
-- i18n/ja.toml --
title = "法務センター"
regions = "{{ .Count }} 地域"
[documents]
other = "{{ .Count }} 件の文書"
-- i18n/zh-cn.toml --
regions = "{{ .Count }} 个地区"
[title]
one = "法律中心"
other = "法律中心"
[documents]
one = "{{ .Count }} 份文件"
-- i18n/pt-br.toml --
title = "Central jurídica"
regions = "{{ .Count }} regiões"
[documents]
other = "{{ .Count }} documentos"
-- i18n/id.toml --
title = "Pusat hukum"
regions = "{{ .Count }} wilayah"
[documents]
other = "{{ .Count }} dokumen"
`,
		stamp: []string{"i18n/ko.toml", "i18n/ja.toml", "i18n/zh-cn.toml", "i18n/pt-br.toml", "i18n/id.toml"},
		check: func(t *testing.T, r *l10n.Report) {
			wantFindings(t, r, "ko", l10n.RulePlural, "documents")
			wantFindings(t, r, "ja", l10n.RulePlural)
			wantFindings(t, r, "zh-cn", l10n.RulePlural, "documents", "documents", "title")
			wantFindings(t, r, "pt-br", l10n.RulePlural, "documents")
			wantFindings(t, r, "id", l10n.RulePlural)
		},
	},
	{
		name: "placeholder",
		site: hugoTOML + `
-- i18n/en.toml --
greeting = "Hello, {{ .Name }}"
effective = "Effective {{ .Date }}"
[documents]
one = "One document"
other = "{{ .Count }} documents"
-- i18n/ko.toml --
greeting = "안녕하세요, {{ .Nmae }}님"
effective = "{{- .Date -}}부터 시행"
[documents]
other = "문서"
`,
		stamp: []string{"i18n/ko.toml"},
		check: func(t *testing.T, r *l10n.Report) {
			wantFindings(t, r, "ko", l10n.RulePlaceholder, "documents", "greeting")
		},
	},
	{
		name: "identical",
		site: `
-- hugo.toml --
defaultContentLanguage = "en"
[languages.en]
weight = 1
contentDir = "content/en"
[languages.ko]
weight = 2
contentDir = "content/ko"
[params.l10n]
identicalOK = ["Tencent Cloud", "sla_code"]
-- i18n/en.toml --
brand = "Tencent Cloud"
sla_code = "CVM"
home = "Home"
availability = "99.95%"
count = "{{ .Count }}"
-- i18n/ko.toml --
brand = "Tencent Cloud"
sla_code = "CVM"
home = "Home"
availability = "99.95%"
count = "{{ .Count }}"
`,
		stamp: []string{"i18n/ko.toml"},
		check: func(t *testing.T, r *l10n.Report) {
			wantFindings(t, r, "ko", l10n.RuleIdentical, "home")
		},
	},
	{
		name: "fact",
		site: hugoTOML + privacyEN + keysENKO + `
-- data/facts/privacy.toml --
dpo_email = "dpo@example.com"
country = "Korea"
placeholders = ["dpo_email"]
[office]
address = "10 Anson Road, Singapore 079903"
-- content/ko/privacy-policy.md --
+++
title = "개인정보처리방침"
+++
저희는 귀하의 개인정보를 존중합니다. Korea.

## 요약 {#summary}
문의: dpo@example.com

## 데이터 보관 {#data-retention}
주소: {{< fact "privacy.office.address" >}} (10 Anson Road, Singapore 079903)
`,
		stamp: []string{"content/ko/privacy-policy.md", "i18n/ko.toml"},
		check: func(t *testing.T, r *l10n.Report) {
			wantFindings(t, r, "ko", l10n.RuleFact, "privacy.dpo_email", "privacy.office.address")
		},
	},
	{
		name: "yaml",
		site: hugoTOML + privacyEN + keysENKO + `
-- content/ko/privacy-policy.md --
---
title: 개인정보처리방침
params:
  revisions:
    - version: "1.0"
---
저희는 귀하의 개인정보를 존중합니다.

## 요약 {#summary}
적게 수집하고 짧게 보관합니다.

## 보관 {#data-retention}
개인정보를 30일 동안 보관합니다.
`,
		stamp: []string{"content/ko/privacy-policy.md", "i18n/ko.toml"},
		check: func(t *testing.T, r *l10n.Report) {
			wantPage(t, r, "ko", "privacy-policy.md", l10n.Fresh)
		},
	},
	{
		// The languages are Hugo's: disabled ones are not there, a new
		// one is, in Hugo's order (by weight).
		name: "languages",
		site: `
-- hugo.toml --
defaultContentLanguage = "en"
disableLanguages = ["id"]
[languages.en]
weight = 1
contentDir = "content/en"
[languages.ko]
weight = 3
contentDir = "content/ko"
[languages.fr]
weight = 2
contentDir = "content/fr"
[languages.ja]
weight = 4
contentDir = "content/ja"
disabled = true
[languages.id]
weight = 5
contentDir = "content/id"
` + privacyEN + `
-- content/id/privacy-policy.md --
+++
title = "Kebijakan Privasi"
+++
`,
		check: func(t *testing.T, r *l10n.Report) {
			var langs []string
			for _, p := range r.Languages {
				langs = append(langs, p.Lang)
			}
			if want := []string{"fr", "ko"}; !slices.Equal(langs, want) {
				t.Errorf("languages = %q, want %q", langs, want)
			}
		},
	},
	{
		// Content directories set by module mounts (contentDir is in hugoTOML).
		name: "content-dirs",
		site: `
-- hugo.toml --
defaultContentLanguage = "en"
[languages.en]
weight = 1
[languages.ko]
weight = 2
[[module.mounts]]
source = "docs/english"
target = "content"
[module.mounts.sites.matrix]
languages = ["en"]
[[module.mounts]]
source = "translations/korean"
target = "content"
lang = "ko"
-- docs/english/terms.md --
+++
title = "Terms"
+++
-- translations/korean/terms.md --
+++
title = "약관"
+++
`,
		stamp: []string{"translations/korean/terms.md"},
		check: func(t *testing.T, r *l10n.Report) {
			wantPage(t, r, "ko", "terms.md", l10n.Fresh)
		},
	},
	{
		name: "invalid",
		site: hugoTOML + privacyEN + `
-- content/ko/privacy-policy.md --
+++
title = "개인정보처리방침"
-- content/en/terms.md --
+++
title = "Terms"
+++
-- content/ko/terms.md --
+++
title = "약관"
[params.source]
sections = { summary = "00000000" }
+++
-- i18n/en.toml --
read_more = "Read more"
-- i18n/ko.toml --
read_more = "더 보기
`,
		check: func(t *testing.T, r *l10n.Report) {
			wantFindings(t, r, "ko", l10n.RuleInvalid, "", "", "")
			// Pages that do not parse count whole; keys of an i18n file
			// that does not parse are not counted.
			wantWords(t, r, "ko", "privacy-policy.md", 30, 31)
			wantWords(t, r, "ko", "terms.md", 1, 31)
		},
	},
	{
		// Each invalid file is named at the line of its error. The keys of
		// an i18n file that does not parse are unknown, not missing.
		name: "invalid-lines",
		site: hugoTOML + `
-- content/en/terms.md --
+++
title = "Terms"
+++
-- content/ko/terms.md --
+++
title = "약관"
date = 2020-08-17
weight =
+++
-- content/en/cookies.md --
+++
title = "Cookies"
+++
-- content/en/faq.md --
+++
title = "FAQ"
+++
-- content/ko/faq.md --
+++
title = "자주 묻는 질문"
+++
첫 줄.
` + "\xff\xfe" + `
-- content/ko/cookies.md --
---
title: 쿠키
weight: [1
date: 2020-08-17
---
-- i18n/en.toml --
read_more = "Read more"
back = "Back"
-- i18n/ko.toml --
back = "뒤로"
read_more = "더 보기
-- i18n/sub/ko.json --
{"a": "b",
 "c": }
`,
		check: func(t *testing.T, r *l10n.Report) {
			var got []string
			for _, f := range r.Findings {
				if f.Lang == "ko" && (f.Rule == l10n.RuleInvalid || f.Rule == l10n.RuleMissingKey) {
					got = append(got, fmt.Sprintf("%s %s:%d", f.Rule, f.File, f.Line))
					if strings.Contains(f.Message, "_stream") || strings.Contains(f.Message, "[3:") || strings.Contains(f.Message, "\n") {
						t.Errorf("%s: the message repeats a position of the parser: %s", f.File, f.Message)
					}
				}
			}
			want := []string{"invalid content/ko/cookies.md:4", "invalid content/ko/faq.md:5", "invalid content/ko/terms.md:4", "invalid i18n/ko.toml:2", "invalid i18n/sub/ko.json:2"}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("findings %q, want %q", got, want)
			}
			wantWords(t, r, "ko", "cookies.md", 1, 3)
		},
	},
}

func TestStatus(t *testing.T) {
	for _, fsName := range []string{"MemMapFs", "OsFs"} {
		for _, tc := range statusCases {
			t.Run(fsName+"/"+tc.name, func(t *testing.T) {
				fsys := newFs(t, fsName, tc.site)
				for _, f := range tc.stamp {
					if err := l10n.Stamp(fsys, f, l10n.Options{}); err != nil {
						t.Fatal(err)
					}
				}
				writeArchive(t, fsys, tc.after)
				r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
				if err != nil {
					t.Fatal(err)
				}
				tc.check(t, r)

				var text bytes.Buffer
				if err := r.Write(&text, "text"); err != nil {
					t.Fatal(err)
				}
				got := txtar.Format(&txtar.Archive{Files: []txtar.File{
					{Name: "report.txt", Data: text.Bytes()},
					{Name: l10n.DataFile, Data: r.Data()},
				}})
				golden(t, filepath.Join("testdata", "status", tc.name+".golden"), got, fsName == "MemMapFs")
			})
		}
	}
}

// wantPage returns the page of lang at path, failing t unless it exists
// with status want.
func wantPage(t *testing.T, r *l10n.Report, lang, path string, want l10n.State) l10n.Page {
	t.Helper()
	for _, p := range r.Pages {
		if p.Lang == lang && p.Path == path {
			if p.Status != want {
				t.Errorf("%s/%s: status %s, want %s", lang, path, p.Status, want)
			}
			return p
		}
	}
	t.Errorf("%s/%s: no page in the report", lang, path)
	return l10n.Page{}
}

// ownWords are the rules of findings about a part of a page, whose words
// are the part's.
var ownWords = []string{l10n.RuleFact, l10n.RuleStructure, l10n.RuleAddSection, l10n.RuleRemovedSection, l10n.RuleRenamedSection}

// wantSections fails t unless the sections to work on of page p are want:
// "kind id line words/changed-words".
func wantSections(t *testing.T, p l10n.Page, want ...string) {
	t.Helper()
	var got []string
	for _, w := range p.Sections {
		got = append(got, fmt.Sprintf("%s %s %d %d/%d", w.Kind, w.ID, w.Line, w.Words, w.ChangedWords))
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s/%s sections:\n got %q\nwant %q", p.Lang, p.Path, got, want)
	}
}

// wantWords fails t unless the page of lang at path has words words to do,
// as its finding says if it has one, and lang has total.
func wantWords(t *testing.T, r *l10n.Report, lang, path string, words, total int) {
	t.Helper()
	for _, p := range r.Pages {
		if p.Lang == lang && p.Path == path && p.Words != words {
			t.Errorf("%s/%s: %d words, want %d", lang, path, p.Words, words)
		}
	}
	// A stale finding's words are those of the page but for the sections
	// with findings of their own.
	stale := words
	for _, p := range r.Pages {
		if p.Lang == lang && p.Path == path {
			for _, w := range p.Sections {
				if w.Kind != l10n.SectionChanged && w.Kind != l10n.SectionHeading {
					stale -= w.Words
				}
			}
		}
	}
	for _, f := range r.Findings {
		of := strings.HasSuffix(f.File, "/"+lang+"/"+path) || f.Rule == l10n.RuleMissing && strings.Contains(f.Message, "/"+lang+"/"+path+" ")
		want := words
		if f.Rule == l10n.RuleStale {
			want = stale
		}
		if f.Lang == lang && of && !slices.Contains(ownWords, f.Rule) && findingWords(f) != want {
			t.Errorf("%s finding of %s/%s: %d words, want %d: %s", f.Rule, lang, path, findingWords(f), want, f.Message)
		}
	}
	if p, _ := progress(r, lang); p.WordsTodo != total {
		t.Errorf("%s: %d words to do, want %d", lang, p.WordsTodo, total)
	}
}

// wantBacklog fails t unless r has a finding of rule, a warning: work to
// do, which fails only with Strict (then an error).
func wantBacklog(t *testing.T, r *l10n.Report, rule string) {
	t.Helper()
	if r.Failed() || !slices.ContainsFunc(r.Findings, func(f report.Finding) bool { return f.Rule == rule && f.Level == report.Warning }) {
		t.Errorf("want a %s warning and no error: %v", rule, r.Findings)
	}
}

// findingWords is the number of words to do a finding's message says.
func findingWords(f report.Finding) int {
	m := regexp.MustCompile(`\b(\d+) words?\b`).FindStringSubmatch(f.Message)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// wantKeyWords fails t unless the findings of lang that carry words are
// those of the keys of want, each with its words.
func wantKeyWords(t *testing.T, r *l10n.Report, lang string, want map[string]int) {
	t.Helper()
	got := map[string]int{}
	for _, f := range r.Findings {
		if f.Lang == lang && f.Target != "" && findingWords(f) > 0 {
			got[f.Target] += findingWords(f)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: words of keys %v, want %v", lang, got, want)
	}
}

// wantFindingAt fails t unless lang has a finding of kind at line whose
// message contains text.
func wantFindingAt(t *testing.T, r *l10n.Report, lang string, kind string, line int, text string) {
	t.Helper()
	for _, f := range r.Findings {
		if f.Lang == lang && f.Rule == kind && f.Line == line && strings.Contains(f.Message, text) {
			return
		}
	}
	t.Errorf("no %s %s finding at line %d saying %q in %v", lang, kind, line, text, r.Findings)
}

// wantFindings checks the keys of the findings of one kind in lang.
func wantFindings(t *testing.T, r *l10n.Report, lang string, kind string, keys ...string) {
	t.Helper()
	var got []string
	for _, f := range r.Findings {
		if f.Lang == lang && f.Rule == kind {
			got = append(got, f.Target)
		}
	}
	slices.Sort(got)
	slices.Sort(keys)
	if !slices.Equal(got, keys) {
		t.Errorf("%s %s findings for keys %q, want %q", lang, kind, got, keys)
	}
}

// newFs returns a file system holding a txtar archive: in memory, or in a
// temporary directory on disk, which shows the path bugs memory hides.
func newFs(t *testing.T, kind, archive string) afero.Fs {
	t.Helper()
	// Rooted at "/", as Hugo reads it; the status reads relative names.
	var fsys afero.Fs = afero.NewBasePathFs(afero.NewMemMapFs(), "/")
	if kind == "OsFs" {
		fsys = afero.NewBasePathFs(afero.NewOsFs(), t.TempDir())
	}
	writeArchive(t, fsys, archive)
	return fsys
}

func writeArchive(t *testing.T, fsys afero.Fs, archive string) {
	t.Helper()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		if err := fsys.MkdirAll(filepath.Dir(f.Name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := afero.WriteFile(fsys, f.Name, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// golden compares got with a golden file, or rewrites it with -update.
func golden(t *testing.T, file string, got []byte, mayUpdate bool) {
	t.Helper()
	if *update && mayUpdate {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it; review the diff):\n--- got\n%s\n--- want\n%s", file, got, want)
	}
}

// TestMalformedStampLines: a stamp Status cannot read is reported at the
// line that defines it, in TOML and YAML front matter: the key that is not
// a string, or params.source itself when it has no hash.
func TestMalformedStampLines(t *testing.T) {
	for _, tc := range []struct {
		name, fm string
		line     int
		want     string
	}{
		{"toml title", "+++\ntitle = \"약관\"\n[params.source]\nhash = \"0123456789abcdef\"\ntitle = 1\n+++\n", 5, "params.source.title is not a string"},
		{"toml no hash", "+++\ntitle = \"약관\"\n\n[params.source]\nsections = { summary = \"00000000\" }\n+++\n", 4, "params.source has no hash"},
		{"toml inline", "+++\ntitle = \"약관\"\n[params]\nsource = \"x\"\n+++\n", 4, "params.source has no hash"},
		{"toml case", "+++\ntitle = \"약관\"\n[Params.Source]\nhash = \"0123456789abcdef\"\nDescription = 2\n+++\n", 5, "params.source.description is not a string"},
		{"yaml description", "---\ntitle: 약관\nparams:\n  # stamp\n  source:\n    hash: \"0123456789abcdef\"\n    description: [1]\n---\n", 7, "params.source.description is not a string"},
		{"yaml no hash", "---\ntitle: 약관\nparams:\n  source:\n    sections: {}\n---\n", 4, "params.source has no hash"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := newFs(t, "MemMapFs", hugoTOML+privacyEN+"\n-- content/ko/privacy-policy.md --\n"+tc.fm+"본문.\n")
			r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range r.Findings {
				if f.Rule == l10n.RuleInvalid {
					got = append(got, fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Message))
				}
			}
			want := fmt.Sprintf("content/ko/privacy-policy.md:%d: %s", tc.line, tc.want)
			if len(got) != 1 || !strings.HasPrefix(got[0], want) {
				t.Errorf("invalid findings %q, want one starting with %q", got, want)
			}
		})
	}
}

// TestBrokenFactsFile: a facts file that does not parse is reported at its
// own name and line, not at the name Hugo's decoder gives its input.
func TestBrokenFactsFile(t *testing.T) {
	for _, tc := range []struct{ name, file, data, want string }{
		{"toml string not closed", "data/facts/privacy.toml", "dpo = \"a@example.com\"\n\nname = \"\"\"Data\n", "data/facts/privacy.toml:3: the facts file does not parse: toml: multiline basic string not terminated"},
		{"toml key twice", "data/facts/terms.toml", "a = \"x\"\na = \"y\"\n", "data/facts/terms.toml:2: the facts file does not parse: toml:"},
		{"yaml", "data/facts/cookies.yaml", "a: x\n b: [\n", "data/facts/cookies.yaml:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := newFs(t, "MemMapFs", hugoTOML+privacyEN+"\n-- "+tc.file+" --\n"+tc.data)
			r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range r.Findings {
				if f.Rule == l10n.RuleInvalid {
					got = append(got, fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Message))
				}
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], tc.want) || strings.Contains(got[0], "_stream") || strings.Contains(got[0], ":0:") {
				t.Errorf("invalid findings %q, want one starting with %q", got, tc.want)
			}
		})
	}
}

// TestTypoInSourceKeys: a key the layouts use that the source language's
// file misspells is one error at that file and line, which breaks the
// build; the translations, which spell it right, are not blamed.
func TestTypoInSourceKeys(t *testing.T) {
	fsys := newFs(t, "MemMapFs", hugoTOML+privacyEN+`
-- layouts/_partials/header.html --
{{ with .Site }}<a>{{ i18n "legal_center" }}</a>{{ end }}
{{ if true }}{{ T "brand" | upper }}{{ else }}{{ i18n (printf "x_%s" "y") }}{{ end }}
-- i18n/en.toml --
brand = "Tencent Cloud"
legal_centre = "Legal Center"
-- i18n/ko.toml --
brand = "Tencent Cloud"
legal_center = "법률 센터"
`)
	r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		if strings.Contains(f.Target, "legal_cent") {
			got = append(got, fmt.Sprintf("%s %s:%d: %s: %s", f.Level, f.File, f.Line, f.Rule, f.Message))
		}
	}
	want := []string{`error i18n/en.toml:2: undefined-key: "legal_center" is used by layouts/_partials/header.html:1 but not defined here: the pages in en would show nothing there; is "legal_centre" a typo of it?`}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !r.Failed() {
		t.Error("the report does not fail")
	}
}

// TestStatusDocs: the documents a build's content check parsed are the
// ones Status reads; it does not parse those files again.
func TestStatusDocs(t *testing.T) {
	fsys := newFs(t, "MemMapFs", hugoTOML+privacyEN+privacyKO+keysENKO)
	if err := l10n.Stamp(fsys, "content/ko/privacy-policy.md", l10n.Options{}); err != nil {
		t.Fatal(err)
	}
	r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantPage(t, r, "ko", "privacy-policy.md", l10n.Fresh)

	// The English as parsed changed its last section: the stamped
	// translation is stale, though the file on disk did not change.
	src, err := afero.ReadFile(fsys, "content/en/privacy-policy.md")
	if err != nil {
		t.Fatal(err)
	}
	d, err := content.Parse(bytes.Replace(src, []byte("30 days"), []byte("60 days"), 1))
	if err != nil {
		t.Fatal(err)
	}
	r, err = l10n.Status(context.Background(), fsys, l10n.Options{Docs: map[string]*content.Document{"content/en/privacy-policy.md": d}})
	if err != nil {
		t.Fatal(err)
	}
	if p := wantPage(t, r, "ko", "privacy-policy.md", l10n.Stale); !slices.Equal(p.Changed, []string{"data-retention"}) {
		t.Errorf("changed sections %q, want [data-retention]", p.Changed)
	}
}

// progress returns the progress row of lang.
func progress(r *l10n.Report, lang string) (l10n.Progress, bool) {
	i := slices.IndexFunc(r.Languages, func(p l10n.Progress) bool { return p.Lang == lang })
	if i < 0 {
		return l10n.Progress{}, false
	}
	return r.Languages[i], true
}
