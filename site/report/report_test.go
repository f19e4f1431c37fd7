package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sample has every level, a finding in a source file of a page, a
// problem repeated on many pages, a group, and each part a stage adds.
func sample() *Report {
	r := &Report{
		Title:   "Sample",
		Summary: "2 errors, 8 warnings in 7 pages",
		Findings: []Finding{
			{Level: Error, Page: "en/a/index.html", Lang: "en", File: "content/en/a.md", Line: 3, Target: "/gone/", Rule: "broken-link", Message: "target does not exist"},
			{Level: Notice, File: "i18n/ko.toml", Lang: "ko", Rule: "identical", Message: "left in English: *Acme* <Cloud>"},
			{Level: Error, Page: "en/b/index.html", Lang: "en", File: "content/en/b.md", Line: 9, Target: "https://example.org/x", Rule: "external-link", Message: "HTTP 404 Not Found"},
		},
		GroupsTitle: "External links",
		GroupNoun:   "URL",
		Text:        func(w io.Writer) { fmt.Fprintln(w, "table of the stage") },
		Markdown:    func(w io.Writer) { fmt.Fprint(w, "| stage | table |\n\n") },
		Log:         "a log line of the stage\n",
		JSON: struct {
			Pages int `json:"pages"`
		}{7},
	}
	for _, p := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		r.Findings = append(r.Findings, Finding{Level: Warning, Page: p + "/index.html", File: "layouts/footer.html", Line: 4, Rule: "empty-link", Message: `placeholder link "#"`})
	}
	r.Findings = append(r.Findings, Finding{Level: Warning, Page: "en/c/index.html", Lang: "en", File: "content/en/c.md", Line: 1, Target: "https://example.org/x", Rule: "external-link", Message: "HTTP 404 Not Found"})
	r.Groups = []Group{{Level: Error, Rule: "external-link", Name: "https://example.org/x", Message: "HTTP 404 Not Found", Pages: 1, Places: []int{2}}}
	return r
}

func TestGolden(t *testing.T) {
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := sample().Write(&buf, format); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "report."+format+".golden")
			if *update {
				os.MkdirAll("testdata", 0o755)
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s report differs from %s (go test -update rewrites it):\n%s", format, golden, buf.Bytes())
			}
		})
	}
}

// TestJSONKeepsEvery: the JSON lists every finding, folded or grouped in
// the other formats, with the stage's facts first.
func TestJSONKeepsEvery(t *testing.T) {
	r := sample()
	var buf bytes.Buffer
	if err := r.Write(&buf, "json"); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Pages    int       `json:"pages"`
		Errors   int       `json:"errors"`
		Warnings int       `json:"warnings"`
		Findings []Finding `json:"findings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Pages != 7 || got.Errors != 2 || got.Warnings != 8 || len(got.Findings) != len(r.Findings) {
		t.Errorf("got %d pages, %d errors, %d warnings, %d findings; want 7, 2, 8, %d", got.Pages, got.Errors, got.Warnings, len(got.Findings), len(r.Findings))
	}
	buf.Reset()
	(&Report{}).Write(&buf, "json")
	if !strings.Contains(buf.String(), `"findings": []`) {
		t.Errorf("an empty report's JSON has no empty findings list:\n%s", buf.String())
	}
}

func TestCheckFormat(t *testing.T) {
	for _, f := range Formats {
		if err := CheckFormat(f); err != nil {
			t.Error(err)
		}
	}
	if err := (&Report{}).Write(io.Discard, "xml"); err == nil || !strings.Contains(err.Error(), "text, json, github, markdown") {
		t.Errorf("Write(xml) = %v, want an error naming the formats", err)
	}
}

// TestGroupAtOneLine: a group whose findings are all at one line (a
// layout's, on every page) says where in Markdown, and GitHub annotates
// that line once, then a notice counts the others.
func TestGroupAtOneLine(t *testing.T) {
	r := &Report{Title: "Check"}
	for _, p := range []string{"a", "b", "c", "d", "e", "f"} {
		r.Findings = append(r.Findings, Finding{Level: Error, Page: p + "/index.html", File: "layouts/_partials/nav.html", Line: 3, Target: "#brand", Rule: "duplicate-id", Message: "duplicate id #brand"})
	}
	r.Groups = []Group{{Level: Error, Rule: "duplicate-id", Name: "#brand", Message: "duplicate id #brand", Pages: 6, Places: []int{0, 1, 2, 3, 4, 5}}}
	var md, gh bytes.Buffer
	if err := r.Write(&md, "markdown"); err != nil {
		t.Fatal(err)
	}
	if want := "duplicate id #brand, at `layouts/_partials/nav.html:3` | 6 | 6 |"; !strings.Contains(md.String(), want) {
		t.Errorf("markdown lacks %q:\n%s", want, md.String())
	}
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	if err := r.Write(&gh, "github"); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(gh.String(), "::error file=layouts/_partials/nav.html,line=3"); n != 1 || !strings.Contains(gh.String(), "5 more not annotated") {
		t.Errorf("github: %d annotations of the line, want 1 and a notice of 5 more:\n%s", n, gh.String())
	}
}
