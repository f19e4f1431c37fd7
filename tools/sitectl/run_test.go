package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"legalcenter/internal/sitetest"
	"legalcenter/site"
	"legalcenter/site/hugo"
	"legalcenter/site/l10n"
	"legalcenter/site/report"
	"legalcenter/site/treediff"
)

// miniSite writes a two-language site using the repository's layouts.
func miniSite(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	sitetest.CopyParts(t, afero.NewOsFs(), dir)
	files := map[string]string{
		"content/en/privacy-policy.md": "+++\ntitle = \"Privacy Policy\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n## Data retention {#data-retention}\n\nx\n",
		"content/ko/privacy-policy.md": "+++\ntitle = \"개인정보 처리방침\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n## 보존 {#data-retention}\n\nx\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRun(t *testing.T) {
	t.Setenv("GITHUB_STEP_SUMMARY", "") // -format github: no job summary
	good := miniSite(t, nil)
	// A port another server holds.
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	brokenLink := miniSite(t, map[string]string{"content/ko/privacy-policy.md": "+++\ntitle = \"개인정보 처리방침\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n## 보존 {#data-retention}\n\nx\n\n[약관](/terms-of-service/)\n"})
	brokenFragment := miniSite(t, map[string]string{"content/ko/privacy-policy.md": "+++\ntitle = \"개인정보 처리방침\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n## 보존 {#data-retention}\n\nx\n\n[보존](/privacy-policy/#nowhere)\n"})
	placeholder := miniSite(t, map[string]string{
		"content/en/privacy-policy.md": "+++\ntitle = \"Privacy Policy\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n## Data retention {#data-retention}\n\n{{< fact \"privacy.dpo_email\" >}}\n",
		"content/ko/privacy-policy.md": "+++\ntitle = \"개인정보 처리방침\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n## 보존 {#data-retention}\n\n{{< fact \"privacy.dpo_email\" >}}\n",
		"data/facts/privacy.toml":      "placeholders = [\"dpo_email\"]\ndpo_email = \"dpo@example.com\"\n",
	})
	bad := miniSite(t, map[string]string{"content/ko/terms-of-service.md": "+++\ntitle = \"약관\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 10\n+++\n## 약관\n"})
	for _, tc := range []struct {
		name      string
		args      []string
		code      int
		out, err  string
		publishes bool
	}{
		{"no command", nil, exitUsage, "", "usage: sitectl", false},
		{"unknown command", []string{"bulid"}, exitUsage, "", `unknown command "bulid"`, false},
		{"bad env", []string{"build", "-s", good, "-env", "staging"}, exitUsage, "", "-env must be production or preview", false},
		{"serve bad env", []string{"serve", "-s", t.TempDir(), "-env", "staging"}, exitUsage, "", "sitectl serve: -env must be production or preview", false},
		{"serve extra argument", []string{"serve", good}, exitUsage, "", `sitectl serve: unexpected argument`, false},
		{"serve port in use", []string{"serve", "-s", good, "-port", busyPort}, exitUsage, "", "sitectl serve: cannot listen on 127.0.0.1:" + busyPort + ": ", false},
		{"not a site", []string{"build", "-s", t.TempDir()}, exitUsage, "", "no site configuration (hugo.toml)", false},
		{"build", []string{"build", "-s", good}, exitOK, "built ", "", true},
		{"production", []string{"build", "-s", good, "-env", "production"}, exitOK, "built ", "", true},
		{"preview with a placeholder", []string{"build", "-s", placeholder}, exitOK, "built ", "", true},
		{"production with a placeholder", []string{"build", "-s", placeholder, "-env", "production"}, exitFail, "",
			`data/facts/privacy.toml:2: error: the fact "privacy.dpo_email" is still a placeholder (dpo@example.com), shown on 2 pages: content/en/privacy-policy.md:9, content/ko/privacy-policy.md:9;`, false},
		{"build error", []string{"build", "-s", bad}, exitFail, "", `content/ko/terms-of-service.md:7: error: the heading "약관" has no id`, false},
		{"json report", []string{"build", "-s", good, "-format", "json"}, exitOK, `"findings": []`, "built ", true},
		{"hugo error as annotation", []string{"build", "-s", brokenLink, "-format", "github"}, exitFail, "::error file=content/ko/privacy-policy.md,line=11,title=build::", "nothing was published", false},
		// -lenient waives the link check's errors only.
		{"lenient: link check error", []string{"build", "-s", brokenFragment, "-lenient"}, exitOK, "built ", "[missing-fragment]", true},
		{"lenient: content check error", []string{"build", "-s", bad, "-lenient"}, exitFail, "", "[heading-id]", false},
		{"lenient: template error", []string{"build", "-s", brokenLink, "-lenient"}, exitFail, "", "points to a page that does not exist", false},
		{"bad baseurl", []string{"build", "-s", good, "-baseurl", "notaurl"}, exitUsage, "", "-baseurl must be an absolute http(s) URL", false},
		{"output over the sources", []string{"build", "-s", good, "-o", filepath.Join(good, "content")}, exitUsage, "", "is inside the site's content/ folder", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			args := tc.args
			if len(args) > 0 && args[0] == "build" && !slices.Contains(args, "-o") {
				args = append(args, "-o", out)
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, &stdout, &stderr)
			}
			if !strings.Contains(stdout.String(), tc.out) || !strings.Contains(stderr.String(), tc.err) {
				t.Errorf("stdout %q want %q\nstderr %q want %q", &stdout, tc.out, &stderr, tc.err)
			}
			if slices.Contains(args, "json") && !json.Valid(stdout.Bytes()) {
				t.Errorf("-format json wrote something else than one JSON document:\n%s", &stdout)
			}
			_, err := os.Stat(filepath.Join(out, "ko", "privacy-policy", "index.html"))
			if published := err == nil; published != tc.publishes {
				t.Errorf("published = %v, want %v", published, tc.publishes)
			}
		})
	}
}

