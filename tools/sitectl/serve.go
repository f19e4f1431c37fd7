package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"strconv"

	"legalcenter/site"
	"legalcenter/site/hugo"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newCommand("serve", "[flags]",
		"Previews the site on 127.0.0.1: Hugo renders it into memory (public/ is never written); each saved change re-renders what it touches and reloads the browser; Ctrl-C stops it.",
		stdout, stderr)
	fl.SiteFlag()
	port := fl.Int("port", 1313, "`port` on 127.0.0.1")
	env := fl.String("env", "preview", "`name` of the environment: preview (with the translators' status page at /en/translation-status/), or production")
	args, err := fl.Parse(args)
	if err != nil {
		return fl.Exit(err)
	}
	if len(args) > 0 {
		return fl.Usagef("unexpected argument %q", args[0])
	}
	if msg := checkEnv(*env); msg != "" {
		return fl.Usagef("-env %s", msg)
	}
	if *port < 1 || *port > 65535 {
		return fl.Usagef("-port must be between 1 and 65535, not %d", *port)
	}
	root, err := fl.Site()
	if err != nil {
		return fl.Errorf("%v", err)
	}
	src, err := site.NewSource(root)
	if err != nil {
		return fl.Errorf("%v", err)
	}
	cfg, code := loadConfig(fl, hugo.Options{Source: src, Environment: *env}, root)
	if cfg == nil {
		return code
	}
	// A busy port is a mistake to say before the first build.
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(*port))
	l, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "sitectl serve: cannot listen on %s: %v (another server? choose a free -port)\n", addr, err)
		return exitUsage
	}
	l.Close()
	ready := func() {
		fmt.Fprintf(stdout, "previewing on http://127.0.0.1:%d/ (rebuilds on change; Ctrl-C stops)\n", *port)
	}
	if err := site.Serve(ctx, site.ServeOptions{Root: root, Config: cfg, Port: *port, Environment: *env, Log: stderr, Ready: ready}); err != nil {
		fmt.Fprintf(stderr, "sitectl serve: %v\n", err)
		return exitFail
	}
	return exitOK
}
