package lint

import (
	"cmp"
	"errors"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
	"github.com/spf13/afero"

	"legalcenter/site/content"
	"legalcenter/site/report"
)

// tomlString is one string value of a TOML file: its key path (tables
// and array tables included, an array table's entry by index) and the
// line its text starts on.
type tomlString struct {
	path  []string
	value string
	line  int
}

// tomlStrings reads every string value of a TOML file, with its line,
// with the parser go-toml's Unmarshal uses (and site/l10n, for the lines
// of i18n keys). A file that does not parse yields what came before the
// error and the error.
func tomlStrings(src []byte) ([]tomlString, error) {
	var out []tomlString
	starts := []int{0} // offsets where a line starts
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	lineOf := func(off int) int { return sort.SearchInts(starts, off+1) }
	var p unstable.Parser
	p.Reset(src)
	var table []string
	arrays := map[string]int{} // array table -> entries so far
	var value func(key []string, v *unstable.Node)
	value = func(key []string, v *unstable.Node) {
		switch v.Kind {
		case unstable.String:
			off := int(v.Raw.Offset)
			line := lineOf(off)
			// A multi-line string's text starts after the newline that
			// follows its opening quotes.
			raw := src[off:]
			if len(raw) > 3 && (string(raw[:3]) == `"""` || string(raw[:3]) == "'''") && (raw[3] == '\n' || raw[3] == '\r') {
				line++
			}
			out = append(out, tomlString{path: slices.Clone(key), value: string(v.Data), line: line})
		case unstable.InlineTable:
			it := v.Children()
			for it.Next() {
				if c := it.Node(); c.Kind == unstable.KeyValue {
					value(append(slices.Clone(key), keyOf(c)...), c.Value())
				}
			}
		case unstable.Array:
			it := v.Children()
			for i := 0; it.Next(); i++ {
				value(append(slices.Clone(key), strconv.Itoa(i)), it.Node())
			}
		}
	}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			// [agreements.unavailable] after [[agreements]] is in the
			// array table's last entry: agreements.<n>.unavailable.
			table = nil
			k := keyOf(e)
			for i, name := range k {
				table = append(table, name)
				n, ok := arrays[strings.Join(k[:i+1], "\x00")]
				switch {
				case i == len(k)-1 && e.Kind == unstable.ArrayTable:
					arrays[strings.Join(k, "\x00")]++
					table = append(table, strconv.Itoa(n))
				case ok:
					table = append(table, strconv.Itoa(n-1))
				}
			}
		case unstable.KeyValue:
			value(append(slices.Clone(table), keyOf(e)...), e.Value())
		}
	}
	return out, p.Error()
}

func keyOf(n *unstable.Node) []string {
	var k []string
	it := n.Key()
	for it.Next() {
		k = append(k, string(it.Node().Data))
	}
	return k
}

// go-i18n's reserved keys of a message: its plural forms are text, the
// others are not shown to readers.
var (
	i18nForms = []string{"zero", "one", "two", "few", "many", "other"}
	i18nMeta  = []string{"id", "description", "hash", "leftdelim", "rightdelim"}
)

// templateAction is a Go template action in an i18n string ({{ .Name }}):
// a value the text does not know, which the rules read as
// content.ObjectReplacement, as they read a shortcode.
// A shortcode call ({{< fact "x" >}}) is not one: the catalogue's texts
// are Markdown of the agreements' pages, where it is shown as its value.
var templateAction = regexp.MustCompile(`\{\{[^<%{}][^{}]*\}\}`)

// i18nTexts are the texts of the i18n files of langs (i18n/<lang>.toml,
// in any sub-folder): each plural form of each message, and a message
// written as a bare string. A file that does not parse is site/l10n's to
// report (it names the line); here it is skipped.
func i18nTexts(fsys afero.Fs, langs []string) ([]stringText, error) {
	var out []stringText
	err := afero.Walk(fsys, "/i18n", func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			if p == "/i18n" && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		p = filepath.ToSlash(p)
		lang := strings.ToLower(strings.TrimSuffix(path.Base(p), ".toml"))
		if info.IsDir() || path.Ext(p) != ".toml" || !slices.Contains(langs, lang) {
			return nil
		}
		b, err := afero.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		strs, err := tomlStrings(b)
		if err != nil {
			return nil
		}
		for _, s := range strs {
			last := strings.ToLower(s.path[len(s.path)-1])
			if slices.Contains(i18nMeta, last) || len(s.path) > 1 && !slices.Contains(i18nForms, last) && isMessageTable(strs, s.path[:len(s.path)-1]) {
				continue
			}
			out = append(out, stringText{file: strings.TrimPrefix(p, "/"), lang: lang, tomlString: s})
		}
		return nil
	})
	return out, err
}

// isMessageTable reports whether the table key holds a plural form: then
// it is a message and its other keys are not text.
func isMessageTable(strs []tomlString, key []string) bool {
	return slices.ContainsFunc(strs, func(s tomlString) bool {
		return len(s.path) == len(key)+1 && slices.Equal(s.path[:len(key)], key) && slices.Contains(i18nForms, strings.ToLower(s.path[len(key)]))
	})
}

