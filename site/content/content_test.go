package content

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gohugoio/hugo/parser/metadecoders"
)

// TestHeadings: every heading form Hugo renders, with its id, level and
// line, at the top level and inside containers; a section starts at each
// heading outside lists and block quotes.
func TestHeadings(t *testing.T) {
	src := "+++\ntitle = \"T\"\n+++\n" + // body from line 4
		"Intro.\n\n" + // 4
		"## ATX {#atx}\n\n" + // 6
		"### Closed ATX ### {#closed}\n\n" + // 8
		"Setext one {#setext-one}\n===\n\n" + // 10
		"Setext two {#setext-two}\n---\n\n" + // 13
		"#### Attributes {#attributes .lead}\n\n" + // 16
		"   ##### Indented {#indented}\n\n" + // 18
		"## No id\n\n" + // 20
		"#hashtag\n========\n\n" + // 22
		"> ## Quoted {#quoted}\n\n" + // 25
		"```\n## Code {#code}\n```\n" // 27: not a heading
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range d.Headings {
		got = append(got, fmt.Sprintf("%d h%d %q #%s setext=%v", h.Line, h.Level, h.Text, h.ID, h.Setext))
	}
	want := []string{
		`6 h2 "ATX" #atx setext=false`,
		`8 h3 "Closed ATX" #closed setext=false`,
		`10 h1 "Setext one" #setext-one setext=true`,
		`13 h2 "Setext two" #setext-two setext=true`,
		`16 h4 "Attributes" #attributes setext=false`,
		`18 h5 "Indented" #indented setext=false`,
		`20 h2 "No id" # setext=false`,
		`22 h1 "#hashtag" # setext=true`,
		`25 h2 "Quoted" #quoted setext=false`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("headings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var sections []string
	for _, s := range d.Sections {
		sections = append(sections, fmt.Sprintf("%s:%d", s.ID, s.Line))
	}
	wantSections := []string{"_top:4", "atx:6", "closed:8", "setext-one:10", "setext-two:13", "attributes:16", "indented:18", ":20", ":22"}
	if !slices.Equal(sections, wantSections) {
		t.Errorf("sections %q, want %q", sections, wantSections)
	}
	if s := d.Section("setext-one"); s == nil || s.Text != "Setext one {#setext-one}\n===\n\n" {
		t.Errorf("section setext-one = %+v", s)
	}
}

// TestFrontMatter: front matter as Hugo reads it, with the offsets that
// stamp rewrites and the line the body starts on.
func TestFrontMatter(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		format    metadecoders.Format
		title     any
		fm        string // Src[FMStart:FMEnd]
		bodyLine  int
		err       string // of Parse, or FrontMatterErr
		line      int
	}{
		{"toml", "+++\ntitle = \"T\"\n+++\nBody.\n", metadecoders.TOML, "T", "title = \"T\"\n", 4, "", 0},
		{"yaml", "---\ntitle: T\n---\nBody.\n", metadecoders.YAML, "T", "title: T\n", 4, "", 0},
		{"json", "{\"title\": \"T\"}\nBody.\n", metadecoders.JSON, "T", "{\"title\": \"T\"}\n", 2, "", 0},
		{"crlf", "+++\r\ntitle = \"T\"\r\n+++\r\nBody.\r\n", metadecoders.TOML, "T", "title = \"T\"\r\n", 4, "", 0},
		{"bom", "\ufeff+++\ntitle = \"T\"\n+++\n", metadecoders.TOML, "T", "title = \"T\"\n", 4, "", 0},
		{"none", "# Title\n", "", nil, "", 1, "", 0},
		{"empty", "+++\n+++\nBody.\n", metadecoders.TOML, nil, "", 3, "", 0},
		{"unclosed", "+++\ntitle = \"T\"\n", "", nil, "", 0, "the front matter opened with +++ is never closed", 1},
		{"toml error", "+++\ntitle = \"T\"\nweight =\n+++\n", metadecoders.TOML, nil, "title = \"T\"\nweight =\n", 5, "the TOML front matter does not parse: toml: ", 3},
		{"yaml error", "---\ntitle: [x\n---\n", metadecoders.YAML, nil, "title: [x\n", 4, "the YAML front matter does not parse: ", 2},
		{"not utf-8", "+++\n+++\nok\n\xff\n", "", nil, "", 0, "the file is not valid UTF-8 (first bad byte in column 1)", 4},
		{"shortcode", "+++\n+++\n{{< fact \"a.b\" \n", "", nil, "", 0, "a shortcode call does not parse: ", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse([]byte(tc.src))
			if err == nil && d.FrontMatterErr != nil {
				err = d.FrontMatterErr
			}
			if tc.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.err) || ErrorLine(err) != tc.line {
					t.Fatalf("error %v at line %d, want %q at line %d", err, ErrorLine(err), tc.err, tc.line)
				}
				if d == nil {
					return
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if d.Format != tc.format || string(d.Src[d.FMStart:d.FMEnd]) != tc.fm || d.BodyLine != tc.bodyLine {
				t.Errorf("format %q, front matter %q, body on line %d; want %q, %q, %d", d.Format, d.Src[d.FMStart:d.FMEnd], d.BodyLine, tc.format, tc.fm, tc.bodyLine)
			}
			if tc.err == "" && d.FrontMatter["title"] != tc.title {
				t.Errorf("title %v, want %v", d.FrontMatter["title"], tc.title)
			}
		})
	}
}

