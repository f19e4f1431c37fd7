package site

import (
	"bytes"
	"context"
	"html"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/afero"
	"golang.org/x/sync/errgroup"
	"legalcenter/site/check"
	"legalcenter/site/hugo"
)

// The render hooks (layouts/_markup/) mark each element they render from
// Markdown with data-md: the text to look for in the source to find its
// line ("](/cookies-policy/" for a link, "{#data-retention}" for a heading).
// Hugo escapes attribute values, so they never contain a double quote.
var (
	mdAttr  = regexp.MustCompile(` data-md="([^"]*)"`)
	srcAttr = regexp.MustCompile(` data-src="[^"]*"`)
)

// clean strips the build-only attributes from every HTML page and returns,
// per page, the source position of each element the link checker reports
// on (see check.Origins). Pages are cleaned in parallel, one per CPU.
func clean(ctx context.Context, site, src afero.Fs, pages []hugo.Page) (map[string][]string, error) {
	sources := make(map[string]string, len(pages))
	for _, p := range pages {
		if p.Source != "" {
			sources[p.Out] = p.Source
		}
	}
	var files []string
	err := afero.Walk(site, "/", func(p string, info fs.FileInfo, err error) error {
		if err == nil && !info.IsDir() && path.Ext(p) == ".html" {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	var (
		mu      sync.Mutex
		origins = map[string][]string{}
	)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, p := range files {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			o, err := cleanPage(site, src, p, sources)
			if err != nil || o == nil {
				return err
			}
			mu.Lock()
			origins[strings.TrimPrefix(p, "/")] = o
			mu.Unlock()
			return nil
		})
	}
	return origins, g.Wait()
}

// cleanPage cleans the page p and returns its origins; nil when it has
// nothing to clean.
func cleanPage(site, src afero.Fs, p string, sources map[string]string) ([]string, error) {
	b, err := afero.ReadFile(site, p)
	if err != nil {
		return nil, err
	}
	if !bytes.Contains(b, []byte(` data-md="`)) {
		return nil, nil
	}
	var lines *sourceLines
	if name, ok := sources[strings.TrimPrefix(p, "/")]; ok {
		if text, err := afero.ReadFile(src, "/"+name); err == nil {
			lines = &sourceLines{file: name, text: string(text), seen: map[string]int{}}
		}
	}
	// First name each element's source position as data-src, which
	// check.Origins reads; then strip it.
	b = mdAttr.ReplaceAllFunc(b, func(m []byte) []byte {
		if lines == nil {
			return nil
		}
		needle := html.UnescapeString(string(mdAttr.FindSubmatch(m)[1]))
		line, ok := lines.find(needle)
		if !ok {
			return nil
		}
		return []byte(` data-src="` + html.EscapeString(lines.file) + ":" + strconv.Itoa(line) + `"`)
	})
	o, err := check.Origins(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	if o == nil {
		o = []string{}
	}
	return o, afero.WriteFile(site, p, srcAttr.ReplaceAll(b, nil), 0o644)
}

// sourceLines finds lines in one source file. The n-th element with a given
// needle on the page is the n-th occurrence of the needle in the source.
type sourceLines struct {
	file string
	text string
	seen map[string]int
}

func (s *sourceLines) find(needle string) (int, bool) {
	from := 0
	for n := s.seen[needle]; ; n-- {
		i := strings.Index(s.text[from:], needle)
		if i < 0 {
			return 0, false
		}
		from += i
		if n == 0 {
			break
		}
		from += len(needle)
	}
	s.seen[needle]++
	return 1 + strings.Count(s.text[:from], "\n"), true
}
