package site

import (
	"regexp"
	"strings"
	"testing"
)

// TestTableHeaderScope: the header cells of a Markdown table say which
// cells they head (scope="col", as the revision tables' do), so screen
// readers announce each cell with its column; the rest of the table is
// what Markdown makes of it: alignments, inline Markdown, links.
func TestTableHeaderScope(t *testing.T) {
	res := build(t, doc("en", "Privacy Policy", retention+`
| Category | Purpose | Kept for |
|:---|---|--:|
| *Strictly* necessary | Signing in, see [retention](/privacy-policy/#data-retention) | 12 months |
| Functional | Your language | 6 months |
`))
	page := read(t, res.Site, "en/privacy-policy/index.html")
	table := regexp.MustCompile(`(?s)<table>.*?</table>`).FindString(page)
	want := `<table><thead><tr>` +
		`<th scope=col class=align-left>Category</th>` +
		`<th scope=col>Purpose</th>` +
		`<th scope=col class=align-right>Kept for</th>` +
		`</tr></thead><tbody><tr>` +
		`<td class=align-left><em>Strictly</em> necessary</td>` +
		`<td>Signing in, see <a href=/en/privacy-policy/#data-retention>retention</a></td>` +
		`<td class=align-right>12 months</td>` +
		`</tr><tr>` +
		`<td class=align-left>Functional</td><td>Your language</td><td class=align-right>6 months</td>` +
		`</tr></tbody></table>`
	// The minifier may drop quotes and the last end tags: compare as the
	// page has them, with either form.
	norm := strings.NewReplacer(`"`, ``)
	if norm.Replace(table) != want {
		t.Errorf("the table is\n%s\nwant\n%s", table, want)
	}
}
