package l10n

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/gohugoio/go-i18n/v2/i18n"
	"github.com/gohugoio/hugo/parser/metadecoders"
	toml "github.com/pelletier/go-toml/v2"
	"github.com/spf13/afero"

	"legalcenter/site/content"
	"legalcenter/site/report"
)

// i18nDir is where Hugo reads translation tables from. Every file named
// <lang>.<ext> below it, in any sub-folder, belongs to language <lang>.
const i18nDir = "i18n"

// unmarshalers are the formats Hugo reads translation tables in, with the
// decoders it uses.
var unmarshalers = map[string]i18n.UnmarshalFunc{
	"toml": toml.Unmarshal,
	"yaml": metadecoders.UnmarshalYaml,
	"yml":  metadecoders.UnmarshalYaml,
	"json": json.Unmarshal,
}

// message is one i18n key of one language.
type message struct {
	id    string
	forms map[string]string // CLDR plural category -> text; absent when empty
	file  string            // slash path from the site root
	line  int
	left  string // template delimiters
	right string
	hash  string // go-i18n's hash field: the stamp, see keyHash
	// description is go-i18n's description field: context for
	// translators, which no hash covers (changing it makes nothing stale).
	description string
}

// keyCounts is what checkKeys tells the progress table.
type keyCounts struct {
	total     int            // source keys
	complete  map[string]int // language -> keys translated without error
	stale     map[string]int // language -> keys whose source changed since their stamp
	unstamped map[string]int // language -> keys without stamp
	words     map[string]int // language -> words of the source text of keys missing, stale or unstamped
}

// checkKeys compares each language's i18n keys with the source language's.
func (s *site) checkKeys(r *Report) (keyCounts, error) {
	tables, invalid, err := s.messages(r)
	if err != nil {
		return keyCounts{}, err
	}
	src := s.source()
	source := tables[src]
	r.descriptions = descriptions(source)
	ids := slices.Sorted(maps.Keys(source))
	counts := keyCounts{total: len(ids), complete: map[string]int{}, stale: map[string]int{}, unstamped: map[string]int{}, words: map[string]int{}}
	words := map[string]int{}

	for _, id := range ids {
		m := source[id]
		if isPlural(m) {
			s.checkPluralForms(r, src, m)
		}
		words[id] = messageWords(m)
	}
	for _, lang := range s.langs[1:] {
		table := tables[lang]
		for _, id := range ids {
			want := source[id]
			m, ok := table[id]
			if !ok && invalid[lang] {
				continue // perhaps in the file that does not parse: see its finding
			}
			if !ok {
				r.add(report.Finding{Lang: lang, Rule: RuleMissingKey, Level: report.Error, Target: id,
					File:    path.Join(path.Dir(want.file), lang+path.Ext(want.file)),
					Message: fmt.Sprintf("%q is not translated (%s; see %s)", id, report.Plural(words[id], "word"), report.Finding{File: want.file, Line: want.line}.Position())})
				counts.words[lang] += words[id]
				continue
			}
			n := len(r.Findings)
			if isPlural(want) {
				s.checkPluralForms(r, lang, m)
			} else if extra := without(formNames(m), "other"); len(extra) > 0 {
				r.add(report.Finding{Lang: lang, Rule: RulePlural, Level: report.Warning, File: m.file, Line: m.line, Target: id,
					Message: fmt.Sprintf("%q has %s, but it is not plural in %s", id, forms(extra), src)})
			}
			checkPlaceholders(r, lang, want, m)
			s.checkIdentical(r, lang, want, m)
			switch checkKeyStamp(r, lang, want, m, words[id]) {
			case Stale:
				counts.stale[lang]++
				counts.words[lang] += words[id]
			case Unstamped:
				counts.unstamped[lang]++
				counts.words[lang] += words[id]
			}
			if !slices.ContainsFunc(r.Findings[n:], func(f report.Finding) bool { return f.Level == report.Error }) {
				counts.complete[lang]++
			}
		}
		for _, id := range slices.Sorted(maps.Keys(table)) {
			if _, ok := source[id]; !ok {
				m := table[id]
				r.add(report.Finding{Lang: lang, Rule: RuleExtraKey, Level: report.Warning, File: m.file, Line: m.line, Target: id,
					Message: fmt.Sprintf("%q is not a key of %s; it was renamed or removed there", id, src)})
			}
		}
	}
	if !invalid[src] {
		file := path.Join("i18n", src+".toml")
		if len(ids) > 0 {
			file = source[ids[0]].file
		}
		s.checkUsedKeys(r, source, file)
	}
	return counts, nil
}

