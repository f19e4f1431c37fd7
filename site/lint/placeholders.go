package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/afero"
	"legalcenter/site/report"
)

// FactsDir holds the shared facts, one TOML file per group; a file's
// `placeholders` lists the keys whose values stand in for facts the
// capture lost (an address, an e-mail address) until Legal confirms them.
const FactsDir = "data/facts"

// placeholdersLine finds the line of the placeholders key.
var placeholdersLine = regexp.MustCompile(`(?m)^[ \t]*placeholders[ \t]*=`)

// checkPlaceholders warns, once per facts file, about the placeholder facts
// that content uses: a production build would publish them. Files that do
// not parse are Hugo's to report.
func checkPlaceholders(fsys afero.Fs, docs []*Doc, add func(report.Finding)) error {
	used := map[string][]string{} // fact key -> files using it
	for _, d := range docs {
		for k := range d.Facts {
			used[k] = append(used[k], d.File)
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
		var facts struct {
			Placeholders []string `toml:"placeholders"`
		}
		if toml.Unmarshal(b, &facts) != nil {
			continue
		}
		group := strings.TrimSuffix(e.Name(), ".toml")
		var keys, files []string
		for _, k := range facts.Placeholders {
			if f := used[group+"."+k]; len(f) > 0 {
				keys = append(keys, k)
				files = append(files, f...)
			}
		}
		if len(keys) == 0 {
			continue
		}
		slices.Sort(files)
		files = slices.Compact(files)
		line := 0
		if loc := placeholdersLine.FindIndex(b); loc != nil {
			line = 1 + strings.Count(string(b[:loc[0]]), "\n")
		}
		add(report.Finding{Level: report.Warning, File: file, Line: line, Rule: rulePlaceholder,
			Message: fmt.Sprintf("%s (%s), used in %s: replace the values with the confirmed ones and remove the keys from placeholders before publishing",
				stillPlaceholders(len(keys)), strings.Join(keys, ", "), report.Plural(len(files), "file"))})
	}
	return nil
}

const rulePlaceholder = "placeholder-fact"

func stillPlaceholders(n int) string {
	if n == 1 {
		return "1 fact is still a placeholder"
	}
	return fmt.Sprintf("%d facts are still placeholders", n)
}
