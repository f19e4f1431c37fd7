package l10n

import (
	"bytes"
	"errors"

	"legalcenter/site/content"
)

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
	return content.ErrorLine(err)
}

// decodeError turns an error of a TOML, YAML or JSON decoder of data into a
// syntaxError at the line of data it points at (see content.DecodeError).
func decodeError(err error, data []byte) *syntaxError {
	line, msg := content.DecodeError(err, data)
	return &syntaxError{line, msg}
}

// lineAt is the 1-based line of src that offset i is on.
func lineAt(src []byte, i int) int { return 1 + bytes.Count(src[:i], []byte("\n")) }
