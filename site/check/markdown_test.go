package check

import (
	"strings"
	"testing"
)

// TestUnrenderedMarkdown: Markdown syntax in a page's text is an error at
// its line; the same characters in code, attributes, scripts, or as a
// blank to fill in, are not.
func TestUnrenderedMarkdown(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"emphasis next to CJK punctuation", "<p>\n<li>**「お客様個人データ」**とは</li>", `error unrendered-markdown a.html:3 **「お客様個人データ」**とは`},
		{"ascii quotes", `<li>**"고객 개인정보"**란</li>`, `error unrendered-markdown a.html:2 **"고객 개인정보"**란`},
		{"underscores", `<p>__word__ here</p>`, `error unrendered-markdown a.html:2 __word__ here`},
		{"link", `<p>see [the terms](/terms-of-service/) now</p>`, `error unrendered-markdown a.html:2 see [the terms](/terms-of-service/) now`},
		{"shortcode", `<p>write to {{< fact "privacy.dpo_email" >}}</p>`, `error unrendered-markdown a.html:2 write to {{< fact "privacy.dpo_e`},
		{"rendered", `<p><strong>「お客様個人データ」</strong>とは <a href="/x/">terms</a></p>`, ""},
		{"code", `<p><code>**x**</code> <code>[a](b)</code></p><pre>{{< fact >}}
__init__</pre>`, ""},
		{"attribute", `<p title="**x** [a](b)">t</p>`, ""},
		{"script", `<script>var a = "**x**"; f([1](2))</script>`, ""},
		{"blank to fill in", `<p>Signature: ______ Date: __ / __</p>`, ""},
		{"arithmetic", `<p>2 ** 3</p>`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := run(t, "-- a.html --\n<!doctype html>\n"+tc.body+"\n", Options{}, false)
			var got []string
			for _, f := range rep.Findings {
				if f.Rule == ruleMarkdown {
					got = append(got, brief(f))
				}
			}
			if tc.want == "" && len(got) > 0 || tc.want != "" && (len(got) != 1 || got[0] != tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			for _, f := range rep.Findings {
				if f.Rule == ruleMarkdown && !strings.Contains(f.Message, "Markdown shows as text") {
					t.Errorf("message %q", f.Message)
				}
			}
		})
	}
}
