package l10n_test

import (
	"errors"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/internal/sitetest"
	"legalcenter/site/l10n"
)

// TestStampDiskFull: a stamp that cannot be written (the disk is full)
// fails and leaves the translation as it was, never truncated, and no
// temporary file beside it: a document and an i18n file alike.
func TestStampDiskFull(t *testing.T) {
	for _, tc := range []struct{ name, site, file, text string }{
		{"document", hugoTOML + privacyEN, "content/ko/privacy-policy.md", "+++\ntitle = \"개인정보처리방침\"\n+++\n본문.\n"},
		{"i18n file", hugoTOML + keysEN, "i18n/ko.toml", "read_more = \"더 보기\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := newFs(t, "MemMapFs", tc.site)
			if err := afero.WriteFile(fsys, tc.file, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			before, _ := afero.ReadDir(fsys, "content/ko")
			err := l10n.Stamp(&sitetest.FullDisk{Fs: fsys}, tc.file, l10n.Options{})
			if !errors.Is(err, sitetest.ErrDiskFull) {
				t.Fatalf("err = %v, want the disk full", err)
			}
			if got, _ := afero.ReadFile(fsys, tc.file); string(got) != tc.text {
				t.Errorf("%s is now %q", tc.file, got)
			}
			for _, dir := range []string{"content/ko", "i18n"} {
				entries, _ := afero.ReadDir(fsys, dir)
				if dir == "content/ko" && len(entries) != len(before) {
					t.Errorf("%s: %d files, had %d", dir, len(entries), len(before))
				}
				for _, e := range entries {
					if e.Name()[0] == '.' {
						t.Errorf("left behind: %s/%s", dir, e.Name())
					}
				}
			}
		})
	}
}
