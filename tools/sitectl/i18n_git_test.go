package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const gitSite = hugoTOML + `
-- content/en/terms.md --
+++
title = "Terms"
+++
## Fees {#fees}
We bill every 30 days.

## Data {#data}
We keep data for one year.

## Law {#law}
Korean law applies.
-- content/ko/terms.md --
+++
title = "약관"
+++
## 요금 {#fees}
30일마다 청구합니다.

## 데이터 {#data}
데이터를 1년간 보관합니다.

## 준거법 {#law}
대한민국 법이 적용됩니다.
-- i18n/en.toml --
read_more = "Read more"
contact = "Contact us"
-- i18n/ko.toml --
read_more = "더 보기"
contact = "문의하기"
`

// git runs git in dir, failing the test on an error.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"} {
		t.Setenv(k, "Translator")
	}
	for _, k := range []string{"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"} {
		t.Setenv(k, "translator@example.com")
	}
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir := t.TempDir()
	writeArchive(t, dir, gitSite)
	git(t, dir, "init", "-q")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-qm", "translate")
	return dir
}

func replaceIn(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(file, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

type step struct {
	args   []string
	code   int
	stdout []string // each in stdout
	stderr []string // each in stderr
	not    []string // none in stdout
}

func runSteps(t *testing.T, steps []step) {
	t.Helper()
	for _, s := range steps {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), s.args, &stdout, &stderr)
		bad := code != s.code
		for _, w := range s.stdout {
			bad = bad || !strings.Contains(stdout.String(), w)
		}
		for _, w := range s.stderr {
			bad = bad || !strings.Contains(stderr.String(), w)
		}
		for _, w := range s.not {
			bad = bad || strings.Contains(stdout.String(), w)
		}
		if bad {
			t.Errorf("sitectl %s: exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit %d, stdout with %q and without %q, stderr with %q",
				strings.Join(s.args, " "), code, &stdout, &stderr, s.code, s.stdout, s.not, s.stderr)
		}
	}
}

// TestStampSelected is a translator's round: English edits to two
// sections and a key make exactly those stale; diff shows the English
// before and after; stamping one section leaves the other stale; a
// whole-file stamp then refuses and names it, until -force.
func TestStampSelected(t *testing.T) {
	dir := gitRepo(t)
	ko := filepath.Join(dir, "content", "ko", "terms.md")
	runSteps(t, []step{
		{args: []string{"i18n", "stamp", "-root", dir, ko, "i18n/ko.toml"}, code: 0, stdout: []string{
			"stamped content/ko/terms.md: fields title, description; sections fees, data, law\n",
			"stamped i18n/ko.toml: keys contact, read_more\n"}},
	})
	// The stamp names the English it was made against, by git blob.
	blob := strings.TrimSpace(git(t, dir, "hash-object", "content/en/terms.md"))
	if b, _ := os.ReadFile(ko); !strings.Contains(string(b), "blob = \""+blob+"\"\n") {
		t.Errorf("the stamp does not record blob %s:\n%s", blob, b)
	}
	git(t, dir, "commit", "-qam", "stamp")
	en := filepath.Join(dir, "content", "en", "terms.md")
	replaceIn(t, en, "every 30 days", "every 90 days")
	replaceIn(t, en, "for one year", "for two years")
	replaceIn(t, filepath.Join(dir, "i18n", "en.toml"), "Contact us", "Write to us")
	replaceIn(t, filepath.Join(dir, "i18n", "en.toml"), `"Read more"`, `"Read more here"`)
	git(t, dir, "commit", "-qam", "English: new fees and retention")

	koTOML := filepath.Join(dir, "i18n", "ko.toml")
	runSteps(t, []step{
		{args: []string{"i18n", "-root", dir}, code: 0, stdout: []string{"re-read sections fees, data (", `"contact" changed`, `"read_more" changed`}},
		{args: []string{"i18n", "diff", "-root", dir}, code: 0, stdout: []string{
			"content/ko/terms.md: section #fees (content/en/terms.md): English as stamped (",
			"We bill every [-30-]{+90+} days.",
			"content/ko/terms.md: section #data (content/en/terms.md)",
			"We keep data for [-one year-]{+two years+}.",
			"i18n/ko.toml: key contact (i18n/en.toml)",
			"[-Contact-]{+Write to+} us",
		}, not: []string{"#law"}},
		{args: []string{"i18n", "diff", "-root", dir, "-format", "markdown", "-lang", "ko", ko}, code: 0, stdout: []string{
			"### content/ko/terms.md", "We bill every <del>30</del><ins>90</ins> days."}, not: []string{"contact"}},
		{args: []string{"i18n", "diff", "-root", dir, "-format", "html"}, code: 2, stderr: []string{`unknown format "html"`}},
	})

	// The translator translates #fees again and stamps it alone.
	replaceIn(t, ko, "30일마다", "90일마다")
	runSteps(t, []step{
		{args: []string{"i18n", "stamp", "-root", dir, "-section", "fees", ko}, code: 0, stdout: []string{"stamped content/ko/terms.md: section fees\n"}},
		{args: []string{"i18n", "-root", dir}, code: 0, stdout: []string{"re-read sections data ("}, not: []string{"fees"}},
		{args: []string{"i18n", "stamp", "-root", dir, "-section", "nope", ko}, code: 2, stderr: []string{`the English has no section "nope"`}},
		{args: []string{"i18n", "stamp", "-root", dir, "-field", "summary", ko}, code: 2, stderr: []string{"-field summary"}},
		{args: []string{"i18n", "stamp", "-root", dir, "-key", "contact", ko}, code: 2, stderr: []string{"-key stamps keys of an i18n file"}},
	})
	git(t, dir, "commit", "-qam", "ko: fees")
	runSteps(t, []step{
		{args: []string{"i18n", "stamp", "-root", dir, ko}, code: 1, stderr: []string{
			"content/ko/terms.md: not stamped", "the translation of section data is unchanged since", "sitectl i18n stamp -force content/ko/terms.md"}},
		{args: []string{"i18n", "-root", dir}, code: 0, stdout: []string{"re-read sections data ("}},
	})

	// Keys: contact is translated again, read_more is not.
	replaceIn(t, koTOML, "문의하기", "글 보내기")
	runSteps(t, []step{
		{args: []string{"i18n", "stamp", "-root", dir, koTOML}, code: 1, stderr: []string{
			"the translation of key read_more is unchanged", "to stamp only what you translated, run: sitectl i18n stamp -key contact i18n/ko.toml"}},
		{args: []string{"i18n", "stamp", "-root", dir, "-key", "contact", koTOML}, code: 0, stdout: []string{"stamped i18n/ko.toml: key contact\n"}},
		{args: []string{"i18n", "-root", dir}, code: 0, stdout: []string{`"read_more" changed`}, not: []string{`"contact" changed`}},
		{args: []string{"i18n", "stamp", "-root", dir, "-key", "nope", koTOML}, code: 2, stderr: []string{`the English has no key "nope"`}},
		{args: []string{"i18n", "stamp", "-root", dir, "-force", koTOML, ko}, code: 0, stdout: []string{"stamped i18n/ko.toml: keys contact, read_more\n", "stamped content/ko/terms.md:"}},
		{args: []string{"i18n", "-root", dir, "-strict"}, code: 0, stdout: []string{"Nothing to do."}},
		{args: []string{"i18n", "diff", "-root", dir}, code: 0, stdout: []string{"No stale translation."}},
	})
}

