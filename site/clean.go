package site

import (
	"bytes"
	"context"
	"html"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/spf13/afero"
	"legalcenter/site/hugo"
)

// mdLink matches a link rendered by layouts/_markup/render-link.html, which
// writes href first and data-md (the Markdown destination) right after it.
// Hugo escapes attribute values, so neither contains a double quote.
var mdLink = regexp.MustCompile(`<a href="([^"]*)" data-md="([^"]*)"`)

// Origin is where a link on a built page was written.
type Origin struct {
	File string // "content/ko/privacy-policy.md"
	Line int
}

// Origins maps a built page ("ko/privacy-policy/index.html") and a link
// target as written in its HTML to the source lines of that link.
type Origins map[string]map[string][]Origin

// Lookup returns the first source line of target on page, if known.
func (o Origins) Lookup(page, target string) (Origin, bool) {
	if l := o[page][target]; len(l) > 0 {
		return l[0], true
	}
	return Origin{}, false
}

// clean removes the build-only data-md attributes from every HTML page and
// returns where each Markdown link came from.
func clean(ctx context.Context, site, src afero.Fs, pages []hugo.Page) (Origins, error) {
	sources := make(map[string]string, len(pages))
	for _, p := range pages {
		if p.Source != "" {
			sources[p.Out] = p.Source
		}
	}
	origins := Origins{}
	err := afero.Walk(site, "/", func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() || path.Ext(p) != ".html" {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := afero.ReadFile(site, p)
		if err != nil {
			return err
		}
		if !bytes.Contains(b, []byte(` data-md="`)) {
			return nil
		}
		page := strings.TrimPrefix(p, "/")
		var lines *sourceLines
		if name, ok := sources[page]; ok {
			if text, err := afero.ReadFile(src, "/"+name); err == nil {
				lines = &sourceLines{file: name, text: string(text), seen: map[string]int{}}
			}
		}
		out := mdLink.ReplaceAllFunc(b, func(m []byte) []byte {
			sub := mdLink.FindSubmatch(m)
			href, dest := html.UnescapeString(string(sub[1])), html.UnescapeString(string(sub[2]))
			if lines != nil {
				if o, ok := lines.find(dest); ok {
					if origins[page] == nil {
						origins[page] = map[string][]Origin{}
					}
					origins[page][href] = append(origins[page][href], o)
				}
			}
			return []byte(`<a href="` + string(sub[1]) + `"`)
		})
		return afero.WriteFile(site, p, out, info.Mode())
	})
	return origins, err
}

// sourceLines finds the lines of Markdown links in one source file. The n-th
// link to a destination on the page is the n-th "](dest" in the source.
type sourceLines struct {
	file string
	text string
	seen map[string]int
}

func (s *sourceLines) find(dest string) (Origin, bool) {
	needle := "](" + dest
	from := 0
	for n := s.seen[dest]; ; n-- {
		i := strings.Index(s.text[from:], needle)
		if i < 0 {
			return Origin{}, false
		}
		from += i
		if n == 0 {
			break
		}
		from += len(needle)
	}
	s.seen[dest]++
	return Origin{File: s.file, Line: 1 + strings.Count(s.text[:from], "\n")}, true
}
