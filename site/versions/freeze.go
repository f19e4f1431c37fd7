package versions

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gohugoio/hugo/parser/metadecoders"
	"github.com/spf13/afero"
	"legalcenter/site/content"
)

// FreezeOptions say what the new version is.
type FreezeOptions struct {
	Version string    // the new version; "" is the next major version ("1.0" -> "2.0")
	Date    time.Time // the new version's effective date
	Note    string    // its revision note in the source language; "" writes none
}

// Frozen is what Freeze wrote.
type Frozen struct {
	From, To string   // the version frozen and the new one
	Archives []string // the frozen copies, by path in the site
	Current  []string // the documents that now carry the new version
}

// Freeze publishes a new version of the document rel ("privacy-policy.md",
// a path inside each language's content folder): in every language of
// dirs that has it, the document as it is now is copied, frozen, beside
// it as "<name>-v<version>.md" ("privacy-policy-v1-0.md"), marked as an
// earlier version (version, superseded_by, in no list and no sitemap), and
// the document itself gets the new version: a revision entry
// ([[params.revisions]]) with opt's version and date, and opt.Date as its
// date and lastmod. The version frozen is the last revision entry of the
// source language's document. Nothing is written unless every language's
// files could be made, and each result is read back to prove it says
// what it should. Front matter must be TOML.
func Freeze(fsys afero.Fs, dirs map[string]string, source, rel string, opt FreezeOptions) (*Frozen, error) {
	rel = path.Clean(strings.TrimPrefix(rel, "/"))
	ext := path.Ext(rel)
	if ext != ".md" || path.Base(rel) == "_index.md" || path.Base(rel) == "index.md" {
		return nil, fmt.Errorf("%s: only a document (a .md file, not a section's _index.md or a bundle) has versions", rel)
	}
	if opt.Date.IsZero() {
		return nil, errors.New("the new version needs its effective date")
	}
	srcFile := path.Join(dirs[source], rel)
	d, err := parse(fsys, srcFile)
	if err != nil {
		return nil, err
	}
	from, err := lastVersion(d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", srcFile, err)
	}
	to := opt.Version
	if to == "" {
		if to, err = nextMajor(from); err != nil {
			return nil, fmt.Errorf("%s: %w; give the new version with -version", srcFile, err)
		}
	}
	if to == from {
		return nil, fmt.Errorf("%s: the new version %q is the current one", srcFile, to)
	}
	base := strings.TrimSuffix(rel, ext)
	archiveRel := base + "-v" + strings.NewReplacer(".", "-", " ", "-").Replace(from) + ext
	current := "/" + base + "/"

	type write struct {
		file string
		data []byte
	}
	var writes []write
	out := &Frozen{From: from, To: to}
	for _, lang := range slices.Sorted(maps.Keys(dirs)) {
		file := path.Join(dirs[lang], rel)
		if ok, _ := afero.Exists(fsys, file); !ok {
			continue
		}
		archive := path.Join(dirs[lang], archiveRel)
		if ok, _ := afero.Exists(fsys, archive); ok {
			return nil, fmt.Errorf("%s already exists: version %s of %s is frozen already", archive, from, file)
		}
		d, err := parse(fsys, file)
		if err != nil {
			return nil, err
		}
		for _, k := range []string{FieldVersion, FieldSupersededBy, "build", "sitemap"} {
			if _, ok := d.FrontMatter[k]; ok {
				return nil, fmt.Errorf("%s: the front matter has %s already; an earlier version sets it itself", file, k)
			}
		}
		fm := string(d.Src[d.FMStart:d.FMEnd])
		if !strings.HasSuffix(fm, "\n") {
			fm += "\n"
		}
		// The frozen copy: its top-level fields first, as TOML wants
		// them before any table, and its tables last.
		old := string(d.Src[:d.FMStart]) +
			fmt.Sprintf("%s = %s\n%s = %s\n", FieldVersion, strconv.Quote(from), FieldSupersededBy, strconv.Quote(current)) +
			fm + "[build]\nlist = \"never\"\n[sitemap]\ndisable = true\n" + string(d.Src[d.FMEnd:])
		if err := verify([]byte(old), func(a *content.Document) bool {
			return IsArchive(a.FrontMatter) && a.FrontMatter[FieldVersion] == from
		}); err != nil {
			return nil, fmt.Errorf("%s: %w", archive, err)
		}
		day := opt.Date.Format("2006-01-02")
		fm = setTopLevel(fm, "date", day)
		if _, ok := d.FrontMatter["lastmod"]; ok {
			fm = setTopLevel(fm, "lastmod", day)
		}
		fm += fmt.Sprintf("\n[[params.revisions]]\nversion = %s\ndate = %s\n", strconv.Quote(to), day)
		if lang == source && opt.Note != "" {
			fm += fmt.Sprintf("note = %s\n", strconv.Quote(opt.Note))
		}
		cur := string(d.Src[:d.FMStart]) + fm + string(d.Src[d.FMEnd:])
		if err := verify([]byte(cur), func(a *content.Document) bool {
			v, _ := lastVersion(a)
			return v == to && strings.HasPrefix(fmt.Sprint(a.FrontMatter["date"]), day)
		}); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		writes = append(writes, write{archive, []byte(old)}, write{file, []byte(cur)})
		out.Archives = append(out.Archives, archive)
		out.Current = append(out.Current, file)
	}
	for _, w := range writes {
		if err := afero.WriteFile(fsys, w.file, w.data, 0o644); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// parse reads and parses a content file with TOML front matter.
func parse(fsys afero.Fs, file string) (*content.Document, error) {
	b, err := afero.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	d, err := content.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if d.FrontMatterErr != nil {
		return nil, fmt.Errorf("%s: %w", file, d.FrontMatterErr)
	}
	if d.Format != metadecoders.TOML {
		return nil, fmt.Errorf("%s: the front matter must be TOML (+++) to freeze a version", file)
	}
	if IsArchive(d.FrontMatter) {
		return nil, fmt.Errorf("%s is an earlier version already (superseded_by)", file)
	}
	return d, nil
}

// lastVersion is the version of the last revision entry of a document.
func lastVersion(d *content.Document) (string, error) {
	params, _ := d.FrontMatter["params"].(map[string]any)
	revs, _ := params["revisions"].([]any)
	if len(revs) == 0 {
		return "", errors.New("no revision history ([[params.revisions]] with a version) names the current version")
	}
	last, _ := revs[len(revs)-1].(map[string]any)
	v, ok := last["version"].(string)
	if !ok || v == "" {
		return "", errors.New("the last [[params.revisions]] entry has no version (a string such as \"1.0\")")
	}
	return v, nil
}

// nextMajor is the major version after v: "1.0" -> "2.0", "3" -> "4".
func nextMajor(v string) (string, error) {
	major, rest, _ := strings.Cut(v, ".")
	n, err := strconv.Atoi(major)
	if err != nil {
		return "", fmt.Errorf("cannot tell the version after %q", v)
	}
	if rest == "" {
		return strconv.Itoa(n + 1), nil
	}
	return strconv.Itoa(n+1) + ".0", nil
}

// setTopLevel sets the top-level TOML field key (one before any table)
// of the front matter fm to the literal value, adding it when missing.
func setTopLevel(fm, key, value string) string {
	table := regexp.MustCompile(`(?m)^\s*\[`).FindStringIndex(fm)
	end := len(fm)
	if table != nil {
		end = table[0]
	}
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(key) + `\s*=.*$`)
	if loc := re.FindStringIndex(fm[:end]); loc != nil {
		return fm[:loc[0]] + key + " = " + value + fm[loc[1]:]
	}
	return fm[:end] + key + " = " + value + "\n" + fm[end:]
}

// verify parses a file made and checks it with ok.
func verify(b []byte, ok func(*content.Document) bool) error {
	d, err := content.Parse(b)
	if err == nil {
		err = d.FrontMatterErr
	}
	if err != nil {
		return fmt.Errorf("the file made does not parse: %w", err)
	}
	if !ok(d) {
		return errors.New("the file made does not say what it should (front matter written by hand in a way this command cannot extend)")
	}
	return nil
}
