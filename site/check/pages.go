package check

import (
	"strings"
	"sync"
)

// Pages scans pages as they are written, before Run reads the site: the
// build hands it each page as Hugo renders it, and Run, given it in
// Options.Pages, takes their facts instead of reading them again. Its
// methods may be called from any goroutine.
type Pages struct {
	mu       sync.Mutex
	idle     []*scanner
	scanners []*scanner
	byPath   map[string]*page
}

// NewPages returns an empty Pages.
func NewPages() *Pages {
	return &Pages{byPath: map[string]*page{}}
}

// Add scans the page or style sheet at rel, its slash-separated path in
// the site ("ko/index.html"), from data; it ignores other files. A later
// Add of the same path replaces the first. The lexer writes tag and
// attribute names in data in lower case: write data before.
//
// Findings name the page by rel, as Run names the pages of a site at the
// root ("/") of an in-memory filesystem; Run reads a page again when it
// would name it otherwise, or when it is larger than Options.MaxPageSize.
func (c *Pages) Add(rel string, data []byte) {
	sheet := strings.HasSuffix(rel, ".css")
	if !isHTML(rel) && !sheet {
		return
	}
	c.mu.Lock()
	var s *scanner
	if n := len(c.idle); n > 0 {
		s, c.idle = c.idle[n-1], c.idle[:n-1]
	} else {
		s = newScanner()
		c.scanners = append(c.scanners, s)
	}
	c.mu.Unlock()

	p := &page{path: rel, file: rel, sheet: sheet, size: int64(len(data))}
	if sheet {
		s.scanCSS(p, data)
	} else {
		s.scan(p, data)
		p.checkMarkdown(data)
	}

	c.mu.Lock()
	c.byPath[rel] = p
	c.idle = append(c.idle, s)
	c.mu.Unlock()
}

// page returns the page scanned at rel, if Run may take it: named as Run
// would name it (file) and not larger than max.
func (c *Pages) page(rel, file string, max int64) *page {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.byPath[rel]
	if p == nil || p.file != file || p.size > max {
		return nil
	}
	return p
}

// taken returns the scanners of the pages Run took (in taken), each with
// only those pages: a page replaced by a later Add, or read again, is
// left out.
func (c *Pages) taken(taken map[*page]bool) []*scanner {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*scanner, 0, len(c.scanners))
	for _, s := range c.scanners {
		t := *s
		t.pages = nil
		for _, p := range s.pages {
			if taken[p] {
				t.pages = append(t.pages, p)
			}
		}
		out = append(out, &t)
	}
	return out
}