// TestShortcodes: both call forms, on one line or several, with their
// arguments; a fact counts in the section it is in, wherever it is.
func TestShortcodes(t *testing.T) {
	src := "+++\n+++\n" +
		"Write to {{< fact \"privacy.dpo_email\" >}}.\n\n" + // 3
		"## Rights {#rights}\n\n" + // 5
		"Call {{% fact \"privacy.dpo_phone\" %}} or\n{{< fact\n  \"privacy.dpo_email\"\n>}}.\n\n" + // 7, 8
		"{{< note kind=\"info\" >}}Text.{{< /note >}}\n" // 12
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range d.Shortcodes {
		got = append(got, fmt.Sprintf("%d %s markup=%v close=%v %q", s.Line, s.Name, s.Markup, s.Close, s.Args))
	}
	want := []string{
		`3 fact markup=false close=false ["privacy.dpo_email"]`,
		`7 fact markup=true close=false ["privacy.dpo_phone"]`,
		`8 fact markup=false close=false ["privacy.dpo_email"]`,
		`12 note markup=false close=false []`,
		`12 note markup=false close=true []`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("shortcodes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if f := d.Sections[0].Facts; len(f) != 1 || f["privacy.dpo_email"] != 1 {
		t.Errorf("facts before the first heading: %v", f)
	}
	if f := d.Section("rights").Facts; len(f) != 2 || f["privacy.dpo_email"] != 1 || f["privacy.dpo_phone"] != 1 {
		t.Errorf("facts of #rights: %v", f)
	}
}

// TestStructure: what a section is made of.
func TestStructure(t *testing.T) {
	src := "## A {#a}\n\n" +
		"One.\n\nTwo [link](/terms-of-service/#x) and <https://example.com>.\n\n" +
		"- item\n- item\n  - nested\n\n  More.\n\n" +
		"> Quote.\n\n" +
		"| h | h |\n|---|---|\n| c | c |\n| c | c |\n"
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s := d.Section("a")
	got := fmt.Sprintf("p%d lists%v tables%v quotes%d links%d targets%v words%d", s.Paragraphs, s.Lists, s.Tables, s.Quotes, s.Links, s.Targets, s.Words)
	// Paragraphs: One, Two, More (not the items' first ones), Quote; words:
	// A, One, Two link and, item item nested, More, Quote, and six cells.
	want := "p4 lists[2 1] tables[[2 2]] quotes1 links2 targetsmap[/terms-of-service/#x:1] words16"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// FuzzParse: Parse returns (or fails) on any input, and what it returns
// holds together: the sections' texts are the body, in order, and every
// heading and section is on a line of the body.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"+++\ntitle = \"T\"\n+++\nIntro.\n\n## A {#a}\nText {{< fact \"a.b\" >}}.\n\nB {#b}\n---\n",
		"---\ntitle: T\n---\n> ## Q {#q}\n\n- a\n  - b\n",
		"\ufeff+++\r\n+++\r\nSetext {#s}\r\n===\r\n",
		"{{% note %}}\n# x\n{{% /note %}}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		done := make(chan struct{})
		go func() {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				panic(fmt.Sprintf("HANG %q", src))
			}
		}()
		d, err := Parse([]byte(src))
		close(done)
		if err != nil {
			return
		}
		var text strings.Builder
		last := d.BodyLine + strings.Count(src[d.Body:], "\n")
		prev := 0
		for _, s := range d.Sections {
			text.WriteString(s.Text)
			if s.Line < prev || s.Line < d.BodyLine || s.Line > last {
				t.Fatalf("section %q on line %d (body %d to %d, previous %d)", s.ID, s.Line, d.BodyLine, last, prev)
			}
			prev = s.Line
		}
		if text.String() != src[d.Body:] {
			t.Fatalf("sections %q, body %q", text.String(), src[d.Body:])
		}
		for _, h := range d.Headings {
			if h.Line < d.BodyLine || h.Line > last {
				t.Fatalf("heading %q on line %d (body %d to %d)", h.Text, h.Line, d.BodyLine, last)
			}
		}
		checkStored(t, "fuzzed", []byte(src))
	})
}

// TestMarks: the mark shortcode's spans, with their kind, rule and lines;
// a mark that is not one of the kinds, or not closed, is an error at its
// line.
func TestMarks(t *testing.T) {
	d, err := Parse([]byte("+++\ntitle = \"T\"\n+++\n" + // body from line 4
		"## Retention {#retention}\n\n" + // 4
		"{{< mark \"untranslated\" >}}\n" + // 6
		"We keep data for 30 days.\n\n" +
		"Ask us about it.\n" +
		"{{< /mark >}}\n\n" + // 10
		"{{< mark \"allow\" \"emphasis\" >}}**「注意」**{{< /mark >}}\n")) // 12
	if err != nil {
		t.Fatal(err)
	}
	want := []Mark{{Kind: MarkUntranslated, Line: 6, End: 10}, {Kind: MarkAllow, Rule: "emphasis", Line: 12, End: 12}}
	if !slices.Equal(d.Marks, want) {
		t.Errorf("marks %+v, want %+v", d.Marks, want)
	}
	if s := d.Section("retention"); s == nil || s.Paragraphs != 3 {
		t.Errorf("section retention = %+v, want the marked paragraphs in it", s)
	}

	for _, tc := range []struct {
		name, body string
		line       int
		msg        string
	}{
		{"unclosed", "Text.\n\n{{< mark \"untranslated\" >}}\nEnglish.\n", 3, "never closed"},
		{"unknown kind", "Text.\n\n{{< mark \"later\" >}}x{{< /mark >}}\n", 3, "a mark is"},
		{"allow without a rule", "Text.\n\n{{< mark \"allow\" >}}x{{< /mark >}}\n", 3, "a mark is"},
		{"close without open", "Text.\n\nx{{< /mark >}}\n", 3, "none is open"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.body))
			if err == nil || ErrorLine(err) != tc.line || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %v at line %d, want %q at line %d", err, ErrorLine(err), tc.msg, tc.line)
			}
		})
	}
}
