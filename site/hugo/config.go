package hugo

import (
	"cmp"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/bep/logg"
	"github.com/bep/overlayfs"
	"github.com/gohugoio/hugo/common/hmaps"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/hugofs/files"
	"github.com/spf13/afero"
)

// Config is the site configuration as Hugo loaded it (hugo.toml or any
// other configuration file Hugo reads, its defaults, environment and
// flags): what the stages around Hugo need to know of the site, as plain
// values. Every stage takes it rather than reading the files again.
type Config struct {
	// Files are the configuration files Hugo read, slash paths relative
	// to the site: ["hugo.toml"]; none when the folder holds no site.
	Files                          []string
	BaseURL                        string
	DefaultContentLanguage         string // the source language: "en"
	DefaultContentLanguageInSubdir bool
	// Languages are the enabled languages in Hugo's order (by weight,
	// then by code); disabled ones are not there.
	Languages []Language
	// Mounts are the project's module mounts, Hugo's defaults included
	// (each language's contentDir is one).
	Mounts []Mount
	// Params is [params], its keys lower-cased as Hugo keeps them; read
	// it with Param or Strings.
	Params map[string]any
	// MarkdownSuffixes are the file suffixes Hugo reads as Markdown
	// content ("md", "markdown", ...), ContentSuffixes those of every
	// content format it reads (HTML, AsciiDoc, Org, ... too); sorted.
	MarkdownSuffixes, ContentSuffixes []string
}

// Language is one enabled language of the site.
type Language struct {
	Code   string // the key in [languages]: "zh-cn"
	Label  string // "简体中文"
	Locale string // "zh-Hans-CN"
	Title  string
	Weight int
	// ContentDir is the folder its pages are read from, a slash path
	// relative to the site: "content/zh-cn".
	ContentDir string
}

// Mount is one of Hugo's module mounts of the project.
type Mount struct {
	Source string // a slash path relative to the site, or absolute
	Target string // "content", "data", "static", ...
	// Languages are the languages whose sites the mount is for; none
	// means every language.
	Languages []string
}

// Codes returns the codes of the languages, in Hugo's order.
func (c *Config) Codes() []string {
	out := make([]string, len(c.Languages))
	for i, l := range c.Languages {
		out[i] = l.Code
	}
	return out
}

// Language returns the enabled language with the code, if there is one.
func (c *Config) Language(code string) (Language, bool) {
	i := slices.IndexFunc(c.Languages, func(l Language) bool { return l.Code == code })
	if i < 0 {
		return Language{}, false
	}
	return c.Languages[i], true
}

// Param follows keys through [params] without regard to case, as
// templates do: Param("check", "ignorePages").
func (c *Config) Param(keys ...string) any {
	var v any = c.Params
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		if v, ok = m[strings.ToLower(k)]; !ok {
			return nil
		}
	}
	return v
}

// Strings is the parameter at keys as a list of strings: a list's string
// items, or a single string.
func (c *Config) Strings(keys ...string) []string {
	switch v := c.Param(keys...).(type) {
	case string:
		return []string{v}
	case []string:
		return slices.Clone(v)
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// LoadConfig loads the configuration of the site in opt.Source as Build
// does (opt.Environment and opt.BaseURL apply; nothing is built). Like
// Build, it waits for a build or server under way: Hugo sets its
// process-wide logger as it loads.
func LoadConfig(opt Options) (*Config, error) {
	mu.Lock()
	defer mu.Unlock()
	logger := loggers.New(loggers.Options{StdOut: io.Discard, StdErr: io.Discard, Level: logg.LevelError})
	// Hugo creates its cache folder in the source: in memory here, so
	// that loading the configuration never writes.
	opt.Source = overlayfs.New(overlayfs.Options{Fss: []afero.Fs{afero.NewMemMapFs(), afero.NewReadOnlyFs(opt.Source)}, FirstWritable: true})
	res, _, err := loadConfig(opt, logger)
	if err != nil {
		return nil, err
	}
	return plainConfig(res), nil
}

// loadConfig is Hugo's configuration of the build that opt describes, and
// the flags it was loaded with; set adds flags (the server's).
func loadConfig(opt Options, logger loggers.Logger, set ...func(config.Provider)) (*allconfig.Configs, config.Provider, error) {
	flags := config.New()
	flags.Set("workingDir", "/")
	flags.Set("noBuildLock", true)
	flags.Set("publishDirDynamic", "/")
	flags.Set("publishDir", "/")
	flags.Set("cacheDir", CacheDir(opt.CacheDir))
	if opt.BaseURL != "" {
		flags.Set("baseURL", opt.BaseURL)
	}
	env := cmp.Or(opt.Environment, "production")
	flags.Set("environment", env)
	for _, f := range set {
		f(flags)
	}
	res, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Flags:       flags,
		Fs:          opt.Source,
		Logger:      logger,
		Environment: env,
	})
	if err != nil {
		return nil, nil, explain(err)
	}
	return res, flags, nil
}

// plainConfig copies what the stages read out of Hugo's configuration.
func plainConfig(res *allconfig.Configs) *Config {
	base := res.Base
	c := &Config{
		BaseURL:                        base.BaseURL,
		DefaultContentLanguage:         base.DefaultContentLanguage,
		DefaultContentLanguageInSubdir: base.DefaultContentLanguageInSubdir,
		Params:                         plainParams(base.Params).(map[string]any),
	}
	ct := base.ContentTypes.Config
	c.MarkdownSuffixes = slices.Sorted(slices.Values(ct.Markdown.Suffixes()))
	for _, t := range ct.Types() {
		c.ContentSuffixes = append(c.ContentSuffixes, t.Suffixes()...)
	}
	slices.Sort(c.ContentSuffixes)
	c.ContentSuffixes = slices.Compact(c.ContentSuffixes)
	for _, f := range res.LoadingInfo.ConfigFiles {
		c.Files = append(c.Files, strings.TrimPrefix(path.Clean(strings.ReplaceAll(f, `\`, "/")), "/"))
	}
	for _, m := range base.Module.Mounts {
		langs := slices.Clone(m.Sites.Matrix.Languages)
		if m.Lang != "" {
			langs = append(langs, m.Lang)
		}
		c.Mounts = append(c.Mounts, Mount{Source: path.Clean(strings.ReplaceAll(m.Source, `\`, "/")), Target: path.Clean(m.Target), Languages: langs})
	}
	for _, l := range res.Languages {
		c.Languages = append(c.Languages, Language{
			Code:       l.Lang,
			Label:      l.Label(),
			Locale:     l.Locale(),
			Title:      l.Title,
			Weight:     l.Weight,
			ContentDir: c.contentDir(l.Lang),
		})
	}
	return c
}

// contentDir is the source of the content mount that is the language's
// alone, or else of the first content mount for every language.
func (c *Config) contentDir(lang string) string {
	shared := ""
	for _, m := range c.Mounts {
		if m.Target != files.ComponentFolderContent {
			continue
		}
		switch {
		case len(m.Languages) == 1 && m.Languages[0] == lang:
			return m.Source
		case len(m.Languages) == 0 && shared == "":
			shared = m.Source
		}
	}
	return shared
}

// plainParams is v with Hugo's maps of params as plain maps, all the way
// down.
func plainParams(v any) any {
	switch v := v.(type) {
	case hmaps.Params:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = plainParams(e)
		}
		return m
	case map[string]any:
		return plainParams(hmaps.Params(v))
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = plainParams(e)
		}
		return out
	}
	return v
}
