package site

import (
	"strings"
	"testing"
)

// TestMarkUntranslated: text a translation marks untranslated is shown
// marked as English (the source language's locale), with the note in the reader's language, as a block
// or inline; an allow mark renders its text as written.
func TestMarkUntranslated(t *testing.T) {
	res := build(t, doc("en", "Privacy Policy", retention+"\nWe keep logs for 30 days. Ask us.\n")+
		doc("ko", "개인정보", retention+"\n{{< mark \"untranslated\" >}}\nWe keep logs for **30 days**.\n\nAsk us.\n{{< /mark >}}\n\n"+
			"보관 기간: {{< mark \"untranslated\" >}}thirty days{{< /mark >}}, {{< mark \"allow\" \"emphasis\" >}}**「주의」**{{< /mark >}}.\n"))
	page := read(t, res.Site, "ko/privacy-policy/index.html")
	page = page[strings.Index(page, `<div class="content">`):strings.Index(page, "</article>")]
	for _, want := range []string{
		`<div class="untranslated"><p class="untranslated-note">아직 번역되지 않아 영어로 표시됩니다.</p><div lang="en-US"><p>We keep logs for <strong>30 days</strong>.</p><p>Ask us.</p></div></div>`,
		`<span lang="en-US">thirty days</span> <small class="untranslated-note">아직 번역되지 않아 영어로 표시됩니다.</small>`,
		`<strong>「주의」</strong>.`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("no %s in\n%s", want, page)
		}
	}
	if strings.Contains(page, "{{") {
		t.Errorf("a mark is left as text in\n%s", page)
	}
}
