// Command check runs package legalcenter/site/check on a folder, for
// benchmarks: the checker without the rest of sitectl linked in. With
// CPUPROFILE set it writes a CPU profile there.
package main

import (
	"context"
	"os"
	"runtime/pprof"

	"legalcenter/site/check"
)

func main() {
	if p := os.Getenv("CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			panic(err)
		}
		pprof.StartCPUProfile(f)
		code := check.Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
		pprof.StopCPUProfile()
		f.Close()
		os.Exit(code)
	}
	os.Exit(check.Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
