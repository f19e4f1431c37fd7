package l10n_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"legalcenter/site/l10n"
)

// TestStaleHeadingForms: a change under any heading form Hugo renders with
// an id (ATX, closed ATX, setext with = and with -, with more attributes)
// makes the translation stale with that section's id, not the one before.
func TestStaleHeadingForms(t *testing.T) {
	const front = "+++\ntitle = \"Terms\"\ndescription = \"D\"\ndate = 2020-08-17\nweight = 10\n+++\n"
	const body = "Intro.\n\n" +
		"## ATX {#atx}\nA text.\n\n" +
		"## Closed ATX ## {#closed}\nB text.\n\n" +
		"Setext one {#setext-one}\n==========\nC text.\n\n" +
		"Setext two {#setext-two}\n----------\nD text.\n\n" +
		"### Attributes {#attributes .lead}\nE text.\n"
	site := hugoTOML + "-- content/en/terms.md --\n" + front + body + "-- content/ko/terms.md --\n" + front + body
	for _, tc := range []struct {
		text, id string
		line     int // of the heading in the translation, before it is stamped
	}{
		{"A text.", "atx", 9}, {"B text.", "closed", 12}, {"C text.", "setext-one", 15}, {"D text.", "setext-two", 19}, {"E text.", "attributes", 23},
	} {
		t.Run(tc.id, func(t *testing.T) {
			fsys := newFs(t, "MemMapFs", site)
			if err := l10n.Stamp(fsys, "content/ko/terms.md", l10n.Options{}); err != nil {
				t.Fatal(err)
			}
			writeArchive(t, fsys, "-- content/en/terms.md --\n"+front+strings.Replace(body, tc.text, "Changed.", 1))
			r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
			if err != nil {
				t.Fatal(err)
			}
			p := wantPage(t, r, "ko", "terms.md", l10n.Stale)
			if !slices.Equal(p.Changed, []string{tc.id}) {
				t.Errorf("changed %q, want %q", p.Changed, tc.id)
			}
			// The finding points at the section in the translation, whose
			// stamp (11 lines: the hashes of the page, its 2 fields and 6
			// sections, and 2 table headers) is above it.
			for _, f := range r.Findings {
				if f.Rule == l10n.RuleStale && (f.Line != tc.line+11 || !strings.Contains(f.Message, "re-read sections "+tc.id+" ")) {
					t.Errorf("finding at line %d: %q; want line %d", f.Line, f.Message, tc.line+11)
				}
			}
		})
	}
}

// TestStatusCancelled: Status stops between files when its context is done.
func TestStatusCancelled(t *testing.T) {
	fsys := newFs(t, "MemMapFs", hugoTOML+privacyEN+privacyKO)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l10n.Status(ctx, fsys, l10n.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Status = %v, want %v", err, context.Canceled)
	}
}
