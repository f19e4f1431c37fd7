package check

import "unsafe"

// entryBytes is about what a string costs in a map and a slice beside
// its bytes: a string header in each, and the map's own share.
const entryBytes = 48

// held is about the bytes p holds until the check runs: its own, and
// its slices' and the strings only it has (shared strings are counted
// once, where they are interned; file is path, as Pages names pages).
// A page that a later Add replaces stays counted: its scanner keeps it
// until Run. It feeds Pages.Held, which sets the
// collector's pace while Hugo renders, so being off by a few percent
// matters little; missing a slice that grows with the page would.
func (p *page) held() int64 {
	n := int64(unsafe.Sizeof(*p)) + entryBytes + int64(len(p.path)+len(p.fsPath)+len(p.canon)+len(p.base))
	n += int64(cap(p.ids)) * int64(unsafe.Sizeof(""))
	n += int64(cap(p.heads)) * int64(unsafe.Sizeof(heading{}))
	n += int64(cap(p.alts)) * int64(unsafe.Sizeof(alt{}))
	n += int64(cap(p.refs))
	n += int64(cap(p.origins)) * int64(unsafe.Sizeof(loc{}))
	n += int64(cap(p.lines)) * int64(unsafe.Sizeof(srcLine{}))
	n += int64(cap(p.findings)) * int64(unsafe.Sizeof(p.findings[0]))
	for _, f := range p.findings {
		n += int64(len(f.Message) + len(f.Target))
	}
	return n
}

// size is about the bytes s holds: the tables its pages share, and the
// buffers it reuses from page to page (the same few scanners serve every
// page, so these stay near the size of the largest pages).
func (s *scanner) size() int64 {
	n := s.held + s.urls.held + int64(cap(s.buf)+cap(s.tags.scratch)+cap(s.tags.foreign)+cap(s.packed))
	n += int64(cap(s.refs)) * int64(unsafe.Sizeof(ref{}))
	n += int64(cap(s.ids)) * int64(unsafe.Sizeof(""))
	n += int64(cap(s.heads)) * int64(unsafe.Sizeof(heading{}))
	n += int64(cap(s.alts)) * int64(unsafe.Sizeof(alt{}))
	n += int64(len(s.seen)) * entryBytes
	return n
}