// TestStepSummary: with -format github, in a GitHub Actions step (the
// job summary's file in GITHUB_STEP_SUMMARY), build and i18n append their
// Markdown report to the job summary, which lists every finding whatever
// number of annotations GitHub shows; other formats, or no file, leave it.
func TestStepSummary(t *testing.T) {
	good := miniSite(t, nil)
	brokenLink := miniSite(t, map[string]string{"content/ko/privacy-policy.md": "+++\ntitle = \"개인정보 처리방침\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n## 보존 {#data-retention}\n\nx\n\n[약관](/terms-of-service/)\n"})
	const before = "### Earlier step\n\n"
	for _, tc := range []struct {
		name   string
		args   []string
		noEnv  bool
		code   int
		want   []string // in the summary file, after what an earlier step wrote
		wantNo []string
	}{
		{"build fails", []string{"build", "-s", brokenLink, "-format", "github"}, false, exitFail,
			[]string{"### Build: 1 error, 0 warnings", "- **error** `content/ko/privacy-policy.md:11` build: ", "**The build failed**: nothing was published."}, nil},
		{"build passes", []string{"build", "-s", good, "-format", "github"}, false, exitOK,
			[]string{"### Build: 0 errors, 0 warnings in ", "No problems found.", "Published into `"}, []string{"failed"}},
		{"i18n", []string{"i18n", "-s", good, "-format", "github"}, false, exitOK,
			[]string{"### Translation status: 0 errors, 5 warnings\n\nSource `en`: 1 document", "| `ko` | 1/1 |"}, nil},
		{"build, other format", []string{"build", "-s", brokenLink, "-format", "json"}, false, exitFail, nil, []string{"###"}},
		{"i18n, other format", []string{"i18n", "-s", good, "-format", "markdown"}, false, exitOK, nil, []string{"###"}},
		{"no summary file", []string{"build", "-s", brokenLink, "-format", "github"}, true, exitFail, nil, []string{"###"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "summary.md")
			if err := os.WriteFile(file, []byte(before), 0o644); err != nil {
				t.Fatal(err)
			}
			env := file
			if tc.noEnv {
				env = ""
			}
			t.Setenv("GITHUB_STEP_SUMMARY", env)
			args := tc.args
			if args[0] == "build" {
				args = append(slices.Clone(args), "-o", filepath.Join(t.TempDir(), "public"))
			}
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), args, &stdout, &stderr); code != tc.code {
				t.Errorf("exit %d, want %d\nstderr: %s", code, tc.code, &stderr)
			}
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			summary, ok := strings.CutPrefix(string(b), before)
			if !ok {
				t.Fatalf("the summary lost what an earlier step wrote:\n%s", b)
			}
			for _, w := range tc.want {
				if !strings.Contains(summary, w) {
					t.Errorf("no %q in the job summary:\n%s", w, summary)
				}
			}
			for _, w := range tc.wantNo {
				if strings.Contains(summary, w) {
					t.Errorf("%q in the job summary:\n%s", w, summary)
				}
			}
		})
	}
}

