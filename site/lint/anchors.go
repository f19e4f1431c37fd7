package lint

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/afero"

	"legalcenter/site/report"
)

// AnchorsFile maps a document's renamed section ids to their current ones;
// layouts/_markup/render-heading.html renders each old id inside the heading
// that took its place.
const AnchorsFile = "data/anchors.toml"

// checkAnchorAliases checks AnchorsFile against the source language's
// documents: each table names a document, each old id maps to one of its
// heading ids, and no old id is still a heading id (or an old id twice).
func checkAnchorAliases(fsys afero.Fs, docs []*Doc, source string, add func(report.Finding)) error {
	b, err := afero.ReadFile(fsys, "/"+AnchorsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var aliases map[string]map[string]any
	if err := toml.Unmarshal(b, &aliases); err != nil {
		f := report.Finding{File: AnchorsFile, Rule: ruleAnchorAlias, Message: "the file does not parse: " + err.Error()}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			f.Line, _ = de.Position()
			f.Message = "the file does not parse: " + de.Error()
		}
		add(f)
		return nil
	}
	lines := aliasLines(b)
	byKey := map[string]*Doc{}
	for _, d := range docs {
		if d.Lang == source {
			byKey[strings.TrimSuffix(d.Key, path.Ext(d.Key))] = d
		}
	}
	for _, key := range slices.Sorted(maps.Keys(aliases)) {
		at := func(old string) int { return lines[key+"\x00"+old] }
		d, ok := byKey[key]
		if ok && d.Broken {
			continue // its headings are unknown; its own error says why
		}
		if !ok {
			add(report.Finding{File: AnchorsFile, Line: lines[key+"\x00"], Rule: ruleAnchorAlias,
				Message: fmt.Sprintf("[%s] names no document: want a path under content/%s/ without \".md\", such as \"privacy-policy\"", quoteKey(key), source)})
			continue
		}
		heads := map[string]bool{}
		for _, h := range d.Headings {
			heads[h.ID] = true
		}
		for _, old := range slices.Sorted(maps.Keys(aliases[key])) {
			cur, ok := aliases[key][old].(string)
			switch {
			case !ok:
				add(report.Finding{File: AnchorsFile, Line: at(old), Rule: ruleAnchorAlias, Message: fmt.Sprintf("%s in [%s] must be a string: the heading id it was renamed to", old, quoteKey(key))})
			case !idPattern.MatchString(old):
				add(report.Finding{File: AnchorsFile, Line: at(old), Rule: ruleAnchorAlias, Message: fmt.Sprintf("%q in [%s] is not a usable id (no spaces, no \"#\")", old, quoteKey(key))})
			case heads[old]:
				add(report.Finding{File: AnchorsFile, Line: at(old), Rule: ruleAnchorAlias, Message: fmt.Sprintf("%q in [%s] is still a heading id of %s: an alias is for an id that is gone", old, quoteKey(key), d.File)})
			case !heads[cur]:
				add(report.Finding{File: AnchorsFile, Line: at(old), Rule: ruleAnchorAlias, Message: fmt.Sprintf("%s = %q in [%s]: %s has no heading {#%s}", old, cur, quoteKey(key), d.File, cur)})
			}
		}
	}
	return nil
}

// idPattern is what an old id may be: anything a link's #fragment can
// name (an id written before today's rule for heading ids, too).
var idPattern = regexp.MustCompile(`^[^\s#]+$`)

var bareKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func quoteKey(k string) string {
	if bareKey.MatchString(k) {
		return k
	}
	return strconv.Quote(k)
}

// aliasLines finds the line of each table header (key + "\x00") and entry
// (key + "\x00" + old id) of an anchors file that parses; only the simple
// forms the file's comment shows are located, anything else is at line 0.
func aliasLines(b []byte) map[string]int {
	out := map[string]int{}
	table := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#':
		case line[0] == '[':
			name := strings.TrimSpace(strings.Trim(strings.SplitN(line, "#", 2)[0], " []"))
			if s, err := strconv.Unquote(name); err == nil {
				name = s
			}
			table = name
			out[table+"\x00"] = n
		default:
			name, _, ok := strings.Cut(line, "=")
			if !ok {
				continue
			}
			name = strings.TrimSpace(name)
			if s, err := strconv.Unquote(name); err == nil {
				name = s
			}
			out[table+"\x00"+name] = n
		}
	}
	return out
}
