package l10n

import (
	"cmp"
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
			if n := utf8.RuneCountInString(strings.TrimSpace(v)); n >= min && n > 0 {
				*facts = append(*facts, fact{key, strings.TrimSpace(v)})
			}
		case map[string]any:
			collectFacts(facts, key, v, min)
		}
	}
}

// checkFacts flags the body lines of a translation that contain a fact's
// value instead of the fact shortcode. On each line, a value inside one
// found already (facts are longest first) is not reported again.
func (s *site) checkFacts(r *Report, lang, file string, d *content.Document, facts []fact) {
	if len(facts) == 0 {
		return
	}
	for _, h := range factHits(d.Src[d.Body:], facts) {
		r.add(report.Finding{Lang: lang, Rule: RuleFact, Level: report.Warning, File: file, Line: d.BodyLine + h.line, Target: h.fact.key,
			Message: fmt.Sprintf("hard-codes %q; write {{< fact %q >}} so it cannot drift from the other languages", h.fact.value, h.fact.key)})
	}
}

// factHit is a fact's value on a line of a body, counted from 0.
type factHit struct {
	line int
	fact fact
}

// factHits returns the values of facts that the lines of body contain,
// by line, in the order of facts, leaving out a value inside one listed
// before it on its line. The body is read once, whatever the number of
// facts: only where a value's first two bytes are does it compare.
func factHits(body []byte, facts []fact) []factHit {
	type at struct{ line, fact int }
	var hits []at
	var pairs [1 << 16 / 64]uint64 // the first two bytes of each value
	byPair := map[uint16][]int{}
	var short []int // values of one byte
	for k, f := range facts {
		switch {
		case f.value == "" || strings.Contains(f.value, "\n"): // on no line
		case len(f.value) == 1:
			short = append(short, k)
		default:
			p := uint16(f.value[0])<<8 | uint16(f.value[1])
			pairs[p/64] |= 1 << (p % 64)
			byPair[p] = append(byPair[p], k)
		}
	}
	line := 0
	for i := 0; i < len(body); i++ {
		if body[i] == '\n' {
			line++
			continue
		}
		for _, k := range short {
			if body[i] == facts[k].value[0] {
				hits = append(hits, at{line, k})
			}
		}
		if i+1 == len(body) {
			break
		}
		if p := uint16(body[i])<<8 | uint16(body[i+1]); pairs[p/64]&(1<<(p%64)) != 0 {
			for _, k := range byPair[p] {
				if v := facts[k].value; len(body)-i >= len(v) && string(body[i:i+len(v)]) == v {
					hits = append(hits, at{line, k})
				}
			}
		}
	}
	slices.SortFunc(hits, func(a, b at) int { return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.fact, b.fact)) })
	hits = slices.Compact(hits)
	var out []factHit
	for i := 0; i < len(hits); {
		var found []string
		for l := hits[i].line; i < len(hits) && hits[i].line == l; i++ {
			v := facts[hits[i].fact].value
			if slices.ContainsFunc(found, func(f string) bool { return strings.Contains(f, v) }) {
				continue
			}
			found = append(found, v)
			out = append(out, factHit{l, facts[hits[i].fact]})
		}
	}
	return out
}
