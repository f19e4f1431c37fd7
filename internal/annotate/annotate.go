// Package annotate writes GitHub Actions workflow commands: annotations
// that show a message on a file's line in a pull request.
package annotate

import (
	"strconv"
	"strings"
)

var (
	data     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	property = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// Line returns the command that annotates line of file (no line when 0, no
// file when "") at level ("error", "warning" or "notice") with a title and
// a message, ending in a newline.
func Line(level, file string, line int, title, msg string) string {
	var props []string
	if file != "" {
		props = append(props, "file="+property.Replace(file))
		if line > 0 {
			props = append(props, "line="+strconv.Itoa(line))
		}
	}
	props = append(props, "title="+property.Replace(title))
	return "::" + level + " " + strings.Join(props, ",") + "::" + data.Replace(msg) + "\n"
}

// Text escapes a line of the log that is no command, so that it cannot
// read as one across line breaks.
func Text(s string) string { return data.Replace(s) }
