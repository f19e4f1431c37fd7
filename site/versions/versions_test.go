package versions

import (
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/spf13/afero"
	"legalcenter/site/content"
)

var dirs = map[string]string{"en": "content/en", "ko": "content/ko"}

// fixture is a document with one version, in two languages.
var fixture = map[string]string{
	"content/en/privacy-policy.md": `+++
title = "Privacy Policy"
description = "How we use data."
date = 2020-08-17
lastmod = 2020-12-07
weight = 20
[[params.revisions]]
version = "1.0"
date = 2020-08-17
note = "First published version."
+++

## Data retention {#data-retention}

We keep your data for 30 days.
`,
	"content/ko/privacy-policy.md": `+++
title = "개인정보처리방침"
description = "데이터 이용 방법."
date = 2020-08-17
weight = 20
[params.l10n]
source = "abc"
+++

## 데이터 보관 {#data-retention}

데이터를 30일 동안 보관합니다.
`,
}

func fixtureFs(t *testing.T) afero.Fs {
	fsys := afero.NewMemMapFs()
	for name, s := range fixture {
		if err := afero.WriteFile(fsys, name, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}

func TestFreeze(t *testing.T) {
	fsys := fixtureFs(t)
	day := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	got, err := Freeze(fsys, dirs, "en", "privacy-policy.md", FreezeOptions{Date: day, Note: "Data is kept for 90 days."})
	if err != nil {
		t.Fatal(err)
	}
	if got.From != "1.0" || got.To != "2.0" {
		t.Errorf("froze %s -> %s, want 1.0 -> 2.0", got.From, got.To)
	}
	if want := "content/en/privacy-policy-v1-0.md content/ko/privacy-policy-v1-0.md"; strings.Join(got.Archives, " ") != want {
		t.Errorf("archives %v, want %s", got.Archives, want)
	}
	docs := map[string]*content.Document{}
	for _, f := range append(got.Archives, got.Current...) {
		b, err := afero.ReadFile(fsys, f)
		if err != nil {
			t.Fatal(err)
		}
		if docs[f], err = content.Parse(b); err != nil || docs[f].FrontMatterErr != nil {
			t.Fatalf("%s: %v %v\n%s", f, err, docs[f].FrontMatterErr, b)
		}
	}
	// The frozen copy keeps the text and says what it is; the current
	// document has the new version.
	archives, found := Find(docs, dirs)
	if len(found) > 0 || len(archives) != 2 {
		t.Fatalf("Find: %v, %v", archives, found)
	}
	a := archives[1]
	if a.Lang != "ko" || a.Path != "/privacy-policy-v1-0" || a.Current != "/privacy-policy" || a.Version != "1.0" || a.Title != "개인정보처리방침" || a.Changes() != "/privacy-policy-v1-0-changes" {
		t.Errorf("archive %+v", a)
	}
	if !strings.Contains(string(docs["content/ko/privacy-policy-v1-0.md"].Src), "데이터를 30일 동안 보관합니다.") {
		t.Error("the frozen copy lost the text")
	}
	en := string(docs["content/en/privacy-policy.md"].Src)
	for _, want := range []string{"date = 2026-12-07\n", "lastmod = 2026-12-07\n", "[[params.revisions]]\nversion = \"2.0\"\ndate = 2026-12-07\nnote = \"Data is kept for 90 days.\"\n+++"} {
		if !strings.Contains(en, want) {
			t.Errorf("no %q in\n%s", want, en)
		}
	}
	if v, _ := lastVersion(docs["content/ko/privacy-policy.md"]); v != "2.0" {
		t.Errorf("ko is at version %q", v)
	}
	// Freezing again: the copy of 1.0 exists already; the current
	// document is at 2.0, so a second run freezes 2.0.
	if _, err := Freeze(fsys, dirs, "en", "privacy-policy-v1-0.md", FreezeOptions{Date: day}); err == nil || !strings.Contains(err.Error(), "earlier version already") {
		t.Errorf("freezing a frozen copy: %v", err)
	}
	got, err = Freeze(fsys, dirs, "en", "privacy-policy.md", FreezeOptions{Date: day.AddDate(0, 1, 0), Version: "2.1"})
	if err != nil || got.From != "2.0" || got.To != "2.1" {
		t.Errorf("second freeze: %+v, %v", got, err)
	}
}

func TestFreezeRefuses(t *testing.T) {
	day := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, file, src, want string
	}{
		{"no history", "content/en/a.md", "+++\ntitle = \"A\"\ndate = 2020-01-01\n+++\ntext\n", "no revision history"},
		{"yaml", "content/en/a.md", "---\ntitle: A\n---\ntext\n", "must be TOML"},
		{"has build", "content/en/a.md", "+++\ntitle = \"A\"\n[build]\nlist = \"never\"\n[[params.revisions]]\nversion = \"1.0\"\n+++\n", "has build already"},
		{"section", "content/en/_index.md", "+++\ntitle = \"A\"\n+++\n", "only a document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := afero.NewMemMapFs()
			afero.WriteFile(fsys, tc.file, []byte(tc.src), 0o644)
			_, err := Freeze(fsys, dirs, "en", strings.TrimPrefix(tc.file, "content/en/"), FreezeOptions{Date: day})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
			if b, _ := afero.ReadFile(fsys, tc.file); string(b) != tc.src {
				t.Error("the file changed")
			}
		})
	}
}

