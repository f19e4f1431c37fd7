package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// supersededState is what a reader sees of an earlier version's banner.
type supersededState struct {
	Robots     string `json:"robots"`
	Banner     bool   `json:"banner"`     // shown, with a size
	AboveText  bool   `json:"aboveText"`  // before the document's text
	Current    string `json:"current"`    // the link to the version in effect
	Changes    string `json:"changes"`    // the link to the comparison
	BannerText string `json:"bannerText"` // its text
}

const readSuperseded = `(() => {
  const b = document.querySelector("aside.superseded"), c = document.querySelector("article .content");
  const r = b && b.getBoundingClientRect();
  const links = b ? [...b.querySelectorAll("a")] : [];
  const cur = links.find(a => a.rel === "latest-version"), ch = links.find(a => a.pathname.endsWith("-changes/"));
  return {
    robots: (document.querySelector('meta[name="robots"]') || {}).content || "",
    banner: !!r && r.width > 0 && r.height > 0 && getComputedStyle(b).visibility !== "hidden",
    aboveText: !!r && !!c && r.bottom <= c.getBoundingClientRect().top,
    current: cur ? cur.pathname : "", changes: ch ? ch.pathname : "",
    bannerText: b ? b.innerText : ""};
})()`

// compareState is what a reader sees of a comparison page.
type compareState struct {
	Lang    string `json:"lang"`
	Ins     int    `json:"ins"`
	Del     int    `json:"del"`
	InsLine string `json:"insLine"` // text-decoration-line of the first <ins>
	DelLine string `json:"delLine"` // ... and of the first <del>
	InsText string `json:"insText"`
	DelText string `json:"delText"`
	Links   int    `json:"links"` // links to the two versions
}

const readCompare = `(() => {
  const ins = [...document.querySelectorAll(".compare-body ins")], del = [...document.querySelectorAll(".compare-body del")];
  return {
    lang: document.documentElement.lang,
    ins: ins.length, del: del.length,
    insLine: ins.length ? getComputedStyle(ins[0]).textDecorationLine : "",
    delLine: del.length ? getComputedStyle(del[0]).textDecorationLine : "",
    insText: ins.map(e => e.innerText).join(" | "), delText: del.map(e => e.innerText).join(" | "),
    links: document.querySelectorAll(".compare-versions a").length};
})()`

// TestEarlierVersions opens the old TencentDB and CKafka agreements in
// every language: each is marked superseded, before its text, by a banner
// in the page's language that links the version in effect and the
// comparison, and is not indexed. The comparison page shows the changed
// availability (99.9% to 99.95%) and definition with <del> struck through
// and <ins> underlined. Screenshots of both pages go to the output folder.
func TestEarlierVersions(t *testing.T) {
	f := browserSite(t)
	out := outputDir(t)
	tb := f.newTab(t, desktopWidth, desktopHeight)
	for _, lang := range languages {
		for _, product := range []string{"tencentdb", "ckafka"} {
			old := fmt.Sprintf("/%s/service-level-agreements/%s-old/", lang, product)
			tb.open(old)
			s := eval[supersededState](tb, readSuperseded)
			if !s.Banner || !s.AboveText {
				t.Errorf("%s: the superseded banner is not shown above the text: %+v", old, s)
			}
			if !strings.Contains(s.Robots, "noindex") {
				t.Errorf("%s: robots %q, want noindex", old, s.Robots)
			}
			if want := strings.Replace(old, "-old/", "-new/", 1); s.Current != want {
				t.Errorf("%s: the banner links %q as the version in effect, want %s", old, s.Current, want)
			}
			if want := strings.TrimSuffix(old, "/") + "-changes/"; s.Changes != want {
				t.Errorf("%s: the banner links %q as the changes, want %s", old, s.Changes, want)
			}
			if lang != "en" && strings.Contains(s.BannerText, "no longer in effect") {
				t.Errorf("%s: the banner is in English: %q", old, s.BannerText)
			}
			shot(t, tb, filepath.Join(out, fmt.Sprintf("versions-%s-old-%s.png", product, lang)))

			changes := strings.TrimSuffix(old, "/") + "-changes/"
			tb.open(changes)
			c := eval[compareState](tb, readCompare)
			if c.Lang != f.locale[lang] {
				t.Errorf("%s: lang %q, want %q", changes, c.Lang, f.locale[lang])
			}
			if c.Ins == 0 || c.Del == 0 || c.Links != 2 {
				t.Errorf("%s: %d insertions, %d deletions, %d links to the versions; want some of each and 2", changes, c.Ins, c.Del, c.Links)
			}
			if !strings.Contains(c.InsLine, "underline") || !strings.Contains(c.DelLine, "line-through") {
				t.Errorf("%s: <ins> is %q and <del> %q, want underline and line-through", changes, c.InsLine, c.DelLine)
			}
			// The commitment went from 99.9% to 99.95%: "99." is kept,
			// "9" (or "90" in the credit table) deleted, "95" inserted.
			if !strings.Contains(c.InsText, "95") || !strings.Contains(c.DelText, "9") {
				t.Errorf("%s: inserted %q, deleted %q; want the availability changed", changes, c.InsText, c.DelText)
			}
			shot(t, tb, filepath.Join(out, fmt.Sprintf("versions-%s-changes-%s.png", product, lang)))
		}
	}
	t.Logf("screenshots of the earlier versions and their comparisons in %s", out)
}

// shot saves a screenshot of the tab's viewport.
func shot(t *testing.T, tb *tab, name string) {
	t.Helper()
	tb.fontsReady()
	b, err := run(tb, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
