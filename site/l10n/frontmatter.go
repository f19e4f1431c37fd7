package l10n

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/gohugoio/hugo/parser/metadecoders"
	toml "github.com/pelletier/go-toml/v2"
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
	return document{}, &syntaxError{1, fmt.Sprintf("front matter opened with %q is never closed", delim)}
}

// frontMatter decodes the front matter; a file without front matter has an
// empty one.
func (d document) frontMatter() (map[string]any, error) {
	if d.format == "" {
		return map[string]any{}, nil
	}
	m, err := metadecoders.Default.UnmarshalToMap(d.src[d.fmStart:d.fmEnd], d.format)
	if err != nil {
		se := decodeError(err, d.src[d.fmStart:d.fmEnd])
		if se.line > 0 {
			se.line += lineAt(d.src, d.fmStart) - 1
		}
		se.msg = "front matter: " + se.msg
		return nil, se
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

// syntaxError is a file, or its front matter, that does not parse, at the
// line of the file that the parser points at (0 when it does not tell).
type syntaxError struct {
	line int
	msg  string
}

func (e *syntaxError) Error() string { return e.msg }

// errorLine returns the line of the file that err points at; 0 if unknown.
func errorLine(err error) int {
	var se *syntaxError
	if errors.As(err, &se) {
		return se.line
	}
	return 0
}

// yamlPos is the position goccy/go-yaml (Hugo's YAML decoder) starts its
// messages with: "[3:1] ',' or ']' must be specified".
var yamlPos = regexp.MustCompile(`^\[(\d+):\d+\] `)

// decodeError turns an error of a TOML, YAML or JSON decoder of data into a
// syntaxError at the line of data it points at, with the decoder's own
// position and its excerpt of the source dropped from the message: the report
// names the file and line itself.
func decodeError(err error, data []byte) *syntaxError {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		msg := firstLine(de.Error())
		lines := strings.Split(string(data), "\n")
		// An inline table is one line long: when the parser meets the
		// next line's first token before the table ends, the mistake is
		// the table left open on the last line that is not blank above.
		// (A missing comma inside the table is where the parser says.)
		if strings.Contains(msg, "after inline table key-value") && line >= 1 && line <= len(lines) &&
			firstToken(lines[line-1], col) {
			for l := line - 1; l >= 1; l-- {
				if strings.TrimSpace(lines[l-1]) != "" {
					return &syntaxError{l, "toml: the inline table { … } is not closed on its line: end it with }"}
				}
			}
		}
		return &syntaxError{line, msg}
	}
	var je *json.SyntaxError
	if errors.As(err, &je) {
		off := min(max(int(je.Offset)-1, 0), len(data))
		return &syntaxError{1 + bytes.Count(data[:off], []byte("\n")), firstLine(je.Error())}
	}
	msg := firstLine(err.Error())
	if m := yamlPos.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &syntaxError{line, msg[len(m[0]):]}
	}
	return &syntaxError{0, msg}
}

// firstToken reports whether column col (1-based, in bytes) of line is
// its first token: only white space before it.
func firstToken(line string, col int) bool {
	return strings.TrimSpace(line[:min(max(col-1, 0), len(line))]) == ""
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}

// lineAt is the 1-based line of src that offset i is on.
func lineAt(src []byte, i int) int { return 1 + bytes.Count(src[:i], []byte("\n")) }
