package lint

import (
	"strings"
	"testing"
)

// TestEmphasis: ** or __ that Goldmark leaves as text next to CJK
// punctuation is an error at its line; emphasis that renders, code, and
// asterisks away from CJK text are not.
func TestEmphasis(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"ja quotes inside", "- **「お客様個人データ」**とは、個人データをいいます。\n", `content/ko/a.md:7: emphasis: the ** in "- **「お客様個人データ」**とは、個" does not render as emphasis`},
		{"ko ascii quotes inside", "intro\n\n- **\"고객 개인정보\"**란 개인정보를 말합니다.\n", `content/ko/a.md:9: emphasis: the ** in "- **\"고객 개인정보\"**란 개인정보를 말합니다." does not render`},
		{"zh", "**\"客户个人数据\"**指任何个人数据。\n", `content/ko/a.md:7: emphasis: the ** in "**\"客户个人数据\"**指任何个人数据。"`},
		{"underscores", "__「用語」__とは\n", `content/ko/a.md:7: emphasis: the __ in "__「用語」__とは"`},
		{"in a table", "| a | b |\n|---|---|\n| **「用語」**とは | x |\n", `content/ko/a.md:9: emphasis: the **`},
		{"allowed", "{{< mark \"allow\" \"emphasis\" >}}**「用語」**とは{{< /mark >}}\n", ""},
		{"allowed, another rule", "{{< mark \"allow\" \"other\" >}}**「用語」**とは{{< /mark >}}\n", `content/ko/a.md:7: emphasis: the **`},
		{"ja quotes outside", "- 「**お客様個人データ**」とは、個人データをいいます。\n", ""},
		{"ko quotes outside", "- \"**고객 개인정보**\"란 개인정보를 말합니다.\n", ""},
		{"renders before a space", "- **物理的セキュリティ：** 入館管理\n- **「処理者」**、**「処理」**\n", ""},
		{"code span", "`**「用語」**とは`\n", ""},
		{"fenced code", "```\n**「用語」**とは\n```\n", ""},
		{"escaped", "\\*\\*「用語」\\*\\*とは\n", ""},
		{"latin literal", "a ** b and snake__case\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := findings(run(t, "-- content/ko/a.md --\n"+fm+tc.body))
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}
