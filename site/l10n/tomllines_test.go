package l10n

import (
	"os"
	"path/filepath"
	"testing"
)

// TestTOMLLines: lines locates every id of a file where line does, in the
// forms go-i18n reads: key = "text", a table per message, inline tables
// and dotted keys; and the repository's i18n files.
func TestTOMLLines(t *testing.T) {
	files := map[string]string{
		"forms.toml": `a = "A"

[b]
other = "B"
hash = "sha1-x"

c.other = "C"
d = { one = "D", other = "Ds" }

[e.f]
other = "EF"
`,
	}
	real, _ := filepath.Glob("../../i18n/*.toml")
	for _, name := range real {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(data)
	}
	if len(files) < 2 {
		t.Fatal("no i18n files in the repository")
	}
	for name, src := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			f, err := scanTOML([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			lines := f.lines()
			ids := map[string]bool{}
			f.walk(func(kv *tomlKeyValue) {
				for i := range kv.path {
					ids[joinPath(kv.path[:i+1])] = true
				}
			})
			for id := range f.tables {
				ids[id] = true
			}
			for id := range ids {
				if got, want := lines[id], f.line(id); got != want {
					t.Errorf("lines()[%q] = %d, line(%q) = %d", id, got, id, want)
				}
			}
			if len(ids) < 3 {
				t.Errorf("%d ids", len(ids))
			}
		})
	}
	if got := (*tomlFile)(nil).lines(); len(got) != 0 {
		t.Errorf("nil file: %v", got)
	}
}

func joinPath(p []string) string {
	s := p[0]
	for _, k := range p[1:] {
		s += "." + k
	}
	return s
}
