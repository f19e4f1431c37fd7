package treediff

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/spf13/afero"
	"golang.org/x/net/html"
)

// Kind is how a file differs between the two sites.
type Kind string

const (
	Added    Kind = "added"
	Removed  Kind = "removed"
	Changed  Kind = "changed"
	Layout   Kind = "layout"
	Restyled Kind = "restyled"
	// TooLarge is a page or another file larger than Options.MaxPageSize
	// in either site: it was not read past the cap, so whether it changed
	// (and, for a page, which anchors it lost) is unknown.
	TooLarge Kind = "too-large"
)

// Page is an HTML page that differs.
type Page struct {
	Kind Kind   `json:"kind"`
	Lang string `json:"lang"` // the first folder of the path: "ko"; "" at the root
	Path string `json:"path"` // the file in the site: "ko/privacy-policy/index.html"
	URL  string `json:"url"`  // where to see it: "/ko/privacy-policy/", absolute with a base URL
	// Lost are the ids (and <a name>s) the old page had and the new one
	// lacks: deep links to them ("/ko/privacy-policy/#data-retention") now
	// land at the top of the page. Sorted.
	Lost []string `json:"lostAnchors,omitempty"`
}

// File is another file that differs. A fingerprinted asset is named with
// its hash replaced by "*": "css/site.min.*.css".
type File struct {
	Kind Kind   `json:"kind"` // added, removed, changed or too-large
	Path string `json:"path"`
}

// Report is the difference between two sites.
type Report struct {
	BaseURL   string `json:"baseURL,omitempty"`
	Pages     []Page `json:"pages"` // sorted by language, then path
	Files     []File `json:"files"` // sorted by path
	Unchanged int    `json:"unchanged"`
}

// Count is the number of pages of a kind.
func (r *Report) Count(k Kind) int {
	n := 0
	for _, p := range r.Pages {
		if p.Kind == k {
			n++
		}
	}
	return n
}

// Options configure Compare.
type Options struct {
	// BaseURL is the new site's address (a preview's URL); page URLs are
	// absolute under it. Empty: URLs are root-relative paths.
	BaseURL string
	// MaxPageSize is the largest file read, page or not, in bytes; a
	// larger one is reported as TooLarge, not read. 0 means
	// DefaultMaxPageSize.
	MaxPageSize int64
}

// DefaultMaxPageSize is the largest page Compare reads unless told
// otherwise: 64 MiB, as the checker.
const DefaultMaxPageSize = 64 << 20

// Compare compares the site in before with the site in after, both rooted
// at "/".
func Compare(before, after afero.Fs, opt Options) (*Report, error) {
	a, err := files(before)
	if err != nil {
		return nil, fmt.Errorf("old site: %w", err)
	}
	b, err := files(after)
	if err != nil {
		return nil, fmt.Errorf("new site: %w", err)
	}
	maxSize := cmp.Or(opt.MaxPageSize, DefaultMaxPageSize)
	r := &Report{BaseURL: opt.BaseURL, Pages: []Page{}, Files: []File{}}
	page := func(k Kind, p string, lost ...string) {
		r.Pages = append(r.Pages, Page{Kind: k, Lang: lang(p), Path: p, URL: pageURL(opt.BaseURL, p), Lost: lost})
	}

	// Assets are matched by their name without a fingerprint, so a new
	// hash is a change of the asset, not a removal and an addition.
	assets := func(names map[string]bool) map[string][]string {
		m := map[string][]string{}
		for p := range names {
			if !isPage(p) {
				k := fingerprint.ReplaceAllString(p, ".*$1")
				m[k] = append(m[k], p)
			}
		}
		return m
	}
	oldAssets, newAssets := assets(a), assets(b)

	for _, p := range sorted(a, b) {
		inOld, inNew := a[p], b[p]
		if !isPage(p) {
			continue
		}
		switch {
		case !inNew:
			page(Removed, p)
		case !inOld:
			page(Added, p)
		default:
			k, lost, err := comparePage(before, after, p, maxSize)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			if k == "" {
				r.Unchanged++
			} else {
				page(k, p, lost...)
			}
		}
	}
	for _, name := range sorted(keys(oldAssets), keys(newAssets)) {
		o, n := oldAssets[name], newAssets[name]
		switch {
		case len(n) == 0:
			r.Files = append(r.Files, File{Removed, name})
		case len(o) == 0:
			r.Files = append(r.Files, File{Added, name})
		case len(o) == 1 && len(n) == 1:
			k, err := compareFile(before, after, o[0], n[0], maxSize)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", n[0], err)
			}
			if k != "" {
				r.Files = append(r.Files, File{k, name})
			}
		default: // several files share a name without hash: compare by path
			for _, p := range sorted(set(o), set(n)) {
				switch {
				case !b[p]:
					r.Files = append(r.Files, File{Removed, p})
				case !a[p]:
					r.Files = append(r.Files, File{Added, p})
				default:
					k, err := compareFile(before, after, p, p, maxSize)
					if err != nil {
						return nil, fmt.Errorf("%s: %w", p, err)
					}
					if k != "" {
						r.Files = append(r.Files, File{k, p})
					}
				}
			}
		}
	}
	slices.SortStableFunc(r.Pages, func(x, y Page) int {
		if c := strings.Compare(x.Lang, y.Lang); c != 0 {
			return c
		}
		return strings.Compare(x.Path, y.Path)
	})
	slices.SortStableFunc(r.Files, func(x, y File) int { return strings.Compare(x.Path, y.Path) })
	return r, nil
}

