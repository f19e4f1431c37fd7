package l10n_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"legalcenter/site/l10n"
	"legalcenter/site/report"
)

// TestFormatCounts: the formats say "1 document", "1 word", in the
// singular, and "2 documents", "2 words" otherwise.
func TestFormatCounts(t *testing.T) {
	status := func(n int) *l10n.Report {
		return &l10n.Report{Source: "en", Documents: n, Keys: n, Languages: []l10n.Progress{
			{Lang: "ko", Documents: n, Translated: n, Keys: n, KeysComplete: n, WordsTodo: n, Percent: 50},
		}}
	}
	for _, tc := range []struct {
		n      int
		format string
		want   string
	}{
		{1, "text", "Translation status: source en, 1 document, 1 i18n key\n"},
		{2, "text", "Translation status: source en, 2 documents, 2 i18n keys\n"},
		{0, "text", "Translation status: source en, 0 documents, 0 i18n keys\n"},
		{1, "markdown", "Source `en`: 1 document, 1 i18n key.\n"},
		{2, "markdown", "Source `en`: 2 documents, 2 i18n keys.\n"},
		{1, "github", "ko: 50% done, 1/1 document (0 stale, 0 unstamped, 0 missing), keys 1/1, 1 word to do\n"},
		{2, "github", "ko: 50% done, 2/2 documents (0 stale, 0 unstamped, 0 missing), keys 2/2, 2 words to do\n"},
		{0, "github", "ko: 50% done, 0/0 documents (0 stale, 0 unstamped, 0 missing), keys 0/0, 0 words to do\n"},
	} {
		var b bytes.Buffer
		if err := status(tc.n).Write(&b, tc.format); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("-format %s of %d: no %q in\n%s", tc.format, tc.n, tc.want, b.String())
		}
	}
}

// TestGitHubOrder: GitHub shows the first 10 errors and 10 warnings of a
// step, so -format github writes errors before warnings, whatever their
// language and file, and ends with a notice when more than 10 of a level
// are written.
func TestGitHubOrder(t *testing.T) {
	orphan := func(i int) report.Finding {
		return report.Finding{Lang: "ko", Rule: l10n.RuleOrphan, Level: report.Warning, File: fmt.Sprintf("content/ko/%02d.md", i), Message: "no source"}
	}
	broken := report.Finding{Lang: "zh-cn", Rule: l10n.RulePlaceholder, Level: report.Error, File: "i18n/zh-cn.toml", Line: 3, Target: "by", Message: "{{ .Titel }} is not in the English"}
	var orphans []report.Finding
	for i := range 11 {
		orphans = append(orphans, orphan(i))
	}
	for _, tc := range []struct {
		name        string
		findings    []report.Finding
		first, last string
	}{
		{"the error after 11 warnings comes first", append(slices.Clone(orphans), broken),
			"::error file=i18n/zh-cn.toml,line=3,title=placeholder::{{ .Titel }} is not in the English: by",
			"::notice title=more annotations::GitHub shows the first 10 errors and 10 warnings of a step as annotations: 1 more warning is not shown there; all are in this step's log, and in the job summary when the build or the translation status wrote one"},
		{"10 warnings: no notice", slices.Clone(orphans[:10]),
			"::warning file=content/ko/00.md,title=orphan::no source",
			"0 errors, 10 warnings"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &l10n.Report{Source: "en", Languages: []l10n.Progress{{Lang: "ko"}}, Findings: tc.findings}
			var b bytes.Buffer
			if err := r.Write(&b, "github"); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			if lines[0] != tc.first || lines[len(lines)-1] != tc.last {
				t.Errorf("got first line %q, last %q; want %q, %q; all:\n%s", lines[0], lines[len(lines)-1], tc.first, tc.last, b.String())
			}
		})
	}
}
