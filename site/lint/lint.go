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
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

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
	// symlink leaves it; "" (in-memory sources) refuses every symlink.
	Root string
	// Mounts are the folders Hugo reads (the configuration's module
	// mounts), checked for symlinks (see Symlinks); the content folders
	// are checked whether or not they are listed.
	Mounts []Mount
	// ConfigFile is the configuration file the mounts come from, where a
	// mount that leaves the repository is reported: "hugo.toml".
	ConfigFile string
	// MarkdownSuffixes are the suffixes of the files Hugo reads as
	// Markdown, which are linted alike; ContentSuffixes those of every
	// content format Hugo reads, the others of which are refused (the
	// configuration Hugo loaded says which; nil means Hugo's defaults).
	MarkdownSuffixes, ContentSuffixes []string
	// Prefixes are the path prefixes of the languages' pages ("/en"; ""
	// for a default language at the root); nil means "/" + code for every
	// language (defaultContentLanguageInSubdir).
	Prefixes map[string]string
	// Shortcodes are the shortcodes content may call; nil means those the
	// project defines in its layouts (see projectShortcodes).
	Shortcodes []string
	// Production reports each placeholder fact that content shows (see
	// FactsDir) as an error: a production build must not publish them.
	Production bool
	// Cache, when set, keeps what the rules of each file found, and
	// reads again only the files that changed since the run before
	// (see Cache).
	Cache *Cache
}

// Doc is what the rules learned about one content file.
type Doc struct {
	File     string         // "content/ko/privacy-policy.md"
	Lang     string         // "ko"
	Key      string         // path inside the language folder: "privacy-policy.md"
	Headings []Heading      // in order
	Facts    map[string]int // fact key -> first line used
	// Content is the file as site/content parsed it, for the stages
	// after this one, without its parse tree (content.Document.Release:
	// the rules alone read it); nil when it did not parse.
	Content *content.Document
	// Broken is set when the file could not be read through (empty, not
	// UTF-8, front matter that does not parse): its one error says why,
	// and the rules that compare files pass it by.
	Broken bool
	// claims are the addresses the front matter asks for (url, slug,
	// aliases), checked by checkClaims.
	claims []claim
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

// normal is f with the defaults of a content finding: an error, on the
// page of its source file.
func normal(f report.Finding) report.Finding {
	if f.Level == "" {
		f.Level = report.Error
	}
	if f.Page == "" {
		f.Page = f.File // a source file, not a built page
	}
	return f
}

// Run checks every Markdown file under content/<lang>/ of fsys.
func Run(ctx context.Context, fsys afero.Fs, opt Options) (*Result, error) {
	res := &Result{}
	var mu sync.Mutex // add is called by the workers that lint the files
	add := func(f report.Finding) {
		mu.Lock()
		defer mu.Unlock()
		res.Findings = append(res.Findings, normal(f))
	}
	markdown, formats := opt.MarkdownSuffixes, opt.ContentSuffixes
	if markdown == nil {
		markdown = []string{"markdown", "md", "mdown"}
	}
	if formats == nil {
		formats = []string{"ad", "adoc", "asciidoc", "htm", "html", "markdown", "md", "mdown", "org", "pandoc", "pdc", "rst"}
	}
	shortcodes := opt.Shortcodes
	if shortcodes == nil {
		shortcodes = projectShortcodes(fsys, opt.Mounts)
	}
	static := []string{"static"} // where images are published from
	for _, m := range opt.Mounts {
		if m.Target == "static" && !path.IsAbs(m.Source) && !slices.Contains(static, m.Source) {
			static = append(static, m.Source)
		}
	}
	mounts := slices.Clone(opt.Mounts)
	for _, lang := range opt.Langs {
		mounts = append(mounts, Mount{Source: cmp.Or(opt.ContentDirs[lang], path.Join("content", lang)), Target: "content"})
	}
	links, err := Symlinks(fsys, opt.Root, mounts, cmp.Or(opt.ConfigFile, "hugo.toml"))
	if err != nil {
		return nil, err
	}
	for _, f := range links {
		add(f)
	}
	files := readSharedFiles(fsys)
	cache := opt.Cache
	if cache != nil {
		cache.begin(cacheContext(files, shortcodes))
		defer cache.end()
	}
	// The typography rules of a document read its parse tree, as the
	// rules of lintFile do: each file's run as it is linted, and the tree
	// is let go then, so that the documents the later stages read hold
	// only what they need: the real site's take 8 MB without their trees,
	// 17 MB with them (TestStagesBeforeHugoRetain's log).
	docRule, err := checkTypography(fsys, files, opt, add)
	if err != nil {
		return nil, err
	}
	// The files are read as the walk finds them and linted on every core.
	type job struct {
		doc   *Doc
		b     []byte
		image func(string) bool
	}
	lintDoc := func(j job, add func(report.Finding)) {
		j.doc.Broken = !lintFile(j.doc, j.b, shortcodes, j.image, add)
		if d := j.doc.Content; d != nil {
			if docRule != nil && !j.doc.Broken {
				docRule(j.doc, add)
			}
			d.Release()
		}
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range jobs {
				if cache == nil {
					lintDoc(j, add)
					continue
				}
				k := cache.key(j.b, j.doc.File, j.doc.Lang, j.doc.Key)
				e := cache.find(k, j.image)
				cache.count(e != nil)
				if e != nil {
					e.restore(j.doc, j.b)
					for _, f := range e.Findings {
						add(f)
					}
					continue
				}
				var found []report.Finding
				var images []image
				looked := func(p string) bool {
					there := j.image(p)
					images = append(images, image{p, there})
					return there
				}
				lintDoc(job{j.doc, j.b, looked}, func(f report.Finding) { found = append(found, f) })
				for _, f := range found {
					add(f)
				}
				cache.keep(k, newEntry(j.doc, found, images), true)
			}
		})
	}
	walked := func() error {
		defer func() { close(jobs); wg.Wait() }()
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
				if isSymlink(fsys, opt.Root, p, info) { // Symlinks reported it
					if info.IsDir() { // Walk followed it: do not read on
						return filepath.SkipDir
					}
					return nil
				}
				if info.IsDir() {
					return nil
				}
				switch ext := strings.TrimPrefix(path.Ext(p), "."); {
				case slices.Contains(markdown, ext):
				case slices.Contains(formats, ext):
					add(report.Finding{File: name, Rule: ruleFile, Message: "Hugo would publish this ." + ext + " file as a page, unchecked: content is written in Markdown; rename it to " + strings.TrimSuffix(path.Base(name), "."+ext) + ".md and write it as the other documents are"})
					return nil
				default:
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
				docDir := path.Dir(name)
				image := func(p string) bool {
					if !strings.HasPrefix(p, "/") { // beside the document
						ok, _ := afero.Exists(fsys, "/"+path.Join(docDir, p))
						return ok
					}
					for _, dir := range static {
						if ok, _ := afero.Exists(fsys, "/"+path.Join(dir, p)); ok {
							return true
						}
					}
					return false
				}
				res.Docs = append(res.Docs, doc)
				jobs <- job{doc, b, image}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	if err := walked(); err != nil {
		return nil, err
	}
	sort.Slice(res.Docs, func(i, j int) bool { return res.Docs[i].File < res.Docs[j].File })
	// A fact key that names no value is reported once, where it is used,
	// not again as missing from each translation.
	bad := map[string]bool{}
	if err := checkFactKeys(fsys, res.Docs, func(f report.Finding) { bad[f.Target] = true; add(f) }); err != nil {
		return nil, err
	}
	compareFacts(res.Docs, opt.SourceLang, bad, add)
	if err := checkClaims(fsys, res.Docs, opt, add); err != nil {
		return nil, err
	}
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
	res.Findings = sorted(res.Findings)
	return res, nil
}

// sorted returns the findings fs sorted, each once.
func sorted(fs []report.Finding) []report.Finding {
	slices.SortFunc(fs, func(a, b report.Finding) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		// The files are linted in parallel: a total order keeps the
		// report the same from run to run.
		return cmp.Or(strings.Compare(a.Message, b.Message), strings.Compare(a.Rule, b.Rule), strings.Compare(string(a.Level), string(b.Level)),
			strings.Compare(a.Target, b.Target), strings.Compare(a.Page, b.Page), strings.Compare(a.Lang, b.Lang))
	})
	return slices.Compact(fs)
}