// TestStampShallow: in a shallow clone, and without git, stamp cannot
// check what was translated: it stamps and says why; diff says how to
// get the history.
func TestStampShallow(t *testing.T) {
	dir := gitRepo(t)
	runSteps(t, []step{{args: []string{"i18n", "stamp", "-root", dir, "content/ko/terms.md"}, code: 0}})
	git(t, dir, "commit", "-qam", "stamp")
	replaceIn(t, filepath.Join(dir, "content", "en", "terms.md"), "every 30 days", "every 90 days")
	git(t, dir, "commit", "-qam", "English: new fees")

	clone := filepath.Join(t.TempDir(), "clone")
	git(t, dir, "clone", "-q", "--depth", "1", "file://"+filepath.ToSlash(dir), clone)
	runSteps(t, []step{
		{args: []string{"i18n", "diff", "-root", clone}, code: 0, stdout: []string{
			"content/ko/terms.md: section #fees (content/en/terms.md): the English as stamped is older than this shallow clone; to see it, run: git fetch --unshallow"}},
		{args: []string{"i18n", "stamp", "-root", clone, "content/ko/terms.md"}, code: 0,
			stdout: []string{"stamped content/ko/terms.md:"}, stderr: []string{"could not check that the stale parts (section fees) were translated again, stamped anyway", "git fetch --unshallow"}},
	})

	// The same site outside any repository.
	plain := t.TempDir()
	writeArchive(t, plain, gitSite)
	runSteps(t, []step{{args: []string{"i18n", "stamp", "-root", plain, "content/ko/terms.md"}, code: 0}})
	replaceIn(t, filepath.Join(plain, "content", "en", "terms.md"), "every 30 days", "every 90 days")
	runSteps(t, []step{
		{args: []string{"i18n", "diff", "-root", plain}, code: 0, stdout: []string{"the English as stamped is unavailable: ", "not in a git repository"}},
		{args: []string{"i18n", "stamp", "-root", plain, "content/ko/terms.md"}, code: 0, stderr: []string{"stamped anyway: ", "not in a git repository"}},
	})
}
