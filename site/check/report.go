package check

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"legalcenter/site/report"
)

// Write writes the report in one of report.Formats.
func (r *Report) Write(w io.Writer, format string) error { return r.Report().Write(w, format) }

// Report returns the report as the formats write it: the findings, the
// summary of what was checked, and each external URL that failed as one
// group of the findings at its links.
func (r *Report) Report() *report.Report {
	groups, urls := r.externalGroups()
	title, noun := "External links", "URL"
	if more := r.repeatedGroups(); len(more) > 0 {
		// One template bug repeated on every page is one line, and the
		// distinct problems are not buried under it.
		title, noun = "Problems in many places", "target"
		groups = append(groups, more...)
		slices.SortStableFunc(groups, func(a, b report.Group) int {
			return cmpFirst(a.Level.Rank()-b.Level.Rank(), b.Pages-a.Pages, len(b.Places)-len(a.Places))
		})
	}
	rep := &report.Report{
		Title:       cmp.Or(r.Title, "Link check"),
		Summary:     r.summary(),
		Findings:    r.Findings,
		Groups:      groups,
		GroupsTitle: title,
		GroupNoun:   noun,
		JSON: struct {
			Pages        int           `json:"pages"`
			Links        int           `json:"links"`
			External     int           `json:"external,omitempty"`
			Cached       int           `json:"cached,omitempty"`
			ExternalURLs []ExternalURL `json:"external_urls,omitempty"`
		}{r.Pages, r.Links, r.External, r.Cached, urls},
	}
	return rep
}

func (r *Report) summary() string {
	e, w := report.Count(r.Findings)
	links := report.Plural(r.Links, "link")
	if r.External > 0 {
		links += fmt.Sprintf("; %s checked online, %d from the cache", report.Plural(r.External, "external URL"), r.Cached)
	}
	if r.Pages == 0 && r.Links == 0 { // no built pages were checked: a build that stopped before
		return fmt.Sprintf("%s, %s", report.Plural(e, "error"), report.Plural(w, "warning"))
	}
	return fmt.Sprintf("%s, %s in %s (%s)", report.Plural(e, "error"), report.Plural(w, "warning"), report.Plural(r.Pages, "page"), links)
}

// ExternalURL sums up the findings of one external URL that failed when
// fetched (Options.Online): the check reports the failure at every link to
// the URL, and this is the URL once, with how many pages and links use it.
type ExternalURL struct {
	URL     string       `json:"url"` // as fetched: no fragment, the host in lower case
	Level   report.Level `json:"level"`
	Status  int          `json:"status,omitempty"` // the HTTP status, when the server answered
	Message string       `json:"message"`          // why: the status, or the error with no response
	Pages   int          `json:"pages"`            // pages that link to the URL
	Links   int          `json:"links"`            // links to the URL: its findings
}

// groupPages is how many pages a problem may be on and still be listed
// place by place, as the text report does.
const groupPages = 5

// repeatedGroups groups the findings of the rules other than external-link
// that are the same problem on more than groupPages pages: the same level, rule,
// target and message (a broken link in a shared template, a duplicated id
// in a navigation bar). JSON still lists every finding; text, Markdown
// and GitHub show a group once, with its count and the first places.
func (r *Report) repeatedGroups() []report.Group {
	type key struct {
		level                 report.Level
		rule, target, message string
	}
	places := map[key][]int{}
	var keys []key
	for i, f := range r.Findings {
		if f.Rule == ruleExternal {
			continue
		}
		k := key{f.Level, f.Rule, f.Target, groupMessage(f)}
		if places[k] == nil {
			keys = append(keys, k)
		}
		places[k] = append(places[k], i)
	}
	var out []report.Group
	for _, k := range keys {
		ps := places[k]
		if len(ps) <= groupPages {
			continue
		}
		pages := map[string]bool{}
		for _, i := range ps {
			pages[r.Findings[i].Page] = true
		}
		if len(pages) <= groupPages {
			continue // a few pages: every place is listed
		}
		out = append(out, report.Group{Level: k.level, Rule: k.rule, Name: cmp.Or(k.target, k.rule), Message: k.message, Pages: len(pages), Places: ps})
	}
	return out
}

// groupMessage is what a finding's message says of the problem, less
// what differs from page to page: where on the page a duplicated id came
// first.
func groupMessage(f report.Finding) string {
	if f.Rule == ruleDupID {
		if msg, _, ok := strings.Cut(f.Message, " (first at "); ok {
			return msg
		}
	}
	return f.Message
}

// externalGroups groups the findings of fetched external links by URL (and
// level and message, the same for every link to a URL of one run): errors
// first, then the URLs on the most pages, then by URL. A finding of another rule, or of no URL (the cache not
// saved), is in no group.
func (r *Report) externalGroups() ([]report.Group, []ExternalURL) {
	type key struct {
		url, msg string
		level    report.Level
	}
	byKey := map[key]*report.Group{}
	var groups []*report.Group
	type pageOf struct {
		g    *report.Group
		page string
	}
	pages := map[pageOf]bool{}
	fetched := map[string]string{} // target: the URL fetched, "" for none
	for i, f := range r.Findings {
		if f.Rule != ruleExternal {
			continue
		}
		u, seen := fetched[f.Target]
		if !seen {
			if fu, ok := fetchURL(f.Target); ok {
				u = fu.String()
			}
			fetched[f.Target] = u
		}
		if u == "" {
			continue
		}
		k := key{u, f.Message, f.Level}
		g := byKey[k]
		if g == nil {
			g = &report.Group{Level: f.Level, Rule: ruleExternal, Name: u, Message: f.Message}
			byKey[k] = g
			groups = append(groups, g)
		}
		if !pages[pageOf{g, f.Page}] {
			pages[pageOf{g, f.Page}] = true
			g.Pages++
		}
		g.Places = append(g.Places, i)
	}
	slices.SortFunc(groups, func(a, b *report.Group) int {
		return cmpFirst(a.Level.Rank()-b.Level.Rank(), b.Pages-a.Pages, strings.Compare(a.Name, b.Name),
			strings.Compare(string(a.Level), string(b.Level)), strings.Compare(a.Message, b.Message))
	})
	var out []report.Group
	var urls []ExternalURL
	for _, g := range groups {
		out = append(out, *g)
		urls = append(urls, ExternalURL{URL: g.Name, Level: g.Level, Status: httpStatus(g.Message), Message: g.Message, Pages: g.Pages, Links: len(g.Places)})
	}
	return out, urls
}
