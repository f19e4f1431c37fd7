package l10n_test

import (
	"context"
	"strings"
	"testing"

	"legalcenter/site/l10n"
	"legalcenter/site/report"
)

const copiedEN = `
-- content/en/terms.md --
+++
title = "Terms"
+++
These terms govern your use of the services we provide.

## Fees {#fees}
You pay the fees listed on the pricing page every month.

## Termination {#termination}
Either party may end this agreement with thirty days of written notice.

## Law {#law}
These terms are governed by the laws of Singapore.
`

// TestCopied: a translation that copies the English, in part or whole,
// is reported as a string left identical is: a warning (even with
// -strict), per section or once for the page; text kept in English on
// purpose (marked untranslated, a name) is not.
func TestCopied(t *testing.T) {
	site := `
-- hugo.toml --
defaultContentLanguage = "en"
[languages.en]
weight = 1
contentDir = "content/en"
[languages.ko]
weight = 2
contentDir = "content/ko"
[languages.pt-br]
weight = 3
contentDir = "content/pt-br"
` + copiedEN + `
-- content/ko/terms.md --
+++
title = "약관"
+++
이 약관은 Tencent Cloud 서비스 이용에 적용됩니다.

## 요금 {#fees}
You pay the fees listed on the pricing page every month, 매월.

## 해지 {#termination}
{{< mark "untranslated" >}}
Either party may end this agreement with thirty days of written notice.
{{< /mark >}}

## 준거법 {#law}
이 약관은 싱가포르 법률의 적용을 받습니다.
-- content/pt-br/terms.md --
+++
title = "Termos"
+++
These terms govern your use of the services we provide.

## Tarifas {#fees}
You pay the fees listed on the pricing page every month.

## Rescisão {#termination}
Qualquer parte pode encerrar este contrato com aviso de trinta dias.

## Lei {#law}
These terms are governed by the laws of Singapore.
`
	r, err := l10n.Status(context.Background(), newFs(t, "MemMapFs", site), l10n.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		if f.Rule != l10n.RuleIdentical {
			continue
		}
		if f.Level != report.Warning {
			t.Errorf("%v: want a warning, as for an identical string", f)
		}
		got = append(got, f.Position()+" "+f.Target+": "+f.Message)
	}
	want := []string{
		// Korean: a sentence of the English with one Korean word, whose
		// words are mostly Latin-script; not the marked section, nor the
		// intro naming Tencent Cloud.
		`content/ko/terms.md:6 #fees: section #fees has a sentence that is the English's, word for word ("You pay the fees listed on the pricing page every month")`,
		// Portuguese: three of four sections copied, one finding.
		`content/pt-br/terms.md:4 : 3 of its 4 sections are copied from the English (first the text before the first heading)`,
	}
	if len(got) != len(want) {
		t.Fatalf("identical findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("identical finding:\n got %s\nwant %s…", got[i], want[i])
		}
	}
}

// TestCopiedLatinScript: in Korean, a section of English words that are no
// sentence of the English (a paraphrase) is still mostly Latin-script.
func TestCopiedLatinScript(t *testing.T) {
	r, err := l10n.Status(context.Background(), newFs(t, "MemMapFs", hugoTOML+copiedEN+`
-- content/ko/terms.md --
+++
title = "약관"
+++
이 약관은 서비스 이용에 적용됩니다.

## 요금 {#fees}
Fees are paid monthly as the pricing page lists them.

## 해지 {#termination}
어느 당사자든 30일 전에 서면으로 통지하여 해지할 수 있습니다.

## 준거법 {#law}
이 약관은 싱가포르 법률의 적용을 받습니다.
`), l10n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantFindingAt(t, r, "ko", l10n.RuleIdentical, 6, "section #fees is mostly Latin-script words (10 of 11), as the English is")
}
