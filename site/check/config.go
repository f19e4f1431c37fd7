package check

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	toml "github.com/pelletier/go-toml/v2"
)

// ConfigName is the file the standalone check reads a site's settings
// from, in the working folder or the nearest folder above it.
const ConfigName = "sitecheck.toml"

// Config is a sitecheck.toml: what a site tells the standalone check.
//
//	baseurl = "https://example.org/"
//	source = "en"
//	ignore = ["https://example.org/private/*"]
//	ignorePages = ["drafts/*"]
//	[rules]
//	hreflang-x-default = "error"
//	anchor-parity = "off"
type Config struct {
	BaseURL     string         `toml:"baseurl"`
	Source      string         `toml:"source"`
	Ignore      []string       `toml:"ignore"`
	IgnorePages []string       `toml:"ignorePages"`
	Rules       map[string]any `toml:"rules"`
}

// LoadConfig reads a sitecheck.toml; a file it cannot read, or one with
// an unknown key, rule or level, is an error naming the file (and line).
func LoadConfig(file string) (*Config, Rules, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, err
	}
	var c Config
	dec := toml.NewDecoder(strings.NewReader(string(data))).DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		var sm *toml.StrictMissingError
		if errors.As(err, &sm) && len(sm.Errors) > 0 {
			line, _ := sm.Errors[0].Position()
			return nil, nil, fmt.Errorf("%s:%d: unknown key %s", file, line, strings.Join(sm.Errors[0].Key(), "."))
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ := de.Position()
			return nil, nil, fmt.Errorf("%s:%d: %s", file, line, de.Error())
		}
		return nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	rules, err := RulesFrom(map[string]any(c.Rules))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: [rules] %w", file, err)
	}
	return &c, rules, nil
}

// FindConfig returns the sitecheck.toml of the working folder dir or the
// nearest folder above it, "" when there is none. A file inside the built
// site, out, is never one: the output is not the site's source.
func FindConfig(dir, out string) string {
	dir, _ = filepath.Abs(dir)
	out, _ = filepath.Abs(out)
	for {
		f := filepath.Join(dir, ConfigName)
		if st, err := os.Stat(f); err == nil && st.Mode().IsRegular() && !within(dir, out) {
			return f
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// within reports whether dir is root or inside it.
func within(dir, root string) bool {
	rel, err := filepath.Rel(root, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
