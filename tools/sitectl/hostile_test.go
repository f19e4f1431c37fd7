package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"legalcenter/internal/sitetest"
	"legalcenter/site/hugo"
)

// published is an output folder that a build of a site published.
func published(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"build", "-s", miniSite(t, nil), "-o", out}, io.Discard, &stderr); code != exitOK {
		t.Fatalf("the first build: exit %d\n%s", code, &stderr)
	}
	return out
}

// freePort is a port on 127.0.0.1 that nothing listens on.
func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestHostileServeSymlinks: the preview server refuses to start on a site
// with a symlink of the hostile-input table, naming it, before saying it
// previews anything.
func TestHostileServeSymlinks(t *testing.T) {
	for _, tc := range hostileCases {
		if len(tc.links) == 0 {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			dir := miniSite(t, nil)
			for link, target := range tc.links {
				if target == "OUTSIDE" {
					target = filepath.Join(t.TempDir(), "secret")
				}
				p := filepath.Join(dir, filepath.FromSlash(link))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.Symlink(target, p); err != nil {
					t.Skip(err)
				}
				var stdout, serr bytes.Buffer
				if code := run(context.Background(), []string{"serve", "-s", dir, "-port", freePort(t)}, &stdout, &serr); code != exitFail {
					t.Errorf("serve: exit %d, want %d\nstdout: %s\nstderr: %s", code, exitFail, &stdout, &serr)
				}
				if !strings.Contains(serr.String(), link+": ") || strings.Contains(stdout.String(), "previewing on") {
					t.Errorf("serve:\nstdout: %s\nstderr: %s", &stdout, &serr)
				}
			}
		})
	}
}

// slowSite is a site whose Hugo stage takes seconds: a shortcode loops.
func slowSite(t *testing.T) string {
	return miniSite(t, map[string]string{
		"layouts/_shortcodes/slow.html": "{{ range seq 300 }}{{ range seq 300 }}{{ range seq 300 }}{{ end }}{{ end }}{{ end }}",
		"content/en/privacy-policy.md":  "+++\ntitle = \"Privacy Policy\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n## Data retention {#data-retention}\n\n{{< slow >}}\n",
	})
}

