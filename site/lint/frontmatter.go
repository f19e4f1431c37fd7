package lint

import (
	"cmp"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gohugoio/hugo/common/htime"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
	"legalcenter/site/report"
)

// required front-matter fields, and what each is for.
var required = []struct{ name, why string }{
	{"title", "the document's title"},
	{"description", "the summary shown in lists and search results"},
	{"date", "the effective date"},
	{"weight", "the position in the legal navigation"},
}

// frontMatter parses the front matter of text, reports what is wrong with
// it, and returns the body and the line the body starts on.
func frontMatter(doc *Doc, text string, add func(report.Finding)) (body string, bodyLine int, ok bool) {
	var delim string
	switch {
	case strings.HasPrefix(text, "+++\n"):
		delim = "+++"
	case strings.HasPrefix(text, "---\n"):
		delim = "---"
	default:
		add(report.Finding{File: doc.File, Line: 1, Rule: ruleFrontMatter, Message: "the file does not start with front matter (+++ for TOML, --- for YAML)"})
		return "", 0, false
	}
	rest := text[len(delim)+1:]
	// The closing delimiter is a line of its own, perhaps the very next
	// one (an empty front matter) or the last of the file: end is where
	// it starts in rest.
	end := strings.Index("\n"+rest, "\n"+delim+"\n")
	if end < 0 && strings.HasSuffix("\n"+rest, "\n"+delim) {
		end = len(rest) - len(delim)
	}
	if end < 0 {
		add(report.Finding{File: doc.File, Line: 1, Rule: ruleFrontMatter, Message: "the front matter opened with " + delim + " is never closed"})
		return "", 0, false
	}
	fm := rest[:end]
	body = rest[min(len(rest), end+len(delim)+1):]
	bodyLine = 3 + strings.Count(fm, "\n") // after the two delimiter lines

	params := map[string]any{}
	if delim == "+++" {
		if err := toml.Unmarshal([]byte(fm), &params); err != nil {
			line := 0
			var de *toml.DecodeError
			if errors.As(err, &de) {
				line, _ = de.Position()
			}
			add(report.Finding{File: doc.File, Line: 1 + line, Rule: ruleFrontMatter, Message: "the TOML front matter does not parse: " + firstLine(err.Error())})
			return "", 0, false
		}
	} else {
		if err := yaml.Unmarshal([]byte(fm), &params); err != nil {
			line := 0
			var te *yaml.TypeError
			msg := err.Error()
			if !errors.As(err, &te) {
				line, msg = yamlLine(msg)
				// At the end of the input the parser points past the
				// last line: the mistake is on it.
				line = min(line, strings.Count(fm, "\n"))
			}
			add(report.Finding{File: doc.File, Line: 1 + line, Rule: ruleFrontMatter, Message: "the YAML front matter does not parse: " + firstLine(msg)})
			return "", 0, false
		}
	}
	for _, r := range required {
		v, ok := params[r.name]
		if !ok || v == nil || v == "" {
			add(report.Finding{File: doc.File, Line: 1, Rule: ruleFrontMatter, Message: "the front matter has no " + r.name + " (" + r.why + ")"})
		}
	}
	checkDates(doc, params, fm, add)
	doc.claims = claimsOf(params, fm)
	return body, bodyLine, true
}

// yamlLine reads the line of the front matter from a YAML error ("yaml:
// line 3: ...") and returns the message without it, as the finding names the
// line itself. The parser (unlike the scanner) counts its lines from 0: its
// errors are those "did not find expected" messages that yamlParserErrors
// lists.
func yamlLine(msg string) (int, string) {
	rest, ok := strings.CutPrefix(msg, "yaml: line ")
	if !ok {
		return 0, strings.TrimPrefix(msg, "yaml: ")
	}
	n, i := 0, 0
	for ; i < len(rest) && '0' <= rest[i] && rest[i] <= '9'; i++ {
		n = n*10 + int(rest[i]-'0')
	}
	rest = strings.TrimPrefix(rest[i:], ": ")
	for _, p := range yamlParserErrors {
		if strings.HasPrefix(rest, p) {
			n++
			break
		}
	}
	return n, rest
}

// yamlParserErrors are the messages of go-yaml's parser (parserc.go); its
// scanner's messages differ.
var yamlParserErrors = []string{
	"did not find expected <document start>",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected node content",
	"did not find expected '-' indicator",
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// dateFields are the front matter fields Hugo reads as dates (its keys are
// not case-sensitive), and the aliases it takes for them.
var dateFields = []string{"date", "lastmod", "modified", "publishdate", "pubdate", "published", "expirydate", "unpublishdate"}

// checkDates reports a date field whose text Hugo cannot parse as a date
// (it would stop the build with a message naming the file only), and a
// revision date (params.revisions, which the layouts read as dates) alike.
func checkDates(doc *Doc, params map[string]any, fm string, add func(report.Finding)) {
	bad := func(field string, v any) {
		s, ok := v.(string)
		if !ok || strings.TrimSpace(s) == "" {
			return
		}
		if _, err := htime.ToTimeInDefaultLocationE(s, time.UTC); err == nil {
			return
		}
		add(report.Finding{File: doc.File, Line: fmLine(fm, field, s), Rule: ruleFrontMatter, Target: s,
			Message: field + " " + quote(s) + " is not a date: write it as 2020-08-17 (or 2020-08-17T09:00:00Z)"})
	}
	for k, v := range params {
		if slices.Contains(dateFields, strings.ToLower(k)) {
			bad(k, v)
		}
	}
	if p, ok := params["params"].(map[string]any); ok {
		if revs, ok := p["revisions"].([]any); ok {
			for _, r := range revs {
				if m, ok := r.(map[string]any); ok {
					bad("date", m["date"])
				}
			}
		}
	}
}

// fmLine is the line of the file (the front matter fm starting on line 2)
// that sets field to value, or else the first that sets field, or 1.
func fmLine(fm, field, value string) int {
	key := regexp.MustCompile(`^\s*["']?` + regexp.QuoteMeta(field) + `["']?\s*[=:]`)
	first := 0
	for i, l := range strings.Split(fm, "\n") {
		if key.MatchString(l) {
			if value == "" || strings.Contains(l, value) {
				return 2 + i
			}
			if first == 0 {
				first = 2 + i
			}
		}
	}
	return cmp.Or(first, 1)
}
