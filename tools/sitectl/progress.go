package main

import (
	"io"
	"os"
)

// progressTo returns w when it is a terminal a person watches, and nil (no
// progress) when it is a file, a pipe or a CI log, where a line rewritten
// with carriage returns is noise.
func progressTo(w io.Writer) io.Writer {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	for _, v := range []string{"CI", "GITHUB_ACTIONS", "NETLIFY", "BUILD_ID"} {
		if os.Getenv(v) != "" {
			return nil
		}
	}
	if os.Getenv("TERM") == "dumb" {
		return nil
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return w
}
