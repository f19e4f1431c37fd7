package site

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"legalcenter/site/versions"
)

// versioned is a document with one version, in English and Korean.
var versioned = map[string]string{
	"content/en/privacy-policy.md": "+++\ntitle = \"Privacy Policy\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n[[params.revisions]]\nversion = \"1.0\"\ndate = 2020-08-17\nnote = \"First published version.\"\n+++\n" +
		"## Data retention {#data-retention}\n\nWe keep your data for 30 days. See [the summary](#data-retention).\n",
	"content/ko/privacy-policy.md": "+++\ntitle = \"개인정보처리방침\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n[[params.revisions]]\nversion = \"1.0\"\ndate = 2020-08-17\nnote = \"최초 게시 버전입니다.\"\n+++\n" +
		"## 데이터 보관 {#data-retention}\n\n데이터를 30일 동안 보관합니다.\n",
}

// frozenSite publishes version 2.0 of the versioned document as
// "sitectl version" does, edits the new version's text with edit, and
// returns the site as a txtar archive.
func frozenSite(t *testing.T, edit func(file, text string) string) string {
	t.Helper()
	fsys := afero.NewMemMapFs()
	for name, s := range versioned {
		afero.WriteFile(fsys, name, []byte(s), 0o644)
	}
	if _, err := versions.Freeze(fsys, map[string]string{"en": "content/en", "ko": "content/ko"}, "en", "privacy-policy.md",
		versions.FreezeOptions{Date: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	var a strings.Builder
	files := []string{"content/en/privacy-policy.md", "content/ko/privacy-policy.md", "content/en/privacy-policy-v1-0.md", "content/ko/privacy-policy-v1-0.md"}
	for _, f := range files {
		b, err := afero.ReadFile(fsys, f)
		if err != nil {
			t.Fatal(err)
		}
		a.WriteString("-- " + f + " --\n" + edit(f, string(b)))
	}
	return a.String()
}

// TestEarlierVersion: a document frozen by versions.Freeze builds into
// an earlier version marked superseded in the reader's language (noindex,
// in no sitemap or list), and a comparison page per language with the
// words that changed in <del> and <ins>, Korean per character; the link
// check covers both.
func TestEarlierVersion(t *testing.T) {
	a := frozenSite(t, func(file, text string) string {
		if strings.HasSuffix(file, "/privacy-policy.md") {
			text = strings.NewReplacer("30 days", "90 days", "30일", "90일").Replace(text)
		}
		return text
	})
	res, err := Build(context.Background(), Options{Source: testSource(t, a), CacheDir: t.TempDir(), Environment: "production"})
	if err != nil {
		t.Fatalf("build: %v %v", err, res)
	}
	for file, wants := range map[string][]string{
		"en/privacy-policy-v1-0/index.html": {
			`<meta name="robots" content="noindex">`,
			`<aside class="superseded" role="note" aria-label="Earlier version">`,
			`<p class="superseded-title"><strong>Version 1.0 is no longer in effect.</strong></p>`,
			`<a href="/en/privacy-policy/" rel="latest-version">Privacy Policy</a>`,
			`<a href="/en/privacy-policy-v1-0-changes/">What changed since version 1.0</a>`,
			`We keep your data for 30 days.`,
		},
		"ko/privacy-policy-v1-0/index.html": {
			`<strong>1.0 버전은 더 이상 효력이 없습니다.</strong>`,
			`<a href="/ko/privacy-policy/" rel="latest-version">개인정보처리방침</a>`,
		},
		"en/privacy-policy-v1-0-changes/index.html": {
			`<meta name="robots" content="noindex">`,
			`<h1>Changes since version 1.0: Privacy Policy</h1>`,
			`<a href="/en/privacy-policy-v1-0/">Privacy Policy</a>`,
			`<p class="changed">We keep your data for <del>30</del><ins>90</ins> days. See the summary.</p>`,
		},
		"ko/privacy-policy-v1-0-changes/index.html": {
			`<h1>1.0 버전 이후 변경 사항: 개인정보처리방침</h1>`,
			`<p class="changed">데이터를 <del>30</del><ins>90</ins>일 동안 보관합니다.</p>`,
		},
		"en/privacy-policy/index.html": {
			`<td>2.0</td>`,
			`<td><a href="/en/privacy-policy-v1-0/">1.0</a></td>`,
			`First published version.<br><a href="/en/privacy-policy-v1-0-changes/">What changed since version 1.0</a>`,
		},
	} {
		page := read(t, res.Site, file)
		for _, want := range wants {
			if !strings.Contains(page, want) {
				t.Errorf("%s: no %s", file, want)
			}
		}
	}
	current := read(t, res.Site, "en/privacy-policy/index.html")
	nav := current[strings.Index(current, `<nav class="legal-nav"`):]
	nav = nav[:strings.Index(nav, "</nav>")]
	if strings.Contains(current, `<meta name="robots"`) || strings.Contains(current, "superseded") || strings.Contains(nav, "-v1-0") {
		t.Error("the current version is marked as an earlier one, or the navigation lists the earlier one")
	}
	if sm := read(t, res.Site, "en/sitemap.xml"); strings.Contains(sm, "v1-0") || !strings.Contains(sm, "/en/privacy-policy/") {
		t.Errorf("the sitemap lists an earlier version or a comparison, or not the document:\n%s", sm)
	}
	checked := map[string]bool{}
	for _, p := range res.Pages {
		checked[p.Out] = true
	}
	if !checked["ko/privacy-policy-v1-0/index.html"] {
		t.Errorf("the earlier version is not among the pages built: %v", slices.Sorted(maps.Keys(checked)))
	}
}

// TestEarlierVersionChecked: the link check and the content check read an
// earlier version as any page: a broken fragment in it fails the build at
// its line, and so does a superseded_by that is not a page path.
func TestEarlierVersionChecked(t *testing.T) {
	for _, tc := range []struct{ name, from, to, want string }{
		{"broken fragment", "(#data-retention)", "(#nowhere)", "content/en/privacy-policy-v1-0.md"},
		{"superseded_by no page", `superseded_by = "/privacy-policy/"`, `superseded_by = "/nowhere/"`, "content/en/privacy-policy-v1-0.md:3"},
		{"superseded_by a URL", `superseded_by = "/privacy-policy/"`, `superseded_by = "https://example.com/"`, "content/en/privacy-policy-v1-0.md:3: error: superseded_by"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := frozenSite(t, func(file, text string) string {
				if file == "content/en/privacy-policy-v1-0.md" {
					text = strings.Replace(text, tc.from, tc.to, 1)
				}
				return text
			})
			res, err := Build(context.Background(), Options{Source: testSource(t, a), CacheDir: t.TempDir()})
			if !errors.Is(err, ErrCheck) {
				t.Fatalf("build: %v, want ErrCheck", err)
			}
			var b strings.Builder
			res.Check.Write(&b, "text")
			if !strings.Contains(b.String(), tc.want) {
				t.Errorf("no %q in\n%s", tc.want, b.String())
			}
		})
	}
}
