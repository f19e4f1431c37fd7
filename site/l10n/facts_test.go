package l10n

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// linesWithFacts is what factHits returns, found line by line: the
// values each line contains, in the order of facts, less those inside a
// value found before on the line.
func linesWithFacts(body string, facts []fact) []factHit {
	var out []factHit
	for i, l := range strings.Split(body, "\n") {
		var found []string
		for _, f := range facts {
			if !strings.Contains(l, f.value) || slices.ContainsFunc(found, func(v string) bool { return strings.Contains(v, f.value) }) {
				continue
			}
			found = append(found, f.value)
			out = append(out, factHit{i, f})
		}
	}
	return out
}

var testFacts = []fact{
	{"privacy.office.address", "1 Seoul Road, Seoul"},
	{"privacy.dpo_email", "dpo@example.com"},
	{"privacy.city", "Seoul Road"},
	{"privacy.short", "Seoul"},
	{"privacy.two_lines", "a\nb"},
}

func TestFactHits(t *testing.T) {
	for _, body := range []string{
		"",
		"Seoul",
		"Write to dpo@example.com or dpo@example.com.\nAt 1 Seoul Road, Seoul.\nSeoul Road\n",
		"a\nb\nSeoul\r\nSeoul Road, 1 Seoul Road, Seoul, dpo@example.com",
		"\n\n\nSeoulSeoul\n\ndpo@example.com",
		"1 Seoul Road, Seoul Road, Seoul",
	} {
		t.Run(body, func(t *testing.T) {
			got, want := factHits([]byte(body), testFacts), linesWithFacts(body, testFacts)
			if !slices.Equal(got, want) {
				t.Errorf("factHits = %v, want %v", got, want)
			}
		})
	}
}

// FuzzFactHits: searching the whole body finds what a search of each
// line finds.
func FuzzFactHits(f *testing.F) {
	f.Add("At 1 Seoul Road, Seoul.\nSeoul Road\n", "Seoul Road", "Seoul")
	f.Fuzz(func(t *testing.T, body, a, b string) {
		if a == "" || b == "" {
			t.Skip("a fact has a value (collectFacts)")
		}
		facts := []fact{{"a", a}, {"b", b}}
		if len(b) > len(a) {
			facts[0], facts[1] = facts[1], facts[0]
		}
		got, want := factHits([]byte(body), facts), linesWithFacts(body, facts)
		if !slices.Equal(got, want) {
			t.Errorf("factHits(%q) = %v, want %v", body, got, want)
		}
	})
}

// BenchmarkFactHits looks for the facts of the repository in each of its
// translations, as the translation status does.
//
//	go test -run '^$' -bench FactHits ./site/l10n/
func BenchmarkFactHits(b *testing.B) {
	s := &site{fsys: afero.NewReadOnlyFs(afero.NewBasePathFs(afero.NewOsFs(), "../..")), minFact: 8, langs: []string{"en"}}
	facts, err := s.facts(&Report{})
	if err != nil || len(facts) < 10 {
		b.Fatal(err, len(facts))
	}
	var bodies [][]byte
	var n int64
	files, _ := filepath.Glob("../../content/*/*.md")
	for _, f := range files {
		if strings.Contains(f, "/en/") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		bodies, n = append(bodies, data), n+int64(len(data))
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, body := range bodies {
			factHits(body, facts)
		}
	}
}
