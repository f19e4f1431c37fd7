package hugo

import (
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// TestLoadConfig: the languages, their content folders and the params are
// those Hugo builds, for the repository's hugo.toml and changes to it.
func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(toml string) string
		codes  []string
		source string
	}{
		{"repository", nil, []string{"en", "ko", "ja", "zh-cn", "pt-br", "id"}, "en"},
		{"disableLanguages", func(s string) string { return `disableLanguages = ["id"]` + "\n" + s }, []string{"en", "ko", "ja", "zh-cn", "pt-br"}, "en"},
		{"disabled", func(s string) string { return s + "disabled = true\n" }, []string{"en", "ko", "ja", "zh-cn", "pt-br"}, "en"},
		{"new language", func(s string) string {
			return s + "[languages.fr]\nlabel = \"Français\"\nlocale = \"fr-FR\"\nweight = 7\ncontentDir = \"content/fr\"\n"
		}, []string{"en", "ko", "ja", "zh-cn", "pt-br", "id", "fr"}, "en"},
		{"default language", func(s string) string {
			return strings.Replace(s, `defaultContentLanguage = "en"`, `defaultContentLanguage = "ko"`, 1)
		}, []string{"en", "ko", "ja", "zh-cn", "pt-br", "id"}, "ko"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := memSite(t, nil)
			if tc.edit != nil {
				b, _ := afero.ReadFile(src, "/hugo.toml")
				afero.WriteFile(src, "/hugo.toml", []byte(tc.edit(string(b))), 0o644)
			}
			cfg, err := LoadConfig(Options{Source: src})
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.Codes(); !slices.Equal(got, tc.codes) {
				t.Errorf("languages %q, want %q", got, tc.codes)
			}
			if cfg.DefaultContentLanguage != tc.source {
				t.Errorf("default content language %q, want %q", cfg.DefaultContentLanguage, tc.source)
			}
			for _, l := range cfg.Languages {
				if want := "content/" + l.Code; l.ContentDir != want {
					t.Errorf("%s: content dir %q, want %q", l.Code, l.ContentDir, want)
				}
			}
			if zh, ok := cfg.Language("zh-cn"); !ok || zh.Locale != "zh-Hans-CN" || zh.Label != "简体中文" {
				t.Errorf("zh-cn = %+v, %v", zh, ok)
			}
			if cfg.BaseURL != "https://legal.example.com/" || !cfg.DefaultContentLanguageInSubdir {
				t.Errorf("baseURL %q, in subdir %v", cfg.BaseURL, cfg.DefaultContentLanguageInSubdir)
			}
			if !slices.Equal(cfg.MarkdownSuffixes, []string{"markdown", "md", "mdown"}) ||
				!slices.Contains(cfg.ContentSuffixes, "html") || !slices.Contains(cfg.ContentSuffixes, "org") || !slices.Contains(cfg.ContentSuffixes, "markdown") {
				t.Errorf("content suffixes: Markdown %q, all %q", cfg.MarkdownSuffixes, cfg.ContentSuffixes)
			}
			if got := cfg.Strings("l10n", "identicalOK"); !slices.Contains(got, "Tencent Cloud") {
				t.Errorf("params.l10n.identicalOK = %q", got)
			}
		})
	}
}

// TestLoadConfigError: a mistake in hugo.toml is reported at its line.
func TestLoadConfigError(t *testing.T) {
	src := afero.NewMemMapFs()
	afero.WriteFile(src, "/hugo.toml", []byte("title = \"x\"\n\n[languages.en]\nweight = = 1\n"), 0o644)
	_, err := LoadConfig(Options{Source: src})
	if err == nil || !strings.HasPrefix(err.Error(), "hugo.toml:4:") {
		t.Errorf("err = %v, want one at hugo.toml:4", err)
	}
}

// BenchmarkLoadConfig loads the repository's configuration: every command
// that reads the site does this once (sitectl i18n takes a fraction of a
// second in all).
func BenchmarkLoadConfig(b *testing.B) {
	src := afero.NewReadOnlyFs(afero.NewBasePathFs(afero.NewOsFs(), "../.."))
	for b.Loop() {
		cfg, err := LoadConfig(Options{Source: src})
		if err != nil {
			b.Fatal(err)
		}
		if len(cfg.Languages) != 6 {
			b.Fatalf("%d languages", len(cfg.Languages))
		}
	}
}
