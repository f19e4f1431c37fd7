package main

import (
	"context"
	"testing"

	"legalcenter/internal/sitetest"
	"legalcenter/site"
)

// TestGenerated: the generated site builds, and every link and fact in it
// resolves, whether the documents fill all sections or only a few.
func TestGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated site")
	}
	for _, n := range []int{7, 120} {
		dir := t.TempDir()
		if err := generate(sitetest.Repo(), dir, n); err != nil {
			t.Fatal(err)
		}
		src, err := site.NewSource(dir)
		if err != nil {
			t.Fatal(err)
		}
		res, err := site.Build(context.Background(), site.Options{Source: src, CacheDir: t.TempDir()})
		if err != nil {
			if res != nil && res.Check != nil {
				for _, f := range res.Check.Findings {
					t.Errorf("n=%d: %s:%d: %s", n, f.File, f.Line, f.Message)
				}
			}
			t.Fatalf("n=%d: %v", n, err)
		}
		docs := map[string]int{}
		for _, p := range res.Pages {
			if p.Kind == "page" {
				docs[p.Lang]++
			}
		}
		if len(docs) != 6 {
			t.Errorf("n=%d: documents in %d languages, want the repository's 6", n, len(docs))
		}
		for lang, got := range docs {
			if got != n {
				t.Errorf("n=%d: %s has %d documents, want %d", n, lang, got, n)
			}
		}
		// A preview (the default): the repository's placeholder facts,
		// which the generated site uses, are marked on the pages, not
		// reported.
		if findings := res.Check.Findings; len(findings) > 0 {
			t.Errorf("n=%d: %d findings, first %+v", n, len(findings), findings[0])
		}
	}
}
