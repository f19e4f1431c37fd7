// Command hugobuild renders a site with Hugo in-process, as sitectl's Hugo
// stage does (package legalcenter/site/hugo, the site's source under
// site.Source's in-memory layer), and nothing else: no lint, translation
// status, per-page minifying or link check. It is the floor of any
// in-process pipeline, for bench/hugo-inprocess.sh to time against the
// Hugo CLI.
//
//	hugobuild -s SITE -d OUT [-env preview]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/spf13/afero"

	"legalcenter/site"
	"legalcenter/site/hugo"
)

func main() {
	src := flag.String("s", ".", "the site's source folder (holding hugo.toml)")
	dest := flag.String("d", "", "output folder, empty or absent")
	env := flag.String("env", "preview", "Hugo's environment")
	flag.Parse()
	if *dest == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*src, *dest, *env); err != nil {
		fmt.Fprintln(os.Stderr, "hugobuild:", err)
		os.Exit(1)
	}
}

func run(src, dest, env string) error {
	source, err := site.NewSource(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return err
	}
	_, err = hugo.Build(context.Background(), hugo.Options{
		Source:      source,
		Environment: env,
		Dest:        afero.NewBasePathFs(afero.NewOsFs(), dest),
	})
	return err
}
