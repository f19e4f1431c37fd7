package site

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestUnrenderedMarkdown: Markdown a reader would see as text fails the
// build; emphasis the content check reports at its line is reported there
// only, not again on the page it renders to.
func TestUnrenderedMarkdown(t *testing.T) {
	a := doc("en", "Privacy Policy", retention+"\nSee \\[the terms\\](/terms-of-service/).\n") +
		doc("ko", "개인정보", retention+"\n- **\"고객 개인정보\"**란 개인정보를 말합니다.\n")
	res, err := Build(context.Background(), Options{Source: testSource(t, a), CacheDir: t.TempDir()})
	if !errors.Is(err, ErrCheck) {
		t.Fatalf("err = %v, want ErrCheck", err)
	}
	var got []string
	for _, f := range res.Check.Findings {
		if strings.HasPrefix(f.File, "content/") {
			got = append(got, fmt.Sprintf("%s:%d %s %s", f.File, f.Line, f.Level, f.Rule))
		} else if f.Line > 0 { // a line of the page as Hugo wrote it, which the check reads
			got = append(got, fmt.Sprintf("%s:N %s %s", f.File, f.Level, f.Rule))
		}
	}
	want := []string{"content/ko/privacy-policy.md:11 error emphasis", "en/privacy-policy/index.html:N error unrendered-markdown"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
