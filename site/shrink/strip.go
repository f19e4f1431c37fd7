package shrink

// strip returns page without the attributes named in attrs, which the
// build writes in lower case, every other byte as it was; page itself when
// it has none of them. It is scan without the facts (shrinkFile calls scan,
// to strip a page and read its facts in one pass). The page is read with
// tdewolff's HTML lexer, the one the minifier reads it with right after, so
// an attribute is removed exactly where the minifier would see it, and
// never from text, comments or scripts.
func strip(page []byte, attrs []string) []byte {
	if len(attrs) == 0 {
		return page
	}
	_, out := scan(page, attrs)
	return out
}
