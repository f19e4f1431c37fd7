package site

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlaceholderFacts: a production build fails on each placeholder fact a
// page shows, at the fact's line, and publishes nothing; a preview shows the
// value marked "to be confirmed" in the reader's language; real values
// build in production, unmarked.
func TestPlaceholderFacts(t *testing.T) {
	pages := doc("en", "Privacy Policy", retention+"\nWrite to {{< fact \"privacy.dpo_email\" >}} in {{< fact \"privacy.city\" >}}.\n") +
		doc("ko", "개인정보", retention+"\n{{< fact \"privacy.dpo_email\" >}}, {{< fact \"privacy.city\" >}}.\n")
	placeholder := pages + "-- data/facts/privacy.toml --\n# Facts.\nplaceholders = [\"dpo_email\"]\n\ndpo_email = \"dpo@example.com\"\ncity = \"Amsterdam\"\n"
	real := pages + "-- data/facts/privacy.toml --\nplaceholders = []\ndpo_email = \"dpo@tencent.test\"\ncity = \"Amsterdam\"\n"

	t.Run("production", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "public")
		res, err := Build(context.Background(), Options{Source: testSource(t, placeholder), Out: out, Environment: "production", CacheDir: t.TempDir()})
		if !errors.Is(err, ErrCheck) {
			t.Fatalf("err = %v, want ErrCheck", err)
		}
		if len(res.Check.Findings) != 1 {
			t.Fatalf("findings %v, want one", res.Check.Findings)
		}
		f := res.Check.Findings[0]
		if f.File != "data/facts/privacy.toml" || f.Line != 4 || f.Level != "error" || f.Rule != "placeholder-fact" ||
			!strings.Contains(f.Message, "shown on 2 pages: content/en/privacy-policy.md:11, content/ko/privacy-policy.md:11") {
			t.Errorf("finding %+v", f)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Error("a production build with placeholders published")
		}
	})

	t.Run("preview", func(t *testing.T) {
		res := build(t, placeholder) // the zero Environment is a preview
		for lang, note := range map[string]string{"en": "to be confirmed", "ko": "확인 예정"} {
			page := read(t, res.Site, lang+"/privacy-policy/index.html")
			want := `<span class="placeholder"><a href="mailto:dpo@example.com">dpo@example.com</a> <span class="placeholder-note">` + note + `</span></span>`
			if !strings.Contains(page, want) {
				t.Errorf("%s: no marked placeholder %s in\n%s", lang, want, page)
			}
			if strings.Count(page, "placeholder-note") != 1 {
				t.Errorf("%s: a fact that is not a placeholder is marked", lang)
			}
		}
	})

	t.Run("real values", func(t *testing.T) {
		res, err := Build(context.Background(), Options{Source: testSource(t, real), Environment: "production", CacheDir: t.TempDir()})
		if err != nil {
			t.Fatalf("%v: %v", err, res.Check.Findings)
		}
		if page := read(t, res.Site, "ko/privacy-policy/index.html"); strings.Contains(page, "placeholder") || !strings.Contains(page, "dpo@tencent.test") {
			t.Error("a confirmed fact is marked, or missing")
		}
	})
}
