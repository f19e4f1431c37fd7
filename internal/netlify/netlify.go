// Package netlify models what Netlify does with the [[redirects]] and
// [[headers]] of netlify.toml, for the tests that check the rules against
// the built site (site's) and serve the site with them (browser's).
//
//	netlify.go  redirects: Redirect, ParseRedirects, Match, Serve
//	headers.go  headers: HeaderRule, ParseHeaders, HeadersFor
//
// The model covers what our netlify.toml uses: rules in file order, the
// first that applies wins; a rule applies to a path that has a file only
// when forced; a Language condition matches the primary language of the
// reader's first choice in Accept-Language; 301 and 302 redirect, any other
// status serves the target's file with that status (200 rewrites, 404 not
// found pages). A "from" is an exact path or a prefix ending in "*"; a "to"
// may hold :splat, the part of the path that the "*" matched.
package netlify

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Redirect is one [[redirects]] table of netlify.toml.
type Redirect struct {
	From       string              `toml:"from"`
	To         string              `toml:"to"`
	Status     int                 `toml:"status"`
	Force      bool                `toml:"force"`
	Conditions map[string][]string `toml:"conditions"`
}

// ReadRedirects reads the [[redirects]] of a netlify.toml file.
func ReadRedirects(name string) ([]Redirect, error) {
	return read(name, ParseRedirects)
}

// read parses the netlify.toml file name with parse; errors name the file.
func read[T any](name string, parse func([]byte) (T, error)) (T, error) {
	var zero T
	b, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return zero, fmt.Errorf("%s does not exist: the site is served with its [[redirects]] and [[headers]]", name)
	}
	if err != nil {
		return zero, err
	}
	v, err := parse(b)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", name, err)
	}
	return v, nil
}

// decode unmarshals netlify.toml into doc; a syntax error says line:column.
func decode(b []byte, doc any) error {
	if err := toml.Unmarshal(b, doc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			return fmt.Errorf("%d:%d: %v", line, col, err)
		}
		return err
	}
	return nil
}

// ParseRedirects parses the [[redirects]] of netlify.toml; the rest of the
// file is not looked at.
func ParseRedirects(b []byte) ([]Redirect, error) {
	var doc struct {
		Redirects []Redirect `toml:"redirects"`
	}
	if err := decode(b, &doc); err != nil {
		return nil, err
	}
	for i, r := range doc.Redirects {
		if !strings.HasPrefix(r.From, "/") || r.To == "" {
			return nil, fmt.Errorf("[[redirects]] number %d: from = %q, to = %q: want a path starting with / and a target", i+1, r.From, r.To)
		}
	}
	return doc.Redirects, nil
}

// Serve answers a request for the path p as Netlify would: the status and,
// for 301 and 302, the Location; for any other status the file served
// (relative to the site's root, "" when there is none). site is the
// published folder.
func Serve(rules []Redirect, site fs.FS, p, acceptLanguage string) (status int, target string) {
	file := strings.TrimPrefix(p, "/")
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	_, err := fs.Stat(site, file)
	exists := err == nil
	if r, ok := Match(rules, p, acceptLanguage, exists); ok {
		status := r.Status
		if status == 0 {
			status = 301 // Netlify's default
		}
		to := r.To
		if prefix, ok := strings.CutSuffix(r.From, "*"); ok {
			to = strings.ReplaceAll(to, ":splat", strings.TrimPrefix(p, prefix))
		}
		if status == 301 || status == 302 {
			return status, to
		}
		to = strings.TrimPrefix(to, "/")
		if to == "" || strings.HasSuffix(to, "/") {
			to += "index.html"
		}
		return status, to
	}
	if !exists {
		return 404, ""
	}
	return 200, file
}

// Match returns the rule that applies to a request for the path p, if any;
// hasFile tells whether the published site has a file at p.
func Match(rules []Redirect, p, acceptLanguage string, hasFile bool) (Redirect, bool) {
	reader := primaryLanguage(acceptLanguage)
	for _, r := range rules {
		match := r.From == p
		if prefix, ok := strings.CutSuffix(r.From, "*"); ok {
			match = strings.HasPrefix(p, prefix)
		}
		if !match || hasFile && !r.Force {
			continue
		}
		if langs, ok := r.Conditions["Language"]; ok && !slices.Contains(langs, reader) {
			continue
		}
		return r, true
	}
	return Redirect{}, false
}

// primaryLanguage is the primary language subtag of the first choice of an
// Accept-Language header, in lower case: "pt" for "pt-BR,en;q=0.5".
func primaryLanguage(acceptLanguage string) string {
	first, _, _ := strings.Cut(acceptLanguage, ",")
	first, _, _ = strings.Cut(first, ";")
	lang, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(first)), "-")
	return lang
}