// TestUsage: every command's -h, -help and "sitectl help COMMAND" print the
// same usage on stdout and exit 0: a synopsis, what the command does, and
// every flag with its description.
func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		cmd      []string
		synopsis string
		flags    []string // as the usage lists them, in order
		has      []string // more the usage must say
	}{
		{[]string{"build"}, "[flags]", []string{"-baseurl URL", "-env name", "-format format", "-fresh", "-lenient", "-o folder", "-s, -root folder"},
			[]string{"(default preview)", "or production (fails while the content shows a placeholder fact)", "text, json, github, markdown",
				// What -lenient waives, and what it does not.
				"publish, and exit 0, even when the link check", "of Hugo's templates", "still fail the build"}},
		{[]string{"serve"}, "[flags]", []string{"-env name", "-port port", "-s, -root folder"}, []string{"(default 1313)", "(default preview)"}},
		{[]string{"check"}, "[flags] [DIR]", []string{"-baseurl URL", "-cache file", "-cache-age duration", "-concurrency int", "-config file", "-format format",
			"-ignore pattern", "-ignore-page pattern", "-layouts folder", "-max-page-size bytes", "-netlify file", "-online", "-per-host int", "-rule name=level", "-source language", "-timeout duration"}, []string{"(default 20s)"}},
		{[]string{"diff"}, "[flags] OLD NEW", []string{"-baseurl URL", "-format format", "-max-page-size bytes", "-strict"}, []string{"text, json, markdown (default text)"}},
		{[]string{"i18n"}, "[flags]", []string{"-base REV", "-format format", "-lang languages", "-s, -root folder", "-status-url URL", "-strict"},
			[]string{"markdown (a pull-request comment)", "or data (each translated page's status", "report the translation backlog as errors, and so exit 1 on it", "never fail", "comma-separated (ko,ja)"}},
		{[]string{"i18n", "stamp"}, "[flags] FILE...", []string{"-field field", "-force", "-key key", "-s, -root folder", "-section id"},
			[]string{"the site's source folder, the one holding hugo.toml", "(repeatable)", "refuses (exit 1)"}},
		{[]string{"i18n", "diff"}, "[flags] [FILE...]", []string{"-format format", "-lang languages", "-s, -root folder"},
			[]string{"(default text)", "git fetch --unshallow", "<del> and <ins>"}},
	} {
		name := strings.Join(tc.cmd, " ")
		var first string
		for _, args := range [][]string{append(slices.Clone(tc.cmd), "-h"), append(slices.Clone(tc.cmd), "-help"), append([]string{"help"}, tc.cmd...)} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				var stdout, stderr bytes.Buffer
				if code := run(context.Background(), args, &stdout, &stderr); code != exitOK || stderr.Len() > 0 {
					t.Fatalf("exit %d, stderr %q; want 0 and nothing on stderr", code, &stderr)
				}
				out := stdout.String()
				if first == "" {
					first = out
				} else if out != first {
					t.Errorf("usage differs from %q's:\n%s\nwant\n%s", tc.cmd, out, first)
				}
				// usage: LINE, blank, what it does, blank, flags: then
				// each flag with its description indented below it.
				lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
				if want := "usage: sitectl " + name + " " + tc.synopsis; lines[0] != want || lines[1] != "" || lines[2] == "" {
					t.Fatalf("usage starts\n%s\nwant %q, a blank line, then what it does", strings.Join(lines[:3], "\n"), want)
				}
				i := slices.Index(lines, "flags:")
				if i < 0 || lines[i-1] != "" {
					t.Fatalf("no flags: section after a blank line:\n%s", out)
				}
				var flags []string
				for _, l := range lines[i+1:] {
					switch {
					case strings.HasPrefix(l, "  -"):
						flags = append(flags, strings.TrimSpace(l))
					case strings.HasPrefix(l, "      ") && len(flags) > 0:
					default:
						t.Errorf("stray line %q in\n%s", l, out)
					}
				}
				if !slices.Equal(flags, tc.flags) {
					t.Errorf("flags %q, want %q", flags, tc.flags)
				}
				for j, l := range lines[i+1:] {
					if strings.HasPrefix(l, "  -") && (i+2+j >= len(lines) || !strings.HasPrefix(lines[i+2+j], "      ")) {
						t.Errorf("flag %s has no description", l)
					}
				}
				for _, h := range tc.has {
					if !strings.Contains(strings.Join(strings.Fields(out), " "), h) {
						t.Errorf("usage lacks %q:\n%s", h, out)
					}
				}
			})
		}
	}
}

