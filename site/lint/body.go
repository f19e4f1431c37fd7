package lint

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/gohugoio/hugo/parser/pageparser"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"legalcenter/site/report"
)

const (
	ruleShortcode = "shortcode"
	ruleRawHTML   = "raw-html"
	ruleLink      = "link"
)

// bodyRules applies the rules that need the body parsed as Hugo parses it:
// shortcodes with Hugo's own page lexer, the Markdown with goldmark as
// Hugo configures it. body starts on line first of the file. shortcodes are
// the names of the project's shortcodes: any other one (Hugo's built-in
// youtube, vimeo, x, instagram, gist, ... embed third-party frames that
// the site's Content-Security-Policy blocks anyway) is refused.
func bodyRules(doc *Doc, src string, first int, shortcodes []string, image func(string) bool, add func(report.Finding)) {
	b := []byte(src)
	line := func(off int) int { return first + bytes.Count(b[:off], []byte("\n")) }
	items, err := pageparser.ParseBytes(b, pageparser.Config{NoFrontMatter: true})
	if err != nil && len(items) == 0 {
		add(report.Finding{File: doc.File, Line: first, Rule: ruleShortcode, Message: "the shortcodes do not parse: " + err.Error()})
		return
	}
	// The shortcode calls are blanked out (their line breaks kept) before
	// goldmark reads the Markdown, as Hugo replaces them first.
	markdown := slices.Clone(b)
	start := -1
	for _, it := range items {
		switch {
		case it.IsError():
			at := min(it.Pos(), len(b))
			if start >= 0 {
				at = start
			}
			why := "not well formed"
			if it.Err != nil {
				why = it.Err.Error()
			}
			add(report.Finding{File: doc.File, Line: line(at), Rule: ruleShortcode, Message: "the shortcode call does not parse (" + why + "): write it as {{< name \"argument\" >}}"})
			return
		case it.IsLeftShortcodeDelim():
			start = it.Pos()
		case it.IsShortcodeName() || it.IsInlineShortcodeName():
			name := it.ValStr(b)
			if !slices.Contains(shortcodes, name) {
				allowed := "none"
				if len(shortcodes) > 0 {
					allowed = strings.Join(shortcodes, ", ")
				}
				add(report.Finding{File: doc.File, Line: line(it.Pos()), Rule: ruleShortcode, Target: name,
					Message: "the shortcode " + quote(name) + " is not one of this site's (" + allowed + "): Hugo's built-in shortcodes embed third-party content the site does not allow; link to it instead"})
			}
		case it.IsRightShortcodeDelim() && start >= 0:
			end := it.Pos() + len(it.Val(b))
			for i := start; i < end && i < len(markdown); i++ {
				if markdown[i] != '\n' {
					markdown[i] = ' '
				}
			}
			start = -1
		}
	}
	rawHTML(doc, markdown, line, image, add)
}

// markdownParser parses as Hugo does for this site: CommonMark, the GFM
// extensions, definition lists and footnotes, {#id} attributes on headings.
var markdownParser = sync.OnceValue(func() parser.Parser {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.DefinitionList, extension.Footnote),
		goldmark.WithParserOptions(parser.WithHeadingAttribute()),
	).Parser()
})

