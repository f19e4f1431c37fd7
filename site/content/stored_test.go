package content

import (
	"bytes"
	"encoding/gob"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"legalcenter/internal/sitetest"
)

// stored is d as a cache returns it: Stored, through gob, Restored.
func stored(t testing.TB, d *Document) *Document {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(d.Stored()); err != nil {
		t.Fatal(err)
	}
	var back Document
	if err := gob.NewDecoder(&b).Decode(&back); err != nil {
		t.Fatal(err)
	}
	back.Restore(d.Src)
	return &back
}

// checkStored fails when the document a cache returns for src is not the
// document Parse returns, released.
func checkStored(t testing.TB, name string, src []byte) {
	d, err := Parse(src)
	if err != nil {
		return
	}
	d.Release()
	if diff := sitetest.Diff(d, stored(t, d)); diff != "" {
		t.Fatalf("%s: stored and restored, the document differs: %s", name, diff)
	}
}

// TestStoredRestores: a document stored and restored, as the content
// check's cache keeps it, is the document Parse returns, for the shapes
// a content file takes and every content file of the site.
func TestStoredRestores(t *testing.T) {
	for name, src := range map[string]string{
		"toml":               "+++\ntitle = \"T\"\ndate = 2020-08-17\n[params]\nrevisions = [{date = 2019-01-01}]\n+++\nIntro.\n\n## A {#a}\nText {{< fact \"a.b\" >}}, [x](/y#z).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
		"yaml":               "---\ntitle: T\naliases: [/a/, /b/]\n---\n> ## Q {#q}\n\n- a\n  - b\n",
		"json":               "{\"title\": \"T\"}\n## J {#j}\n",
		"no front matter":    "## A {#a}\n\ntext\n",
		"front matter error": "+++\ntitle = \"T\n+++\n## A {#a}\n",
		"byte order mark":    "\ufeff+++\r\ntitle = \"T\"\r\n+++\r\nSetext {#s}\r\n===\r\n",
		"marks":              "+++\n+++\n{{< mark \"untranslated\" >}}\nEnglish.\n{{< /mark >}}\n\n## U {#u .untranslated}\n",
	} {
		checkStored(t, name, []byte(src))
	}
	root := filepath.Join("..", "..", "content")
	n := 0
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		checkStored(t, p, b)
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("read %d content files of the site, want them all", n)
	}
}
