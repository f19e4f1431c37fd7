package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLibrariesStayLibraries: no package under site/ reads a command line
// or ends the program; flags, usage and exit codes are this command's.
func TestLibrariesStayLibraries(t *testing.T) {
	root := filepath.Join("..", "..", "site")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			if path == "flag" || strings.HasPrefix(path, "legalcenter/tools/") {
				t.Errorf("%s imports %s: command lines belong to tools/sitectl", p, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
