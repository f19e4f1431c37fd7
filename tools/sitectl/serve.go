package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"

	"legalcenter/site"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	root := fl.String("s", ".", "site source `folder` (the one holding hugo.toml)")
	port := fl.Int("port", 1313, "port on 127.0.0.1")
	env := fl.String("env", "preview", "environment: production or preview")
	if err := fl.Parse(args); err != nil {
		return exitUsage
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "sitectl serve: unexpected argument %q\n", fl.Arg(0))
		return exitUsage
	}
	if msg := checkEnv(*env); msg != "" {
		fmt.Fprintf(stderr, "sitectl serve: -env %s\n", msg)
		return exitUsage
	}
	if _, err := os.Stat(filepath.Join(*root, "hugo.toml")); err != nil {
		fmt.Fprintf(stderr, "sitectl serve: no hugo.toml in %s\n", *root)
		return exitUsage
	}
	// Hugo's server would print its whole usage on a busy port.
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(*port))
	l, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "sitectl serve: cannot listen on %s: %v (another server? choose a free -port)\n", addr, err)
		return exitUsage
	}
	l.Close()
	fmt.Fprintf(stdout, "previewing on http://127.0.0.1:%d/ (rebuilds on change; Ctrl-C stops)\n", *port)
	if err := site.Serve(ctx, site.ServeOptions{Root: *root, Port: *port, Environment: *env}); err != nil {
		fmt.Fprintf(stderr, "sitectl serve: %v\n", err)
		return exitFail
	}
	return exitOK
}
