package check_test

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/afero"

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

// The build writes a data-src attribute on each element it renders from
// Markdown, and checks the pages before it strips the attribute and
// minifies them: findings name the Markdown line.
func ExampleRun_sourceLines() {
	page := `<!doctype html>
<html lang="ko">
<head><link rel="stylesheet" href="/css/site.css"></head>
<body>
<nav><a href="/ko/">홈</a></nav>
<h2 id="보존" data-src="content/ko/privacy-policy.md:140">보존</h2>
<p><a href="/ko/cookies-policy/#동의" data-src="content/ko/privacy-policy.md:142">쿠키</a></p>
</body>
</html>`
	fsys := afero.NewMemMapFs()
	afero.WriteFile(fsys, "ko/privacy-policy/index.html", []byte(page), 0o644)
	afero.WriteFile(fsys, "ko/index.html", []byte(`<h1>홈</h1>`), 0o644)
	afero.WriteFile(fsys, "css/site.css", nil, 0o644)
	rep, _ := check.Run(context.Background(), fsys, check.Options{})
	rep.Write(os.Stdout, "text")
	// Output:
	// content/ko/privacy-policy.md:142: error: target does not exist: /ko/cookies-policy/index.html: /ko/cookies-policy/#동의 (in ko/privacy-policy/index.html) [broken-link]
	// 1 error, 0 warnings in 2 pages (3 links)
}
