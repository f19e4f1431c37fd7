package shrink

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"os"
	"path/filepath"
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
// The pages are files of their own, in a folder for the source folder
// that keeps the pages of its last finished build (Finish). On the real
// site, this takes the work done on each page as Hugo writes it from
// about a second and a half to a fifth of that (BenchmarkPages in
// package site: pagesFs against pagesFs-cached), the rest being the link
// check's reading, which every build does.
type Cache struct {
	dir  string // the pages' folder
	root string // the source folder

	mu   sync.Mutex
	used map[string]bool // the entries of this build, found or written
}

// cachedPage is a page as its entry holds it: the entry's file is the
// SHA-256 hash of the page's gob encoding, then that encoding.
type cachedPage struct {
	Out  []byte // the bytes written; nil: the page as rendered
	Refs []cachedRef
}

// cachedRef is a ref of a cachedPage.
type cachedRef struct{ URL, Integrity string }

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

// get returns the entry of key, if there is one that holds together.
func (c *Cache) get(key string) (*cachedPage, bool) {
	b, err := os.ReadFile(filepath.Join(c.dir, key))
	if err != nil {
		return nil, false
	}
	var e cachedPage
	if len(b) < sha256.Size || sha256.Sum256(b[sha256.Size:]) != [sha256.Size]byte(b[:sha256.Size]) ||
		gob.NewDecoder(bytes.NewReader(b[sha256.Size:])).Decode(&e) != nil {
		return nil, false
	}
	c.mu.Lock()
	c.used[key] = true
	c.mu.Unlock()
	return &e, true
}

// put writes the entry of key: out is written for the page (nil: the
// page as rendered), which names refs with an integrity hash. A page
// that cannot be kept is minified again by the next build.
func (c *Cache) put(key string, out []byte, refs []ref) {
	e := cachedPage{Out: out}
	for _, r := range refs {
		e.Refs = append(e.Refs, cachedRef{r.url, r.integrity})
	}
	var b bytes.Buffer
	b.Write(make([]byte, sha256.Size))
	if gob.NewEncoder(&b).Encode(e) != nil {
		return
	}
	data := b.Bytes()
	sum := sha256.Sum256(data[sha256.Size:])
	copy(data, sum[:])
	if buildcache.WriteFile(filepath.Join(c.dir, key), data) != nil {
		return
	}
	c.mu.Lock()
	c.used[key] = true
	c.mu.Unlock()
}

// refs are the page's refs.
func (e *cachedPage) refs() []ref {
	var out []ref
	for _, r := range e.Refs {
		out = append(out, ref{r.URL, r.Integrity})
	}
	return out
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