// messages reads every language's i18n files into one key table per
// language. Files that do not parse and duplicate keys are findings; invalid
// holds the languages with a file that does not parse.
func (s *site) messages(r *Report) (tables map[string]map[string]*message, invalid map[string]bool, err error) {
	tables, invalid = map[string]map[string]*message{}, map[string]bool{}
	for _, lang := range s.langs {
		tables[lang] = map[string]*message{}
	}
	var files []string
	err = afero.Walk(s.fsys, i18nDir, func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == i18nDir {
				return nil
			}
			return err
		}
		if !info.IsDir() {
			files = append(files, filepath.ToSlash(p))
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	slices.Sort(files)
	for _, file := range files {
		base := path.Base(file)
		ext := strings.TrimPrefix(path.Ext(base), ".")
		lang := strings.ToLower(strings.TrimSuffix(base, "."+ext))
		table, ok := tables[lang]
		if _, known := unmarshalers[ext]; !ok || !known {
			continue
		}
		b, err := afero.ReadFile(s.fsys, file)
		if err != nil {
			return nil, nil, err
		}
		mf, err := i18n.ParseMessageFileBytes(b, base, unmarshalers)
		if err != nil {
			se := messageFileError(err, b, ext)
			msg := se.msg
			if lang != s.source() {
				msg += "; keys missing from " + lang + " are not reported until it parses"
			}
			invalid[lang] = true
			r.add(report.Finding{Lang: lang, Rule: RuleInvalid, Level: report.Error, File: file, Line: se.line, Message: msg})
			continue
		}
		lines := strings.Split(string(b), "\n")
		var positions *tomlFile
		if ext == "toml" {
			positions, _ = scanTOML(b) // it parsed above
		}
		idLines := positions.lines()
		for _, im := range mf.Messages {
			line := idLines[im.ID]
			if line == 0 {
				line = keyLine(lines, im.ID)
			}
			m := &message{id: im.ID, file: file, line: line, hash: im.Hash, description: im.Description,
				left: im.LeftDelim, right: im.RightDelim, forms: map[string]string{}}
			for cat, text := range map[string]string{"zero": im.Zero, "one": im.One, "two": im.Two, "few": im.Few, "many": im.Many, "other": im.Other} {
				if text != "" {
					m.forms[cat] = text
				}
			}
			if prev, dup := table[m.id]; dup {
				r.add(report.Finding{Lang: lang, Rule: RuleDuplicateKey, Level: report.Warning, File: file, Line: m.line, Target: m.id,
					Message: fmt.Sprintf("%q is also defined at %s:%d; Hugo keeps one of them", m.id, prev.file, prev.line)})
			}
			table[m.id] = m
		}
	}
	return tables, invalid, nil
}

// keyLine finds the line that defines a key, for the report; 0 if it
// cannot tell.
func keyLine(lines []string, id string) int {
	name := id[strings.LastIndex(id, ".")+1:]
	re := regexp.MustCompile(`^\s*\[?\s*["']?` + regexp.QuoteMeta(name) + `["']?\s*(\]|=|:)`)
	for i, l := range lines {
		if re.MatchString(l) {
			return i + 1
		}
	}
	return 0
}

// isPlural reports whether a source message varies with a count.
func isPlural(m *message) bool {
	return slices.ContainsFunc(formNames(m), func(f string) bool { return f != "other" })
}

// checkPluralForms checks a plural message against the CLDR plural
// categories of its language.
func (s *site) checkPluralForms(r *Report, lang string, m *message) {
	want := pluralCategories(lang)
	have := formNames(m)
	if missing := without(want, have...); len(missing) > 0 {
		r.add(report.Finding{Lang: lang, Rule: RulePlural, Level: report.Error, File: m.file, Line: m.line, Target: m.id,
			Message: fmt.Sprintf("%q lacks %s (%s uses %s)", m.id, forms(missing), lang, strings.Join(want, ", "))})
	}
	if extra := without(have, want...); len(extra) > 0 {
		r.add(report.Finding{Lang: lang, Rule: RulePlural, Level: report.Warning, File: m.file, Line: m.line, Target: m.id,
			Message: fmt.Sprintf("%q has %s, which %s never uses (it uses %s)", m.id, forms(extra), lang, strings.Join(want, ", "))})
	}
}

// checkPlaceholders compares the template actions of each form of a
// translation with the source's: the form of the same category, or
// "other". An action the source does not have anywhere is extra.
func checkPlaceholders(r *Report, lang string, src, m *message) {
	all := map[string]bool{}
	for _, text := range src.forms {
		for _, p := range placeholders(text, src.left, src.right) {
			all[p] = true
		}
	}
	for _, cat := range formNames(m) {
		ref, ok := src.forms[cat]
		if !ok {
			ref = src.forms["other"]
		}
		have := placeholders(m.forms[cat], m.left, m.right)
		missing := without(placeholders(ref, src.left, src.right), have...)
		var extra []string
		for _, p := range have {
			if !all[p] {
				extra = append(extra, p)
			}
		}
		if len(missing)+len(extra) == 0 {
			continue
		}
		var what []string
		if len(missing) > 0 {
			what = append(what, "lacks "+strings.Join(missing, ", "))
		}
		if len(extra) > 0 {
			what = append(what, "adds "+strings.Join(extra, ", ")+", which the source does not have")
		}
		r.add(report.Finding{Lang: lang, Rule: RulePlaceholder, Level: report.Error, File: m.file, Line: m.line, Target: m.id,
			Message: fmt.Sprintf("%q (%s) %s", m.id, cat, strings.Join(what, " and "))})
	}
}

// checkIdentical flags translations left the same as the source, unless
// the key or the text is allowed to be.
func (s *site) checkIdentical(r *Report, lang string, src, m *message) {
	if s.identicalOK[m.id] {
		return
	}
	for _, cat := range formNames(m) {
		text := strings.TrimSpace(m.forms[cat])
		if text != strings.TrimSpace(src.forms[cat]) || s.identicalOK[text] {
			continue
		}
		if !strings.ContainsFunc(stripPlaceholders(text, m.left, m.right), unicode.IsLetter) {
			continue
		}
		r.add(report.Finding{Lang: lang, Rule: RuleIdentical, Level: report.Warning, File: m.file, Line: m.line, Target: m.id,
			Message: fmt.Sprintf("%q (%s) is the same as in %s: %q; translate it, or add it to identicalOK in [params.l10n] of hugo.toml", m.id, cat, s.source(), text)})
		return
	}
}

// placeholders returns the template actions of a message text, normalized
// ("{{- .Count}}" is "{{ .Count }}") and sorted, without duplicates.
func placeholders(text, left, right string) []string {
	out, _ := splitActions(text, left, right, "")
	slices.Sort(out)
	return slices.Compact(out)
}

func stripPlaceholders(text, left, right string) string {
	_, plain := splitActions(text, left, right, "")
	return plain
}

// messageWords is the number of words a translator of the message m
// reads: those of each of its plural forms, as Markdown (which
// markdownify renders), with every template action counting none.
func messageWords(m *message) int {
	n := 0
	for _, c := range formNames(m) {
		_, plain := splitActions(m.forms[c], m.left, m.right, content.ObjectReplacement)
		n += content.MarkdownWords(plain)
	}
	return n
}

// splitActions returns the template actions of text, normalized, and the
// text with each of them replaced by repl.
func splitActions(text, left, right, repl string) (actions []string, plain string) {
	if left == "" {
		left = "{{"
	}
	if right == "" {
		right = "}}"
	}
	var b strings.Builder
	for {
		i := strings.Index(text, left)
		if i < 0 {
			break
		}
		j := strings.Index(text[i+len(left):], right)
		if j < 0 {
			break
		}
		inner := strings.TrimSpace(text[i+len(left) : i+len(left)+j])
		inner = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(inner, "-"), "-"))
		actions = append(actions, left+" "+strings.Join(strings.Fields(inner), " ")+" "+right)
		b.WriteString(text[:i])
		b.WriteString(repl)
		text = text[i+len(left)+j+len(right):]
	}
	b.WriteString(text)
	return actions, b.String()
}

func forms(cats []string) string {
	if len(cats) == 1 {
		return "the plural form " + cats[0]
	}
	return "the plural forms " + strings.Join(cats, ", ")
}

// formNames returns the plural categories a message has, in CLDR order.
func formNames(m *message) []string {
	var out []string
	for _, c := range cldrCategories {
		if _, ok := m.forms[c]; ok {
			out = append(out, c)
		}
	}
	return out
}

// without returns the elements of a that are not in b.
func without(a []string, b ...string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}
