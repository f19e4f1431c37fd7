package check

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	toml "github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
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
		var re *RuleError
		if errors.As(err, &re) {
			if line := KeyLine(data, "rules", re.Name); line > 0 {
				return nil, nil, fmt.Errorf("%s:%d: [rules] %w", file, line, err)
			}
		}
		return nil, nil, fmt.Errorf("%s: [rules] %w", file, err)
	}
	return &c, rules, nil
}

// KeyLine returns the line of the key at the path keys (compared without
// regard to case, as Hugo compares [params]) in the TOML document data,
// whether a table, a dotted key or an inline table writes it; 0 when it
// is not there or the document does not parse.
func KeyLine(data []byte, keys ...string) int {
	var p unstable.Parser
	p.Reset(data)
	var table []string
	var walk func(prefix []string, e *unstable.Node) int
	walk = func(prefix []string, e *unstable.Node) int {
		full := slices.Clone(prefix)
		for k := e.Key(); k.Next(); {
			full = append(full, string(k.Node().Data))
		}
		if equalFold(full, keys) {
			return p.Shape(e.Raw).Start.Line
		}
		if v := e.Value(); v.Kind == unstable.InlineTable && len(full) < len(keys) {
			for it := v.Children(); it.Next(); {
				if n := it.Node(); n.Kind == unstable.KeyValue {
					if line := walk(full, n); line > 0 {
						return line
					}
				}
			}
		}
		return 0
	}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = table[:0]
			for k := e.Key(); k.Next(); {
				table = append(table, string(k.Node().Data))
			}
		case unstable.KeyValue:
			if line := walk(table, e); line > 0 {
				return line
			}
		}
	}
	return 0
}

func equalFold(a, b []string) bool {
	return slices.EqualFunc(a, b, strings.EqualFold)
}

// HugoBaseURL returns the baseURL of the Hugo site whose built folder is
// out: that of hugo.toml (or config.toml) in the folder that holds out,
// when it names a host; "" otherwise. Hugo's other configuration formats
// and folders are not read: this is a fallback for when the pages do not
// say their address.
func HugoBaseURL(out string) string {
	abs, err := filepath.Abs(out)
	if err != nil {
		return ""
	}
	for _, name := range []string{"hugo.toml", "config.toml"} {
		data, err := os.ReadFile(filepath.Join(filepath.Dir(abs), name))
		if err != nil {
			continue
		}
		var conf map[string]any
		if toml.Unmarshal(data, &conf) != nil {
			return ""
		}
		for k, v := range conf {
			if s, ok := v.(string); ok && strings.EqualFold(k, "baseURL") {
				if u, err := url.Parse(s); err == nil && u.Host != "" {
					return s
				}
			}
		}
		return ""
	}
	return ""
}

// FindConfig returns the sitecheck.toml of the working folder dir or the
// nearest folder above it, "" when there is none. A file inside the built
// site, out, is never one: the output is not the site's source.
func FindConfig(dir, out string) string {
	return findUp(ConfigName, dir, out)
}

// NetlifyName is the file Netlify reads a site's settings from, its
// [[redirects]] among them, at the root of the site's repository.
const NetlifyName = "netlify.toml"

// FindNetlify returns the netlify.toml that goes with a check of the
// built site out: the one beside the settings file config when there is
// one, else the one in the folder that holds out (a repository and its
// public/); "" when there is none. The working folder's is not taken: it
// may belong to another site than out.
func FindNetlify(config, out string) string {
	var dirs []string
	if config != "" {
		dirs = append(dirs, filepath.Dir(config))
	}
	if abs, err := filepath.Abs(out); err == nil {
		dirs = append(dirs, filepath.Dir(abs))
	}
	for _, d := range dirs {
		if f := filepath.Join(d, NetlifyName); isFile(f) {
			return f
		}
	}
	return ""
}

func findUp(name, dir, out string) string {
	dir, _ = filepath.Abs(dir)
	out, _ = filepath.Abs(out)
	for {
		f := filepath.Join(dir, name)
		if isFile(f) && !within(dir, out) {
			return f
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

func isFile(f string) bool {
	st, err := os.Stat(f)
	return err == nil && st.Mode().IsRegular()
}

// within reports whether dir is root or inside it.
func within(dir, root string) bool {
	rel, err := filepath.Rel(root, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
