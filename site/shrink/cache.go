package shrink

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"legalcenter/internal/buildcache"
)

// Cache keeps, from one build to the next, the HTML pages that Pages
// minified and proved whole, by the bytes rendered and the attributes
// stripped: a page rendered as it was in a build before is written as
// it was then, without minifying it or proving it again. The proof of
// the same bytes by the same program holds (an entry of another sitectl
// is not read: see buildcache.Program), and a page whose entry does not
// match its hash is minified and proved again.
//
// The pages are files of their own, in a folder for the source folder:
// the pages of its last finished build (Finish), and those that builds
// cut short wrote since. On the real site the work done on each page as
// Hugo writes it fell from 0.52 s to 0.36 s of CPU a site in
// BenchmarkPages' profiles (package site: pagesFs against
// pagesFs-cached; the rest is the link check's reading, which every
// build does, and this host's slow file system calls), and a whole
// rebuild from 1.21x the Hugo CLI's CPU to 1.08x (bench/build-vs-hugo.sh).
type Cache struct {
	dir  string // the pages' folder
	root string // the source folder

	mu     sync.Mutex
	used   map[string]bool // the entries of this build, found or written
	headed bool            // the folder's header is written
}

// An entry is a file: the SHA-256 hash of the rest, then the refs of the
// page (their number, then each ref's URL and hash, each string its
// length then its bytes, as uvarints), a byte that says whether the page
// is written as rendered (0, the end of the entry) or not (1: stripped,
// minified or both), then the bytes written.
// It is read into a buffer reused from page to page, with no copy: a
// build writes most of its pages from the cache.

// entryBufs hold the entries being read.
var entryBufs = sync.Pool{New: func() any { return new([]byte) }}

// OpenCache returns the page cache of the source folder root kept in the
// folder dir on the real disk, in a folder of its own ("pages-" and a
// hash of root). It is nil when dir is "" or when the program cannot be
// named (buildcache.Program).
func OpenCache(dir, root string) *Cache {
	if dir == "" || buildcache.Program() == "" {
		return nil
	}
	return &Cache{dir: filepath.Join(dir, "pages-"+buildcache.Name(root)), root: root, used: map[string]bool{}}
}

// key is the name of the entry of a page rendered as in, when the
// attributes strip are stripped from it.
func (c *Cache) key(in []byte, strip []string) string {
	h := sha256.New()
	h.Write([]byte(buildcache.Program() + "\x00" + strings.Join(strip, " ") + "\x00"))
	h.Write(in)
	return hex.EncodeToString(h.Sum(nil))
}

// get reads the entry of key, of a page of size bytes as rendered, into
// *buf, if there is one that holds together, and returns what to write
// for the page (when minified: else the page as rendered) and the refs
// it names with an integrity hash. out is in *buf.
func (c *Cache) get(key string, size int, buf *[]byte) (out []byte, minified bool, refs []ref, ok bool) {
	f, err := os.Open(filepath.Join(c.dir, key))
	if err != nil {
		return nil, false, nil, false
	}
	defer f.Close()
	fi, err := f.Stat()
	// No more than the page, and refs: an entry is never read whole
	// when it could not be one.
	if err != nil || fi.Size() < sha256.Size+2 || fi.Size() > int64(sha256.Size+size+1<<20) {
		return nil, false, nil, false
	}
	b := slices.Grow((*buf)[:0], int(fi.Size()))[:fi.Size()]
	*buf = b
	if _, err := io.ReadFull(f, b); err != nil || sha256.Sum256(b[sha256.Size:]) != [sha256.Size]byte(b[:sha256.Size]) {
		return nil, false, nil, false
	}
	b = b[sha256.Size:]
	next := func() (string, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return "", false
		}
		v := string(b[k : k+int(n)])
		b = b[k+int(n):]
		return v, true
	}
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, false, nil, false
	}
	b = b[k:]
	for range n {
		u, ok1 := next()
		h, ok2 := next()
		if !ok1 || !ok2 {
			return nil, false, nil, false
		}
		refs = append(refs, ref{u, h})
	}
	if len(b) == 0 || b[0] > 1 || b[0] == 0 && len(b) > 1 {
		return nil, false, nil, false
	}
	minified, out = b[0] == 1, b[1:]
	c.mu.Lock()
	c.used[key] = true
	c.mu.Unlock()
	return out, minified, refs, true
}

// put writes the entry of key: out is written for the page (nil: the
// page as rendered), which names refs with an integrity hash. A page
// that cannot be kept is minified again by the next build.
func (c *Cache) put(key string, out []byte, refs []ref) {
	b := make([]byte, sha256.Size, sha256.Size+len(out)+64)
	b = binary.AppendUvarint(b, uint64(len(refs)))
	for _, r := range refs {
		for _, v := range []string{r.url, r.integrity} {
			b = binary.AppendUvarint(b, uint64(len(v)))
			b = append(b, v...)
		}
	}
	if out != nil {
		b = append(append(b, 1), out...)
	} else {
		b = append(b, 0)
	}
	sum := sha256.Sum256(b[sha256.Size:])
	copy(b, sum[:])
	// The folder names its source folder before its first entry, so that
	// it is pruned once that is gone, though no build of it finishes.
	c.mu.Lock()
	if !c.headed {
		c.headed = buildcache.WriteFile(filepath.Join(c.dir, "root"), []byte(buildcache.Header(c.root))) == nil
	}
	headed := c.headed
	c.mu.Unlock()
	if !headed || buildcache.WriteFile(filepath.Join(c.dir, key), b) != nil {
		return
	}
	c.mu.Lock()
	c.used[key] = true
	c.mu.Unlock()
}

// Finish ends a build that went through: the entries it did not use are
// removed, so that the folder holds the pages of this build, and so are
// the caches of source folders that are gone or unused for months
// (buildcache.Prune). A nil cache does nothing.
func (c *Cache) Finish() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	entries, err := os.ReadDir(c.dir)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	for _, e := range entries {
		if name := e.Name(); name != "root" && !c.used[name] {
			os.Remove(filepath.Join(c.dir, name))
		}
	}
	if len(c.used) > 0 {
		// The folder's header, written again: its age is the last build's.
		if err := buildcache.WriteFile(filepath.Join(c.dir, "root"), []byte(buildcache.Header(c.root))); err != nil {
			return err
		}
	}
	buildcache.Prune(filepath.Dir(c.dir), c.dir)
	return nil
}
