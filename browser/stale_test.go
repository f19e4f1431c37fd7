package browser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site"
	"legalcenter/site/l10n"
)

// stalePath is a page the fixture adds in English and Korean, kept out of
// every list: the Korean is stamped, then the English of one of its two
// sections changes, so the Korean page is a stale translation.
const stalePath = "/browser-test-stale-translation/"

var stalePage = map[string]string{
	"en": `+++
title = "Browser test: a stale translation"
description = "Added by the browser tests: its Korean translation is stale."
date = 2024-01-01
weight = 998
[build]
list = "never"
+++

## Kept {#kept}

This section did not change.

## Changed {#changed}

This section changed after the translation was stamped.
`,
	"ko": `+++
title = "브라우저 테스트: 오래된 번역"
description = "브라우저 테스트가 추가하는 페이지입니다. 한국어 번역이 오래되었습니다."
date = 2024-01-01
weight = 998
[build]
list = "never"
+++

## 유지 {#kept}

이 절은 바뀌지 않았습니다.

## 변경 {#changed}

이 절은 번역이 확인된 뒤 바뀌었습니다.
`,
}

// addStalePage adds the stale pair to src: the Korean stamped against the
// English as above (on a copy of the site's configuration in memory), the
// English then edited in its #changed section.
func addStalePage(src *site.Source, root string) error {
	mem := afero.NewMemMapFs()
	cfg, err := os.ReadFile(filepath.Join(root, "hugo.toml"))
	if err != nil {
		return err
	}
	files := map[string]string{"hugo.toml": string(cfg)}
	for lang, text := range stalePage {
		files["content/"+lang+strings.TrimSuffix(stalePath, "/")+".md"] = text
	}
	for name, text := range files {
		if err := afero.WriteFile(mem, "/"+name, []byte(text), 0o644); err != nil {
			return err
		}
	}
	ko := "content/ko" + strings.TrimSuffix(stalePath, "/") + ".md"
	if err := l10n.Stamp(afero.NewBasePathFs(mem, "/"), ko, l10n.Options{}); err != nil {
		return err
	}
	stamped, err := afero.ReadFile(mem, "/"+ko)
	if err != nil {
		return err
	}
	if err := src.Generate(ko, stamped); err != nil {
		return err
	}
	en := strings.Replace(stalePage["en"], "changed after the translation was stamped", "changed in English after the translation was stamped", 1)
	return src.Generate("content/en"+strings.TrimSuffix(stalePath, "/")+".md", []byte(en))
}

// staleLook is what a reader sees of the stale notice and section markers.
type staleLook struct {
	Notice      bool     `json:"notice"`
	NoticeBox   bool     `json:"noticeBox"` // a border and a background of its own
	NoticeBg    string   `json:"noticeBg"`
	BodyBg      string   `json:"bodyBg"`
	Markers     []string `json:"markers"` // the id of the heading each marker follows
	MarkerText  string   `json:"markerText"`
	MarkerHref  string   `json:"markerHref"`
	MarkerLang  string   `json:"markerLang"`
	MarkerBelow bool     `json:"markerBelow"` // under its heading, above the section's text
	MarkerSmall bool     `json:"markerSmall"` // smaller than the body text
	MarkerBox   bool     `json:"markerBox"`
}

const readStale = `(() => {
  const n = document.querySelector(".stale-notice");
  const body = getComputedStyle(document.body);
  const out = {notice: !!n, bodyBg: body.backgroundColor, markers: []};
  if (n) {
    const s = getComputedStyle(n), r = n.getBoundingClientRect();
    out.noticeBg = s.backgroundColor;
    out.noticeBox = parseFloat(s.borderTopWidth) > 0 && s.backgroundColor !== "rgba(0, 0, 0, 0)" && s.backgroundColor !== body.backgroundColor && r.height > 0;
  }
  const ms = document.querySelectorAll(".stale-marker");
  ms.forEach(m => out.markers.push(m.previousElementSibling ? m.previousElementSibling.id : ""));
  if (ms.length) {
    const m = ms[0], s = getComputedStyle(m), a = m.querySelector("a");
    const h = m.previousElementSibling, p = m.nextElementSibling;
    out.markerText = m.textContent.trim();
    out.markerHref = a ? new URL(a.href).pathname + new URL(a.href).hash : "";
    out.markerLang = a ? a.getAttribute("hreflang") : "";
    const mr = m.getBoundingClientRect();
    out.markerBelow = h && p && mr.top >= h.getBoundingClientRect().bottom - 1 && mr.bottom <= p.getBoundingClientRect().top + 1 && mr.height > 0;
    out.markerSmall = parseFloat(s.fontSize) < parseFloat(getComputedStyle(p || document.body).fontSize);
    out.markerBox = parseFloat(s.borderTopWidth) > 0 && s.backgroundColor !== "rgba(0, 0, 0, 0)";
  }
  return out;
})()`

// TestStaleNotice: a stale translation shows its reader a notice styled
// as a box of its own, not body text, and a small marker in the reader's
// language under the heading of the section whose English changed, and of
// that section only, linking to the English section. The English page and
// a fresh translation show neither.
func TestStaleNotice(t *testing.T) {
	f := browserSite(t)
	tb := f.newTab(t, desktopWidth, desktopHeight)
	tb.open("/ko" + stalePath)
	got := eval[staleLook](tb, readStale)
	if !got.Notice || !got.NoticeBox {
		t.Errorf("the stale Korean page's notice is not a styled box: found %v, background %s on %s", got.Notice, got.NoticeBg, got.BodyBg)
	}
	if strings.Join(got.Markers, ",") != "changed" {
		t.Fatalf("section markers follow the headings %q, want only #changed", got.Markers)
	}
	if got.MarkerText != "영어 원문이 변경됨" || got.MarkerHref != "/en"+stalePath+"#changed" || got.MarkerLang != f.locale["en"] {
		t.Errorf("marker %q links to %s (hreflang %s), want the Korean note linking to the English section", got.MarkerText, got.MarkerHref, got.MarkerLang)
	}
	if !got.MarkerBelow || !got.MarkerSmall || !got.MarkerBox {
		t.Errorf("marker: under its heading %v, smaller than the text %v, a box %v", got.MarkerBelow, got.MarkerSmall, got.MarkerBox)
	}
	// The notice and the marker pass axe (their contrast among others).
	for _, v := range runAxe(tb, axe(t)) {
		t.Errorf("%s: axe %s (%s): %s %v", stalePath, v.ID, v.Impact, v.Help, v.Nodes)
	}
	for _, p := range []string{"/en" + stalePath, "/ko/privacy-policy/"} {
		tb.open(p)
		if got := eval[staleLook](tb, readStale); got.Notice || len(got.Markers) > 0 {
			t.Errorf("%s: a notice (%v) or markers (%q) on a page that is not stale", p, got.Notice, got.Markers)
		}
	}
}