// dataTexts are the texts of data/**/*.toml given per language: the
// strings of a table whose keys are language codes ([scopes.instance]
// ko = "…", names = { zh-cn = "…" }), as the layouts pick the reader's
// language's.
// data/generated, which the build writes, and the typography table are
// not text.
func dataTexts(fsys afero.Fs, langs []string) ([]stringText, error) {
	var out []stringText
	err := afero.Walk(fsys, "/data", func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			if p == "/data" && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		p = filepath.ToSlash(p)
		if info.IsDir() && p == "/data/generated" {
			return filepath.SkipDir
		}
		if info.IsDir() || path.Ext(p) != ".toml" || p == "/"+TypographyFile {
			return nil
		}
		b, err := afero.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		strs, err := tomlStrings(b)
		if err != nil {
			return nil // Hugo reports it
		}
		// A table is per language when every key of it is a language
		// code: a field that happens to be one (id = "x", Indonesian's
		// code) is not text.
		other := map[string]bool{} // tables with a key that is no language
		for _, s := range strs {
			if !slices.Contains(langs, s.path[len(s.path)-1]) {
				other[strings.Join(s.path[:len(s.path)-1], "\x00")] = true
			}
		}
		for _, s := range strs {
			if lang := s.path[len(s.path)-1]; slices.Contains(langs, lang) && !other[strings.Join(s.path[:len(s.path)-1], "\x00")] {
				out = append(out, stringText{file: strings.TrimPrefix(p, "/"), lang: lang, tomlString: s})
			}
		}
		return nil
	})
	return out, err
}

// configTexts are the languages' texts in a TOML configuration file: the
// site title and label of [languages.<lang>], and the strings of its
// params. A file that does not parse is Hugo's to report.
func configTexts(fsys afero.Fs, file string, langs []string) ([]stringText, error) {
	if path.Ext(file) != ".toml" {
		return nil, nil
	}
	b, err := afero.ReadFile(fsys, "/"+file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	strs, _ := tomlStrings(b)
	var out []stringText
	for _, s := range strs {
		if len(s.path) < 3 || s.path[0] != "languages" || !slices.Contains(langs, s.path[1]) {
			continue
		}
		if f := strings.ToLower(s.path[2]); len(s.path) == 3 && (f == "title" || f == "label") || len(s.path) > 3 && f == "params" {
			out = append(out, stringText{file: file, lang: s.path[1], tomlString: s})
		}
	}
	return out, nil
}

// stringText is a text of a TOML file that readers see in lang.
type stringText struct {
	file, lang string
	tomlString
}

// checkStrings applies the typography rules to the texts readers see
// outside content/: the i18n strings, the per-language texts of data/ and
// the languages' titles in the configuration.
// Each is read as Markdown, as the layouts render the catalogue's and the
// agreements' strings, with template actions as unknown values. No mark
// can waive a rule there (go-i18n refuses any key it does not know in a
// message, and a comment is no mark): the text is fixed instead.
func checkStrings(fsys afero.Fs, t *Typography, opt Options, facts map[string]string, add func(report.Finding)) error {
	config := func(fsys afero.Fs, langs []string) ([]stringText, error) {
		return configTexts(fsys, cmp.Or(opt.ConfigFile, "hugo.toml"), langs)
	}
	var texts []stringText
	for _, read := range []func(afero.Fs, []string) ([]stringText, error){i18nTexts, dataTexts, config} {
		got, err := read(fsys, opt.Langs)
		if err != nil {
			return err
		}
		texts = append(texts, got...)
	}
	for _, s := range texts {
		md := templateAction.ReplaceAllString(s.value, content.ObjectReplacement)
		var found []textFinding
		var k key
		var e *entry
		if c := opt.Cache; c != nil {
			k = c.key([]byte(md), "text", s.lang)
			e = c.find(k, nil)
		}
		if e != nil {
			found = e.Texts
		} else {
			found = checkText(t, s.lang, md, facts)
			if c := opt.Cache; c != nil {
				c.keep(k, &entry{Texts: found}, true)
			}
		}
		for _, f := range found {
			add(report.Finding{File: s.file, Line: s.line + f.Line, Rule: f.Rule, Message: f.Message + " (" + strings.Join(s.path, ".") + ")"})
		}
	}
	return nil
}

// checkText applies the typography rules of lang to the string md, read
// as Markdown.
func checkText(t *Typography, lang, md string, facts map[string]string) []textFinding {
	d, err := content.Parse([]byte(md))
	if err != nil {
		return nil // not Markdown a rule can read (an unclosed {{< >}})
	}
	var found []textFinding
	seen := map[string]bool{}
	emit := func(rule string, line int, msg string) {
		k := rule + "\x00" + itoa(line)
		if seen[k] {
			return
		}
		seen[k] = true
		found = append(found, textFinding{rule, msg, line})
	}
	for _, b := range blocks(d, facts) {
		t.text(lang, b.s, func(i int) int { return b.line(i) - d.BodyLine }, emit)
	}
	return found
}