// TestCommandLineMistakes: a wrong flag or argument is one line naming it,
// then where the usage is, on stderr, and exit 2.
func TestCommandLineMistakes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		err  string // the whole of stderr
	}{
		{[]string{"build", "-x"}, "sitectl build: flag provided but not defined: -x\nrun 'sitectl build -h' for usage\n"},
		{[]string{"build", "extra"}, "sitectl build: unexpected argument \"extra\"\nrun 'sitectl build -h' for usage\n"},
		{[]string{"build", "-o"}, "sitectl build: flag needs an argument: -o\nrun 'sitectl build -h' for usage\n"},
		{[]string{"build", "-format", "xml"}, "sitectl build: -format must be one of text, json, github, markdown, not \"xml\"\nrun 'sitectl build -h' for usage\n"},
		{[]string{"serve", "-x"}, "sitectl serve: flag provided but not defined: -x\nrun 'sitectl serve -h' for usage\n"},
		{[]string{"serve", "-port", "x"}, "sitectl serve: invalid value \"x\" for flag -port: parse error\nrun 'sitectl serve -h' for usage\n"},
		{[]string{"serve", "-port", "70000"}, "sitectl serve: -port must be between 1 and 65535, not 70000\nrun 'sitectl serve -h' for usage\n"},
		{[]string{"check", "-x"}, "sitectl check: flag provided but not defined: -x\nrun 'sitectl check -h' for usage\n"},
		{[]string{"check", "a", "b"}, "sitectl check: one site folder, not 2: unexpected argument \"b\"\nrun 'sitectl check -h' for usage\n"},
		{[]string{"diff", "-x"}, "sitectl diff: flag provided but not defined: -x\nrun 'sitectl diff -h' for usage\n"},
		{[]string{"diff", "old"}, "sitectl diff: want two site folders, OLD and NEW, not 1\nrun 'sitectl diff -h' for usage\n"},
		{[]string{"i18n", "-x"}, "sitectl i18n: flag provided but not defined: -x\nrun 'sitectl i18n -h' for usage\n"},
		{[]string{"i18n", "extra"}, "sitectl i18n: unexpected argument \"extra\"\nrun 'sitectl i18n -h' for usage\n"},
		{[]string{"i18n", "-format", "yaml"}, "sitectl i18n: unknown format \"yaml\" (want text, json, github, markdown or data)\nrun 'sitectl i18n -h' for usage\n"},
		{[]string{"i18n", "stamp", "-x"}, "sitectl i18n stamp: flag provided but not defined: -x\nrun 'sitectl i18n stamp -h' for usage\n"},
		{[]string{"i18n", "stamp"}, "sitectl i18n stamp: no FILE to stamp\nrun 'sitectl i18n stamp -h' for usage\n"},
		{[]string{"help", "nosuch"}, "sitectl help: unknown command \"nosuch\" (commands: build, check, diff, i18n, serve, version)\nrun 'sitectl help' for usage\n"},
		{[]string{"help", "build", "extra"}, "sitectl help: unexpected argument \"extra\"\nrun 'sitectl help' for usage\n"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tc.args, &stdout, &stderr)
			if code != exitUsage || stdout.Len() > 0 || stderr.String() != tc.err {
				t.Errorf("exit %d, stdout %q, stderr\n%s\nwant exit 2, nothing on stdout, stderr\n%s", code, &stdout, &stderr, tc.err)
			}
		})
	}
}

