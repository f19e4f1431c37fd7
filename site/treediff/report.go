package treediff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats are the report formats Write knows.
var Formats = []string{"text", "json", "markdown"}

// Write writes the report in a format of Formats.
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case "text":
		return r.text(w)
	case "json":
		e := json.NewEncoder(w)
		e.SetIndent("", "  ")
		e.SetEscapeHTML(false)
		return e.Encode(r)
	case "markdown":
		return r.markdown(w)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// listed are the kinds listed page by page; layout and restyled pages are
// counted.
var listed = []Kind{Added, Removed, Changed, TooLarge}

func (r *Report) summary() string {
	var parts []string
	for _, k := range []Kind{Changed, Added, Removed, TooLarge, Layout, Restyled} {
		if n := r.Count(k); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	parts = append(parts, fmt.Sprintf("%d unchanged", r.Unchanged))
	return strings.Join(parts, ", ")
}

// byLang groups the pages of the given kinds by language, in the report's
// order.
func (r *Report) byLang(kinds ...Kind) (langs []string, pages map[string][]Page) {
	pages = map[string][]Page{}
	for _, p := range r.Pages {
		for _, k := range kinds {
			if p.Kind == k {
				if len(pages[p.Lang]) == 0 {
					langs = append(langs, p.Lang)
				}
				pages[p.Lang] = append(pages[p.Lang], p)
			}
		}
	}
	return langs, pages
}

// perLang counts the pages of a kind per language: "en 17, ko 17".
func (r *Report) perLang(k Kind) string {
	langs, pages := r.byLang(k)
	var parts []string
	for _, l := range langs {
		parts = append(parts, fmt.Sprintf("%s %d", langName(l), len(pages[l])))
	}
	return strings.Join(parts, ", ")
}

// lost lists the pages that lost anchors, in the report's order, and counts
// the anchors.
func (r *Report) lost() (pages []Page, n int) {
	for _, p := range r.Pages {
		if len(p.Lost) > 0 {
			pages = append(pages, p)
			n += len(p.Lost)
		}
	}
	return pages, n
}

// Breaks reports whether the new site breaks deep links into the old one
// (a page removed, or an anchor gone from a page), or may: a page too
// large to compare.
func (r *Report) Breaks() bool {
	_, n := r.lost()
	return n > 0 || r.Count(Removed) > 0 || r.Count(TooLarge) > 0
}

func fragments(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = "#" + id
	}
	return strings.Join(out, " ")
}

func langName(l string) string {
	if l == "" {
		return "/"
	}
	return l
}

func (r *Report) text(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "pages: %s\n", r.summary())
	langs, pages := r.byLang(listed...)
	for _, l := range langs {
		fmt.Fprintf(&b, "\n%s\n", langName(l))
		for _, p := range pages[l] {
			fmt.Fprintf(&b, "  %-8s %s\n", p.Kind, readable(p.Path))
		}
	}
	if pages, n := r.lost(); n > 0 {
		fmt.Fprintf(&b, "\ndeep links that break: %d %s gone from %d %s (links to them land at the top of the page; keep an old id in data/anchors.toml)\n", n, plural(n, "anchor", "anchors"), len(pages), plural(len(pages), "page", "pages"))
		for _, p := range pages {
			fmt.Fprintf(&b, "  %s  %s\n", readable(p.Path), fragments(p.Lost))
		}
	}
	if n := r.Count(TooLarge); n > 0 {
		fmt.Fprintf(&b, "\ntoo-large: %d %s larger than -max-page-size, not compared\n", n, plural(n, "page", "pages"))
	}
	if n := r.Count(Layout); n > 0 {
		fmt.Fprintf(&b, "\nlayout: %d %s changed only outside the main content (navigation, header, footer, head): %s\n", n, plural(n, "page", "pages"), r.perLang(Layout))
	}
	if n := r.Count(Restyled); n > 0 {
		fmt.Fprintf(&b, "\nrestyled: %d %s differ only in fingerprinted asset URLs: %s\n", n, plural(n, "page", "pages"), r.perLang(Restyled))
	}
	if len(r.Files) > 0 {
		fmt.Fprintf(&b, "\nother files:\n")
		for _, f := range r.Files {
			fmt.Fprintf(&b, "  %-8s %s\n", f.Kind, f.Path)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// markdown writes a pull-request comment: the pages to review, linked to
// the preview.
func (r *Report) markdown(w io.Writer) error {
	var b strings.Builder
	link := func(p Page) string {
		rel := readable(p.Path)
		if p.Kind == Removed || r.BaseURL == "" { // nothing to link to
			return "`" + rel + "`"
		}
		return "[" + rel + "](" + p.URL + ")"
	}
	b.WriteString("### Pages changed by this pull request\n\n")
	langs, pages := r.byLang(listed...)
	if len(langs) == 0 {
		b.WriteString("No page's text changed.\n")
	}
	for _, l := range langs {
		fmt.Fprintf(&b, "**%s**\n\n", langName(l))
		for _, p := range pages[l] {
			fmt.Fprintf(&b, "- %s: %s\n", p.Kind, link(p))
		}
		b.WriteString("\n")
	}
	if pages, n := r.lost(); n > 0 {
		fmt.Fprintf(&b, "#### Deep links that break\n\n%d %s gone from %d %s: links to them, from other sites or bookmarks, now land at the top of the page. To keep one working, add the old id to `data/anchors.toml`.\n\n", n, plural(n, "anchor is", "anchors are"), len(pages), plural(len(pages), "page", "pages"))
		for _, p := range pages {
			ids := make([]string, len(p.Lost))
			for i, id := range p.Lost {
				ids[i] = "`#" + id + "`"
			}
			fmt.Fprintf(&b, "- %s: %s\n", link(p), strings.Join(ids, " "))
		}
		b.WriteString("\n")
	}
	if n := r.Count(TooLarge); n > 0 {
		fmt.Fprintf(&b, "%d %s larger than the most `sitectl diff` reads (-max-page-size): not compared.\n\n", n, plural(n, "page is", "pages are"))
	}
	if n := r.Count(Layout); n > 0 {
		fmt.Fprintf(&b, "<details><summary>%d %s changed only outside the main content (navigation, header, footer, head)</summary>\n\n", n, plural(n, "page", "pages"))
		for _, p := range r.Pages {
			if p.Kind == Layout {
				fmt.Fprintf(&b, "- %s\n", link(p))
			}
		}
		b.WriteString("\n</details>\n\n")
	}
	if n := r.Count(Restyled); n > 0 {
		fmt.Fprintf(&b, "%d %s restyled: only the fingerprinted CSS or JS they load changed (%s).\n\n", n, plural(n, "page is", "pages are"), r.perLang(Restyled))
	}
	if len(r.Files) > 0 {
		fmt.Fprintf(&b, "<details><summary>%d other %s changed</summary>\n\n", len(r.Files), plural(len(r.Files), "file", "files"))
		for _, f := range r.Files {
			fmt.Fprintf(&b, "- %s `%s`\n", f.Kind, f.Path)
		}
		b.WriteString("\n</details>\n\n")
	}
	fmt.Fprintf(&b, "<sub>%s</sub>\n", r.summary())
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
