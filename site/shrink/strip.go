package shrink

import (
	"bytes"
	"slices"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// strip returns page without the attributes named in attrs, which the
// build writes in lower case,
// every other byte as it was; page itself when it has none of them. It
// reads the page with tdewolff's HTML lexer, the one the minifier reads it
// with right after, so an attribute is removed exactly where the minifier
// would see it, and never from text, comments or scripts.
func strip(page []byte, attrs []string) []byte {
	if len(attrs) == 0 {
		return page
	}
	maybe := false
	for _, a := range attrs {
		maybe = maybe || bytes.Contains(page, []byte(a))
	}
	if !maybe {
		return page
	}
	// The lexer writes names in lower case and ends its input with a
	// NUL: it reads a copy.
	buf := make([]byte, len(page), len(page)+1)
	copy(buf, page)
	in := parse.NewInputBytes(buf)
	l := html.NewLexer(in)
	var out []byte
	done, inTag := 0, false // page[:done] is decided
	for {
		at := in.Offset()
		if !inTag {
			// Between tags only a "<" starts anything (see check's scanner).
			i := bytes.IndexByte(buf[at:], '<')
			if i < 0 {
				break
			}
			in.Move(i)
			in.Skip()
			at += i
		}
		tt, _ := l.Next()
		switch tt {
		case html.ErrorToken:
			if in.Err() != nil || in.Offset() <= at {
				return finish(page, out, done)
			}
			inTag = false
		case html.StartTagToken:
			inTag = true
		case html.StartTagCloseToken, html.StartTagVoidToken:
			inTag = false
		}
		if tt == html.AttributeToken && slices.Contains(attrs, string(l.AttrKey())) {
			// The token runs from the white space before the name to
			// the end of the value.
			out = append(out, page[done:at]...)
			done = in.Offset()
		}
	}
	return finish(page, out, done)
}

func finish(page, out []byte, done int) []byte {
	if out == nil {
		return page
	}
	return append(out, page[done:]...)
}
