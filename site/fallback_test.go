package site

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"legalcenter/internal/sitetest"
)

// copyright is an English document that the test sites have not
// translated.
const copyright = "-- content/en/copyright-policy.md --\n+++\ntitle = \"Copyright Policy\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 60\n+++\n## Notices {#notices}\n\nWrite to us.\n"

// TestLinkFallsBackToEnglish: a link to a document that the page's
// language does not have yet leads to the English document, says so to
// the reader (hreflang and a note in the page's language), and warns the
// build; the build succeeds. A link to a document that exists in no
// language still fails it, at the link's line.
func TestLinkFallsBackToEnglish(t *testing.T) {
	a := doc("en", "Privacy Policy", retention+"\nSee the [copyright policy](/copyright-policy/#notices).\n") +
		doc("ko", "개인정보", retention+"\n[저작권 정책](/copyright-policy/#notices)을 참조하세요.\n") +
		doc("ja", "プライバシー", retention+"\n[著作権ポリシー](/copyright-policy/)をご覧ください。\n") + copyright
	var log bytes.Buffer
	res, err := Build(context.Background(), Options{Source: testSource(t, a), CacheDir: t.TempDir(), Log: &log})
	if err != nil {
		t.Fatalf("build: %v\n%s", err, log.String())
	}
	for _, tc := range []struct{ page, link string }{
		{"en/privacy-policy/index.html", `<a href="/en/copyright-policy/#notices">copyright policy</a>`},
		{"ko/privacy-policy/index.html", `<a href="/en/copyright-policy/#notices" hreflang="en-US">저작권 정책 <small>(영문)</small></a>`},
		{"ja/privacy-policy/index.html", `<a href="/en/copyright-policy/" hreflang="en-US">著作権ポリシー <small>（英語）</small></a>`},
	} {
		page := read(t, res.Site, tc.page)
		if !strings.Contains(page, tc.link) {
			t.Errorf("%s lacks %s:\n%s", tc.page, tc.link, regexp.MustCompile(`<a [^>]*copyright-policy[^>]*>.*?</a>`).FindString(page))
		}
		linkLanguages(t, res.Site, tc.page)
	}
	// The warnings are findings at the links' lines, so that a pull
	// request shows them where they are.
	var warnings strings.Builder
	res.Check.Write(&warnings, "text")
	for _, want := range []string{
		`content/ko/privacy-policy.md:11: warning: the link "/copyright-policy/#notices" leads to the English page: the document is not translated into 한국어 yet [build]`,
		`content/ja/privacy-policy.md:11: warning: the link "/copyright-policy/" leads to the English page: the document is not translated into 日本語 yet [build]`,
	} {
		if !strings.Contains(warnings.String(), want) {
			t.Errorf("the build's findings lack the warning %q:\n%s", want, warnings.String())
		}
	}

	// A document in no language: the build fails at the link.
	a = doc("en", "Privacy Policy", retention) + doc("ko", "개인정보", retention+"\n[약관](/terms-of-service/)\n")
	res, err = Build(context.Background(), Options{Source: testSource(t, a), CacheDir: t.TempDir(), Log: io.Discard})
	if err == nil {
		t.Fatal("a link to a document in no language: the build succeeded")
	}
	msg := err.Error()
	if res != nil && res.Check != nil {
		var b strings.Builder
		res.Check.Write(&b, "text")
		msg += "\n" + b.String()
	}
	if want := `content/ko/privacy-policy.md:11: error: the link "/terms-of-service/" points to a page that does not exist in 한국어`; !strings.Contains(msg, want) {
		t.Errorf("a link to a document in no language: %s\ndoes not name %s", msg, want)
	}
}

// TestRepositoryUntranslatedDocument: the repository builds when a
// document has no Korean translation (a new English document, or a
// translation withdrawn), and the Korean pages that link to it lead to the
// English one.
func TestRepositoryUntranslatedDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole repository")
	}
	mem := afero.NewMemMapFs()
	sitetest.CopyParts(t, mem, "/")
	repo := sitetest.Repo()
	const gone = "content/ko/copyright-policy.md"
	for _, dir := range []string{"content", "data"} {
		err := filepath.WalkDir(filepath.Join(repo, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(repo, p)
			if filepath.ToSlash(rel) == gone {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return afero.WriteFile(mem, "/"+filepath.ToSlash(rel), b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	res, err := Build(context.Background(), Options{Source: newSource(afero.NewReadOnlyFs(mem)), CacheDir: t.TempDir()})
	if err != nil {
		var b strings.Builder
		if res != nil && res.Check != nil {
			res.Check.Write(&b, "text")
		}
		t.Fatalf("without %s: %v\n%s", gone, err, b.String())
	}
	if _, err := res.Site.Stat("/ko/copyright-policy/index.html"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("ko/copyright-policy/index.html: %v, want none", err)
	}
	page := read(t, res.Site, "ko/terms-of-service/index.html")
	if !strings.Contains(page, `href="/en/copyright-policy/`) {
		t.Error("the Korean terms of service do not link to the English copyright policy")
	}
	linkLanguages(t, res.Site, "ko/terms-of-service/index.html")
}
