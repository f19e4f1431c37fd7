package report_test

import (
	"os"

	"legalcenter/site/report"
)

// A stage fills a Report with its findings; the command picks the format.
func ExampleReport_Write() {
	r := &report.Report{
		Title: "Content check",
		Findings: []report.Finding{
			{Level: report.Error, File: "content/ko/privacy-policy.md", Line: 12, Rule: "heading-id", Message: `the heading "보존" has no id`},
			{Level: report.Warning, File: "i18n/ko.toml", Rule: "missing-key", Target: "read_more", Message: "not translated"},
		},
	}
	r.Write(os.Stdout, "text")
	r.Write(os.Stdout, "github")
	// Output:
	// content/ko/privacy-policy.md:12: error: the heading "보존" has no id [heading-id]
	// i18n/ko.toml: warning: not translated: read_more [missing-key]
	// 1 error, 1 warning
	// ::error file=content/ko/privacy-policy.md,line=12,title=heading-id::the heading "보존" has no id
	// ::warning file=i18n/ko.toml,title=missing-key::not translated: read_more
	// 1 error, 1 warning
}
