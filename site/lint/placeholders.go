package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"github.com/spf13/afero"
	"legalcenter/site/report"
)

// FactsDir holds the shared facts, one TOML file per group; a file's
// `placeholders` lists the keys whose values stand in for facts the
// capture lost (an address, an e-mail address) until Legal confirms them.
const FactsDir = "data/facts"

// checkPlaceholders reports, at its line of the facts file, each
// placeholder fact that content shows, naming the pages that show it: a
// production build must not publish a made-up address. Placeholders no page
// shows say nothing. Files that do not parse are Hugo's to report.
func checkPlaceholders(fsys afero.Fs, docs []*Doc, add func(report.Finding)) error {
	used := map[string][]string{} // fact key -> "file:line" of the pages showing it
	for _, d := range docs {
		for k, line := range d.Facts {
			used[k] = append(used[k], d.File+":"+itoa(line))
		}
	}
	entries, err := afero.ReadDir(fsys, "/"+FactsDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".toml" {
			continue
		}
		file := FactsDir + "/" + e.Name()
		b, err := afero.ReadFile(fsys, "/"+file)
		if err != nil {
			return err
		}
		var facts map[string]any
		if toml.Unmarshal(b, &facts) != nil {
			continue
		}
		list, _ := facts["placeholders"].([]any)
		lines := keyLines(b)
		group := strings.TrimSuffix(e.Name(), ".toml")
		for _, k := range list {
			key, _ := k.(string)
			pages := used[group+"."+key]
			if len(pages) == 0 {
				continue
			}
			slices.Sort(pages)
			line, ok := lines[key]
			if !ok {
				line = lines["placeholders"]
			}
			value := ""
			if v, ok := facts[key]; ok {
				value = fmt.Sprintf(" (%v)", v)
			}
			add(report.Finding{Level: report.Error, File: file, Line: line, Rule: rulePlaceholder, Target: group + "." + key,
				Message: fmt.Sprintf("the fact %s is still a placeholder%s, shown on %s: %s; replace the value with the confirmed one and remove %q from placeholders before publishing",
					quote(group+"."+key), value, count(len(pages), "page"), strings.Join(pages, ", "), key)})
		}
	}
	return nil
}

// keyLines returns the line of each key of a TOML document, named by its
// dotted path ("placeholders", "table.key").
func keyLines(b []byte) map[string]int {
	lines := map[string]int{}
	p := unstable.Parser{KeepComments: false}
	p.Reset(b)
	var table []string
	for p.NextExpression() {
		n := p.Expression()
		switch n.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = keyParts(n)
		case unstable.KeyValue:
			name := strings.Join(append(slices.Clone(table), keyParts(n)...), ".")
			if _, seen := lines[name]; !seen {
				lines[name] = p.Shape(n.Raw).Start.Line
			}
		}
	}
	return lines
}

func keyParts(n *unstable.Node) []string {
	var parts []string
	for it := n.Key(); it.Next(); {
		parts = append(parts, string(it.Node().Data))
	}
	return parts
}

const rulePlaceholder = "placeholder-fact"

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
