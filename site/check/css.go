package check

import (
	"bytes"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// cssURLs calls fn with each URL of a style sheet (a linked .css file, the
// text of a <style> element, a style attribute), with the line of data it is
// on, counted from 1: the url() values and the strings of @import rules. It
// reads the CSS with a kept lexer, github.com/tdewolff/parse/v2/css, the
// minifier's. The URL is decoded of CSS escapes; nil data has none.
func cssURLs(data []byte, fn func(u []byte, line int)) {
	if bytes.IndexByte(data, '(') < 0 && !bytes.Contains(data, []byte("@")) {
		return // nearly every style attribute
	}
	in := parse.NewInputBytes(bytes.Clone(data)) // the lexer may write the byte after data
	l := css.NewLexer(in)
	line, counted := 1, 0
	imp := false // after @import: its string is a URL
	for {
		at := in.Offset()
		tt, tok := l.Next()
		u := []byte(nil)
		switch tt {
		case css.ErrorToken:
			return
		case css.WhitespaceToken, css.CommentToken:
			continue
		case css.AtKeywordToken:
			imp = lowerIs(tok, "@import")
			continue
		case css.StringToken:
			if imp && len(tok) >= 2 {
				u = cssUnescape(tok[1 : len(tok)-1])
			}
		case css.URLToken:
			u = cssURLValue(tok)
		}
		imp = false
		if u == nil {
			continue
		}
		line += lineBreaks(data[counted:at])
		counted = at
		fn(u, line)
	}
}

// cssURLValue returns the URL of a url() token: "url( 'a.png' )" is a.png.
func cssURLValue(tok []byte) []byte {
	i := bytes.IndexByte(tok, '(')
	if i < 0 {
		return nil
	}
	v := bytes.TrimSpace(bytes.TrimSuffix(tok[i+1:], []byte(")")))
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
	}
	return cssUnescape(v)
}

// cssUnescape decodes the escapes of CSS Syntax §4.3.7 in a URL: "\" and
// up to six hex digits (and one white space after them), or "\" and any
// other character, which is that character.
func cssUnescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 {
		return v
	}
	out := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		if v[i] != '\\' || i+1 == len(v) {
			out = append(out, v[i])
			continue
		}
		i++
		n, r := 0, rune(0)
		for n < 6 && i+n < len(v) && isHex(v[i+n]) {
			r = r*16 + rune(hexVal(v[i+n]))
			n++
		}
		if n == 0 {
			if v[i] != '\n' { // an escaped line break is nothing
				out = append(out, v[i])
			}
			continue
		}
		if r == 0 || r > 0x10FFFF || 0xD800 <= r && r <= 0xDFFF {
			r = 0xFFFD
		}
		out = append(out, string(r)...)
		i += n - 1
		if i+1 < len(v) && asciiSpace(v[i+1]) {
			i++
		}
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hexVal(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
