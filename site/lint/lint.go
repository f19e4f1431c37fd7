package lint

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/afero"
	"legalcenter/site/content"
	"legalcenter/site/report"
)

// MaxFileSize is the largest content file accepted. Legal documents are tens
// of kilobytes; anything this large is a mistake (a pasted binary, a runaway
// generator) that would slow every build.
const MaxFileSize = 4 << 20

// Options say where the content is.
type Options struct {
	Langs      []string // language codes
	SourceLang string   // the language translations are compared to
	// ContentDirs are the content folders of the languages, slash paths
	// from the site root (the configuration Hugo loaded says where); a
	// language not there has its content in content/<lang>/.
	ContentDirs map[string]string
	// Root is the repository folder on the real disk, used to tell whether a
	// symlink leaves it; "" skips that rule (in-memory sources).
	Root string
	// Production reports each placeholder fact that content shows (see
	// FactsDir) as an error: a production build must not publish them.
	Production bool
}

// Doc is what the rules learned about one content file.
type Doc struct {
	File     string         // "content/ko/privacy-policy.md"
	Lang     string         // "ko"
	Key      string         // path inside the language folder: "privacy-policy.md"
	Headings []Heading      // in order
	Facts    map[string]int // fact key -> first line used
	// Content is the file as site/content parsed it, for the stages
	// after this one; nil when it did not parse.
	Content *content.Document
	// Broken is set when the file could not be read through (empty, not
	// UTF-8, front matter that does not parse): its one error says why,
	// and the rules that compare files pass it by.
	Broken bool
}

// Heading is one Markdown heading.
type Heading struct {
	ID   string
	Line int
}

// Result is the outcome of Run.
type Result struct {
	Findings []report.Finding // sorted by file and line
	Docs     []*Doc           // sorted by File
}

