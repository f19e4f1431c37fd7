package shrink

import (
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

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
