package netlify

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// HeaderRule is one [[headers]] table of netlify.toml: the headers Netlify
// adds to every response whose path matches For.
type HeaderRule struct {
	For    string
	Values [][2]string // name, value; in file order
	re     *regexp.Regexp
}

// ReadHeaders reads the [[headers]] of a netlify.toml. A missing file is
// an error that says why the headers are needed.
func ReadHeaders(name string) ([]HeaderRule, error) {
	return read(name, ParseHeaders)
}

// ParseHeaders parses the [[headers]] tables of netlify.toml and
// normalizes their values as Netlify does: a string is trimmed and its
// comma-separated parts are joined with ", " (so a multi-line string is one
// header line); an array of strings is joined with ", ". Line breaks left
// inside a value (a Content-Security-Policy written one directive a line)
// become single spaces.
func ParseHeaders(b []byte) ([]HeaderRule, error) {
	var doc struct {
		Headers []struct {
			For    *string        `toml:"for"`
			Values map[string]any `toml:"values"`
		} `toml:"headers"`
	}
	if err := decode(b, &doc); err != nil {
		return nil, err
	}
	var rules []HeaderRule
	for i, h := range doc.Headers {
		if h.For == nil {
			return nil, fmt.Errorf("[[headers]] number %d has no \"for\" path", i+1)
		}
		r := HeaderRule{For: strings.TrimSpace(*h.For)}
		if !strings.HasPrefix(r.For, "/") {
			return nil, fmt.Errorf("[[headers]] number %d: for = %q is not a path starting with /", i+1, r.For)
		}
		r.re = forRegexp(r.For)
		for _, name := range sortedKeys(h.Values) {
			v, err := headerValue(h.Values[name])
			if err != nil {
				return nil, fmt.Errorf("[[headers]] for = %q: %s: %v", r.For, name, err)
			}
			if strings.TrimSpace(name) == "" {
				return nil, fmt.Errorf("[[headers]] for = %q: an empty header name", r.For)
			}
			r.Values = append(r.Values, [2]string{http.CanonicalHeaderKey(strings.TrimSpace(name)), v})
		}
		rules = append(rules, r)
	}
	return rules, nil
}

var (
	commaSpace = regexp.MustCompile(`\s*,\s*`)
	lineSpace  = regexp.MustCompile(`\s*[\r\n]+\s*`)
)

func headerValue(v any) (string, error) {
	switch v := v.(type) {
	case string:
		s := commaSpace.ReplaceAllString(strings.TrimSpace(v), ", ")
		return lineSpace.ReplaceAllString(s, " "), nil
	case []any:
		var parts []string
		for i, x := range v {
			s, ok := x.(string)
			if !ok {
				return "", fmt.Errorf("item %d is a %T, not a string", i, x)
			}
			parts = append(parts, lineSpace.ReplaceAllString(strings.TrimSpace(s), " "))
		}
		return strings.Join(parts, ", "), nil
	default:
		return "", fmt.Errorf("the value is a %T, not a string or an array of strings", v)
	}
}

// forRegexp compiles a Netlify path pattern as Netlify does: "*" standing
// alone as a path segment matches anything after the segment before it,
// including nothing ("/en/*" matches "/en", "/en/a/b", and also "/enx");
// "*" inside a segment matches anything; ":name" matches one segment.
// Matching ignores case and a trailing slash.
func forRegexp(pattern string) *regexp.Regexp {
	var parts []string
	for seg := range strings.SplitSeq(pattern, "/") {
		seg = strings.TrimRight(seg, " \t")
		switch {
		case seg == "":
			continue
		case strings.HasPrefix(seg, ":"):
			parts = append(parts, `([^/]+)`)
		case seg == "*":
			parts = append(parts, `?(.*)`)
		case strings.Contains(seg, "*"):
			q := strings.Split(seg, "*")
			for i := range q {
				q[i] = regexp.QuoteMeta(q[i])
			}
			parts = append(parts, strings.Join(q, "(.*)"))
		default:
			parts = append(parts, regexp.QuoteMeta(seg))
		}
	}
	return regexp.MustCompile(`(?is)^/` + strings.Join(parts, "/") + `/?$`)
}

// HeadersFor returns the headers of every rule matching the path. Netlify
// joins the values of a header that several matching rules set, in rule
// order, with ", " (netlify.toml relies on it: its Cache-Control rules never
// overlap).
func HeadersFor(rules []HeaderRule, path string) http.Header {
	h := http.Header{}
	for _, r := range rules {
		if r.re.MatchString(path) {
			for _, kv := range r.Values {
				if old := h.Get(kv[0]); old != "" {
					h.Set(kv[0], old+", "+kv[1])
				} else {
					h.Set(kv[0], kv[1])
				}
			}
		}
	}
	return h
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