// TestSiteFlag: -s names the site folder in every command that reads the
// site, and -root, i18n's old spelling, still works everywhere.
func TestSiteFlag(t *testing.T) {
	dir := miniSite(t, nil)
	nowhere := filepath.Join(t.TempDir(), "nowhere")
	for _, tc := range []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"i18n", "-s", dir}, exitOK, "Translation status: source en", ""},
		{[]string{"i18n", "-root", dir}, exitOK, "Translation status: source en", ""},
		{[]string{"i18n", "-s", nowhere}, exitUsage, "", "sitectl i18n: no site configuration (hugo.toml) in " + nowhere + ": run in the site's folder, or give it with -s\n"},
		{[]string{"i18n", "stamp", "-s", dir, "content/ko/privacy-policy.md"}, exitOK, "stamped content/ko/privacy-policy.md: fields title, description; section data-retention\n", ""},
		{[]string{"i18n", "stamp", "-root", dir, "content/ko/privacy-policy.md"}, exitOK, "stamped content/ko/privacy-policy.md: fields title, description; section data-retention\n", ""},
		{[]string{"build", "-root", nowhere}, exitUsage, "", "sitectl build: no site configuration (hugo.toml) in " + nowhere + ": run in the site's folder, or give it with -s\n"},
		{[]string{"serve", "-root", nowhere}, exitUsage, "", "sitectl serve: no site configuration (hugo.toml) in " + nowhere + ": run in the site's folder, or give it with -s\n"},
		{[]string{"build", "-root", dir, "-o", filepath.Join(t.TempDir(), "public")}, exitOK, "built ", ""},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tc.args, &stdout, &stderr)
			if code != tc.code || !strings.Contains(stdout.String(), tc.out) || (tc.err != "" && stderr.String() != tc.err) {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d, stdout with %q, stderr %q", code, &stdout, &stderr, tc.code, tc.out, tc.err)
			}
		})
	}
}

