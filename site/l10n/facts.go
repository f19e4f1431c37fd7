package l10n

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gohugoio/hugo/parser/metadecoders"
	"github.com/spf13/afero"

	"github.com/gohugoio/hugo/common/herrors"
	"legalcenter/site/content"
	"legalcenter/site/report"
)

// factsDir holds the facts that must read the same in every language.
const factsDir = "data/facts"

// fact is one string value of data/facts, with the key the fact shortcode
// takes: "privacy.dpo_email" is dpo_email in data/facts/privacy.toml.
type fact struct {
	key   string
	value string
}

// facts reads the string facts long enough to matter, longest first so
// that a line hard-coding "Seoul, Korea" is not also reported for "Seoul".
func (s *site) facts(r *Report) ([]fact, error) {
	var facts []fact
	err := afero.Walk(s.fsys, factsDir, func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == factsDir {
				return nil
			}
			return err
		}
		format := metadecoders.FormatFromString(p)
		if info.IsDir() || format == "" {
			return nil
		}
		file := filepath.ToSlash(p)
		b, err := afero.ReadFile(s.fsys, p)
		if err != nil {
			return err
		}
		m, err := metadecoders.Default.UnmarshalToMap(b, format)
		if err != nil {
			// At the file's own name and line, not at the name Hugo's
			// decoder gives its input ("_stream.toml:96:29").
			se := decodeError(err, b)
			if fe := herrors.UnwrapFileError(err); fe != nil && se.line == 0 {
				se.line = fe.Position().LineNumber
			}
			msg := strings.TrimPrefix(se.msg, "unmarshal failed: ")
			if i := strings.Index(msg, `": unmarshal failed: `); i >= 0 && strings.HasPrefix(msg, `"_stream`) {
				msg = msg[i+len(`": unmarshal failed: `):]
			}
			r.add(report.Finding{Lang: s.source(), Rule: RuleInvalid, Level: report.Error, File: file, Line: se.line,
				Message: "the facts file does not parse: " + msg})
			return nil
		}
		prefix := strings.TrimSuffix(strings.TrimPrefix(file, factsDir+"/"), path.Ext(file))
		prefix = strings.ReplaceAll(prefix, "/", ".")
		delete(m, "placeholders") // the list of placeholder values, not a fact
		collectFacts(&facts, prefix, m, s.minFact)
		return nil
	})
	slices.SortFunc(facts, func(a, b fact) int {
		if n := len(b.value) - len(a.value); n != 0 {
			return n
		}
		return strings.Compare(a.key, b.key)
	})
	return facts, err
}

func collectFacts(facts *[]fact, prefix string, m map[string]any, min int) {
	for k, v := range m {
		key := prefix + "." + k
		switch v := v.(type) {
		case string:
			if utf8.RuneCountInString(strings.TrimSpace(v)) >= min {
				*facts = append(*facts, fact{key, strings.TrimSpace(v)})
			}
		case map[string]any:
			collectFacts(facts, key, v, min)
		}
	}
}

// checkFacts flags the body lines of a translation that contain a fact's
// value instead of the fact shortcode.
func (s *site) checkFacts(r *Report, lang, file string, d *content.Document, facts []fact) {
	if len(facts) == 0 {
		return
	}
	for i, l := range strings.Split(string(d.Src[d.Body:]), "\n") {
		var found []string
		for _, f := range facts {
			if !strings.Contains(l, f.value) || slices.ContainsFunc(found, func(v string) bool { return strings.Contains(v, f.value) }) {
				continue
			}
			found = append(found, f.value)
			r.add(report.Finding{Lang: lang, Rule: RuleFact, Level: report.Warning, File: file, Line: d.BodyLine + i, Target: f.key,
				Message: fmt.Sprintf("hard-codes %q; write {{< fact %q >}} so it cannot drift from the other languages", f.value, f.key)})
		}
	}
}