// Run checks every Markdown file under content/<lang>/ of fsys.
func Run(ctx context.Context, fsys afero.Fs, opt Options) (*Result, error) {
	res := &Result{}
	add := func(f report.Finding) {
		if f.Level == "" {
			f.Level = report.Error
		}
		if f.Page == "" {
			f.Page = f.File // a source file, not a built page
		}
		res.Findings = append(res.Findings, f)
	}
	for _, lang := range opt.Langs {
		dir := cmp.Or(opt.ContentDirs[lang], path.Join("content", lang))
		err := afero.Walk(fsys, "/"+dir, func(p string, info fs.FileInfo, err error) error {
			if err != nil {
				if p == "/"+dir && errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				var pe *fs.PathError
				if errors.As(err, &pe) {
					return err
				}
				return fmt.Errorf("%s: %w", strings.TrimPrefix(p, "/"), err)
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			name := strings.TrimPrefix(p, "/")
			if isSymlink(fsys, opt.Root, p, info) {
				if msg := symlink(opt.Root, name); msg != "" {
					add(report.Finding{File: name, Rule: ruleFile, Message: msg})
				}
				if info.IsDir() { // Walk followed it: do not read on
					return filepath.SkipDir
				}
				return nil
			}
			if info.IsDir() || path.Ext(p) != ".md" {
				return nil
			}
			if info.Size() > MaxFileSize {
				add(report.Finding{File: name, Rule: ruleFile, Message: "the file is " + size(info.Size()) + "; content files may be at most " + size(MaxFileSize)})
				return nil
			}
			b, err := afero.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			doc := &Doc{File: name, Lang: lang, Key: strings.TrimPrefix(name, dir+"/")}
			doc.Broken = !lintFile(doc, b, add)
			res.Docs = append(res.Docs, doc)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(res.Docs, func(i, j int) bool { return res.Docs[i].File < res.Docs[j].File })
	compareFacts(res.Docs, opt.SourceLang, add)
	source := opt.SourceLang
	if source == "" {
		source = "en"
	}
	if err := checkAnchorAliases(fsys, res.Docs, source, add); err != nil {
		return nil, err
	}
	if opt.Production {
		if err := checkPlaceholders(fsys, res.Docs, add); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(res.Findings, func(a, b report.Finding) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Message, b.Message)
	})
	res.Findings = slices.Compact(res.Findings)
	return res, nil
}

// Stops reports whether an error keeps Hugo from being run at all: a file
// that cannot be read or whose front matter is wrong would stop Hugo with a
// vaguer message, or be rendered as something else, and a wrong anchor
// alias would break the deep links it is for in every language. The other
// rules (heading ids, facts) let the build go on, so that one run reports
// them together with the link check's findings.
func Stops(f report.Finding) bool {
	return f.Level == report.Error && (f.Rule == ruleFile || f.Rule == ruleFrontMatter || f.Rule == ruleAnchorAlias)
}

const (
	ruleFile        = "file"
	ruleFrontMatter = "front-matter"
	ruleAnchorAlias = "anchor-alias"
)

// lintFile applies the rules of one file. It reports whether the file
// could be read through.
func lintFile(doc *Doc, b []byte, add func(report.Finding)) bool {
	if len(strings.TrimSpace(string(b))) == 0 {
		add(report.Finding{File: doc.File, Rule: ruleFile, Message: "the file is empty: a document needs front matter (title, description, date, weight) and a body"})
		return false
	}
	d, err := content.Parse(b)
	if err != nil {
		rule := ruleFile
		if e, ok := err.(*content.Error); ok && e.FrontMatter {
			rule = ruleFrontMatter
		}
		add(report.Finding{File: doc.File, Line: content.ErrorLine(err), Rule: rule, Message: err.Error()})
		return false
	}
	doc.Content = d
	if !frontMatter(doc, d, add) {
		return false
	}
	markdown(doc, d, add)
	emphasis(doc, d, add)
	return true
}

// compareFacts reports fact keys used in the source language's document and
// not in a translation, and the reverse: every language carries the same
// facts. A broken file, on either side, has its own error already.
func compareFacts(docs []*Doc, source string, add func(report.Finding)) {
	src := map[string]*Doc{}
	for _, d := range docs {
		if d.Lang == source {
			src[d.Key] = d
		}
	}
	for _, d := range docs {
		s, ok := src[d.Key]
		if d.Lang == source || !ok || d.Broken || s.Broken {
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(s.Facts)) {
			if _, ok := d.Facts[k]; !ok {
				add(report.Finding{File: d.File, Rule: "fact", Target: k, Message: "the fact " + quote(k) + " is used in " + s.File + ":" + itoa(s.Facts[k]) + " but not in this translation"})
			}
		}
		for _, k := range slices.Sorted(maps.Keys(d.Facts)) {
			if _, ok := s.Facts[k]; !ok {
				add(report.Finding{File: d.File, Line: d.Facts[k], Rule: "fact", Target: k, Message: "the fact " + quote(k) + " is not used in " + s.File})
			}
		}
	}
}

// isSymlink reports whether the file p of fsys is a symbolic link. afero.Walk
// tells only when fsys implements afero.Lstater; a wrapper that embeds
// afero.Fs hides that method, and Walk then follows links, so on the real
// disk (root set) the disk is asked directly.
func isSymlink(fsys afero.Fs, root, p string, info fs.FileInfo) bool {
	if info.Mode()&fs.ModeSymlink != 0 {
		return true
	}
	if root != "" {
		fi, err := os.Lstat(filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(p, "/"))))
		return err == nil && fi.Mode()&fs.ModeSymlink != 0
	}
	if l, ok := fsys.(afero.Lstater); ok {
		fi, _, err := l.LstatIfPossible(p)
		return err == nil && fi.Mode()&fs.ModeSymlink != 0
	}
	return false
}

// symlink tells what is wrong with the symlink name, if anything: links
// that leave the repository would let content read any file on the machine.
func symlink(root, name string) string {
	if root == "" {
		return "symlinks are not allowed in content"
	}
	target, err := filepath.EvalSymlinks(filepath.Join(root, name))
	if err != nil {
		return "the symlink is broken: " + err.Error()
	}
	absRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return err.Error()
	}
	if rel, err := filepath.Rel(absRoot, target); err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return "the symlink points outside the repository (to " + target + ")"
	}
	return ""
}
