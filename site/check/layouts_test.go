package check

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site/report"
)

// TestTraceKeptLines: the lines Pages keeps of the pages it scanned trace
// every finding as the pages read from the site do, with no page read:
// each element a layout wrote, located at its layout line or left on the
// page alike.
func TestTraceKeptLines(t *testing.T) {
	layouts := map[string]string{
		"layouts/_partials/nav.html": `<nav id="nav">
  <span id="brand">Legal</span><span id="brand">center</span>
  <a href="/en/gone/">gone</a>
  <a class="x" href='/en/single/'>single</a>
  <a href="/en/twice/">twice</a>
  <a href="/en/twice/">twice</a>
  <img srcset="/img/a.png 1x, /img/b.png 2x" alt="">
  <div style="background: url('/img/bg.png')"></div>
  <a href="#top">top</a>
</nav>`,
		"layouts/_partials/head.html": `<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">
<link rel="stylesheet" href="/css/gone.css">
<meta http-equiv="refresh" content="soon">`,
		"layouts/_partials/style.html": "<style>\nbody { background: url(\"/img/body.png\") }\n</style>",
	}
	src := afero.NewMemMapFs()
	for name, data := range layouts {
		if err := afero.WriteFile(src, name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pages := map[string]string{
		"en/a/index.html": `<!doctype html>
<html lang="en">
<head>
<link rel="alternate" hreflang="en" href="https://x.example/en/a/">
<link rel="alternate" hreflang="ko" href="https://x.example/ko/a/">
<link rel="stylesheet" href="/css/gone.css">
<meta http-equiv="refresh" content="soon">
<STYLE>
body { background: url("/img/body.png") }
</STYLE>
</head>
<body>
<nav id="nav">
  <span id="brand">Legal</span><span id="brand">center</span>
  <A HREF="/en/gone/">gone</A>
  <a class="x" href='/en/single/'>single</a>
  <a href="/en/twice/">twice</a>
  <a href="/en/twice/">twice</a>
  <img srcset="/img/a.png 1x, /img/b.png 2x" alt="">
  <div style="background: url('/img/bg.png')"></div>
  <a href="#top">top</a>
</nav>
<h2 id="s" data-src="content/en/a.md:3">S <a href="/en/gone/" data-src="content/en/a.md:3">gone</a></h2>
<p>**bold**</p>
</body>
</html>
`,
		"en/b/index.html": "<p id=\"brand\">b</p>\r\n<p id=\"brand\">b</p>\r<a href=\"/en/gone/\">x</a>\n",
	}
	site := afero.NewMemMapFs()
	scanned := NewPages()
	scanned.KeepLines(Layouts{Fs: src, Dirs: []string{"layouts"}})
	for name, data := range pages {
		if err := afero.WriteFile(site, "/"+name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		scanned.Add(name, []byte(data))
	}
	rep, err := Run(context.Background(), site, Options{Root: "/", Pages: scanned, BaseURL: "https://x.example/"})
	if err != nil {
		t.Fatal(err)
	}
	// And what the rules report at a page's first alternate, its
	// metadata's line, naming anything (another page's URL).
	findings := rep.Findings
	for _, tgt := range []string{"https://x.example/ko/a/", "alternate", "/en/gone/", "en"} {
		findings = append(findings, report.Finding{Page: "en/a/index.html", File: "en/a/index.html", Line: 4, Target: tgt, Rule: ruleHreflng})
	}
	read := append([]report.Finding(nil), findings...)
	TraceLayouts(Layouts{Fs: src, Dirs: []string{"layouts"}, Site: site, Root: "/"}, read)
	kept := append([]report.Finding(nil), findings...)
	TraceLayouts(Layouts{Fs: src, Dirs: []string{"layouts"}, Pages: scanned}, kept)
	traced := 0
	for i := range read {
		if !reflect.DeepEqual(read[i], kept[i]) {
			t.Errorf("read from the site: %s\nfrom the lines kept: %s", show(read[i]), show(kept[i]))
		}
		if read[i].File != findings[i].File {
			traced++
		}
	}
	if traced < 7 {
		t.Errorf("%d findings traced to a layout, want 7", traced)
	}
}

func show(f report.Finding) string {
	return fmt.Sprintf("%s:%d %s %s", f.File, f.Line, f.Rule, f.Target)
}
