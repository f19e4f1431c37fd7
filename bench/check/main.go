// Command check runs package legalcenter/site/check on the folder it is
// given, for benchmarks: the checker without the rest of sitectl linked in,
// writing the text report as "sitectl check DIR" does. With CPUPROFILE set
// it writes a CPU profile there.
package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/spf13/afero"

	"legalcenter/site/check"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: check DIR")
		os.Exit(2)
	}
	if p := os.Getenv("CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			panic(err)
		}
		pprof.StartCPUProfile(f)
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	os.Exit(run(os.Args[1]))
}

func run(dir string) int {
	rep, err := check.Run(context.Background(), afero.NewOsFs(), check.Options{Root: dir})
	if err != nil {
		fmt.Fprintln(os.Stderr, "check:", err)
		return 2
	}
	if err := rep.Write(os.Stdout, "text"); err != nil {
		fmt.Fprintln(os.Stderr, "check:", err)
		return 2
	}
	if rep.HasErrors() {
		return 1
	}
	return 0
}