var (
	// fingerprint is a content hash in a file name, as Hugo's fingerprint
	// writes it: "site.min.<96 hex digits>.css".
	fingerprint = regexp.MustCompile(`\.[0-9a-f]{32,128}(\.[A-Za-z0-9]+)`)
	// integrity is a Subresource Integrity hash; Hugo escapes its "+" as
	// "&#43;" unless the page was minified.
	integrity = regexp.MustCompile(`(sha(?:256|384|512))-(?:[A-Za-z0-9/]|\+|&#43;)+={0,2}`)
)

// comparePage classifies a page present in both sites ("" is unchanged)
// and lists the anchors it lost. A page larger than maxSize bytes in either
// site is TooLarge, and not read past maxSize.
func comparePage(before, after afero.Fs, p string, maxSize int64) (Kind, []string, error) {
	a, err := readPage(before, "/"+p, maxSize)
	if errors.Is(err, errTooLarge) {
		return TooLarge, nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	b, err := readPage(after, "/"+p, maxSize)
	if errors.Is(err, errTooLarge) {
		return TooLarge, nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	if bytes.Equal(a, b) {
		return "", nil, nil
	}
	a, b = normalize(a), normalize(b)
	if bytes.Equal(a, b) {
		return Restyled, nil, nil
	}
	old, err1 := goquery.NewDocumentFromReader(bytes.NewReader(a))
	cur, err2 := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err1 != nil || err2 != nil {
		// The HTML parser refuses a page nested deeper than 512
		// elements: the tokenizer, which keeps no tree, still finds its
		// anchors, and the page is reported as changed.
		var lost []string
		have := tokenAnchors(b)
		for id := range tokenAnchors(a) {
			if !have[id] {
				lost = append(lost, id)
			}
		}
		slices.Sort(lost)
		return Changed, lost, nil
	}
	var lost []string
	have := anchors(cur)
	for id := range anchors(old) {
		if !have[id] {
			lost = append(lost, id)
		}
	}
	slices.Sort(lost)
	if !bytes.Equal(content(old, a), content(cur, b)) {
		return Changed, lost, nil
	}
	return Layout, lost, nil
}

// tokenAnchors are the anchors of the page src (see anchors), read with
// the HTML tokenizer.
func tokenAnchors(src []byte) map[string]bool {
	m := map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			if string(k) == "id" || string(k) == "name" && string(name) == "a" {
				m[string(v)] = true
			}
		}
	}
	delete(m, "")
	return m
}

// anchors are the targets a #fragment can name in a page: ids and the
// names of <a name>.
func anchors(doc *goquery.Document) map[string]bool {
	m := map[string]bool{}
	doc.Find("[id]").Each(func(_ int, s *goquery.Selection) { m[s.AttrOr("id", "")] = true })
	doc.Find("a[name]").Each(func(_ int, s *goquery.Selection) { m[s.AttrOr("name", "")] = true })
	delete(m, "")
	return m
}

