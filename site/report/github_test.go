package report

import (
	"fmt"
	"strings"
	"testing"
)

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

func TestWrite(t *testing.T) {
	e := func(file string) Annotation { return Annotation{"error", file, 1, "t", "e"} }
	wn := func(file string) Annotation { return Annotation{"warning", file, 2, "t", "w"} }
	n := func(file string) Annotation { return Annotation{"notice", file, 0, "t", "n"} }
	many := func(mk func(string) Annotation, k int) []Annotation {
		var as []Annotation
		for i := range k {
			as = append(as, mk(fmt.Sprintf("f%02d", i)))
		}
		return as
	}
	for _, tc := range []struct {
		name string
		as   []Annotation
		log  string
		want []string // the lines written, "…" for lines left out
	}{
		{
			name: "errors first, then warnings, then notices, each in the order given",
			as:   []Annotation{wn("a"), n("b"), e("c"), wn("d"), e("e")},
			log:  "2 errors\n",
			want: []string{
				"::error file=c,line=1,title=t::e",
				"::error file=e,line=1,title=t::e",
				"::warning file=a,line=2,title=t::w",
				"::warning file=d,line=2,title=t::w",
				"::notice file=b,title=t::n",
				"2 errors",
			},
		},
		{
			name: "the 11th error comes before the first warning, and a notice counts the hidden",
			as:   append(many(wn, 3), many(e, 11)...),
			log:  "summary\n",
			want: []string{
				"::error file=f00,line=1,title=t::e", "…",
				"::error file=f10,line=1,title=t::e",
				"::warning file=f00,line=2,title=t::w", "…",
				"summary",
				"::notice title=more annotations::GitHub shows the first 10 errors and 10 warnings of a step as annotations: 1 more error is not shown there; all are in this step's log, and in the job summary when the build or the translation status wrote one",
			},
		},
		{
			name: "errors and warnings over the limit",
			as:   append(many(e, 12), many(wn, 15)...),
			want: []string{"…", "::notice title=more annotations::GitHub shows the first 10 errors and 10 warnings of a step as annotations: 2 more errors and 5 more warnings are not shown there; all are in this step's log, and in the job summary when the build or the translation status wrote one"},
		},
		{
			name: "the count's notice is among the 10 notices shown",
			as:   append(many(e, 11), many(n, 10)...),
			want: []string{
				"…",
				"::notice file=f08,title=t::n",
				"notice: f09: t: n",
				"::notice title=more annotations::GitHub shows the first 10 errors and 10 warnings of a step as annotations: 1 more error is not shown there; all are in this step's log, and in the job summary when the build or the translation status wrote one",
			},
		},
		{
			name: "10 of each: all shown, no notice",
			as:   append(many(e, 10), many(wn, 10)...),
			want: []string{"…", "::warning file=f09,line=2,title=t::w"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			if err := Write(&b, tc.as, tc.log); err != nil {
				t.Fatal(err)
			}
			got := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			// Match want in order; "…" skips any lines up to the next wanted one,
			// and the last wanted line must be the last line written.
			i := 0
			skip := false
			for _, w := range tc.want {
				if w == "…" {
					skip = true
					continue
				}
				for skip && i < len(got) && got[i] != w {
					i++
				}
				if i >= len(got) || got[i] != w {
					t.Fatalf("want line %q at %d, got:\n%s", w, i, b.String())
				}
				i++
				skip = false
			}
			if i != len(got) {
				t.Errorf("more lines than wanted after %q:\n%s", tc.want[len(tc.want)-1], b.String())
			}
		})
	}
}
