package l10n

import (
	"slices"
	"strings"
	"testing"

	"legalcenter/site/content"
)

// bodyFingerprint is the fingerprint of a document that is only a body.
func bodyFingerprint(t testing.TB, body string) fingerprint {
	t.Helper()
	d, err := content.Parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return fingerprintDoc(d)
}

func TestFingerprint(t *testing.T) {
	const base = "Intro.\n\n## Summary {#summary}\nShort.\n\n## Data retention {#data-retention}\n30 days.\n"
	tests := []struct {
		name    string
		body    string
		changed []string // sections that differ from base; nil: same hash
	}{
		{"same", base, nil},
		{"crlf", "Intro.\r\n\r\n## Summary {#summary}\r\nShort.\r\n\r\n## Data retention {#data-retention}\r\n30 days.\r\n", nil},
		{"trailing-blanks", "Intro.  \n\n\n## Summary {#summary}\t\nShort.\n\n## Data retention {#data-retention}\n30 days.\n\n\n", nil},
		{"heading-text", "Intro.\n\n## In short {#summary}\nShort.\n\n## Data retention {#data-retention}\n30 days.\n", []string{"summary"}},
		{"body", "Intro.\n\n## Summary {#summary}\nShort.\n\n## Data retention {#data-retention}\n90 days.\n", []string{"data-retention"}},
		{"intro", "Preface.\n\n## Summary {#summary}\nShort.\n\n## Data retention {#data-retention}\n30 days.\n", []string{TopSection}},
		// A heading without an id is part of the section it is in.
		{"heading-without-id", "Intro.\n\n## Summary {#summary}\nShort.\n\n### Details\nMore.\n\n## Data retention {#data-retention}\n30 days.\n", []string{"summary"}},
		// A heading in a code block is not a heading.
		{"fenced", "Intro.\n\n## Summary {#summary}\nShort.\n\n```md\n## Data retention {#data-retention}\n```\n\n## Data retention {#data-retention}\n30 days.\n", []string{"summary"}},
		{"attributes", "Intro.\n\n## Summary {#summary .lead}\nShort.\n\n## Data retention {#data-retention}\n30 days.\n", []string{"summary"}},
	}
	want := bodyFingerprint(t, base)
	if ids := sectionIDs(want); !slices.Equal(ids, []string{TopSection, "summary", "data-retention"}) {
		t.Fatalf("sections of base = %q", ids)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := bodyFingerprint(t, tc.body)
			if tc.changed == nil {
				if got.Hash != want.Hash || !slices.Equal(got.Sections, want.Sections) {
					t.Errorf("fingerprint = %+v, want %+v", got, want)
				}
				return
			}
			if got.Hash == want.Hash {
				t.Errorf("hash did not change")
			}
			old := stamp{Hash: want.Hash, Sections: map[string]string{}}
			for _, s := range want.Sections {
				old.Sections[s.ID] = s.Hash
			}
			changed, removed, _ := old.diff(got)
			if !slices.Equal(changed, tc.changed) || len(removed) > 0 {
				t.Errorf("changed %q, removed %q; want changed %q", changed, removed, tc.changed)
			}
		})
	}
}

