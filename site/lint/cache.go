package lint

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"legalcenter/internal/buildcache"
	"legalcenter/site/content"
	"legalcenter/site/report"
)

// Cache keeps what the rules of each content file found, from one run to
// the next, so that a run reads again only the files that changed. A file
// is found again by its bytes, its path and language, and what else its
// rules read (the site's shortcodes, the typography table and the facts'
// values, and the program itself: a new sitectl finds nothing a former
// one kept); the images it links to are looked for again. The rules that
// compare files with each other run every time, on what the cache kept.
//
// On the real site, a run of the content check with its cache takes
// about a third of the time of one without (BenchmarkCache): what is
// left is reading and hashing the files, decoding the cache, and the
// rules that compare files.
type Cache struct {
	file string // where it is kept; "" keeps it in memory only

	mu      sync.Mutex
	old     map[key]*entry // read from file
	kept    map[key]*entry // found or added by the last run
	changed bool           // kept is not what file holds
	ran     bool           // a run began
	files   int            // files the last run linted
	found   int            // and found in the cache
	context []byte         // what every file's rules read besides it, this run (cacheContext)
	root    string         // the source folder
}

// key names what a file's rules read: a hash of it all.
type key [sha256.Size]byte

// entry is what the rules found in one file.
type entry struct {
	Broken   bool
	Findings []report.Finding
	Headings []Heading
	Facts    map[string]int
	Claims   []claim
	Images   []image // the images the file links to, and whether each was there
	Content  *content.Document
	// Texts are what the typography rules found in a string of an i18n
	// or data file (checkStrings), an entry of its own.
	Texts []textFinding
}

// textFinding is a finding of the typography rules in a string, on the
// line Line after the string's first.
type textFinding struct {
	Rule, Message string
	Line          int
}

// image is one image a file links to, as the image rule looked for it.
type image struct {
	Path  string
	There bool
}

// stored is a Cache as its file holds it, after its header (cacheHeader).
type stored struct {
	Program string // the program that wrote it (programID)
	Entries map[key]*entry
}

// OpenCache returns the cache of the source folder root kept in the
// folder dir on the real disk (a file for each source folder; see
// internal/buildcache). A cache that cannot be read, or that another
// program wrote, starts empty. A dir of "" keeps the cache in memory,
// for the runs of one process.
func OpenCache(dir, root string) *Cache {
	c := &Cache{old: map[key]*entry{}, kept: map[key]*entry{}, root: root}
	if dir == "" || buildcache.Program() == "" {
		return c // a program that cannot be named cannot tell its own entries
	}
	c.file = filepath.Join(dir, "content-"+buildcache.Name(root)+".gob")
	f, err := os.Open(c.file)
	if err != nil {
		return c
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var s stored
	if owner, ok := buildcache.ReadHeader(r); ok && owner == root && gob.NewDecoder(r).Decode(&s) == nil && s.Program == buildcache.Program() && s.Entries != nil {
		c.old = s.Entries
	}
	return c
}

// Save writes the entries of the last run to the cache's file, when they
// are not what it holds already: a run of unchanged files only sets the
// file's time.
// The file is replaced whole (written beside it, then renamed), so that a
// run reading it meanwhile reads the one before. Saving also removes
// the caches of source folders that no longer exist (a test's, a clone
// deleted) and those unused for months (buildcache.Prune). A nil cache
// saves nothing.
func (c *Cache) Save() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.file == "" {
		return nil
	}
	if !c.changed {
		if len(c.kept) > 0 {
			// Used, not changed: its time says so, for Prune.
			now := time.Now()
			os.Chtimes(c.file, now, now)
		}
		return nil
	}
	var b bytes.Buffer
	b.WriteString(buildcache.Header(c.root))
	if err := gob.NewEncoder(&b).Encode(stored{buildcache.Program(), c.kept}); err != nil {
		return err
	}
	if err := buildcache.WriteFile(c.file, b.Bytes()); err != nil {
		return err
	}
	c.changed = false
	buildcache.Prune(filepath.Dir(c.file), c.file)
	return nil
}

// begin starts a run: the entries the last run of this process found,
// if any, become the ones to find in this one. Runs take turns.
func (c *Cache) begin(context []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.context = context
	if c.ran {
		c.old = c.kept
	}
	c.ran = true
	c.kept = map[key]*entry{}
	c.files, c.found = 0, 0
}

// end ends a run: the cache changed when the run kept other entries
// than it found (begin left out those of the run before).
func (c *Cache) end() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.changed = c.changed || len(c.kept) != len(c.old)
}

// find returns the entry of k, when its images are as they were.
func (c *Cache) find(k key, there func(string) bool) *entry {
	c.mu.Lock()
	e := c.old[k]
	c.mu.Unlock()
	if e == nil {
		return nil
	}
	for _, im := range e.Images {
		if there(im.Path) != im.There {
			return nil
		}
	}
	c.keep(k, e, false)
	return e
}

// count counts a file of the run, found in the cache or not.
func (c *Cache) count(found bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.files++
	if found {
		c.found++
	}
}

// Found is how many files the last run found in the cache, of those it
// linted: the others it read again.
func (c *Cache) Found() (found, linted int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.found, c.files
}

// keep keeps e for k; added says it is new.
func (c *Cache) keep(k key, e *entry, added bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kept[k] = e
	c.changed = c.changed || added
}

// cacheContext is what the rules of every file read besides the file:
// the shortcodes the site has, and files, the typography table and the
// facts, by their bytes.
func cacheContext(files sharedFiles, shortcodes []string) []byte {
	h := sha256.New()
	io.WriteString(h, buildcache.Program())
	for _, s := range shortcodes {
		io.WriteString(h, "\x00shortcode "+s)
	}
	for _, f := range files {
		switch {
		case errors.Is(f.err, fs.ErrNotExist):
			io.WriteString(h, "\x00none "+f.name)
		case f.err != nil: // an error Run returns
			io.WriteString(h, "\x00unread "+f.name+" "+f.err.Error())
		default:
			io.WriteString(h, "\x00file "+f.name+" "+strconv.Itoa(len(f.b))+"\x00")
			h.Write(f.b)
		}
	}
	return h.Sum(nil)
}

// key is the key of a file's bytes b, or of a string's, named by the
// strings names.
func (c *Cache) key(b []byte, names ...string) key {
	h := sha256.New()
	h.Write(c.context)
	for _, s := range names {
		io.WriteString(h, "\x00"+strconv.Itoa(len(s))+"\x00"+s)
	}
	h.Write([]byte{0})
	h.Write(b)
	var k key
	h.Sum(k[:0])
	return k
}

// newEntry is what the rules found in doc, for the cache.
func newEntry(doc *Doc, found []report.Finding, images []image) *entry {
	e := &entry{Broken: doc.Broken, Findings: found, Headings: doc.Headings, Facts: doc.Facts, Claims: doc.claims, Images: images}
	if doc.Content != nil {
		e.Content = doc.Content.Stored()
	}
	return e
}

// restore gives doc what the rules found in it, b being its bytes.
func (e *entry) restore(doc *Doc, b []byte) {
	doc.Broken, doc.Headings, doc.Facts, doc.claims = e.Broken, slices.Clone(e.Headings), maps.Clone(e.Facts), slices.Clone(e.Claims)
	if e.Content != nil {
		// A copy (Stored makes one): the entry stays as stored, for the
		// next run.
		doc.Content = e.Content.Stored()
		doc.Content.Restore(b)
	}
}
