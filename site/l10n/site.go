package l10n

import (
	"cmp"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/afero"

	"legalcenter/site/content"
	"legalcenter/site/hugo"
)

// Options adjust Status and Stamp. The zero value reads everything from the
// site configuration.
type Options struct {
	// Config is the site configuration as Hugo loaded it; nil loads it
	// from the site's files (hugo.LoadConfig).
	Config *hugo.Config
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
	// Dir is the site's folder on disk, in a git work tree: stamp and
	// diff read the history there (what a translation and its source
	// said when it was stamped). Empty: no history.
	Dir string
	// Docs are content files already parsed, by slash path from the
	// site root ("content/ko/privacy-policy.md"), as the build's content
	// check read them: Status reads each file once per build. A file not
	// there is read from the site.
	Docs map[string]*content.Document
	// Previous is the report of an earlier Status of the same site with
	// the same options, and Changed the files (slash paths from the site
	// root) written since, none created or removed, and nothing else of
	// the site changed: a translation is then compared with its source
	// again only if one of the two is among them; the others' pages and
	// findings are Previous's (a preview server updates the status of an
	// edit so).
	Previous *Report
	Changed  []string
}

// site is what Status knows about the Hugo site in fsys.
type site struct {
	fsys        afero.Fs
	langs       []string          // source first, then the others in Hugo's order
	contentDirs map[string]string // language -> content directory, slash path
	layoutDirs  []string          // the folders of the layouts, slash paths
	markdown    []string          // the suffixes of Markdown content: "md", ...
	identicalOK map[string]bool
	minFact     int
	docs        map[string]*content.Document
	opt         Options
	// history reads what stale sections said when stamped, to count the
	// words that changed; nil without Options.Dir. It is opened when
	// first needed (git runs then), under historyMu, which its caches
	// need too: see finder.
	dir       string
	history   *finder
	historyMu sync.Mutex
	// split holds the sentences of each source section's text that
	// copied compares (see sentences).
	split       map[string][]string
	sentencesMu sync.Mutex
}

func (s *site) source() string { return s.langs[0] }

func loadSite(fsys afero.Fs, opt Options) (*site, error) {
	cfg := opt.Config
	if cfg == nil {
		var err error
		if cfg, err = hugo.LoadConfig(hugo.Options{Source: fsys}); err != nil {
			return nil, err
		}
	}
	s := &site{
		fsys:        fsys,
		langs:       translationOrder(cfg),
		contentDirs: map[string]string{},
		identicalOK: map[string]bool{},
		minFact:     cmp.Or(opt.MinFactLength, 8),
		docs:        opt.Docs,
		opt:         opt,
	}
	for _, l := range cfg.Languages {
		s.contentDirs[l.Code] = l.ContentDir
	}
	for _, m := range cfg.Mounts {
		if m.Target == "layouts" && !path.IsAbs(m.Source) && !slices.Contains(s.layoutDirs, m.Source) {
			s.layoutDirs = append(s.layoutDirs, m.Source)
		}
	}
	s.dir = opt.Dir
	s.markdown = cfg.MarkdownSuffixes
	if len(s.markdown) == 0 {
		s.markdown = []string{"markdown", "md", "mdown"}
	}
	if len(s.layoutDirs) == 0 {
		s.layoutDirs = []string{"layouts"}
	}
	for _, v := range append(cfg.Strings("l10n", "identicalOK"), opt.IdenticalOK...) {
		s.identicalOK[v] = true
	}
	return s, nil
}

// translationOrder is the site's languages, the source (the default content
// language) first, then the translations in Hugo's order.
func translationOrder(cfg *hugo.Config) []string {
	langs := []string{cfg.DefaultContentLanguage}
	for _, l := range cfg.Languages {
		if l.Code != cfg.DefaultContentLanguage {
			langs = append(langs, l.Code)
		}
	}
	return langs
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

// finder returns the history of the site's folder, opened on the first
// call; nil without Options.Dir. The caller holds historyMu.
func (s *site) finder() *finder {
	if s.history == nil && s.dir != "" {
		h, err := openHistory(s.dir)
		s.history = &finder{h: h, herr: err, versions: map[string][]string{}, data: map[string][]byte{}}
	}
	return s.history
}
