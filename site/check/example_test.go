package check_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/spf13/afero"
	"github.com/tdewolff/minify/v2"
	mhtml "github.com/tdewolff/minify/v2/html"

	"legalcenter/site/check"
)

func ExampleRun() {
	fsys := afero.NewMemMapFs()
	afero.WriteFile(fsys, "public/en/privacy/index.html", []byte(`<h2 id="retention">Retention</h2>
<a href="/en/cookies/#consent">cookies</a>
<a href="#retension">retention</a>`), 0o644)
	afero.WriteFile(fsys, "public/en/cookies/index.html", []byte(`<h2 id="consent">Consent</h2>`), 0o644)

	rep, err := check.Run(context.Background(), fsys, check.Options{Root: "public"})
	if err != nil {
		fmt.Println(err) // could not run: exit status 2
		return
	}
	rep.Write(os.Stdout, "text")
	fmt.Println("errors:", rep.HasErrors())
	// Output:
	// public/en/privacy/index.html:3: error: no element with id "retension" on this page: #retension [missing-fragment]
	// 1 error, 0 warnings in 2 pages (2 links)
	// errors: true
}

// The build calls Origins on each page before it minifies it and strips the
// data-src attributes, so that findings on the minified site still name the
// Markdown line.
func ExampleOrigins() {
	page := `<!doctype html>
<html lang="ko">
<head><link rel="stylesheet" href="/css/site.css"></head>
<body>
<nav><a href="/ko/">홈</a></nav>
<h2 id="보존" data-src="content/ko/privacy-policy.md:140">보존</h2>
<p><a href="/ko/cookies-policy/#동의" data-src="content/ko/privacy-policy.md:142">쿠키</a></p>
</body>
</html>`
	origins, _ := check.Origins(strings.NewReader(page))
	fmt.Printf("%q\n", origins)

	m := minify.New()
	m.AddFunc("text/html", mhtml.Minify)
	stripped := regexp.MustCompile(` data-src="[^"]*"`).ReplaceAllString(page, "")
	minified, _ := m.String("text/html", stripped)

	fsys := afero.NewMemMapFs()
	afero.WriteFile(fsys, "ko/privacy-policy/index.html", []byte(minified), 0o644)
	afero.WriteFile(fsys, "ko/index.html", []byte(`<h1>홈</h1>`), 0o644)
	afero.WriteFile(fsys, "css/site.css", nil, 0o644)
	rep, _ := check.Run(context.Background(), fsys, check.Options{
		Origins: map[string][]string{"ko/privacy-policy/index.html": origins},
	})
	rep.Write(os.Stdout, "text")
	// Output:
	// ["" "" "content/ko/privacy-policy.md:140" "content/ko/privacy-policy.md:142"]
	// content/ko/privacy-policy.md:142: error: target does not exist: /ko/cookies-policy/index.html: /ko/cookies-policy/#동의 (in ko/privacy-policy/index.html) [broken-link]
	// 1 error, 0 warnings in 2 pages (3 links)
}
