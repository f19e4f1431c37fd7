package site

import (
	"os"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/afero"
)

// TestLanguageNames: the language menu names each language as the README
// does, and Brazilian Portuguese, our only Portuguese, says which variant
// it is.
func TestLanguageNames(t *testing.T) {
	src := afero.NewBasePathFs(afero.NewOsFs(), "..")
	cfg, err := readConfig(src)
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Languages map[string]struct {
			Label  string `toml:"label"`
			Locale string `toml:"locale"`
		} `toml:"languages"`
	}
	b, _ := afero.ReadFile(src, "/hugo.toml")
	if err := toml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, l := range cfg.langs() {
		labels = append(labels, c.Languages[l].Label)
		if c.Languages[l].Locale == "pt-BR" && c.Languages[l].Label != "Português (Brasil)" {
			t.Errorf("hugo.toml: the pt-BR language is labelled %q, want %q", c.Languages[l].Label, "Português (Brasil)")
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
