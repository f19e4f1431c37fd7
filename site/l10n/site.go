package l10n

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/gohugoio/hugo/parser/metadecoders"
	"github.com/spf13/afero"
)

// DefaultLanguages are the site's languages, source first, used when the
// site configuration has no [languages] table.
var DefaultLanguages = []string{"en", "ko", "ja", "zh-cn", "pt-br", "id"}

// configFiles are the site configuration files Status looks for, in Hugo's
// order of preference.
var configFiles = []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"}

// Options adjust Status and Stamp. The zero value reads everything from the
// site configuration.
type Options struct {
	// Languages overrides the site's languages; the first one is the
	// source.
	Languages []string
	// IdenticalOK lists i18n keys, or exact string values, that may stay
	// identical to the source (brand names, codes). It adds to the
	// site's own list, identicalOK in hugo.toml's [params.l10n].
	IdenticalOK []string
	// MinFactLength is the shortest fact value, in characters, that
	// counts as hard-coded when it appears in a translation; 0 means 8,
	// long enough to skip words like "Korea" yet catch addresses, phone
	// numbers and e-mail addresses.
	MinFactLength int
	// Strict makes the translation backlog (pages and keys missing, stale
	// or not stamped; structure that differs) errors, as sitectl i18n
	// -strict fails on it; otherwise it is a warning. What breaks the
	// built site is an error either way.
	Strict bool
}

// site is what Status knows about the Hugo site in fsys.
type site struct {
	fsys        afero.Fs
	langs       []string          // source first
	contentDirs map[string]string // language -> content directory, slash path
	identicalOK map[string]bool
	minFact     int
}

func (s *site) source() string { return s.langs[0] }

func loadSite(fsys afero.Fs, opt Options) (*site, error) {
	s := &site{
		fsys:        fsys,
		contentDirs: map[string]string{},
		identicalOK: map[string]bool{},
		minFact:     cmp.Or(opt.MinFactLength, 8),
	}
	conf, err := readConfig(fsys)
	if err != nil {
		return nil, err
	}
	s.langs = configLanguages(conf)
	if len(opt.Languages) > 0 {
		s.langs = slices.Clone(opt.Languages)
	}
	mounts := contentMounts(conf)
	for _, lang := range s.langs {
		dir := cmp.Or(mounts[lang], "content/"+lang)
		if l, ok := lookup(conf, "languages", lang).(map[string]any); ok {
			if d, ok := lookup(l, "contentDir").(string); ok && d != "" {
				dir = d
			}
		}
		s.contentDirs[lang] = path.Clean(dir)
	}
	ok := stringList(lookup(conf, "params", "l10n", "identicalOK"))
	for _, v := range append(ok, opt.IdenticalOK...) {
		s.identicalOK[v] = true
	}
	return s, nil
}

// readConfig returns the first site configuration file found, decoded,
// or an empty map if there is none.
func readConfig(fsys afero.Fs) (map[string]any, error) {
	for _, name := range configFiles {
		b, err := afero.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		m, err := metadecoders.Default.UnmarshalToMap(b, metadecoders.FormatFromString(name))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return m, nil
	}
	return map[string]any{}, nil
}

// configLanguages returns the enabled languages of the site configuration,
// the default content language first and then by weight, as Hugo orders
// them; DefaultLanguages when the configuration has none.
func configLanguages(conf map[string]any) []string {
	table, _ := lookup(conf, "languages").(map[string]any)
	source, _ := lookup(conf, "defaultContentLanguage").(string)
	source = strings.ToLower(source)
	type language struct {
		key    string
		weight int
	}
	off := stringList(lookup(conf, "disableLanguages"))
	var langs []language
	for key, v := range table {
		l, _ := v.(map[string]any)
		if disabled, _ := lookup(l, "disabled").(bool); disabled || slices.Contains(off, key) {
			continue
		}
		w, _ := toInt(lookup(l, "weight"))
		langs = append(langs, language{strings.ToLower(key), w})
	}
	if len(langs) == 0 {
		def := slices.Clone(DefaultLanguages)
		if i := slices.Index(def, source); i > 0 {
			def = append(append([]string{source}, def[:i]...), def[i+1:]...)
		}
		return def
	}
	source = cmp.Or(source, "en")
	slices.SortFunc(langs, func(a, b language) int {
		return cmp.Or(
			-cmp.Compare(boolInt(a.key == source), boolInt(b.key == source)),
			cmp.Compare(a.weight, b.weight),
			cmp.Compare(a.key, b.key),
		)
	})
	out := make([]string, len(langs))
	for i, l := range langs {
		out[i] = l.key
	}
	return out
}

// contentMounts returns the content directory of each language that a
// module mount in the site configuration gives one.
func contentMounts(conf map[string]any) map[string]string {
	dirs := map[string]string{}
	mounts, _ := lookup(conf, "module", "mounts").([]any)
	for _, v := range mounts {
		m, _ := v.(map[string]any)
		src, _ := lookup(m, "source").(string)
		target, _ := lookup(m, "target").(string)
		if src == "" || path.Clean(target) != "content" {
			continue
		}
		langs := stringList(lookup(m, "sites", "matrix", "languages"))
		if lang, ok := lookup(m, "lang").(string); ok && lang != "" {
			langs = []string{lang}
		}
		if len(langs) == 1 {
			dirs[strings.ToLower(langs[0])] = src
		}
	}
	return dirs
}

// lookup follows keys through nested maps, matching each key without
// regard to case as Hugo does for configuration and front matter.
func lookup(m any, keys ...string) any {
	v := m
	for _, k := range keys {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		next, ok := mm[k]
		if !ok {
			for kk, vv := range mm {
				if strings.EqualFold(kk, k) {
					next, ok = vv, true
					break
				}
			}
		}
		if !ok {
			return nil
		}
		v = next
	}
	return v
}

func stringList(v any) []string {
	var out []string
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
	case []string:
		out = append(out, v...)
	case string:
		out = append(out, v)
	}
	return out
}

func toInt(v any) (int, bool) {
	switch v := v.(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case uint64:
		return int(v), true
	case float64:
		return int(v), true
	}
	return 0, false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