// rawHTML reports raw HTML in the Markdown src, and links whose scheme is
// not allowed (see unsafeLink): the site renders with
// goldmark's unsafe = false, so Hugo drops every tag, and the words
// between an opening and closing tag with it ("choose <kbd>Save</kbd>"
// reads "choose "). Comments are dropped too, and meant to be. An image
// whose file image says does not exist is reported too: the link check
// could only name the built page.
func rawHTML(doc *Doc, src []byte, line func(int) int, image func(string) bool, add func(report.Finding)) {
	root := markdownParser().Parse(text.NewReader(src))
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var seg text.Segment
		switch n := n.(type) {
		case *ast.Link:
			unsafeLink(doc, src, string(n.Destination), line, add)
			return ast.WalkContinue, nil
		case *ast.Image:
			dest := string(n.Destination)
			unsafeLink(doc, src, dest, line, add)
			if u, err := url.Parse(dest); err == nil && !u.IsAbs() && u.Host == "" && u.Path != "" && image != nil && !image(u.Path) {
				at := max(bytes.Index(src, []byte(dest)), 0)
				add(report.Finding{File: doc.File, Line: line(at), Rule: ruleLink, Target: dest,
					Message: "the image " + quote(dest) + " does not exist: put the file in static/ (" + quote("/img/x.png") + " is static/img/x.png), or beside the document"})
			}
			return ast.WalkContinue, nil
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				unsafeLink(doc, src, string(n.URL(src)), line, add)
			}
			return ast.WalkContinue, nil
		case *ast.RawHTML:
			if n.Segments.Len() == 0 {
				return ast.WalkContinue, nil
			}
			seg = n.Segments.At(0)
		case *ast.HTMLBlock:
			if n.HTMLBlockType == ast.HTMLBlockType2 || n.Lines().Len() == 0 { // a comment
				return ast.WalkSkipChildren, nil
			}
			seg = n.Lines().At(0)
		default:
			return ast.WalkContinue, nil
		}
		tag := strings.TrimSpace(string(seg.Value(src)))
		if strings.HasPrefix(tag, "<!--") {
			return ast.WalkContinue, nil
		}
		if i := strings.IndexByte(tag, '>'); i >= 0 {
			tag = tag[:i+1]
		}
		add(report.Finding{File: doc.File, Line: line(seg.Start), Rule: ruleRawHTML, Target: tag,
			Message: "raw HTML is not published: Hugo drops " + quote(tag) + ", and the words inside it, from the page; " + instead(tag)})
		return ast.WalkContinue, nil
	})
}

// schemes are the schemes a link may use; the link render hook refuses
// any other (javascript:, data:, vbscript:, file:, ...).
var schemes = []string{"http", "https", "mailto", "tel"}

// unsafeLink reports the link destination dest, from a link, an image, an
// autolink or a reference definition, when its scheme is not allowed: at
// the line that writes it (the definition's, for a reference), which Hugo's
// render hook cannot tell.
func unsafeLink(doc *Doc, src []byte, dest string, line func(int) int, add func(report.Finding)) {
	u, err := url.Parse(strings.TrimSpace(dest))
	if err != nil || !u.IsAbs() || slices.Contains(schemes, u.Scheme) {
		return
	}
	at := bytes.Index(src, []byte(dest))
	if at < 0 {
		at = 0
	}
	add(report.Finding{File: doc.File, Line: line(at), Rule: ruleLink, Target: dest,
		Message: "the link " + quote(dest) + " uses the scheme " + quote(u.Scheme) + ", which is not allowed: links go to https://, http://, mailto: or tel: addresses"})
}

// instead tells what to write in Markdown for an HTML tag.
func instead(tag string) string {
	name := strings.ToLower(strings.TrimLeft(tag, "</"))
	if i := strings.IndexAny(name, " \t\n/>"); i >= 0 {
		name = name[:i]
	}
	switch name {
	case "b", "strong":
		return "write **bold** instead"
	case "i", "em":
		return "write *italic* instead"
	case "a":
		return "write a link as [text](https://example.com/) instead"
	case "br":
		return "end the line with a backslash (\\) for a line break instead"
	case "kbd", "code", "tt", "samp":
		return "write `code` instead"
	case "p", "div", "span", "section":
		return "leave a blank line between paragraphs, and write the words without the tag"
	case "ul", "ol", "li":
		return "write a list with - or 1. at the start of each line instead"
	case "table", "tr", "td", "th":
		return "write a Markdown table (| a | b |) instead"
	case "h1", "h2", "h3", "h4", "h5", "h6":
		return "write a heading as ## Title {#an-id} instead"
	case "img", "iframe", "script", "style", "video", "object", "embed":
		return "the site publishes no embedded or active content: link to it instead"
	}
	return "write it in Markdown instead"
}