// TestREADMECommands: README's table of commands lists every flag of each
// command, and every report format.
func TestREADMECommands(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{} // command -> its row
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "| `sitectl "); ok {
			name := strings.Fields(rest)[0]
			for _, sub := range []string{"i18n stamp", "i18n diff", "i18n scaffold"} {
				if strings.HasPrefix(rest, sub) {
					name = sub
				}
			}
			rows[name] = line
		}
	}
	formats := map[string][]string{
		"build": report.Formats, "check": report.Formats, "diff": treediff.Formats,
		"i18n": append(slices.Clone(report.Formats), "data"), "i18n diff": {"text", "markdown"},
	}
	for _, name := range []string{"build", "check", "diff", "i18n", "i18n stamp", "i18n diff", "i18n scaffold", "serve"} {
		row, ok := rows[name]
		if !ok {
			t.Errorf("README has no row for sitectl %s", name)
			continue
		}
		var stdout bytes.Buffer
		run(context.Background(), append(strings.Fields(name), "-h"), &stdout, io.Discard)
		for _, line := range strings.Split(stdout.String(), "\n") {
			if !strings.HasPrefix(line, "  -") {
				continue
			}
			flag := strings.TrimSuffix(strings.Fields(line)[0], ",")
			if !regexp.MustCompile(regexp.QuoteMeta(flag) + `\b`).MatchString(row) {
				t.Errorf("README's row for sitectl %s lacks %s", name, flag)
			}
		}
		for _, f := range formats[name] {
			if !strings.Contains(row, f) {
				t.Errorf("README's row for sitectl %s lacks -format %s", name, f)
			}
		}
	}
}

// TestLang: "i18n -lang" limits every format, and -strict, to the languages
// it names; each keeps its own progress row.
func TestLang(t *testing.T) {
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	// The repository's languages; ko is translated, ja, zh-cn, pt-br and
	// id are not; no i18n keys.
	dir := t.TempDir()
	sitetest.CopyParts(t, afero.NewOsFs(), dir)
	for _, part := range sitetest.Parts[1:] {
		if err := os.RemoveAll(filepath.Join(dir, part)); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"content/en/privacy-policy.md", "content/ko/privacy-policy.md"} {
		b, err := os.ReadFile(filepath.Join(miniSite(t, nil), f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code := run(context.Background(), []string{"i18n", "stamp", "-s", dir, "content/ko/privacy-policy.md"}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("stamp: exit %d", code)
	}
	for _, tc := range []struct {
		args    []string
		code    int
		has     []string // in stdout, or in stderr when code is 2
		hasNot  []string
		jsonLan []string // with -format json, the languages of rows, pages and findings
	}{
		{[]string{"-lang", "ko"}, exitOK, []string{"Translation status: source en, 1 document, 0 i18n keys\n", "Languages shown: ko only (-lang), of ko, ja, zh-cn, pt-br, id\n", "\nko    1/1 ", "Nothing to do."}, []string{"\nja ", "not translated"}, nil},
		{[]string{"-lang", "ko", "-strict"}, exitOK, nil, nil, nil},
		{[]string{"-strict"}, exitFail, []string{"\nja     0/1 "}, []string{"Languages shown"}, nil},
		{[]string{"-lang", "ja,ID", "-strict"}, exitFail, []string{"Languages shown: ja, id only (-lang), of ko, ja, zh-cn, pt-br, id\n", "\nja    0/1 ", "\nid    0/1 ", "content/en/privacy-policy.md: error: not translated into ja yet, 6 words (content/ja/privacy-policy.md does not exist) [missing]"}, []string{"\nko ", "\nzh-cn ", "into pt-br"}, nil},
		{[]string{"-lang", "ko,ja,zh-cn,pt-br,id"}, exitOK, []string{"\nko     1/1 ", "\nid     0/1 "}, []string{"Languages shown"}, nil},
		{[]string{"-lang", "ja", "-format", "markdown"}, exitOK, []string{"Source `en`: 1 document, 0 i18n keys.", "Languages shown: `ja` only, of `ko`, `ja`, `zh-cn`, `pt-br`, `id`.", "| `ja` | 0/1 |", "`content/en/privacy-policy.md` missing: not translated into ja yet"}, []string{"| `ko` |", "into id yet"}, nil},
		// A missing page is annotated on its English source, as a warning
		// unless -strict fails on it.
		{[]string{"-lang", "ja", "-format", "github"}, exitOK, []string{"::warning file=content/en/privacy-policy.md,title=missing::not translated into ja yet, 6 words (content/ja/privacy-policy.md does not exist)\n", "ja: 0% done"}, []string{"ko: ", "content/id/", "::error"}, nil},
		{[]string{"-lang", "ja", "-format", "github", "-strict"}, exitFail, []string{"::error file=content/en/privacy-policy.md,title=missing::not translated into ja yet, 6 words"}, []string{"::warning"}, nil},
		{[]string{"-lang", "ko", "-format", "data"}, exitOK, []string{`"ko/privacy-policy.md": {`}, nil, nil},
		{[]string{"-lang", "id", "-format", "json"}, exitOK, []string{`"documents": 1`}, nil, []string{"id"}},
		{[]string{"-lang", "kr"}, exitUsage, []string{"sitectl i18n: -lang: unknown language \"kr\"; the site's translation languages are ko, ja, zh-cn, pt-br, id\nrun 'sitectl i18n -h' for usage\n"}, nil, nil},
		{[]string{"-lang", "en"}, exitUsage, []string{"sitectl i18n: -lang en: en is the source language; the translation languages are ko, ja, zh-cn, pt-br, id\n"}, nil, nil},
		{[]string{"-lang", ""}, exitUsage, []string{"sitectl i18n: -lang names no language"}, nil, nil},
		{[]string{"ko"}, exitUsage, []string{"sitectl i18n: unexpected argument \"ko\" (to report on ko only: -lang ko)\nrun 'sitectl i18n -h' for usage\n"}, nil, nil},
	} {
		args := append([]string{"i18n", "-s", dir}, tc.args...)
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr)
			out := stdout.String()
			if tc.code == exitUsage {
				out = stderr.String()
			}
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, &stdout, &stderr)
			}
			for _, h := range tc.has {
				if !strings.Contains(out, h) {
					t.Errorf("no %q in\n%s", h, out)
				}
			}
			for _, h := range tc.hasNot {
				if strings.Contains(out, h) {
					t.Errorf("%q in\n%s", h, out)
				}
			}
			if tc.jsonLan != nil {
				var r l10n.Report
				if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
					t.Fatal(err)
				}
				langs := map[string]bool{}
				for _, p := range r.Languages {
					langs[p.Lang] = true
				}
				for _, p := range r.Pages {
					langs[p.Lang] = true
				}
				for _, f := range r.Findings {
					langs[f.Lang] = true
				}
				if got := slices.Sorted(maps.Keys(langs)); !slices.Equal(got, tc.jsonLan) {
					t.Errorf("-format json: languages %q, want %q", got, tc.jsonLan)
				}
			}
		})
	}
}