// TestHeadingForms: every heading Hugo renders with an id starts a section
// of the fingerprint, and a change under it is a change of that section,
// not of the one before.
func TestHeadingForms(t *testing.T) {
	const base = "Intro.\n\n" +
		"## ATX {#atx}\nA text.\n\n" +
		"## Closed ATX ## {#closed}\nB text.\n\n" +
		"Setext one {#setext-one}\n==========\nC text.\n\n" +
		"Setext two {#setext-two}\n----------\nD text.\n\n" +
		"### Attributes {#attributes .lead}\nE text.\n\n" +
		"  #### Indented {#indented}\nF text.\n"
	want := bodyFingerprint(t, base)
	ids := []string{TopSection, "atx", "closed", "setext-one", "setext-two", "attributes", "indented"}
	if got := sectionIDs(want); !slices.Equal(got, ids) {
		t.Fatalf("sections = %q, want %q", got, ids)
	}
	old := stamp{Hash: want.Hash, Sections: map[string]string{}}
	for _, s := range want.Sections {
		old.Sections[s.ID] = s.Hash
	}
	for i, text := range []string{"Intro.", "A text.", "B text.", "C text.", "D text.", "E text.", "F text."} {
		t.Run(ids[i], func(t *testing.T) {
			got := bodyFingerprint(t, strings.Replace(base, text, "Changed.", 1))
			changed, removed, _ := old.diff(got)
			if !slices.Equal(changed, []string{ids[i]}) || len(removed) > 0 {
				t.Errorf("changed %q, removed %q; want changed %q", changed, removed, ids[i])
			}
		})
	}
}

func sectionIDs(fp fingerprint) []string {
	var ids []string
	for _, s := range fp.Sections {
		ids = append(ids, s.ID)
	}
	return ids
}

func TestPluralCategories(t *testing.T) {
	for lang, want := range map[string][]string{
		"en": {"one", "other"}, "pt-br": {"one", "other"},
		"ko": {"other"}, "ja": {"other"}, "zh-cn": {"other"}, "id": {"other"},
		"ru": {"one", "few", "many", "other"}, "ar": {"zero", "one", "two", "few", "many", "other"},
	} {
		if got := pluralCategories(lang); !slices.Equal(got, want) {
			t.Errorf("pluralCategories(%q) = %q, want %q", lang, got, want)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	got := placeholders("{{- .Count -}} of {{.Total}} ({{ .Count }}) {{ T  \"x\" }}", "", "")
	want := []string{`{{ .Count }}`, `{{ .Total }}`, `{{ T "x" }}`}
	if !slices.Equal(got, want) {
		t.Errorf("placeholders = %q, want %q", got, want)
	}
	if got := stripPlaceholders("{{ .Count }} pages", "", ""); got != " pages" {
		t.Errorf("stripPlaceholders = %q", got)
	}
}

func TestFieldLine(t *testing.T) {
	tests := []struct {
		name, src string
		field     string
		want      int
	}{
		{"toml", "+++\nweight = 1\ntitle = \"약관\"\n+++\n본문.\n", "title", 3},
		{"toml-quoted", "+++\n\"description\" = \"설명\"\n+++\n", "description", 2},
		// A title inside a table is not the page's title.
		{"toml-table", "+++\n[params]\ntitle = \"x\"\n+++\n", "title", 0},
		{"yaml", "---\nweight: 1\ntitle: 약관\n---\n", "title", 3},
		{"yaml-nested", "---\nparams:\n  title: x\n---\n", "title", 0},
		{"bom", "\xef\xbb\xbf+++\ntitle = \"약관\"\n+++\n", "title", 2},
		{"missing", "+++\ntitle = \"약관\"\n+++\n", "description", 0},
		{"no-front-matter", "title = \"약관\"\n", "title", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := content.Parse([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := fieldLine(d, tc.field); got != tc.want {
				t.Errorf("fieldLine(%q) = %d, want %d", tc.field, got, tc.want)
			}
		})
	}
}

// TestRenameHandEditedStamp: a section hash a translator edited by hand
// (too long, empty) is never taken for a rename, and does not crash.
func TestRenameHandEditedStamp(t *testing.T) {
	fp := bodyFingerprint(t, "## New {#new}\nText.\n")
	for _, h := range []string{strings.Repeat("a", 65), "", "zz"} {
		st := stamp{Hash: "0", Sections: map[string]string{"old": h}}
		changed, removed, renamed := st.diff(fp)
		if len(renamed) != 0 || !slices.Equal(changed, []string{"new"}) || !slices.Equal(removed, []string{"old"}) {
			t.Errorf("hash %q: changed %q, removed %q, renamed %v", h, changed, removed, renamed)
		}
	}
}
