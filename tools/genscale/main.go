// Command genscale writes a large site for scale tests: the repository's
// configuration, layouts and strings, and generated documents in each of
// its languages (those Hugo loads from its hugo.toml) in 50 sections, each with pinned headings, facts and cross-links with
// fragments, all of which resolve.
//
//	go run ./tools/genscale -n 5000 -o /tmp/scale
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/afero"

	"legalcenter/site/hugo"
)

const sections = 50

func main() {
	n := flag.Int("n", 5000, "documents per language")
	out := flag.String("o", "", "output folder (required)")
	repo := flag.String("repo", ".", "the repository to take configuration and layouts from")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "genscale: -o is required")
		os.Exit(2)
	}
	if err := generate(*repo, *out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "genscale:", err)
		os.Exit(1)
	}
}

func generate(repo, out string, n int) error {
	for _, top := range []string{"hugo.toml", "layouts", "i18n", "assets", "static", "data"} {
		if err := copyTree(filepath.Join(repo, top), filepath.Join(out, top)); err != nil {
			return err
		}
	}
	cfg, err := hugo.LoadConfig(hugo.Options{Source: afero.NewReadOnlyFs(afero.NewBasePathFs(afero.NewOsFs(), out))})
	if err != nil {
		return err
	}
	per := (n + sections - 1) / sections
	for _, l := range cfg.Languages {
		lang := l.Code
		dir := filepath.Join(out, filepath.FromSlash(l.ContentDir))
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		if err := write(filepath.Join(dir, "_index.md"), front("Scale test "+lang, 0)+"Generated.\n"); err != nil {
			return err
		}
		for s := range sections {
			sec := fmt.Sprintf("section-%02d", s)
			if err := write(filepath.Join(dir, sec, "_index.md"), front("Section "+sec, 1000+s)+"Generated section.\n"); err != nil {
				return err
			}
		}
		for i := range n {
			sec := fmt.Sprintf("section-%02d", i/per)
			name := filepath.Join(dir, sec, fmt.Sprintf("doc-%05d.md", i))
			if err := write(name, document(lang, i, n, per)); err != nil {
				return err
			}
		}
	}
	return nil
}

func front(title string, weight int) string {
	return fmt.Sprintf("+++\ntitle = %q\ndescription = \"Generated for scale tests.\"\ndate = 2020-08-17\nweight = %d\n+++\n", title, weight)
}

// document is one generated document: six sections, each linking to a
// section of another document of the same language.
func document(lang string, i, n, per int) string {
	var b strings.Builder
	b.WriteString(front(fmt.Sprintf("Document %d (%s)", i, lang), i+1))
	b.WriteString("This document exists to test the pipeline at scale. Write to {{< fact \"privacy.dpo_email\" >}}.\n\n")
	for s := range 6 {
		fmt.Fprintf(&b, "## Section %d {#section-%d}\n\n", s, s)
		other := (i*7 + s*13 + 1) % n
		fmt.Fprintf(&b, "Paragraph %d of document %d. See [document %d](/section-%02d/doc-%05d/#section-%d) and [above](#section-0).\n\n", s, i, other, other/per, other, (s+1)%6)
		b.WriteString(strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 8) + "\n\n")
	}
	return b.String()
}

func write(name, text string) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, []byte(text), 0o644)
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return write(target, string(b))
	})
}