// TestFromSubfolder: without -s, a command finds the site in the working
// folder or the nearest one above it that holds hugo.toml; FILE arguments
// are still taken from the working folder, and reports name files from the
// site's folder.
func TestFromSubfolder(t *testing.T) {
	dir := miniSite(t, nil)
	ko := filepath.Join(dir, "content", "ko")
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	for _, tc := range []struct {
		wd       string // the working folder
		args     []string
		code     int
		out, err string
	}{
		{ko, []string{"i18n"}, exitOK, "content/ko/privacy-policy.md: warning: not stamped", ""},
		{ko, []string{"i18n", "-lang", "ko", "-strict"}, exitFail, "Languages shown: ko only", ""},
		{ko, []string{"i18n", "stamp", "privacy-policy.md"}, exitOK, "stamped content/ko/privacy-policy.md: fields title, description; section data-retention\n", ""},
		{ko, []string{"i18n", "stamp", "content/ko/privacy-policy.md"}, exitOK, "stamped content/ko/privacy-policy.md: fields title, description; section data-retention\n", ""},
		{ko, []string{"i18n", "stamp", "nowhere.md"}, exitUsage, "", "sitectl i18n stamp: nowhere.md: no such file in ../..\n"},
		{ko, []string{"i18n", "-lang", "ko", "-strict"}, exitOK, "Nothing to do.", ""},
		{filepath.Join(dir, "i18n"), []string{"i18n", "-s", ".."}, exitOK, "Translation status: source en", ""},
		{filepath.Join(dir, "content"), []string{"serve", "-port", busyPort}, exitUsage, "", "sitectl serve: cannot listen on 127.0.0.1:" + busyPort},
		{ko, []string{"build"}, exitOK, " into ../../public\n", ""},
		{t.TempDir(), []string{"i18n"}, exitUsage, "", " or any folder above it: run in the site's folder, or give it with -s\n"},
		{t.TempDir(), []string{"build"}, exitUsage, "", " or any folder above it: run in the site's folder, or give it with -s\n"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Chdir(tc.wd)
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tc.args, &stdout, &stderr)
			if code != tc.code || !strings.Contains(stdout.String(), tc.out) || !strings.Contains(stderr.String(), tc.err) {
				t.Errorf("in %s: exit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d, stdout with %q, stderr with %q", tc.wd, code, &stdout, &stderr, tc.code, tc.out, tc.err)
			}
		})
	}
	if b, err := os.ReadFile(filepath.Join(ko, "privacy-policy.md")); err != nil || !strings.Contains(string(b), "[params.source]") {
		t.Errorf("content/ko/privacy-policy.md is not stamped (%v):\n%s", err, b)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "ko", "privacy-policy", "index.html")); err != nil {
		t.Errorf("the build from content/ko did not publish into the site's public/: %v", err)
	}
}

