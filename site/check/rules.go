package check

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"legalcenter/site/report"
)

// Off is the level of a rule that is turned off: its findings are dropped.
const Off report.Level = "off"

// Rule is one of the checker's rules: its stable name (Finding.Rule) and its
// default level. A default of "" keeps the level each finding is made at
// (for most rules, error; the levels below name it for the README).
type Rule struct {
	Name    string
	Default report.Level
	Doc     string
}

// RuleList is every rule, in the order the README lists them. Defaults
// follow the published standards for a site the checker knows nothing of:
// hreflang x-default is optional (Google: "we recommend"), and a page with
// no translation needs no alternates; a site turns stricter rules on.
var RuleList = []Rule{
	{ruleBroken, report.Error, "an internal URL (any attribute, CSS url() or @import) to a file that does not exist; a form action is a warning"},
	{ruleFrag, report.Error, "#id that no element of the target page has (text fragments #:~:text= are accepted)"},
	{ruleDupID, report.Error, "two elements of a page with one id"},
	{ruleParity, report.Error, "a translation's heading ids differ from the source language's"},
	{ruleHreflng, report.Error, "hreflang alternates not absolute, not reciprocal, listed twice, or not listing the page itself"},
	{ruleXDefault, report.Notice, "a page with hreflang alternates has no x-default"},
	{ruleNoAlts, Off, "a page of a multilingual site has no hreflang alternates"},
	{ruleEmpty, report.Error, "empty URL, \"#\" placeholder (warning), mailto: or tel: with no address"},
	{ruleUnsafe, report.Error, "javascript:, vbscript:, file:, drive letters, data: links"},
	{ruleBadURL, report.Error, "malformed URL; backslashes (warning)"},
	{ruleOutside, report.Error, "a path that climbs above the site root"},
	{ruleRequired, report.Error, "<img> without src or srcset, <link> without href, <meta http-equiv=refresh> without content"},
	{ruleParse, report.Error, "the HTML parser refuses a page"},
	{rulePageSize, report.Error, "a page larger than -max-page-size, not read"},
	{ruleMarkdown, report.Error, "Markdown left unrendered in a page's text"},
	{ruleExternal, report.Error, "an external link that fails when fetched (-online)"},
	{ruleOwnDomain, report.Notice, "the site's own address is unknown (no -baseurl, config baseurl, canonical link or hugo.toml baseURL): links to its domain are taken as external and not checked offline (one notice)"},
}

// Rules tunes the rules: a level for a rule name, Off to drop its
// findings. A rule not named keeps its default.
type Rules map[string]report.Level

// Set sets rule name to level ("error", "warning", "notice" or "off"),
// and says what is wrong when either is unknown.
func (r Rules) Set(name, level string) error {
	if !slices.ContainsFunc(RuleList, func(x Rule) bool { return x.Name == name }) {
		names := make([]string, len(RuleList))
		for i, x := range RuleList {
			names[i] = x.Name
		}
		return fmt.Errorf("unknown rule %q (rules: %s)", name, strings.Join(names, ", "))
	}
	l := report.Level(strings.ToLower(strings.TrimSpace(level)))
	switch l {
	case report.Error, report.Warning, report.Notice, Off:
	default:
		return fmt.Errorf("rule %s: unknown level %q (error, warning, notice or off)", name, level)
	}
	r[name] = l
	return nil
}

// level returns the level of a finding of rule made at made, and false
// when the rule is off.
func (r Rules) level(rule string, made report.Level) (report.Level, bool) {
	l, ok := r[rule]
	if !ok {
		i := slices.IndexFunc(RuleList, func(x Rule) bool { return x.Name == rule })
		if i < 0 {
			return made, true
		}
		switch l = RuleList[i].Default; l {
		case Off, report.Notice:
		default:
			return made, true // the level the rule made it at
		}
	}
	return l, l != Off
}

// RuleError is a rule of a rules table that RulesFrom cannot take: its
// name as the table writes it, to find its line.
type RuleError struct {
	Name string
	Err  error
}

func (e *RuleError) Error() string { return e.Err.Error() }
func (e *RuleError) Unwrap() error { return e.Err }

// RulesFrom reads a rules table, { "anchor-parity" = "off", ... }, as a
// site's configuration has it ([params.check.rules] in hugo.toml, [rules]
// in sitecheck.toml).
func RulesFrom(table any) (Rules, error) {
	r := Rules{}
	if table == nil {
		return r, nil
	}
	m, ok := table.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("rules: a table of rule = level, not %T", table)
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		s, ok := m[k].(string)
		if !ok {
			return nil, &RuleError{k, fmt.Errorf("rule %s: level %v is not a string (error, warning, notice or off)", k, m[k])}
		}
		if err := r.Set(strings.ToLower(k), s); err != nil {
			return nil, &RuleError{k, err}
		}
	}
	return r, nil
}

// visible escapes what a reader could not see in a report: control and
// format characters (a zero-width space is "\u200b"), and bytes that are
// not UTF-8 ("\xff"). Other text, Korean or Chinese included, stays.
func visible(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || r != ' ' && !unicode.IsGraphic(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		r, n := utf8.DecodeRuneInString(s[i:])
		w = n
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == ' ' || unicode.IsGraphic(r) && r != utf8.RuneError:
			b.WriteRune(r)
		case r <= 0xFFFF:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	return b.String()
}
