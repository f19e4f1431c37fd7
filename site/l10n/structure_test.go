package l10n_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site/l10n"
	"legalcenter/site/report"
)

// structureCases are pairs of an English body and its Korean translation,
// stamped, and the structure findings Status reports for the translation.
// In want, each finding is "MARKER: MESSAGE": the finding is at the line
// of the stamped translation that holds MARKER, as the stamp moves the
// body down. The English file has five
// lines of front matter, so its body starts on line 6.
var structureCases = []struct {
	name       string
	en         string
	ko         string
	unstamped  bool   // the translation is left unknown
	incomplete bool   // the translation lacks a section of the English, so it is not done
	after      string // the English body, changed after the stamp; "" for none
	want       []string
}{
	{
		// What a translation may do: split or join sentences, wrap lines,
		// make a tight list loose, reorder words around a link or fact,
		// write a link as a reference, change emphasis and heading levels,
		// and fill table cells as it likes.
		name: "same",
		en: `Intro text. It has two sentences.

## Data retention {#data-retention}

We keep data for {{< fact "privacy.retention_days" >}} days. See [your rights](/privacy-policy/#your-rights) and [Cookies](/cookies-policy/).

- **first** item
- second item, which
  wraps

| Role | Contact |
|---|---|
| DPO | {{< fact "privacy.dpo_email" >}} |

> A quoted notice.

1. one
2. two
   - nested a
   - nested b
`,
		ko: `소개. 한 문장으로 합칩니다.

### 데이터 보관 {#data-retention}

[귀하의 권리](/privacy-policy/#your-rights)와 [쿠키][c]를
참조하십시오. 데이터를 {{< fact "privacy.retention_days" >}}일 동안 보관합니다.

- 첫째 항목

- *둘째* 항목

| 역할 | 연락처 |
|:--|--:|
| 개인정보 보호책임자(DPO) | {{< fact "privacy.dpo_email" >}} |

> 인용된 고지.

1. 하나
2. 둘
   - 중첩 가
   - 중첩 나

[c]: /cookies-policy/
`,
	},
	{
		name: "list item dropped",
		en: `## Data retention {#data-retention}

We keep:

- account data;
- billing data; and
- logs.
`,
		ko: `## 데이터 보관 {#data-retention}

보관하는 정보:

- 계정 정보
- 결제 정보
`,
		want: []string{"{#data-retention}: section #data-retention has 2 list items, the English has 3 (content/en/privacy-policy.md:6)"},
	},
	{
		// Each list, a nested one too, is compared on its own, in order.
		name: "nested list item dropped",
		en: `## Rights {#rights}

1. access
   - a copy
   - its sources
2. erasure

- by e-mail
- by post
`,
		ko: `## 권리 {#rights}

1. 열람
   - 사본
2. 삭제

- 이메일
- 우편
`,
		want: []string{"{#rights}: section #rights its 2nd list has 1 item, the English's has 2 (content/en/privacy-policy.md:6)"},
	},
	{
		// A nested list flattened into its parent is a list fewer.
		name: "nested list flattened",
		en: `## Rights {#rights}

- access
  - a copy
  - its sources
- erasure
`,
		ko: `## 권리 {#rights}

- 열람
- 사본
- 출처
- 삭제
`,
		want: []string{"{#rights}: section #rights has 1 list (4 items), the English has 2 (4 items) (content/en/privacy-policy.md:6)"},
	},
	{
		name: "paragraph added",
		en: `Before the first heading.

## Security {#security}

We protect your data. We encrypt it in transit and at rest.
`,
		ko: `첫 제목 앞.

## 보안 {#security}

당사는 귀하의 데이터를 보호합니다.

전송 중과 저장 시 암호화합니다.
`,
		want: []string{"{#security}: section #security has 2 paragraphs, the English has 1 (content/en/privacy-policy.md:8)"},
	},
	{
		// The second paragraph of a list item is a paragraph; the first
		// is the item itself.
		name: "paragraph of a list item dropped",
		en: `## Security {#security}

- Encryption.

  We encrypt data at rest.
- Access control.
`,
		ko: `## 보안 {#security}

- 암호화.
- 접근 통제.
`,
		want: []string{"{#security}: section #security has 0 paragraphs, the English has 1 (content/en/privacy-policy.md:6)"},
	},
	{
		name: "text before the first heading",
		en: `## Summary {#summary}

Short.
`,
		ko: `이 문서는 번역본입니다.

## 요약 {#summary}

짧게.
`,
		want: []string{"이 문서는: the text before the first heading has 1 paragraph, the English has 0 (content/en/privacy-policy.md:5)"},
	},
	{
		name: "table row and column",
		en: `## Contacts {#contacts}

| Role | Who | Where |
|---|---|---|
| Controller | Tencent | Singapore |
| DPO | Privacy team | Singapore |

| Day | Hours |
|---|---|
| Monday | 9-18 |
`,
		ko: `## 연락처 {#contacts}

| 역할 | 담당 |
|---|---|
| 개인정보처리자 | Tencent |

| 요일 | 시간 |
|---|---|
| 월요일 | 9-18 |
| 화요일 | 9-18 |
`,
		want: []string{"{#contacts}: section #contacts its 1st table has 1 row, the English's has 2; its 1st table has 2 columns, the English's has 3; its 2nd table has 2 rows, the English's has 1 (content/en/privacy-policy.md:6)"},
	},
	{
		name: "block quote dropped",
		en: `## Notice {#notice}

> Read this first.

Then the rest.
`,
		ko: `## 고지 {#notice}

먼저 읽으십시오.

그다음 나머지.
`,
		want: []string{"{#notice}: section #notice has 0 block quotes, the English has 1 (content/en/privacy-policy.md:6)"},
	},
	{
		name: "facts",
		en: `## Contact {#contact}

Write to {{< fact "privacy.dpo_email" >}} within {{< fact "privacy.retention_days" >}} days, or to {{< fact "privacy.dpo_email" >}} again.
`,
		ko: `## 연락처 {#contact}

{{< fact "privacy.privacy_email" >}}로 {{< fact "privacy.retention_days" >}}일 이내에 연락하십시오. {{< fact "privacy.retention_days" >}}일이 지나면 보관하지 않습니다.
`,
		want: []string{`{#contact}: section #contact uses {{< fact "privacy.dpo_email" >}} not at all, the English twice; uses {{< fact "privacy.privacy_email" >}} once, the English not at all; uses {{< fact "privacy.retention_days" >}} twice, the English once (content/en/privacy-policy.md:6)`},
	},
	{
		name: "link dropped",
		en: `## Retention {#retention}

See [your rights](#your-rights), [data retention](/privacy-policy/#data-retention) and <https://example.com/help>.

## Your rights {#your-rights}

None.
`,
		ko: `## 보관 {#retention}

[귀하의 권리](#your-rights)와 https://example.com/help 를 참조하십시오.

## 귀하의 권리 {#your-rights}

없음.
`,
		want: []string{"{#retention}: section #retention has 2 links, the English has 3; links to /privacy-policy/#data-retention not at all, the English once (content/en/privacy-policy.md:6)"},
	},
	{
		// Internal targets are compared as written, external ones only
		// counted.
		name: "link targets",
		en: `## Links {#links}

[Terms](/terms-of-service/) and [help](https://example.com/en/help).
`,
		ko: `## 링크 {#links}

[약관](/ko/terms-of-service/)과 [도움말](https://example.com/ko/help).
`,
		want: []string{"{#links}: section #links links to /ko/terms-of-service/ once, the English not at all; links to /terms-of-service/ not at all, the English once (content/en/privacy-policy.md:6)"},
	},
	{
		// A link to a page the site does not have, where the English
		// links to one it has, is the build's error at its line: the
		// targets are not reported again. The count still is.
		name: "broken link left to the build",
		en: `## Links {#links}

See [this policy](/privacy-policy/) and [your rights](/privacy-policy/#rights).

## Rights {#rights}

None.
`,
		ko: `## 링크 {#links}

[이 방침](/privacy-polcy/)을 참조하십시오.

## 권리 {#rights}

없음.
`,
		want: []string{"{#links}: section #links has 1 link, the English has 2 (content/en/privacy-policy.md:6)"},
	},
	{
		name: "sections missing and extra",
		en: `## Summary {#summary}

Short.

## Data retention {#data-retention}

We keep data.
`,
		ko: `## 요약 {#summary}

짧게.

## 보관 {#retention}

데이터를 보관합니다.
`,
		// A stamp does not vouch for #data-retention, which the
		// translation does not have: it is to translate, not a structure
		// finding; nor is #retention, which the English does not have
		// (an add-section and a removed-section finding, see TestSectionWork).
		incomplete: true,
	},
	{
		// A stale translation is not compared in the sections it is yet to
		// re-read (a list item added to #retention), only in the others.
		name: "stale",
		en: `## Retention {#retention}

- account data

## Security {#security}

We protect data.
`,
		ko: `## 보관 {#retention}

- 계정 정보

## 보안 {#security}

데이터를 보호합니다.

추가된 문단.
`,
		after: `## Retention {#retention}

- account data
- logs

## Security {#security}

We protect data.
`,
		want: []string{"{#security}: section #security has 2 paragraphs, the English has 1 (content/en/privacy-policy.md:11)"},
	},
	{
		// An unstamped translation is already reported as unknown.
		name:      "unknown",
		en:        "## Retention {#retention}\n\n- account data\n- logs\n",
		ko:        "## 보관 {#retention}\n\n- 계정 정보\n",
		unstamped: true,
	},
}

