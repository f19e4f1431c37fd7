// Command gensite writes a generated six-language site with planted defects
// (package legalcenter/site/check/checktest) for benchmarks:
//
//	go run ./bench/gensite -o /tmp/site -docs 999
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"legalcenter/site/check/checktest"
)

func main() {
	out := flag.String("o", "", "output `folder` (must not exist)")
	docs := flag.Int("docs", 999, "documents per language")
	paras := flag.Int("paras", 3, "paragraphs per section")
	clean := flag.Bool("clean", false, "plant no defects")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gensite: -o is required")
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintf(os.Stderr, "gensite: %s exists\n", *out)
		os.Exit(2)
	}
	var pages, size int
	defects, err := checktest.Generate(checktest.Config{Docs: *docs, Paras: *paras, Defects: !*clean}, func(name string, data []byte) error {
		p := filepath.Join(*out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if strings.HasSuffix(name, ".html") {
			pages++
			size += len(data)
		}
		return os.WriteFile(p, data, 0o644)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%d pages, %.1f MB of HTML, %d planted defects\n", pages, float64(size)/1e6, len(defects))
}
