package l10n

import (
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// cldrCategories are the CLDR plural categories, in CLDR order, which is
// also the order of go-i18n's message fields.
var cldrCategories = []string{"zero", "one", "two", "few", "many", "other"}

var formName = map[plural.Form]string{
	plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many", plural.Other: "other",
}

var pluralCache sync.Map // language -> []string

// pluralCategories returns the CLDR cardinal plural categories of a
// language, in CLDR order. golang.org/x/text carries the CLDR rules but
// does not list a language's categories, so this asks its rules which
// category each of a set of numbers takes: integers up to 1000, a million
// (for "many" in languages that single out millions), and decimals with
// one and two fraction digits. Every CLDR rule distinguishes its
// categories within that set.
func pluralCategories(lang string) []string {
	if v, ok := pluralCache.Load(lang); ok {
		return v.([]string)
	}
	tag := language.Make(lang)
	seen := map[string]bool{}
	match := func(i, v, f int) {
		// v digits of fraction f, none of them trailing zeros.
		seen[formName[plural.Cardinal.MatchPlural(tag, i, v, v, f, f)]] = true
	}
	for i := 0; i <= 1000; i++ {
		match(i, 0, 0)
		for f := 1; f < 10; f++ {
			match(i, 1, f)
		}
		for f := 11; i < 100 && f < 100; f += 7 {
			if f%10 != 0 {
				match(i, 2, f)
			}
		}
	}
	match(1000000, 0, 0)
	var cats []string
	for _, c := range cldrCategories {
		if seen[c] {
			cats = append(cats, c)
		}
	}
	pluralCache.Store(lang, cats)
	return cats
}
