package hugo

import (
	"strconv"
	"strings"

	"github.com/gohugoio/hugo/commands"
)

// ServeOptions configure a preview server.
type ServeOptions struct {
	Root        string // the site folder
	Port        int
	Environment string
	CacheDir    string   // as Options.CacheDir
	Config      []string // configuration files, relative to Root, merged in order ("" is hugo.toml alone)
}

// Serve runs Hugo's own development server in-process on 127.0.0.1: it
// rebuilds on every change and reloads the browser. It returns when the
// server stops (Ctrl-C).
func Serve(opt ServeOptions) error {
	mu.Lock()
	defer mu.Unlock()
	args := []string{"server",
		"--source", opt.Root,
		"--bind", "127.0.0.1",
		"--port", strconv.Itoa(opt.Port),
		"--environment", opt.Environment,
		"--noBuildLock",
		// Never write into public/: that folder only changes by an atomic
		// publish of a checked build.
		"--renderToMemory",
		"--cacheDir", cacheDir(opt.CacheDir),
	}
	if len(opt.Config) > 0 {
		args = append(args, "--config", strings.Join(opt.Config, ","))
	}
	return commands.Execute(args)
}
