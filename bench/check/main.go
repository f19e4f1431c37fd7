// Command check runs package legalcenter/site/check on a folder, for
// benchmarks until "sitectl check" exists.
package main

import (
	"context"
	"os"

	"legalcenter/site/check"
)

func main() {
	os.Exit(check.Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
