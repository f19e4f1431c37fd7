package l10n_test

import (
	"bytes"
	"strings"
	"testing"

	"legalcenter/site/l10n"
)

// TestFormatCounts: the formats say "1 document", "1 word", in the
// singular, and "2 documents", "2 words" otherwise.
func TestFormatCounts(t *testing.T) {
	report := func(n int) *l10n.Report {
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
		{1, "github", "ko: 50% done, 1/1 document (0 stale, 0 unknown, 0 missing), keys 1/1, 1 word to do\n"},
		{2, "github", "ko: 50% done, 2/2 documents (0 stale, 0 unknown, 0 missing), keys 2/2, 2 words to do\n"},
		{0, "github", "ko: 50% done, 0/0 documents (0 stale, 0 unknown, 0 missing), keys 0/0, 0 words to do\n"},
	} {
		var b bytes.Buffer
		if err := l10n.Formats[tc.format].Format(&b, report(tc.n)); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("-format %s of %d: no %q in\n%s", tc.format, tc.n, tc.want, b.String())
		}
	}
}
