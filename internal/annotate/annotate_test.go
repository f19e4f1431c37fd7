package annotate

import "testing"

func TestLine(t *testing.T) {
	for _, tc := range []struct {
		level, file string
		line        int
		title, msg  string
		want        string
	}{
		{"error", "content/ko/a.md", 12, "broken-link", "gone", "::error file=content/ko/a.md,line=12,title=broken-link::gone\n"},
		{"warning", "a,b:c.md", 0, "i18n stale", "50%\ndone", "::warning file=a%2Cb%3Ac.md,title=i18n stale::50%25%0Adone\n"},
		{"error", "", 3, "t", "m", "::error title=t::m\n"},
	} {
		if got := Line(tc.level, tc.file, tc.line, tc.title, tc.msg); got != tc.want {
			t.Errorf("Line(%q, %q, %d, %q, %q) = %q, want %q", tc.level, tc.file, tc.line, tc.title, tc.msg, got, tc.want)
		}
	}
}
