package lint

import (
	"bytes"
	"net/url"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"legalcenter/site/content"
	"legalcenter/site/report"
)

const (
	ruleShortcode = "shortcode"
	ruleRawHTML   = "raw-html"
	ruleLink      = "link"
)

// bodyRules applies the rules that read the body as Hugo reads it (the
// content model: Hugo's page lexer for the shortcodes, goldmark as Hugo
// configures it for the Markdown). shortcodes are the names of the
// project's shortcodes: any other one (Hugo's built-in youtube, vimeo, x,
// instagram, gist, ... embed third-party frames that the site's
// Content-Security-Policy blocks anyway) is refused. image tells whether
// the file of a local image exists.
func bodyRules(doc *Doc, d *content.Document, shortcodes []string, image func(string) bool, add func(report.Finding)) {
	for _, sc := range d.Shortcodes {
		if sc.Close || slices.Contains(shortcodes, sc.Name) {
			continue
		}
		allowed := "none"
		if len(shortcodes) > 0 {
			allowed = strings.Join(shortcodes, ", ")
		}
		add(report.Finding{File: doc.File, Line: sc.Line, Rule: ruleShortcode, Target: sc.Name,
			Message: "the shortcode " + quote(sc.Name) + " is not one of this site's (" + allowed + "): Hugo's built-in shortcodes embed third-party content the site does not allow; link to it instead"})
	}
	line := func(off int) int {
		return d.BodyLine + bytes.Count(d.Markdown[:min(max(off, 0), len(d.Markdown))], []byte("\n"))
	}
	rawHTML(doc, d.Tree, d.Markdown, line, image, add)
}

// rawHTML reports raw HTML in the Markdown src, and links whose scheme is
// not allowed (see unsafeLink): the site renders with
// goldmark's unsafe = false, so Hugo drops every tag, and the words
// between an opening and closing tag with it ("choose <kbd>Save</kbd>"
// reads "choose "). Comments are dropped too, and meant to be. An image
// whose file image says does not exist is reported too: the link check
// could only name the built page.
func rawHTML(doc *Doc, root ast.Node, src []byte, line func(int) int, image func(string) bool, add func(report.Finding)) {
	if root == nil {
		return
	}
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
