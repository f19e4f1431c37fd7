package site

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/spf13/afero"
	"golang.org/x/net/html"
	"legalcenter/site/check"
	"legalcenter/site/hugo"
	"legalcenter/site/l10n"
	"legalcenter/site/lint"
	"legalcenter/site/report"
)

// The real repository: every document in all six languages, the same
// anchors everywhere, a clean check, and a deterministic build.

var languages = []string{"en", "ko", "ja", "zh-cn", "pt-br", "id"}

// documentCount is the captured legal navigation: 8 top-level documents,
// 47 service level agreements, 8 information-request documents, and the
// privacy FAQs, cookies policy and event registration instructions.
const documentCount = 8 + 47 + 8 + 3

// comparisonCount is the comparison pages of the earlier versions of
// documents, per language: those of the old TencentDB and CKafka
// agreements.
const comparisonCount = 2

func buildRepo(t *testing.T) *Result {
	t.Helper()
	src, err := NewSource("..")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), Options{Source: src, CacheDir: t.TempDir()})
	if err != nil {
		if res != nil && res.Check != nil {
			var b strings.Builder
			res.Check.Write(&b, "text")
			t.Fatalf("%v\n%s", err, b.String())
		}
		t.Fatal(err)
	}
	return res
}

func TestRepository(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole site")
	}
	res := buildRepo(t)

	t.Run("documents", func(t *testing.T) {
		docs := map[string][]string{}
		for _, p := range res.Pages {
			if p.Kind == "page" { // the documents, and the comparison pages of earlier versions
				docs[p.Lang] = append(docs[p.Lang], p.Path)
			}
		}
		en := docs["en"]
		sort.Strings(en)
		if len(en) != documentCount+comparisonCount {
			t.Errorf("English has %d documents and comparison pages, want %d", len(en), documentCount+comparisonCount)
		}
		for _, lang := range languages {
			got := docs[lang]
			sort.Strings(got)
			if strings.Join(got, " ") != strings.Join(en, " ") {
				t.Errorf("%s has %d documents, English %d; the sets differ: %s", lang, len(got), len(en), diff(en, got))
			}
		}
	})

	t.Run("check", func(t *testing.T) {
		// A preview (the default) reports nothing: the placeholder facts
		// are marked on the pages instead.
		if len(res.Check.Findings) > 0 {
			var b strings.Builder
			res.Check.Write(&b, "text")
			t.Errorf("the check has %d findings:\n%s", len(res.Check.Findings), b.String())
		}
	})

	t.Run("placeholders", func(t *testing.T) {
		// The facts the capture lost are placeholders until Legal
		// confirms them: a production build fails on each, at its line
		// of the facts file, and on nothing else.
		src, err := NewSource("..")
		if err != nil {
			t.Fatal(err)
		}
		l, err := lint.Run(context.Background(), src, lint.Options{Langs: languages, SourceLang: "en", Production: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range l.Findings {
			if f.Rule != "placeholder-fact" || f.Level != report.Error || !strings.HasPrefix(f.File, "data/facts/") || f.Line == 0 || !strings.Contains(f.Message, "content/") {
				t.Errorf("%s:%d: %s: %s [%s]", f.File, f.Line, f.Level, f.Message, f.Rule)
			}
		}
		if len(l.Findings) < 20 {
			t.Errorf("%d placeholder findings, want one per placeholder fact a page shows", len(l.Findings))
		}
		// The preview marks every one of them, on every page showing it.
		n := 0
		afero.Walk(res.Site, "/", func(p string, info fs.FileInfo, err error) error {
			if err != nil || info.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			b, _ := afero.ReadFile(res.Site, p)
			n += strings.Count(string(b), `<span class="placeholder-note">`)
			return nil
		})
		if n < len(l.Findings) {
			t.Errorf("%d placeholders marked on the built pages", n)
		}
	})

	t.Run("goquery", func(t *testing.T) { domCheck(t, res.Site) })

	t.Run("titles", func(t *testing.T) {
		// No page's title, heading or navigation label doubles a word
		// ("Short Message Service Service Level Agreement") in a
		// language that separates words by spaces: the SLA titles are
		// generated from data/slas.toml, outside the content lint.
		n := 0
		afero.Walk(res.Site, "/", func(p string, info fs.FileInfo, err error) error {
			lang, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
			if err != nil || info.IsDir() || !strings.HasSuffix(p, ".html") || !slices.Contains([]string{"en", "ko", "pt-br", "id"}, lang) {
				return err
			}
			f, err := res.Site.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			doc, err := goquery.NewDocumentFromReader(f)
			if err != nil {
				return err
			}
			doc.Find("title, h1, h2, nav a").Each(func(_ int, s *goquery.Selection) {
				n++
				if w, ok := lint.DoubledWord(s.Text()); ok {
					t.Errorf("%s: %q doubles %q", p, strings.TrimSpace(s.Text()), w)
				}
			})
			return nil
		})
		if n < documentCount*4 {
			t.Errorf("only %d titles", n)
		}
	})

	t.Run("deterministic", func(t *testing.T) {
		again := buildRepo(t)
		n := 0
		afero.Walk(res.Site, "/", func(p string, info fs.FileInfo, err error) error {
			if err != nil || info.IsDir() {
				return err
			}
			n++
			a, _ := afero.ReadFile(res.Site, p)
			b, err := afero.ReadFile(again.Site, p)
			if err != nil || string(a) != string(b) {
				t.Errorf("%s differs between two builds", p)
			}
			return nil
		})
		if n < documentCount*len(languages) {
			t.Errorf("only %d files", n)
		}
	})
}

// TestRepositoryAnchors: each document has the same heading ids, in the same
// order, in every language, and uses the same facts (the content check
// enforces facts on every build; this names every difference at once).
func TestRepositoryAnchors(t *testing.T) {
	src, err := NewSource("..")
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.Run(context.Background(), src, lint.Options{Langs: languages, SourceLang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]map[string]*lint.Doc{}
	for _, d := range l.Docs {
		if byKey[d.Key] == nil {
			byKey[d.Key] = map[string]*lint.Doc{}
		}
		byKey[d.Key][d.Lang] = d
	}
	for key, tr := range byKey {
		en, ok := tr["en"]
		if !ok {
			t.Errorf("%s has no English source", key)
			continue
		}
		want := ids(en)
		for _, lang := range languages[1:] {
			d, ok := tr[lang]
			if !ok {
				t.Errorf("%s: no %s translation", key, lang)
				continue
			}
			if got := ids(d); got != want {
				t.Errorf("%s: heading ids differ from %s: %s", d.File, en.File, diff(strings.Fields(want), strings.Fields(got)))
			}
		}
	}
	for _, f := range l.Findings {
		t.Errorf("%s:%d: %s", f.File, f.Line, f.Message)
	}
}

func ids(d *lint.Doc) string {
	var s []string
	for _, h := range d.Headings {
		s = append(s, h.ID)
	}
	return strings.Join(s, " ")
}

// diff names what one list has and the other lacks.
func diff(want, got []string) string {
	in := func(l []string) map[string]bool {
		m := map[string]bool{}
		for _, s := range l {
			m[s] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var missing, extra []string
	for _, s := range want {
		if !g[s] {
			missing = append(missing, s)
		}
	}
	for _, s := range got {
		if !w[s] {
			extra = append(extra, s)
		}
	}
	if len(missing)+len(extra) == 0 {
		return "same ids, different order"
	}
	return fmt.Sprintf("missing %v, extra %v", missing, extra)
}

var update = flag.Bool("update", false, "rewrite golden files")

// TestRepositoryNavigation: the English legal navigation lists the captured
// documents in the captured order and groups (testdata/nav-en.golden, which
// follows ../shared/LEGAL-CENTER.md; -update rewrites it for review).
func TestRepositoryNavigation(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole site")
	}
	res := buildRepo(t)
	page := read(t, res.Site, "en/privacy-policy/index.html")
	var lines []string
	z := html.NewTokenizer(strings.NewReader(page))
	inNav, depth, item := false, 0, ""
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		switch tok.Type {
		case html.StartTagToken:
			if tok.Data == "nav" && attr(tok, "id") == "legal-nav" {
				inNav = true
			}
			if inNav && tok.Data == "ul" {
				depth++
			}
			if inNav && tok.Data == "li" && attr(tok, "class") == "category" {
				item = "  ## "
			}
		case html.EndTagToken:
			if inNav && tok.Data == "nav" {
				inNav = false
			}
			if inNav && tok.Data == "ul" {
				depth--
			}
		case html.TextToken:
			text := strings.TrimSpace(tok.Data)
			if !inNav || text == "" || depth == 0 {
				continue
			}
			if item == "" {
				item = strings.Repeat("  ", depth-1)
			}
			lines = append(lines, item+text)
			item = ""
		}
	}
	got := strings.Join(lines, "\n") + "\n"
	golden := filepath.Join("testdata", "nav-en.golden")
	if *update {
		os.WriteFile(golden, []byte(got), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("legal navigation differs from %s:\n%s", golden, got)
	}
	if n := strings.Count(got, "\n"); n != documentCount+14+2+2 {
		t.Errorf("%d navigation lines, want 66 documents, 14 SLA categories, 2 groups with an overview each:\n%s", n, got)
	}
}

// domCheck is a second opinion on the link check, written independently of
// site/check with goquery: every page's ids are unique, every internal link
// of a[href], link[href], img[src] and script[src] names a file of the site,
// every #fragment names an id of its target, and each document's section
// anchors (h1-h6 ids in <main>) are the same, in the same order, in every
// language.
func domCheck(t *testing.T, site afero.Fs) {
	docs := map[string]*goquery.Document{} // by file, "en/privacy-policy/index.html"
	afero.Walk(site, "/", func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		f, err := site.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := goquery.NewDocumentFromReader(f)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		docs[strings.TrimPrefix(p, "/")] = doc
		return nil
	})
	if len(docs) < documentCount*len(languages) {
		t.Fatalf("only %d pages", len(docs))
	}
	base := "https://legal.example.com/"
	links, fragments := 0, 0
	anchors := map[string]map[string]string{} // document, language: anchors
	for file, doc := range docs {
		seen := map[string]bool{}
		doc.Find("[id]").Each(func(_ int, s *goquery.Selection) {
			id := s.AttrOr("id", "")
			if seen[id] {
				t.Errorf("%s: duplicate id %q", file, id)
			}
			seen[id] = true
		})
		if lang, rest, ok := strings.Cut(file, "/"); ok && slices.Contains(languages, lang) && doc.Find("main").Length() == 1 {
			var ids []string
			doc.Find("main h1[id], main h2[id], main h3[id], main h4[id], main h5[id], main h6[id]").Each(func(_ int, s *goquery.Selection) {
				ids = append(ids, s.AttrOr("id", ""))
			})
			if anchors[rest] == nil {
				anchors[rest] = map[string]string{}
			}
			anchors[rest][lang] = strings.Join(ids, " ")
		}
		pageURL, _ := url.Parse(base + strings.TrimSuffix(file, "index.html"))
		doc.Find("a[href], link[href], img[src], script[src]").Each(func(_ int, s *goquery.Selection) {
			ref := s.AttrOr("href", s.AttrOr("src", ""))
			u, err := pageURL.Parse(ref)
			if err != nil {
				t.Errorf("%s: %q: %v", file, ref, err)
				return
			}
			if u.Scheme+"://"+u.Host+"/" != base {
				return // another site
			}
			links++
			target := strings.TrimPrefix(u.Path, "/")
			if target == "" || strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			to, ok := docs[target]
			if !ok {
				if _, err := site.Stat("/" + target); err != nil {
					t.Errorf("%s: %q: no file %s", file, ref, target)
				}
				return
			}
			if u.Fragment != "" {
				fragments++
				found := false
				to.Find("[id], a[name]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
					found = s.AttrOr("id", "") == u.Fragment || s.Is("a") && s.AttrOr("name", "") == u.Fragment
					return !found
				})
				if !found {
					t.Errorf("%s: %q: %s has no id %q", file, ref, target, u.Fragment)
				}
			}
		})
	}
	if links < 10000 || fragments < 1000 {
		t.Errorf("only %d internal links, %d with a fragment", links, fragments)
	}
	for doc, byLang := range anchors {
		want, ok := byLang["en"]
		if !ok {
			continue
		}
		for lang, got := range byLang {
			if got != want {
				t.Errorf("%s/%s: section anchors differ from English:\n%s", lang, doc, diff(strings.Fields(want), strings.Fields(got)))
			}
		}
	}
	t.Logf("goquery: %d pages, %d internal links, %d with a fragment, %d documents", len(docs), links, fragments, len(anchors))
}

func attr(t html.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// BenchmarkBuild builds the real repository without publishing: every stage
// from the content check to the link check. MB/s counts the bytes built.
func BenchmarkBuild(b *testing.B) {
	src, err := NewSource("..")
	if err != nil {
		b.Fatal(err)
	}
	build := func() *Result {
		res, err := Build(context.Background(), Options{Source: src, CacheDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		return res
	}
	res := build() // setup: b.Loop times what follows
	if want := (documentCount + 3 + comparisonCount) * len(languages); len(res.Pages) != want {
		b.Fatalf("built %d pages, want %d", len(res.Pages), want)
	}
	var n int64
	for _, t := range res.Minify.Types {
		n += t.After
	}
	b.SetBytes(n)
	for b.Loop() {
		build()
	}
	b.ReportMetric(float64(len(res.Pages)), "pages/op")
}

// BenchmarkContentStages runs the two stages that read the content files
// of the real repository, the content check and the translation status:
// "once" as a build runs them, the status reading the documents the check
// parsed; "twice" with the status parsing every file again.
func BenchmarkContentStages(b *testing.B) {
	src, err := NewSource("..")
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := hugo.LoadConfig(hugo.Options{Source: src})
	if err != nil {
		b.Fatal(err)
	}
	sources := dirBytes(b, "../content", ".md") + dirBytes(b, "../i18n", ".toml")
	for _, once := range []bool{true, false} {
		b.Run(map[bool]string{true: "once", false: "twice"}[once], func(b *testing.B) {
			b.SetBytes(sources) // the Markdown and i18n files they read
			for b.Loop() {
				p := &pipeline{opt: Options{Source: src}, cfg: cfg, res: &Result{Check: &check.Report{}}}
				if err := p.lint(context.Background()); err != nil {
					b.Fatal(err)
				}
				if len(p.docs) < len(languages) {
					b.Fatalf("%d documents parsed", len(p.docs))
				}
				if !once {
					p.docs = nil
				}
				r, err := l10n.Status(context.Background(), afero.NewBasePathFs(src, "/"), l10n.Options{Config: cfg, Docs: p.docs})
				if err != nil || len(r.Pages) == 0 {
					b.Fatal(err, r)
				}
			}
		})
	}
}
