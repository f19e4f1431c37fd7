// Package buildcache holds what the caches a build keeps from one build
// to the next share (the content check's, site/lint.Cache, and the
// minified pages', site/shrink.Cache): the name of the program that
// wrote an entry, which a new sitectl does not trust, the names of a
// source folder's caches, and their pruning. The caches live in one
// folder, "sitectl" in Hugo's cache folder, each named after the source
// folder it is for, which its first lines name too (Header).
package buildcache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Program names the running program by its Go build ID, which changes
// with any of its code: from its ELF note, or else from the start of its
// text, where the Go linker writes it in other formats (Mach-O, PE); a
// program built without one (-buildid=) by its path, size and time. ""
// when the program cannot be found: then no cache can tell its own
// entries, and none is kept on disk.
var Program = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	running := exe
	if runtime.GOOS == "linux" {
		// The file that runs, even if another replaced it at its path
		// since (go install, go build -o), whose entries are not ours.
		running = "/proc/self/exe"
	}
	if id := buildID(running); id != "" {
		return "go build id " + id
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	return exe + " " + strconv.FormatInt(fi.Size(), 10) + " " + fi.ModTime().UTC().String()
})

// buildID is the Go build ID of the executable exe, "" when it has none.
func buildID(exe string) string {
	if f, err := elf.Open(exe); err == nil {
		defer f.Close()
		if s := f.Section(".note.go.buildid"); s != nil {
			// The note: name size, description size, type, "Go\x00\x00",
			// then the ID.
			if b, err := s.Data(); err == nil && len(b) > 16 {
				return strings.TrimRight(string(b[16:]), "\x00")
			}
		}
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 32<<10)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	const marker = "\xff Go build ID: \""
	i := bytes.Index(head, []byte(marker))
	if i < 0 {
		return ""
	}
	id, _, ok := bytes.Cut(head[i+len(marker):], []byte("\"\n \xff"))
	if !ok {
		return ""
	}
	return string(id)
}

// Name is what the caches of the source folder root are named after: a
// hash of its path, so that two clones do not take turns replacing each
// other's.
func Name(root string) string {
	sum := sha256.Sum256([]byte(root))
	return hex.EncodeToString(sum[:8])
}

// magic starts a cache's header.
const magic = "sitectl cache\n"

// Header is the first lines of a cache file of the source folder root.
func Header(root string) string { return magic + root + "\n" }

// ReadHeader reads a cache file's header, and returns the source folder
// it names.
func ReadHeader(r *bufio.Reader) (string, bool) {
	m, err := r.ReadString('\n')
	if err != nil || m != magic {
		return "", false
	}
	root, err := r.ReadString('\n')
	return strings.TrimSuffix(root, "\n"), err == nil
}

// MaxAge is how long a cache not written is kept.
const MaxAge = 90 * 24 * time.Hour

// Prune removes, from the folder dir, the caches other than keep (a
// file, or a folder whose file "root" has the header) whose source
// folder no longer exists (a test's, a clone deleted) or that were not
// written for MaxAge, and what writes that were cut short left behind an
// hour ago or more (".*.tmp" files). It removes nothing else.
func Prune(dir string, keep ...string) {
	entries, _ := os.ReadDir(dir)
	now := time.Now()
	for _, e := range entries {
		name := e.Name()
		file := filepath.Join(dir, name)
		if slices.Contains(keep, file) {
			continue
		}
		head := file
		if e.IsDir() {
			head = filepath.Join(file, "root")
		}
		info, err := os.Lstat(head)
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		age := now.Sub(info.ModTime())
		if !e.IsDir() && strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp") {
			if age > time.Hour {
				os.Remove(file)
			}
			continue
		}
		f, err := os.Open(head)
		if err != nil {
			continue
		}
		root, ok := ReadHeader(bufio.NewReaderSize(f, 4096))
		f.Close()
		if !ok {
			continue
		}
		if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) || age > MaxAge {
			os.RemoveAll(file)
		}
	}
}

// WriteFile writes data to file whole: into a file beside it, then
// renamed over it, so that a reader meanwhile reads the one before.
func WriteFile(file string, data []byte) error {
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(file)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), file)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