func TestFindRefuses(t *testing.T) {
	for _, tc := range []struct{ name, fm, want string }{
		{"no version", "superseded_by = \"/a/\"", "needs its version"},
		{"url", "version = \"1.0\"\nsuperseded_by = \"https://x.example/a/\"", "language-neutral path"},
		{"itself", "version = \"1.0\"\nsuperseded_by = \"/old/\"", "names the page itself"},
		{"not a string", "version = \"1.0\"\nsuperseded_by = 3", "must be the path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := content.Parse([]byte("+++\ntitle = \"A\"\n" + tc.fm + "\n+++\ntext\n"))
			if err != nil {
				t.Fatal(err)
			}
			_, found := Find(map[string]*content.Document{"content/en/old.md": d}, dirs)
			if len(found) != 1 || !strings.Contains(found[0].Message, tc.want) || found[0].Line < 2 {
				t.Fatalf("findings %+v, want one with %q at its line", found, tc.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct{ name, old, new, want string }{
		{"word changed", `<p>We keep data for 30 days.</p>`, `<p>We keep data for 90 days.</p>`,
			`<p class="changed">We keep data for <del>30</del><ins>90</ins> days.</p>`},
		{"same", `<h2 id="a">Retention <a class="anchor" href="#a">#</a></h2><p>Text.</p>`, `<h2 id="a">Retention <a class="anchor" href="#a">#</a></h2><p>Text.</p>`,
			`<h2>Retention</h2><p>Text.</p>`},
		{"korean per character", `<p>데이터를 30일 동안 보관합니다.</p>`, `<p>데이터를 90일 동안 보관합니다.</p>`,
			`<p class="changed">데이터를 <del>30</del><ins>90</ins>일 동안 보관합니다.</p>`},
		{"japanese per character", `<p>保存期間は一年です。</p>`, `<p>保存期間は二年です。</p>`,
			`<p class="changed">保存期間は<del>一</del><ins>二</ins>年です。</p>`},
		{"japanese words sharing a character", `<p>クライアントがインスタンスに対して</p>`, `<p>プロデューサーがインスタンスから</p>`,
			`<p class="changed"><del>クライアント</del><ins>プロデューサー</ins>がインスタンス<del>に対して</del><ins>から</ins></p>`},
		{"number", `<p>at least 99.9% for 30 days</p>`, `<p>at least 99.95% for 3 days</p>`,
			`<p class="changed">at least <del>99.9</del><ins>99.95</ins>% for <del>30</del><ins>3</ins> days</p>`},
		{"item added", `<ul><li>one</li></ul>`, `<ul><li>one</li><li>two</li></ul>`,
			`<ul><li>one</li><li class="changed"><ins>two</ins></li></ul>`},
		{"paragraph removed", `<p>Keep.</p><p>Gone &amp; done.</p>`, `<p>Keep.</p>`,
			`<p>Keep.</p><p class="changed"><del>Gone &amp; done.</del></p>`},
		{"table cell", `<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>99.9%</td><td>10%</td></tr></tbody></table>`,
			`<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>99.95%</td><td>10%</td></tr></tbody></table>`,
			`<table><tr><th scope="col">A</th><th scope="col">B</th></tr><tr class="changed"><td><del>99.9</del><ins>99.95</ins>%</td><td>10%</td></tr></table>`},
		{"nested list", `<ul><li>a<ul><li>b</li></ul></li></ul>`, `<ul><li>a<ul><li>c</li></ul></li></ul>`,
			`<ul><li>a</li><li class="changed"><del>b</del><ins>c</ins></li></ul>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Compare(blocks(t, tc.old), blocks(t, tc.new)); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func blocks(t *testing.T, s string) []Block {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(`<div class="content">` + s + `</div>`))
	if err != nil {
		t.Fatal(err)
	}
	return Blocks(doc.Find("div.content"))
}

func TestFill(t *testing.T) {
	fsys := afero.NewMemMapFs()
	page := func(body string) string {
		return `<html><body><article class="doc"><div class="content">` + body + `</div></article></body></html>`
	}
	afero.WriteFile(fsys, "/en/a-v1-0/index.html", []byte(page("<p>Old words here.</p>")), 0o644)
	afero.WriteFile(fsys, "/en/a/index.html", []byte(page("<p>New words here.</p>")), 0o644)
	afero.WriteFile(fsys, "/en/a-v1-0-changes/index.html", []byte(`<main><h1>Changes</h1>`+Placeholder+`</main>`), 0o644)
	out := map[string]string{Key("en", "/a-v1-0"): "en/a-v1-0/index.html", Key("en", "/a/"): "en/a/index.html", Key("en", "/a-v1-0-changes"): "en/a-v1-0-changes/index.html"}
	a := Archive{Lang: "en", File: "content/en/a-v1-0.md", Path: "/a-v1-0", Current: "/a", Version: "1.0"}
	if err := Fill(fsys, out, []Archive{a}); err != nil {
		t.Fatal(err)
	}
	b, _ := afero.ReadFile(fsys, "/en/a-v1-0-changes/index.html")
	if want := `<main><h1>Changes</h1><div class="compare-body"><p class="changed"><del>Old</del><ins>New</ins> words here.</p></div></main>`; string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	// Filled once: a second run finds no placeholder.
	if err := Fill(fsys, out, []Archive{a}); err == nil {
		t.Error("a page without the placeholder was accepted")
	}
}
