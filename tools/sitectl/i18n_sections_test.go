package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"legalcenter/site/l10n"
)

// TestI18nChangedWords: in a git work tree, the status counts the words
// the English changed in each stale section since the stamp, and tells a
// section whose heading's text alone changed from one to re-read.
func TestI18nChangedWords(t *testing.T) {
	dir := gitRepo(t)
	ko := filepath.Join(dir, "content", "ko", "terms.md")
	runSteps(t, []step{{args: []string{"i18n", "stamp", "-root", dir, ko}, code: 0}})
	git(t, dir, "commit", "-qam", "stamp")
	en := filepath.Join(dir, "content", "en", "terms.md")
	replaceIn(t, en, "every 30 days", "every 90 days")
	replaceIn(t, en, "## Law {#law}", "## Governing law {#law}")
	git(t, dir, "commit", "-qam", "English: fees, and the law heading")
	runSteps(t, []step{
		{args: []string{"i18n", "-root", dir}, code: 0, stdout: []string{
			"re-read sections fees; only the heading's text changed in sections law (",
			"words the English changed: fees 2 of 6, law 3 of 5",
		}},
	})
	var stdout bytes.Buffer
	if code := run(context.Background(), []string{"i18n", "-root", dir, "-format", "json"}, &stdout, &stdout); code != 0 {
		t.Fatalf("exit %d:\n%s", code, &stdout)
	}
	var r struct{ Pages []l10n.Page }
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range r.Pages {
		for _, w := range p.Sections {
			got = append(got, fmt.Sprintf("%s %s line %d, %d words, %d changed", w.Kind, w.ID, w.Line, w.Words, w.ChangedWords))
		}
	}
	// The stamp's lines come first in the Korean file.
	if want := "[changed fees line 13, 6 words, 2 changed heading law line 19, 5 words, 3 changed]"; fmt.Sprint(got) != want {
		t.Errorf("sections %s, want %s", got, want)
	}
}
