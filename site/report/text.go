package report

import (
	"fmt"
	"io"
)

// repeatShown is how many places of a problem the text report lists when
// the same problem (rule, target, message) is on more pages than
// repeatLimit, as a broken link in the footer is on every page: the rest are
// counted in one line at the end. A group lists as many of its places,
// whatever number of pages it is on. The JSON report lists every place.
const (
	repeatLimit = 5
	repeatShown = 3
)

// writeText writes the stage's own part, then "file:line: level: message
// [rule]", the form editors and compilers use; then each group once, with
// its first places; then the summary line.
func writeText(w io.Writer, r *Report) error {
	if r.Text != nil {
		r.Text(w)
	}
	grouped := r.grouped()
	type problem struct{ level, rule, target, msg string }
	key := func(f Finding) problem { return problem{string(f.Level), f.Rule, f.Target, f.Message} }
	total := map[problem]int{}
	pages := map[problem]map[string]bool{}
	for i, f := range r.Findings {
		if grouped[i] != nil {
			continue
		}
		k := key(f)
		total[k]++
		if pages[k] == nil {
			pages[k] = map[string]bool{}
		}
		pages[k][f.Page] = true
	}
	shown := map[problem]int{}
	var folded []Finding // the first place of each folded problem, in report order
	for i, f := range r.Findings {
		if grouped[i] != nil {
			continue
		}
		k := key(f)
		if len(pages[k]) > repeatLimit {
			if shown[k] == repeatShown {
				folded = append(folded, f)
			}
			if shown[k]++; shown[k] > repeatShown {
				continue
			}
		}
		fmt.Fprintf(w, "%s: %s: %s [%s]\n", f.Position(), f.Level, f.Text(), f.Rule)
	}
	for _, f := range folded {
		fmt.Fprintf(w, "…and %d more places with the same %s: %s [%s] (-format json lists them all)\n", total[key(f)]-repeatShown, f.Level, f.withTarget(), f.Rule)
	}
	for _, g := range r.Groups {
		fmt.Fprintf(w, "%s: %s: %s [%s], on %s:\n", g.Level, g.Name, g.Message, g.Rule, g.usage())
		places := g.Places
		if len(places) > repeatLimit {
			places = places[:repeatShown]
		}
		for _, i := range places {
			fmt.Fprintf(w, "    %s\n", r.Findings[i].place())
		}
		if more := len(g.Places) - len(places); more > 0 {
			fmt.Fprintf(w, "    …and %d more (-format json lists them all)\n", more)
		}
	}
	_, err := fmt.Fprintln(w, r.summary())
	return err
}