// Stops reports whether an error keeps Hugo from being run at all: a file
// that cannot be read or whose front matter is wrong would stop Hugo with a
// vaguer message, or be rendered as something else, and a wrong anchor
// alias would break the deep links it is for in every language, a page
// that asks for another file's address would overwrite it, and a link to
// a scheme the render hook refuses, a missing image or a fact key that
// names no single value stops Hugo with a message that does not help. The other
// rules (heading ids, facts) let the build go on, so that one run reports
// them together with the link check's findings.
func Stops(f report.Finding) bool {
	return f.Level == report.Error && (f.Rule == ruleFile || f.Rule == ruleFrontMatter || f.Rule == ruleAnchorAlias || f.Rule == ruleAddress || f.Rule == ruleLink || f.Rule == ruleFactKey)
}

const (
	ruleFile        = "file"
	ruleFrontMatter = "front-matter"
	ruleAnchorAlias = "anchor-alias"
)

// lintFile applies the rules of one file. It reports whether the file
// could be read through.
func lintFile(doc *Doc, b []byte, shortcodes []string, image func(string) bool, add func(report.Finding)) bool {
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
	bodyRules(doc, d, shortcodes, image, add)
	return true
}

// projectShortcodes are the names of the shortcodes the project defines,
// in layouts/_shortcodes/ (or the older layouts/shortcodes/) of every
// layouts mount: "fact" for layouts/_shortcodes/fact.html.
func projectShortcodes(fsys afero.Fs, mounts []Mount) []string {
	dirs := []string{"layouts"}
	for _, m := range mounts {
		if m.Target == "layouts" && !path.IsAbs(m.Source) {
			dirs = append(dirs, m.Source)
		}
	}
	var names []string
	for _, dir := range dirs {
		for _, sub := range []string{"_shortcodes", "shortcodes"} {
			entries, _ := afero.ReadDir(fsys, "/"+path.Join(dir, sub))
			for _, e := range entries {
				if !e.IsDir() {
					name, _, _ := strings.Cut(e.Name(), ".")
					names = append(names, name)
				}
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// compareFacts reports fact keys used in the source language's document and
// not in a translation, and the reverse: every language carries the same
// facts. A broken file, on either side, has its own error already.
func compareFacts(docs []*Doc, source string, bad map[string]bool, add func(report.Finding)) {
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
			if _, ok := d.Facts[k]; !ok && !bad[k] {
				add(report.Finding{File: d.File, Rule: "fact", Target: k, Message: "the fact " + quote(k) + " is used in " + s.File + ":" + itoa(s.Facts[k]) + " but not in this translation"})
			}
		}
		for _, k := range slices.Sorted(maps.Keys(d.Facts)) {
			if _, ok := s.Facts[k]; !ok && !bad[k] {
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