func normalize(b []byte) []byte {
	b = fingerprint.ReplaceAll(b, []byte(".*$1"))
	return integrity.ReplaceAll(b, []byte("$1-*"))
}

// content is what a reader reads on a page: its title and its main element,
// found in the tree a browser builds (goquery over x/net/html), so that a
// "<main>" in a comment, a script or an attribute is not taken for one.
// Elsewhere the layout repeats the same markup on every page. A page without
// <main> is all content (raw, its bytes).
func content(doc *goquery.Document, raw []byte) []byte {
	main := doc.Find("main").First()
	if main.Length() == 0 {
		return raw
	}
	h, err := goquery.OuterHtml(main)
	if err != nil {
		return raw
	}
	return []byte(doc.Find("head > title").First().Text() + "\x00" + h)
}

// errTooLarge is a page larger than Compare reads.
var errTooLarge = errors.New("the page is too large")

// readPage reads the file name, unless it is larger than max bytes: then
// it returns errTooLarge, having read at most max+1 bytes.
func readPage(fsys afero.Fs, name string, max int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > max {
		return nil, errTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(data)) > max {
		return nil, errTooLarge
	}
	return data, err
}

// compareFile compares file p of before with file q of after a block at a
// time, so that a large asset is not held in memory: "" when they are the
// same, Changed, or TooLarge when either is larger than limit bytes (by its
// size, or by what it yields when read: a file that grows, or one of a
// special file system, is not read past limit).
func compareFile(before, after afero.Fs, p, q string, limit int64) (Kind, error) {
	a, err := before.Open("/" + p)
	if err != nil {
		return "", err
	}
	defer a.Close()
	b, err := after.Open("/" + q)
	if err != nil {
		return "", err
	}
	defer b.Close()
	sa, errA := a.Stat()
	sb, errB := b.Stat()
	if errA == nil && errB == nil {
		if sa.Size() > limit || sb.Size() > limit {
			return TooLarge, nil
		}
		if sa.Size() != sb.Size() {
			return Changed, nil
		}
	}
	ba, bb := make([]byte, 64<<10), make([]byte, 64<<10)
	var read int64
	for {
		na, errA := io.ReadFull(a, ba)
		nb, errB := io.ReadFull(b, bb)
		if read += int64(max(na, nb)); read > limit {
			return TooLarge, nil
		}
		if !bytes.Equal(ba[:na], bb[:nb]) {
			return Changed, nil
		}
		endA := errA == io.EOF || errA == io.ErrUnexpectedEOF
		endB := errB == io.EOF || errB == io.ErrUnexpectedEOF
		switch {
		case errA != nil && !endA:
			return "", errA
		case errB != nil && !endB:
			return "", errB
		case endA && endB:
			return "", nil
		case endA || endB:
			return Changed, nil
		}
	}
}

// files lists every regular file of a site, relative to its root.
func files(fsys afero.Fs) (map[string]bool, error) {
	out := map[string]bool{}
	err := afero.Walk(fsys, "/", func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if info.Mode().IsRegular() {
			out[strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(p, "\\", "/")), "/")] = true
		}
		return nil
	})
	return out, err
}

func keys(m map[string][]string) map[string]bool {
	s := make(map[string]bool, len(m))
	for k := range m {
		s[k] = true
	}
	return s
}

func set(list []string) map[string]bool {
	s := make(map[string]bool, len(list))
	for _, k := range list {
		s[k] = true
	}
	return s
}

// sorted is the union of the sets' keys, sorted.
func sorted(sets ...map[string]bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range sets {
		for k := range s {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

func isPage(p string) bool {
	return strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".htm")
}

// lang is the first folder of a page's path.
func lang(p string) string {
	if i := strings.IndexByte(p, '/'); i > 0 {
		return p[:i]
	}
	return ""
}

// pageURL is the address a static server serves a page at, escaped: a
// space or a parenthesis would end a Markdown link.
func pageURL(base, p string) string {
	segs := strings.Split(strings.TrimPrefix(readable(p), "/"), "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.TrimSuffix(base, "/") + "/" + strings.Join(segs, "/")
}

// readable is a page's address as a reader knows it: "/ko/개인정보/".
func readable(p string) string {
	u := "/" + p
	if path.Base(p) == "index.html" {
		u = strings.TrimSuffix(u, "index.html")
	}
	return u
}
