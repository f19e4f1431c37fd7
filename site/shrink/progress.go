package shrink

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"
)

// ProgressTo returns w when it is a terminal a person watches, and nil (no
// progress) when it is a file, a pipe or a CI log, where a line rewritten
// with carriage returns is noise. Pass the result as Options.Progress.
func ProgressTo(w io.Writer) io.Writer {
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

// progressDelay is how long a run may last before it shows progress, and
// then how often the line is redrawn.
var progressDelay = 300 * time.Millisecond

// progress redraws "label n/total files" on w until the returned stop is
// called, which erases the line. Runs shorter than progressDelay print
// nothing. A nil w prints nothing.
func progress(w io.Writer, label string, total int, done *atomic.Int64) (stop func()) {
	if w == nil {
		return func() {}
	}
	quit := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(progressDelay)
		defer t.Stop()
		drawn := false
		for {
			select {
			case <-quit:
				if drawn {
					fmt.Fprint(w, "\r\033[K")
				}
				return
			case <-t.C:
				fmt.Fprintf(w, "\r%s %d/%d files\033[K", label, done.Load(), total)
				drawn = true
			}
		}
	}()
	return func() {
		close(quit)
		<-finished
	}
}
