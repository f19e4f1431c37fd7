package l10n

import (
	"bytes"
	"fmt"

	"github.com/gohugoio/hugo/parser/metadecoders"
)

// document is a content file split into front matter and body. Offsets
// index the file's bytes, so that Stamp can rewrite the front matter and
// leave every other byte alone.
type document struct {
	src      []byte
	format   metadecoders.Format // TOML, YAML, or "" when there is no front matter
	fmStart  int                 // the front matter is src[fmStart:fmEnd],
	fmEnd    int                 // without its delimiter lines
	body     int                 // the body is src[body:]
	bodyLine int                 // 1-based line number of the body's first line
}

var bom = []byte("\xef\xbb\xbf")

// splitDocument finds the TOML (+++) or YAML (---) front matter of a
// content file. A file that starts with neither has no front matter.
func splitDocument(src []byte) (document, error) {
	d := document{src: src, bodyLine: 1}
	start := 0
	if bytes.HasPrefix(src, bom) {
		start = len(bom)
	}
	first, next := line(src, start)
	var delim string
	switch string(trimEOL(first)) {
	case "+++":
		d.format, delim = metadecoders.TOML, "+++"
	case "---":
		d.format, delim = metadecoders.YAML, "---"
	default:
		d.body = start
		return d, nil
	}
	d.fmStart = next
	n := 2
	for i := next; i < len(src); n++ {
		l, after := line(src, i)
		if string(trimEOL(l)) == delim {
			d.fmEnd, d.body, d.bodyLine = i, after, n+1
			return d, nil
		}
		i = after
	}
	return document{}, fmt.Errorf("front matter opened with %q is never closed", delim)
}

// frontMatter decodes the front matter; a file without front matter has an
// empty one.
func (d document) frontMatter() (map[string]any, error) {
	if d.format == "" {
		return map[string]any{}, nil
	}
	m, err := metadecoders.Default.UnmarshalToMap(d.src[d.fmStart:d.fmEnd], d.format)
	if err != nil {
		return nil, fmt.Errorf("front matter: %w", err)
	}
	return m, nil
}

// line returns the line of src that starts at i, with its line ending,
// and the offset of the next line.
func line(src []byte, i int) ([]byte, int) {
	j := bytes.IndexByte(src[i:], '\n')
	if j < 0 {
		return src[i:], len(src)
	}
	return src[i : i+j+1], i + j + 1
}

// trimEOL drops the line ending and trailing blanks.
func trimEOL(l []byte) []byte { return bytes.TrimRight(l, " \t\r\n") }
