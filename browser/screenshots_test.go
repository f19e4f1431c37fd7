package browser

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestScreenshots saves the top of the privacy policy in every language at
// desktop, tablet and mobile width, and with the legal navigation or the
// header's menu open on the phone, for a reader to review (see the log for
// the folder).
func TestScreenshots(t *testing.T) {
	f := browserSite(t)
	out := outputDir(t)
	shots := []struct {
		name          string
		width, height int64
		click         string // a button to press first
	}{
		{"desktop", desktopWidth, desktopHeight, ""},
		{"tablet", tabletWidth, tabletHeight, ""},
		{"mobile", mobileWidth, mobileHeight, ""},
		{"mobile-nav", mobileWidth, mobileHeight, ".legal-nav .nav-toggle"},
		{"mobile-menu", mobileWidth, mobileHeight, ".site-menu > summary"},
	}
	for _, s := range shots {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			tb := f.newTab(t, s.width, s.height)
			for _, lang := range languages {
				path := "/" + lang + "/privacy-policy/"
				tb.open(path)
				if s.click != "" {
					tb.click(s.click)
				}
				tb.fontsReady()
				b, err := run(tb, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatalf("%s: screenshot: %v", path, err)
				}
				cfg, err := png.DecodeConfig(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("%s: the screenshot is not a PNG: %v", path, err)
				}
				if int64(cfg.Width) != s.width || int64(cfg.Height) != s.height {
					t.Errorf("%s %s: the screenshot is %dx%d, want %dx%d", path, s.name, cfg.Width, cfg.Height, s.width, s.height)
				}
				name := filepath.Join(out, fmt.Sprintf("privacy-policy-%s-%s.png", lang, s.name))
				if err := os.WriteFile(name, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Logf("%d %s screenshots of the privacy policy in %s", len(languages), s.name, out)
		})
	}
}
