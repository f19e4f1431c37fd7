package lint

import (
	"errors"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/afero"
	"legalcenter/site/report"
)

// ruleFactKey is the rule of a fact shortcode whose key names no single
// value of data/facts.
const ruleFactKey = "fact-key"

// checkFactKeys reports, at its line, each {{< fact "file.key" >}} whose key
// names no value of data/facts/<file>.toml, or a whole table of it: the
// shortcode would stop Hugo with a message holding the table's whole
// contents. A site without data/facts is left to the shortcode's own error;
// a facts file that does not parse is the translation status's to report.
func checkFactKeys(fsys afero.Fs, docs []*Doc, add func(report.Finding)) error {
	entries, err := afero.ReadDir(fsys, "/"+FactsDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	groups, broken := map[string]map[string]any{}, map[string]bool{}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".toml" {
			continue
		}
		name := strings.TrimSuffix(e.Name(), ".toml")
		b, err := afero.ReadFile(fsys, "/"+FactsDir+"/"+e.Name())
		if err != nil {
			return err
		}
		m := map[string]any{}
		if toml.Unmarshal(b, &m) != nil {
			broken[name] = true
			continue
		}
		delete(m, "placeholders")
		groups[name] = m
	}
	for _, d := range docs {
		if d.Broken {
			continue
		}
		for _, key := range slices.Sorted(maps.Keys(d.Facts)) {
			parts := strings.Split(key, ".")
			if broken[parts[0]] {
				continue
			}
			if msg := factProblem(key, parts, groups); msg != "" {
				add(report.Finding{File: d.File, Line: d.Facts[key], Rule: ruleFactKey, Target: key, Message: msg})
			}
		}
	}
	return nil
}

// factProblem tells what is wrong with the fact key, if anything.
func factProblem(key string, parts []string, groups map[string]map[string]any) string {
	m, ok := groups[parts[0]]
	if !ok {
		return "the fact " + quote(key) + " names no file of " + FactsDir + "/ (there is no " + FactsDir + "/" + parts[0] + ".toml): write {{< fact \"file.key\" >}}, e.g. {{< fact \"privacy.dpo_email\" >}}"
	}
	var v any = m
	for i, p := range parts[1:] {
		t, ok := v.(map[string]any)
		if !ok {
			return "the fact " + quote(key) + " goes past the value " + quote(strings.Join(parts[:i+1], ".")) + ": name that value itself"
		}
		if v, ok = t[p]; !ok {
			return "the fact " + quote(key) + " does not exist: " + FactsDir + "/" + parts[0] + ".toml has no " + quote(strings.Join(parts[1:i+2], ".")) + there(suggest(parts[:i+1], t), " (it has ", ")")
		}
	}
	switch t := v.(type) {
	case string:
		// The fact shortcode links a key ending in _url to its value: one
		// that is no web address would be published as "#ZgotmplZ".
		if strings.HasSuffix(parts[len(parts)-1], "_url") {
			if u, err := url.Parse(strings.TrimSpace(t)); err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
				return "the fact " + quote(key) + " is linked as a web address, but its value " + quote(t) + " in " + FactsDir + "/" + parts[0] + ".toml is none: write it as https://..."
			}
		}
	case map[string]any:
		return "the fact " + quote(key) + " is a whole table, not one value: name one of its values" + there(suggest(parts, t), ", such as ", "")
	case []any:
		return "the fact " + quote(key) + " is a list, not one value: a fact shortcode shows one value"
	}
	return ""
}

// suggest names a few keys of the table t, found at parts.
func suggest(parts []string, t map[string]any) string {
	keys := slices.Sorted(maps.Keys(t))
	if len(keys) == 0 {
		return ""
	}
	var ex []string
	for _, k := range keys[:min(3, len(keys))] {
		ex = append(ex, quote(strings.Join(append(slices.Clone(parts), k), ".")))
	}
	if len(keys) > len(ex) {
		ex = append(ex, "…")
	}
	return strings.Join(ex, ", ")
}

// there is s between before and after, or "" when s is.
func there(s, before, after string) string {
	if s == "" {
		return ""
	}
	return before + s + after
}
