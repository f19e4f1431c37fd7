package l10n

import (
	"fmt"
	"slices"
	"strings"

	"legalcenter/site/content"
	"legalcenter/site/report"
)

// Structural parity: a translation that is stamped (fresh or stale) says
// the same as its source, so each of its sections (content.Section) is
// built from the same blocks. Status compares, section by section:
//
//   - paragraphs;
//   - list items, per list: each list, a nested one too, is one entry in
//     document order, with its number of items;
//   - tables, each with its body rows and its columns;
//   - block quotes;
//   - fact shortcode uses, per key;
//   - links (autolinks too), and the internal targets among them (a path
//     or a #fragment, compared as written) per target.
//
// Sentences are not compared: languages join and split them freely.
// Paragraphs, items, rows and links are units a translator keeps, and one
// that is dropped or added is content that is.

// shapeDiff is a section whose shape differs between a source and its
// translation.
type shapeDiff struct {
	ID       string
	Line     int // in the translation; for a section it lacks, the line of the last section before it that it has
	Source   int // line in the source; 0 for a section the source lacks
	Missing  bool
	After    string // the section before a missing one in the source
	Extra    bool
	Problems []string
}

// compareShapes returns the sections of a translation whose shape differs
// from the source's, in source order, then those the source lacks, in
// the translation's order. Sections named in skip (those a stale
// translation is yet to re-read) are left out, and so are sections under
// headings without an id, and all but the first of sections with the same
// id: the build rejects both.
func compareShapes(src, trans []*content.Section, skip []string) []shapeDiff {
	byID := func(shapes []*content.Section) map[string]*content.Section {
		m := map[string]*content.Section{}
		for _, s := range shapes {
			if s.ID != "" && m[s.ID] == nil {
				m[s.ID] = s
			}
		}
		return m
	}
	srcByID, transByID := byID(src), byID(trans)
	var diffs []shapeDiff
	var prev string // the previous section of the source
	at := 0         // the line of the last one the translation has
	for _, s := range src {
		if s.ID == "" || srcByID[s.ID] != s {
			continue
		}
		t := transByID[s.ID]
		after := prev
		prev = s.ID
		if t != nil {
			at = t.Line
		}
		if slices.Contains(skip, s.ID) {
			continue
		}
		if t == nil {
			diffs = append(diffs, shapeDiff{ID: s.ID, Line: at, Source: s.Line, Missing: true, After: after})
			continue
		}
		if p := shapeProblems(s, t); len(p) > 0 {
			diffs = append(diffs, shapeDiff{ID: s.ID, Line: t.Line, Source: s.Line, Problems: p})
		}
	}
	for _, t := range trans {
		if t.ID == "" || slices.Contains(skip, t.ID) || transByID[t.ID] != t || srcByID[t.ID] != nil {
			continue
		}
		diffs = append(diffs, shapeDiff{ID: t.ID, Line: t.Line, Extra: true})
	}
	return diffs
}

// shapeProblems says how the translation t of section s differs from it.
func shapeProblems(s, t *content.Section) []string {
	var out []string
	has := func(tn, sn int, noun string) {
		if tn != sn {
			out = append(out, fmt.Sprintf("has %s, the English has %d", report.Plural(tn, noun), sn))
		}
	}
	has(t.Paragraphs, s.Paragraphs, "paragraph")
	switch {
	case len(t.Lists) != len(s.Lists):
		out = append(out, fmt.Sprintf("has %s (%s), the English has %d (%s)",
			report.Plural(len(t.Lists), "list"), report.Plural(sum(t.Lists), "item"), len(s.Lists), report.Plural(sum(s.Lists), "item")))
	case len(s.Lists) == 1:
		has(t.Lists[0], s.Lists[0], "list item")
	default:
		for i := range s.Lists {
			if t.Lists[i] != s.Lists[i] {
				out = append(out, fmt.Sprintf("its %s list has %s, the English's has %d", ordinal(i+1), report.Plural(t.Lists[i], "item"), s.Lists[i]))
			}
		}
	}
	switch {
	case len(t.Tables) != len(s.Tables):
		has(len(t.Tables), len(s.Tables), "table")
	default:
		for i := range s.Tables {
			which := "its table"
			if len(s.Tables) > 1 {
				which = "its " + ordinal(i+1) + " table"
			}
			if t.Tables[i][0] != s.Tables[i][0] {
				out = append(out, fmt.Sprintf("%s has %s, the English's has %d", which, report.Plural(t.Tables[i][0], "row"), s.Tables[i][0]))
			}
			if t.Tables[i][1] != s.Tables[i][1] {
				out = append(out, fmt.Sprintf("%s has %s, the English's has %d", which, report.Plural(t.Tables[i][1], "column"), s.Tables[i][1]))
			}
		}
	}
	has(t.Quotes, s.Quotes, "block quote")
	for _, k := range unionKeys(s.Facts, t.Facts) {
		if t.Facts[k] != s.Facts[k] {
			out = append(out, fmt.Sprintf(`uses {{< fact %q >}} %s, the English %s`, k, times(t.Facts[k]), times(s.Facts[k])))
		}
	}
	has(t.Links, s.Links, "link")
	for _, k := range unionKeys(s.Targets, t.Targets) {
		if t.Targets[k] != s.Targets[k] {
			out = append(out, fmt.Sprintf("links to %s %s, the English %s", k, times(t.Targets[k]), times(s.Targets[k])))
		}
	}
	return out
}

func sum(ns []int) int {
	n := 0
	for _, v := range ns {
		n += v
	}
	return n
}

func unionKeys(a, b map[string]int) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func times(n int) string {
	switch n {
	case 0:
		return "not at all"
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// sectionName names a section in a message.
func sectionName(id string) string {
	if id == TopSection {
		return "the text before the first heading"
	}
	return "section #" + id
}

// structureMessage is the message of a structure finding.
func structureMessage(d shapeDiff, source string) string {
	at := func(line int) string {
		if line > 0 {
			return fmt.Sprintf("%s:%d", source, line)
		}
		return source
	}
	switch {
	case d.Missing:
		return fmt.Sprintf("%s of the English (%s) is not in this translation; it comes after %s", sectionName(d.ID), at(d.Source), sectionName(d.After))
	case d.Extra:
		return fmt.Sprintf("%s is not in the English (%s)", sectionName(d.ID), source)
	}
	return fmt.Sprintf("%s %s (%s)", sectionName(d.ID), strings.Join(d.Problems, "; "), at(d.Source))
}