// TestSummary: the build's summary counts pages in the singular and plural.
func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		langs []string
		want  string
	}{
		{[]string{"en"}, "built 1 page (en 1) into public\n"},
		{[]string{"en", "ko"}, "built 2 pages (en 1, ko 1) into public\n"},
		{[]string{"en", "en", "ko"}, "built 3 pages (en 2, ko 1) into public\n"},
	} {
		res := &site.Result{}
		for _, l := range tc.langs {
			res.Pages = append(res.Pages, hugo.Page{Lang: l})
		}
		var b bytes.Buffer
		summary(&b, res, "public", time.Second)
		if line, _, _ := strings.Cut(b.String(), "\n"); line+"\n" != tc.want {
			t.Errorf("summary of %q: %q, want %q", tc.langs, line+"\n", tc.want)
		}
	}
	// What the build took from its caches, as the build before left it,
	// is counted, when there is any.
	for _, tc := range []struct {
		files, unchanged, pages, same int
		want                          string
	}{
		{150, 149, 426, 420, "unchanged since the last build: 149 of 150 content files (their findings kept), 420 of 426 pages (minified as then)\n"},
		{150, 0, 426, 3, "unchanged since the last build: 0 of 150 content files (their findings kept), 3 of 426 pages (minified as then)\n"},
		{150, 0, 426, 0, ""},
	} {
		res := &site.Result{}
		res.Content.Files, res.Content.Unchanged = tc.files, tc.unchanged
		res.Minified.Pages, res.Minified.Unchanged = tc.pages, tc.same
		var b bytes.Buffer
		summary(&b, res, "public", time.Second)
		if _, got, _ := strings.Cut(b.String(), "total 1s\n"); got != tc.want {
			t.Errorf("summary of %+v: %q, want %q", tc, got, tc.want)
		}
	}
}

// TestConfigError: a mistake in hugo.toml fails every command that reads
// the site, with its file and line, before anything is built or written.
func TestConfigError(t *testing.T) {
	conf, err := os.ReadFile(filepath.Join(sitetest.Repo(), "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Count(string(conf), "\n") + 2
	dir := miniSite(t, map[string]string{"hugo.toml": string(conf) + "\nweight = = 7\n"})
	for _, args := range [][]string{
		{"build", "-s", dir, "-o", filepath.Join(t.TempDir(), "public")},
		{"i18n", "-s", dir},
		{"i18n", "stamp", "-s", dir, "content/ko/privacy-policy.md"},
		{"serve", "-s", dir},
	} {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr)
			want := fmt.Sprintf("hugo.toml:%d:", line)
			if code != exitFail || !strings.Contains(stderr.String(), want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, &stderr, exitFail, want)
			}
		})
	}
}
