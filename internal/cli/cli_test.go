package cli

import (
	"flag"
	"io"
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		format string
		rest   []string
	}{
		{[]string{"public"}, "text", []string{"public"}},
		{[]string{"-format", "json", "public"}, "json", []string{"public"}},
		{[]string{"public", "-format", "json"}, "json", []string{"public"}},
		{[]string{"old", "-format", "markdown", "new"}, "markdown", []string{"old", "new"}},
		{[]string{"old", "--", "-new"}, "text", []string{"old", "-new"}},
		{nil, "text", nil},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		format := fs.String("format", "text", "")
		rest, err := Parse(fs, tc.args)
		if err != nil || *format != tc.format || !slices.Equal(rest, tc.rest) {
			t.Errorf("Parse(%q) = %q, format %q, %v; want %q, %q", tc.args, rest, *format, err, tc.rest, tc.format)
		}
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if _, err := Parse(fs, []string{"public", "-nope"}); err == nil {
		t.Error("an unknown flag after an argument was accepted")
	}
}
