package site

import (
	"os"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site/hugo"
)

// TestLanguageNames: the language menu names each language as the README
// does, and Brazilian Portuguese, our only Portuguese, says which variant
// it is.
func TestLanguageNames(t *testing.T) {
	cfg := repoConfig(t)
	var labels []string
	for _, l := range cfg.Languages {
		labels = append(labels, l.Label)
		if l.Locale == "pt-BR" && l.Label != "Português (Brasil)" {
			t.Errorf("hugo.toml: the pt-BR language is labelled %q, want %q", l.Label, "Português (Brasil)")
		}
	}
	list := strings.Join(labels[:len(labels)-1], ", ") + " and " + labels[len(labels)-1]
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(readme)), " "), "six languages: "+list+".") {
		t.Errorf("README.md does not list the languages of hugo.toml's language menu: %s", list)
	}
}

// repoConfig is the configuration Hugo loads for the repository's site.
func repoConfig(t *testing.T) *hugo.Config {
	t.Helper()
	cfg, err := hugo.LoadConfig(hugo.Options{Source: afero.NewReadOnlyFs(afero.NewBasePathFs(afero.NewOsFs(), ".."))})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
