package l10n_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"
	"golang.org/x/tools/txtar"

	"legalcenter/site/l10n"
)

// TestStaleNotice builds a site with Hugo: a Korean translation goes stale
// when its English source changes, and the stale-notice partial, reading
// the data Status produced, links the Korean reader to the changed English
// section, or to the top of the English page when only its title changed,
// naming its language by the English site's locale; the fresh Japanese
// translation shows no notice.
func TestStaleNotice(t *testing.T) {
	src := `
-- hugo.toml --
baseURL = "https://legal.example.com/"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotsTXT", "404"]
[markup.goldmark.parser]
autoHeadingID = false
[markup.goldmark.parser.attribute]
title = true
[languages.en]
locale = "en-US"
weight = 1
contentDir = "content/en"
[languages.ko]
locale = "ko-KR"
weight = 2
contentDir = "content/ko"
[languages.ja]
locale = "ja-JP"
weight = 3
contentDir = "content/ja"
-- layouts/page.html --
<h1>{{ .Title }}</h1>
{{ partial "stale-notice.html" . }}
-- layouts/home.html --
home
` + privacyEN + privacyKO + `
-- content/ja/privacy-policy.md --
+++
title = "プライバシーポリシー"
+++
お客様のプライバシーを尊重します。

## 概要 {#summary}
収集は少なく、保存は短く。

## データ保持 {#data-retention}
個人情報を30日間保持します。
-- content/en/terms.md --
+++
title = "Terms"
+++
## Fees {#fees}
Monthly.
-- content/ko/terms.md --
+++
title = "약관"
+++
## 요금 {#fees}
매월.
`
	fsys := newFs(t, "MemMapFs", src)
	for _, f := range []string{"content/ko/privacy-policy.md", "content/ko/terms.md"} {
		if err := l10n.Stamp(fsys, f, l10n.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	writeArchive(t, fsys, `
-- content/en/terms.md --
+++
title = "Terms of Service"
+++
## Fees {#fees}
Monthly.
-- content/en/privacy-policy.md --
+++
title = "Privacy Policy"
description = "How we collect and keep personal information."
+++
We respect your privacy.

## Summary {#summary}
We collect little and keep it briefly.

## Data retention {#data-retention}
We keep personal information for 90 days.
`)
	if err := l10n.Stamp(fsys, "content/ja/privacy-policy.md", l10n.Options{}); err != nil {
		t.Fatal(err)
	}
	r, err := l10n.Status(context.Background(), fsys, l10n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := l10n.WriteData(fsys, r); err != nil {
		t.Fatal(err)
	}

	// The site as Hugo sees it, with the partial and the i18n files of
	// the repository.
	var ar txtar.Archive
	afero.Walk(fsys, ".", func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := afero.ReadFile(fsys, p)
			ar.Files = append(ar.Files, txtar.File{Name: filepath.ToSlash(p), Data: b})
		}
		return err
	})
	for _, lang := range []string{"en", "ko", "ja"} {
		ar.Files = append(ar.Files, repoFile(t, "i18n/l10n/"+lang+".toml"))
	}
	ar.Files = append(ar.Files, repoFile(t, "layouts/_partials/stale-notice.html"))

	b := hugolib.Test(t, string(txtar.Format(&ar)))
	b.AssertFileContent("public/ko/privacy-policy/index.html",
		`<aside class="stale-notice" role="note">`,
		`이 번역이 작성된 후`,
		`<a href="/en/privacy-policy/#data-retention" hreflang="en-US">업데이트된 영어 원문 보기</a>`,
	)
	b.AssertFileContent("public/ko/terms/index.html",
		`<aside class="stale-notice" role="note">`,
		`<a href="/en/terms/" hreflang="en-US">업데이트된 영어 원문 보기</a>`,
	)
	for _, f := range []string{"public/ja/privacy-policy/index.html", "public/en/privacy-policy/index.html"} {
		if got := b.FileContent(f); strings.Contains(got, "stale-notice") {
			t.Errorf("%s shows the stale notice:\n%s", f, got)
		}
	}
}

func repoFile(t *testing.T, name string) txtar.File {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return txtar.File{Name: name, Data: b}
}