// staged returns the staging folders beside out.
func staged(t *testing.T, out string) []string {
	m, err := filepath.Glob(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestInterrupt: cancelled while Hugo renders (which cannot be stopped),
// build returns within a second with exit 130, its staging folder gone,
// the published folder as it was; the abandoned render does not write
// the staging folder back.
func TestInterrupt(t *testing.T) {
	dir := slowSite(t)
	out := published(t)
	before := sitetest.Tree(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr bytes.Buffer
	code := make(chan int, 1)
	go func() { code <- run(ctx, []string{"build", "-s", dir, "-o", out}, io.Discard, &stderr) }()
	deadline := time.Now().Add(5 * time.Minute)
	for len(staged(t, out)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no staging folder")
		}
		select {
		case c := <-code:
			t.Fatalf("exit %d before the staging folder was seen: %s", c, &stderr)
		case <-time.After(5 * time.Millisecond):
		}
	}
	time.Sleep(300 * time.Millisecond) // into Hugo's render
	cancel()
	start := time.Now()
	select {
	case c := <-code:
		if took := time.Since(start); took > time.Second {
			t.Errorf("returned %v after the interrupt, want within a second", took)
		}
		if c != exitInterrupted {
			t.Errorf("exit %d, want %d: %s", c, exitInterrupted, &stderr)
		}
	case <-time.After(time.Minute):
		t.Fatal("build went on after the interrupt")
	}
	if s := staged(t, out); len(s) > 0 {
		t.Errorf("staging folder left: %v", s)
	}
	if !strings.Contains(stderr.String(), "interrupted; nothing was published") {
		t.Errorf("stderr: %s", &stderr)
	}
	// Once the abandoned render has ended (the next Hugo call waits for
	// it), nothing was written back.
	if _, err := hugo.LoadConfig(hugo.Options{Source: afero.NewOsFs()}); err != nil {
		t.Log(err)
	}
	if s := staged(t, out); len(s) > 0 {
		t.Errorf("the abandoned render wrote the staging folder back: %v", s)
	}
	if got := sitetest.Tree(t, out); !maps.Equal(got, before) {
		t.Errorf("the published folder changed")
	}
}

// hostileCase is one experiment of the hostile-input table (issue 16): a
// mini-site with some files added or replaced and some symlinks made, the
// command run on it, its exit code and the finding it must report.
type hostileCase struct {
	item  int // the item
	name  string
	files map[string]string // files of the mini-site, added or replaced
	links map[string]string // symlinks made in the site: path -> target (OUTSIDE: a file outside the repository)
	// args is the command; SITE is the site's folder, OUT the output
	// folder (a folder an earlier build published), PAGES a built site
	// with a page larger than 4 KiB, CHANGED the same with that page changed.
	// Empty: build -s SITE -o OUT.
	args []string
	out  string // the output folder: "" a published one, "project" an index.html beside .git/, "symlink" a link to a published one
	code int
	// want is a finding of the JSON report ("file:line: rule: message",
	// a prefix), or, when the command writes no JSON report, a part of
	// its standard error (OUT and TARGET replaced).
	want string
	only bool // every finding is on want's file
}

// hostileFM is the front matter of a document the mini-site does not have.
const hostileFM = "+++\ntitle = \"T\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 30\n"

// hostileCases is the hostile-input table: what an attacker or a careless
// contributor tries. Each is refused with a finding at its source file
// and line (or, for a command-line mistake, exit 2 and one line saying
// why), and nothing published changes.
var hostileCases = []hostileCase{
	{item: 1, name: "static symlink to the environment", links: map[string]string{"static/env.txt": "/proc/self/environ"}, code: exitFail,
		want: "static/env.txt:0: file: the symlink points outside the repository"},
	{item: 1, name: "static symlink outside the repository", links: map[string]string{"static/passwd.txt": "OUTSIDE"}, code: exitFail,
		want: "static/passwd.txt:0: file: the symlink points outside the repository"},
	{item: 1, name: "layout symlink outside the repository", links: map[string]string{"layouts/_partials/leak.html": "OUTSIDE"}, code: exitFail,
		want: "layouts/_partials/leak.html:0: file: the symlink points outside the repository"},
	{item: 2, name: "asset symlink inside the repository", links: map[string]string{"assets/css/other.css": "site.css"}, code: exitFail,
		want: "assets/css/other.css:0: file: Hugo does not read symlinks"},
	{item: 2, name: "60000 nested block quotes", files: map[string]string{"content/en/terms.md": hostileFM + "+++\n## Terms {#terms}\n\n" + strings.Repeat("> ", 60000) + "x\n"}, code: exitFail,
		want: "content/en/terms.md:9: file: lists and block quotes are nested more than 100 levels deep here"},
	{item: 2, name: "60000 nested lists", files: map[string]string{"content/en/terms.md": hostileFM + "+++\n## Terms {#terms}\n\n" + strings.Repeat("- ", 60000) + "x\n"}, code: exitFail,
		want: "content/en/terms.md:9: file: lists and block quotes are nested more than 100 levels deep here"},
	{item: 3, name: "-o onto a project with .git", out: "project", code: exitUsage,
		want: "is not empty and was never published to"},
	{item: 3, name: "-o a symbolic link", out: "symlink", code: exitUsage,
		want: "OUT is a symbolic link to TARGET"},
	{item: 5, name: "markdown suffix without front matter", files: map[string]string{"content/en/terms.markdown": "# Terms\n"}, code: exitFail,
		want: "content/en/terms.markdown:1: front-matter: the file does not start with front matter"},
	{item: 5, name: "html content", files: map[string]string{"content/en/terms.html": "<p>x</p>\n"}, code: exitFail,
		want: "content/en/terms.html:0: file: Hugo would publish this .html file as a page"},
	{item: 5, name: "org content", files: map[string]string{"content/en/terms.org": "#+title: Terms\n"}, code: exitFail,
		want: "content/en/terms.org:0: file: Hugo would publish this .org file as a page"},
	{item: 5, name: "asciidoc content", files: map[string]string{"content/en/terms.adoc": "= Terms\n"}, code: exitFail,
		want: "content/en/terms.adoc:0: file: Hugo would publish this .adoc file as a page"},
	{item: 5, name: "youtube", files: map[string]string{"content/en/terms.md": hostileFM + "+++\n## Terms {#terms}\n\n{{< youtube dQw4w9WgXcQ >}}\n"}, code: exitFail,
		want: `content/en/terms.md:9: shortcode: the shortcode "youtube" is not one of this site's (fact, mark)`},
	{item: 5, name: "url robots.txt", files: map[string]string{"content/en/terms.md": hostileFM + "url = \"/robots.txt\"\n+++\n## Terms {#terms}\n"}, code: exitFail,
		want: `content/en/terms.md:6: address: url = "/robots.txt" asks for /robots.txt`},
	{item: 5, name: "slug of another document", files: map[string]string{"content/ko/terms.md": hostileFM + "slug = \"privacy-policy\"\n+++\n## 약관 {#terms}\n"}, code: exitFail,
		want: `content/ko/terms.md:6: address: slug = "privacy-policy" asks for /ko/privacy-policy, the address of content/ko/privacy-policy.md`},
	{item: 6, name: "raw html", files: map[string]string{"content/en/terms.md": hostileFM + "+++\n## Terms {#terms}\n\nchoose <kbd>Save</kbd>, then press\n"}, code: exitFail,
		want: `content/en/terms.md:9: raw-html: raw HTML is not published: Hugo drops "<kbd>"`},
	{item: 7, name: "unparsable date", files: map[string]string{"content/en/terms.md": "+++\ntitle = \"T\"\ndescription = \"d\"\ndate = \"last tuesday\"\nweight = 30\n+++\n"}, code: exitFail,
		want: `content/en/terms.md:4: front-matter: date "last tuesday" is not a date`},
	{item: 7, name: "javascript autolink", files: map[string]string{"content/en/terms.md": hostileFM + "+++\n## Terms {#terms}\n\nSee <javascript:alert(1)>.\n"}, code: exitFail,
		want: `content/en/terms.md:9: link: the link "javascript:alert(1)" uses the scheme "javascript"`},
	{item: 7, name: "javascript reference", files: map[string]string{"content/en/terms.md": hostileFM + "+++\n## Terms {#terms}\n\nSee [here][x].\n\n[x]: javascript:alert(1)\n"}, code: exitFail,
		want: `content/en/terms.md:11: link: the link "javascript:alert(1)" uses the scheme "javascript"`},
	{item: 7, name: "security refusal", files: map[string]string{"layouts/_partials/head.html": "{{ os.Getenv \"HOME\" }}\nHEAD"}, code: exitFail,
		want: `layouts/_partials/head.html:1: build: execute of template failed`},
	{item: 7, name: "fact table", files: map[string]string{"content/en/terms.md": hostileFM + "+++\n## Terms {#terms}\n\n{{< fact \"privacy\" >}}\n", "data/facts/privacy.toml": "dpo_email = \"a@example.com\"\n"}, code: exitFail,
		want: `content/en/terms.md:9: fact-key: the fact "privacy" is a whole table`},
	{item: 7, name: "broken facts file", files: map[string]string{"data/facts/privacy.toml": "dpo_email = \"a@example.com\"\nx = = 1\n"}, code: exitFail, only: true,
		want: `data/facts/privacy.toml:2: invalid: the facts file does not parse`},
	{item: 7, name: "i18n typo", files: map[string]string{"i18n/en.toml": "[broken\nI18N_EN"}, code: exitFail, only: true,
		want: `i18n/en.toml:1: invalid: toml: expected ']' to close table name`},
	{item: 8, name: "page over -max-page-size", args: []string{"check", "-max-page-size", "4096", "PAGES"}, code: exitFail,
		want: "PAGES/big.html:0: page-size: the page is larger than 4096 bytes"},
	{item: 8, name: "diff of a page over -max-page-size", args: []string{"diff", "-strict", "-max-page-size", "4096", "PAGES", "CHANGED"}, code: exitFail,
		want: "too-large /big.html"},
	{item: 9, name: "stamp a content adapter", args: []string{"i18n", "stamp", "-s", "SITE", "SITE/content/ko/service-level-agreements/_content.gotmpl"}, code: exitUsage,
		files: map[string]string{"content/ko/service-level-agreements/_content.gotmpl": "{{/* adapter */}}\n"},
		want:  "content/ko/service-level-agreements/_content.gotmpl: is not a Markdown document"},
	{item: 9, name: "stamp a file without front matter", args: []string{"i18n", "stamp", "-s", "SITE", "SITE/content/ko/terms.md"}, code: exitUsage,
		files: map[string]string{"content/ko/terms.md": "## 약관 {#terms}\n", "content/en/terms.md": hostileFM + "+++\n## Terms {#terms}\n"},
		want:  "content/ko/terms.md: has no front matter"},
}

// hostileDriver runs sitectl with args in dir and returns its exit code,
// standard output and standard error.
type hostileDriver func(t *testing.T, dir string, args []string) (int, string, string)

// inProcess runs the command as the tests do, without a subprocess.
func inProcess(t *testing.T, dir string, args []string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestHostile plays the hostile-input table in process.
func TestHostile(t *testing.T) {
	playHostile(t, inProcess)
}

// TestHostileBinary plays the hostile-input table against the built
// command, as a user or CI runs it: a separate process, its exit status,
// its JSON on standard output. On unix it also interrupts a build with
// SIGINT (see interruptBinary).
func TestHostileBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sitectl binary")
	}
	bin := filepath.Join(t.TempDir(), "sitectl")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Run("table", func(t *testing.T) {
		playHostile(t, func(t *testing.T, dir string, args []string) (int, string, string) {
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(bin, args...)
			cmd.Dir = dir
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if err != nil && !errors.As(err, &exit) {
				t.Fatal(err)
			}
			return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
		})
	})
	if interruptBinary != nil {
		t.Run("SIGINT", func(t *testing.T) { interruptBinary(t, bin) })
	}
}

// interruptBinary, where signals can be sent (unix), interrupts the
// binary bin while Hugo renders.
var interruptBinary func(t *testing.T, bin string)

// playHostile plays each case of the hostile-input table with drive: on a
// scratch mini-site, with an output folder a build published, it checks
// the exit code, the finding (its file:line in the JSON report) or the
// reason on standard error, and that neither the published folder nor
// the site changed.
func playHostile(t *testing.T, drive hostileDriver) {
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	pub := published(t)
	outside := filepath.Join(t.TempDir(), "passwd")
	os.WriteFile(outside, []byte("root:x:0:0::/root:/bin/sh\n"), 0o644)
	head, err := os.ReadFile(filepath.Join(sitetest.Repo(), "layouts", "_partials", "head.html"))
	if err != nil {
		t.Fatal(err)
	}
	en, err := os.ReadFile(filepath.Join(sitetest.Repo(), "i18n", "en.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range hostileCases {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range tc.files {
				v = strings.Replace(v, "HEAD", string(head), 1)
				files[k] = strings.Replace(v, "I18N_EN", string(en), 1)
			}
			dir := miniSite(t, files)
			for link, target := range tc.links {
				if target == "OUTSIDE" {
					target = outside
				}
				p := filepath.Join(dir, filepath.FromSlash(link))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.Symlink(target, p); err != nil {
					t.Skip(err)
				}
			}
			root := t.TempDir()
			out, tree := filepath.Join(root, "public"), filepath.Join(root, "public")
			switch tc.out {
			case "":
				copyTree(t, pub, out)
				os.WriteFile(filepath.Join(root, ".public.lock"), nil, 0o644)
			case "project":
				writeTree(t, out, map[string]string{"index.html": "mine", ".git/HEAD": "ref: refs/heads/main", "src/app.js": "x", "notes.txt": "x"})
			case "symlink":
				tree = filepath.Join(root, "real")
				copyTree(t, pub, tree)
				os.WriteFile(filepath.Join(root, ".public.lock"), nil, 0o644)
				if err := os.Symlink(tree, out); err != nil {
					t.Skip(err)
				}
			}
			pages := filepath.Join(root, "pages")
			writeTree(t, pages, map[string]string{
				"index.html": `<!doctype html><html lang="en"><title>x</title><a href="/big.html">big</a>`,
				"big.html":   "<!doctype html><html lang=\"en\"><title>x</title>" + strings.Repeat("<p>words</p>\n", 1000),
			})
			changed := filepath.Join(root, "changed")
			copyTree(t, pages, changed)
			os.WriteFile(filepath.Join(changed, "big.html"), []byte(strings.Repeat("<p>other words</p>\n", 1000)), 0o644)
			args := tc.args
			if args == nil {
				args = []string{"build", "-s", "SITE", "-o", "OUT"}
			}
			args = slices.Clone(args)
			for i, a := range args {
				a = strings.ReplaceAll(a, "SITE", dir)
				a = strings.ReplaceAll(a, "OUT", out)
				a = strings.ReplaceAll(a, "CHANGED", changed)
				args[i] = strings.ReplaceAll(a, "PAGES", pages)
			}
			if args[0] == "build" || args[0] == "check" {
				args = append(args, "-format", "json")
			}
			trees := map[string]map[string]string{tree: sitetest.Tree(t, tree), dir: sitetest.Tree(t, dir), pages: sitetest.Tree(t, pages), changed: sitetest.Tree(t, changed)}

			code, stdout, stderr := drive(t, dir, args)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %.2000s\nstderr: %.2000s", code, tc.code, stdout, stderr)
			}
			got, isJSON := reportFindings(stdout)
			want := strings.NewReplacer("OUT", out, "TARGET", tree, "PAGES", filepath.ToSlash(pages)).Replace(tc.want)
			found := false
			for _, f := range got {
				if strings.HasPrefix(f, want) {
					found = true
					t.Logf("item %d: exit %d: %s", tc.item, code, f)
				}
				if strings.HasPrefix(f, ":") || len(f) > 1000 || strings.Contains(f, "[security.exec]") {
					t.Errorf("a finding at no file, or a dump: %.300s", f)
				}
			}
			if file, _, _ := strings.Cut(want, ":"); tc.only {
				for _, f := range got {
					if !strings.HasPrefix(f, file+":") {
						t.Errorf("a finding on another file: %s", f)
					}
				}
			}
			if !isJSON { // a refusal on stderr, or a report of its own
				found = strings.Contains(stderr, want) || strings.Contains(stdout, want)
				t.Logf("item %d: exit %d: %s", tc.item, code, strings.TrimSpace(stderr+stdout))
			}
			if !found {
				t.Errorf("want: %s\nfindings:\n%s\nstderr: %.2000s", want, strings.Join(got, "\n"), stderr)
			}
			if code == exitFail && isJSON && len(got) == 0 {
				t.Errorf("exit 1 with no finding")
			}
			for folder, before := range trees {
				if after := sitetest.Tree(t, folder); !maps.Equal(after, before) {
					t.Errorf("%s changed", folder)
				}
			}
			if s := staged(t, out); len(s) > 0 {
				t.Errorf("staging folder left: %v", s)
			}
		})
	}
}

// reportFindings reads the findings of a JSON report as "file:line: rule:
// message" lines; false when out is not one.
func reportFindings(out string) ([]string, bool) {
	var rep struct {
		Findings *[]struct {
			File, Rule, Message string
			Line                int
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Findings == nil {
		return nil, false
	}
	var got []string
	for _, f := range *rep.Findings {
		got = append(got, f.File+":"+itoa(f.Line)+": "+f.Rule+": "+f.Message)
	}
	return got, true
}

// copyTree copies the folder src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	files := sitetest.Tree(t, src)
	writeTree(t, dst, files)
}
