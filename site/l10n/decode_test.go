package l10n

import (
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

// TestDecodeErrorLine: a TOML mistake is reported at the line a translator
// must fix, not at the line where the parser noticed it.
func TestDecodeErrorLine(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		line      int
		msg       string
	}{
		{"unclosed inline table", "a = \"x\"\nb = { other = \"y\", hash = \"1\"\nc = \"z\"\n", 2, "not closed on its line"},
		{"unclosed inline table, blank line after", "b = { other = \"y\"\n\n\nc = \"z\"\n", 1, "not closed on its line"},
		{"missing comma inside an inline table", "x = 1\na = { b = 1 c = 2 }\n", 2, "expected ',' or '}'"},
		{"unclosed string", "a = \"x\nb = 1\n", 1, "basic strings cannot have new lines"},
		{"array missing a comma", "a = [1,\n2\nb = 1\n", 3, "expected ',' or ']'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m map[string]any
			err := toml.Unmarshal([]byte(tc.src), &m)
			if err == nil {
				t.Fatal("parsed")
			}
			se := decodeError(err, []byte(tc.src))
			if se.line != tc.line || !strings.Contains(se.msg, tc.msg) {
				t.Errorf("line %d %q, want line %d with %q", se.line, se.msg, tc.line, tc.msg)
			}
		})
	}
}