func TestStructure(t *testing.T) {
	for _, tc := range structureCases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := newFs(t, "MemMapFs", hugoTOML+structureDocs(tc.en, tc.ko))
			if !tc.unstamped {
				if err := l10n.Stamp(fsys, "content/ko/privacy-policy.md", l10n.Options{}); err != nil {
					t.Fatal(err)
				}
			}
			if tc.after != "" {
				if err := afero.WriteFile(fsys, "content/en/privacy-policy.md", []byte(enFrontMatter+tc.after), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r, err := l10n.Status(context.Background(), fsys, l10n.Options{Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			ko, err := afero.ReadFile(fsys, "content/ko/privacy-policy.md")
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, w := range tc.want {
				marker, msg, _ := strings.Cut(w, ": ")
				want = append(want, fmt.Sprintf("%d: %s", lineOf(ko, marker), msg))
			}
			got := structureFindings(r)
			if !slices.Equal(got, want) {
				t.Errorf("structure findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for _, f := range r.Findings {
				if f.Rule == l10n.RuleStructure && (f.Level != report.Error || f.File != "content/ko/privacy-policy.md") {
					t.Errorf("finding %+v: want an error in content/ko/privacy-policy.md", f)
				}
			}
			if len(want) > 0 && !r.Failed() {
				t.Error("Failed() = false with structure findings")
			}
			// Structure does not count against the work done: a fresh
			// page is done, whatever its structure.
			if tc.after == "" && !tc.unstamped && !tc.incomplete {
				if p, _ := progress(r, "ko"); p.Percent != 100 || p.WordsTodo != 0 {
					t.Errorf("ko: %d%% done, %d words to do; want 100%%, 0", p.Percent, p.WordsTodo)
				}
			}
		})
	}
}

// TestStructureFormats shows a structure finding in every report format.
func TestStructureFormats(t *testing.T) {
	fsys := newFs(t, "MemMapFs", hugoTOML+structureDocs(
		"## Retention {#retention}\n\n- account data\n- logs\n",
		"## 보관 {#retention}\n\n- 계정 정보\n"))
	if err := l10n.Stamp(fsys, "content/ko/privacy-policy.md", l10n.Options{}); err != nil {
		t.Fatal(err)
	}
	r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ko, _ := afero.ReadFile(fsys, "content/ko/privacy-policy.md")
	line := lineOf(ko, "{#retention}")
	msg := "section #retention has 1 list item, the English has 2 (content/en/privacy-policy.md:6)"
	for name, want := range map[string]string{
		"text":     fmt.Sprintf("content/ko/privacy-policy.md:%d: warning: %s [structure]\n", line, msg),
		"markdown": fmt.Sprintf("- **warning** `content/ko/privacy-policy.md:%d` structure: section #retention has 1 list item", line),
		// Work to do, which fails only sitectl i18n -strict: a warning.
		"github": fmt.Sprintf("::warning file=content/ko/privacy-policy.md,line=%d,title=structure::%s\n", line, msg),
	} {
		var b bytes.Buffer
		if err := r.Write(&b, name); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), want) {
			t.Errorf("%s report lacks %q:\n%s", name, want, b.String())
		}
	}
	var b bytes.Buffer
	if err := r.Write(&b, "json"); err != nil {
		t.Fatal(err)
	}
	var got struct{ Findings []report.Finding }
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := report.Finding{Lang: "ko", Rule: "structure", Level: "warning", File: "content/ko/privacy-policy.md", Line: line, Message: msg}
	if !slices.Contains(got.Findings, want) {
		t.Errorf("JSON findings %+v lack %+v", got.Findings, want)
	}
}

