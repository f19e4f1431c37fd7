// Command serve serves a built site folder on 127.0.0.1 roughly as Netlify
// serves it, for measurements in a browser (bench/lighthouse.sh): the
// headers of netlify.toml's [[headers]] on every response (security policy,
// caching) and gzip for text, as Netlify compresses it. It does not follow
// netlify.toml's redirects: it serves the files asked for.
//
//	go run ./bench/serve -dir public -netlify netlify.toml -addr 127.0.0.1:8090
package main

import (
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"

	"legalcenter/internal/netlify"
)

func main() {
	dir := flag.String("dir", "public", "the built site `folder`")
	toml := flag.String("netlify", "netlify.toml", "the `file` whose [[headers]] to send")
	addr := flag.String("addr", "127.0.0.1:8090", "the `address` to listen on")
	flag.Parse()
	rules, err := netlify.ReadHeaders(*toml)
	if err != nil {
		log.Fatal(err)
	}
	files := http.FileServer(http.Dir(*dir))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range netlify.HeadersFor(rules, r.URL.Path) {
			w.Header()[k] = v
		}
		if !compressible(r.URL.Path) || !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			files.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		files.ServeHTTP(gw, r)
		gw.close()
	})
	fmt.Fprintf(os.Stderr, "serving %s on http://%s/\n", *dir, *addr)
	log.Fatal(http.ListenAndServe(*addr, h))
}

// compressible reports whether Netlify would compress the file a path
// names: pages (folders' index.html) and text assets.
func compressible(p string) bool {
	if strings.HasSuffix(p, "/") {
		return true
	}
	t := mime.TypeByExtension(path.Ext(p))
	return strings.HasPrefix(t, "text/") || strings.Contains(t, "javascript") || strings.Contains(t, "svg") || strings.Contains(t, "xml") || strings.Contains(t, "json")
}

// gzipWriter compresses the body of a 200 response; other responses
// (redirects, 304, errors) pass as they are.
type gzipWriter struct {
	http.ResponseWriter
	zw    *gzip.Writer
	plain bool
}

func (g *gzipWriter) WriteHeader(status int) {
	if g.zw == nil && !g.plain {
		if status == http.StatusOK {
			// The file server's length is the uncompressed file's.
			g.Header().Del("Content-Length")
			g.Header().Set("Content-Encoding", "gzip")
			g.Header().Add("Vary", "Accept-Encoding")
			g.zw = gzip.NewWriter(g.ResponseWriter)
		} else {
			g.plain = true
		}
	}
	g.ResponseWriter.WriteHeader(status)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if g.zw == nil && !g.plain {
		g.WriteHeader(http.StatusOK)
	}
	if g.plain {
		return g.ResponseWriter.Write(b)
	}
	return g.zw.Write(b)
}

func (g *gzipWriter) close() {
	if g.zw != nil {
		g.zw.Close()
	}
}