// TestStructureStrict: with Strict, a fresh translation that dropped a
// list item is an error, and passes once the item is back; no new stamp
// is needed. Without Strict, it is a warning.
func TestStructureStrict(t *testing.T) {
	fsys := newFs(t, "MemMapFs", hugoTOML+keysENKO+structureDocs(
		"## Retention {#retention}\n\n- account data\n- logs\n",
		"## 보관 {#retention}\n\n- 계정 정보\n"))
	for _, f := range []string{"content/ko/privacy-policy.md", "i18n/ko.toml"} {
		if err := l10n.Stamp(fsys, f, l10n.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	const msg = "section #retention has 1 list item, the English has 2"
	for _, strict := range []bool{true, false} {
		r, err := l10n.Status(context.Background(), fsys, l10n.Options{Strict: strict})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		r.Write(&b, "text")
		want := "error: " + msg
		if !strict {
			want = "warning: " + msg
		}
		if r.Failed() != strict || !strings.Contains(b.String(), want) {
			t.Errorf("strict %v: Failed() = %v, want %v; want %q in\n%s", strict, r.Failed(), strict, want, b.String())
		}
	}
	ko, _ := afero.ReadFile(fsys, "content/ko/privacy-policy.md")
	if err := afero.WriteFile(fsys, "content/ko/privacy-policy.md", append(ko, "- 로그\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if r, err := l10n.Status(context.Background(), fsys, l10n.Options{Strict: true}); err != nil || r.Failed() || len(r.Findings) > 0 {
		t.Errorf("after the fix: %v, %v", err, r.Findings)
	}
}

const enFrontMatter = `+++
title = "Privacy Policy"
description = "How we keep personal information."
+++

`

// structureDocs is a txtar archive of an English privacy policy with body
// en and its Korean translation with body ko.
func structureDocs(en, ko string) string {
	return "-- content/en/privacy-policy.md --\n" + enFrontMatter + en +
		"-- content/ko/privacy-policy.md --\n+++\ntitle = \"개인정보 처리방침\"\ndescription = \"개인정보를 보관하는 방법.\"\n+++\n\n" + ko
}

// structureFindings returns the structure findings of ko as "LINE: MESSAGE".
func structureFindings(r *l10n.Report) []string {
	var out []string
	for _, f := range r.Findings {
		if f.Lang == "ko" && f.Rule == l10n.RuleStructure {
			out = append(out, fmt.Sprintf("%d: %s", f.Line, f.Message))
		}
	}
	return out
}

// lineOf returns the 1-based line of src that holds marker; 0 for an
// empty marker or one src does not hold.
func lineOf(src []byte, marker string) int {
	if marker == "" {
		return 0
	}
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, marker) {
			return i + 1
		}
	}
	return 0
}
