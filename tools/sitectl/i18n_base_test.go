package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestStatusSinceBase: compared with the base of a pull request (-base),
// the translation status lists what the change made stale, lists what it
// fixed, and folds the backlog it found into one line linking to the
// status page; -strict fails on the new work only.
func TestStatusSinceBase(t *testing.T) {
	dir := gitRepo(t)
	runSteps(t, []step{{args: []string{"i18n", "stamp", "-root", dir, "content/ko/terms.md", "i18n/ko.toml"}, code: 0}})
	git(t, dir, "commit", "-qam", "stamp")
	// The base's backlog: the English #law and "Read more" changed, and a
	// key Korean does not have.
	replaceIn(t, filepath.Join(dir, "content", "en", "terms.md"), "Korean law applies.", "The law of Korea applies.")
	en := filepath.Join(dir, "i18n", "en.toml")
	replaceIn(t, en, `"Read more"`, `"Read more here"`)
	b, _ := os.ReadFile(en)
	if err := os.WriteFile(en, append(b, "privacy = \"Privacy\"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "commit", "-qam", "English edits")
	git(t, dir, "tag", "base")
	// The change: it edits the English #fees and "Contact us", and
	// translates "Read more" again.
	replaceIn(t, filepath.Join(dir, "content", "en", "terms.md"), "every 30 days", "every 90 days")
	replaceIn(t, en, "Contact us", "Write to us")
	replaceIn(t, filepath.Join(dir, "i18n", "ko.toml"), "더 보기", "더 자세히 보기")
	runSteps(t, []step{{args: []string{"i18n", "stamp", "-root", dir, "-key", "read_more", "i18n/ko.toml"}, code: 0}})
	git(t, dir, "commit", "-qam", "change")

	const status = "https://preview.example/en/translation-status/"
	runSteps(t, []step{
		{args: []string{"i18n", "-root", dir, "-base", "base", "-status-url", status, "-format", "markdown"}, code: 0, stdout: []string{
			"Compared with `base`",
			"<details><summary>Fixed by this change: 1 finding</summary>",
			"- `stale-key` i18n/ko.toml `read_more`\n",
			"Backlog from before this change, unchanged: 1 finding (ko); see the [translators' status page](" + status + ").",
			"re-read sections fees, law (", `"contact" changed`,
		}, not: []string{"missing-key", "| Language |"}},
		{args: []string{"i18n", "-root", dir, "-base", "base", "-format", "github"}, code: 0, stdout: []string{
			"::warning file=content/ko/terms.md", "::warning file=i18n/ko.toml,line=2,title=stale-key"}, not: []string{"privacy"}},
		{args: []string{"i18n", "-root", dir, "-base", "base", "-format", "json"}, code: 0, stdout: []string{`"since": {`, `"base": "base"`, `"backlog": 1`}},
		{args: []string{"i18n", "-root", dir, "-base", "base", "-strict"}, code: 1, stdout: []string{
			"Fixed by this change (1):\n  i18n/ko.toml: read_more [stale-key]\n", "Backlog from before this change, unchanged: 1 finding (ko); sitectl i18n lists it."}},
		// Nothing changed since HEAD: nothing new, even with -strict.
		{args: []string{"i18n", "-root", dir, "-base", "HEAD", "-strict", "-format", "markdown"}, code: 0, stdout: []string{
			"Translation status: Nothing new to do.", "Backlog from before this change, unchanged: 3 findings (ko)"}},
		{args: []string{"i18n", "-root", dir, "-base", "nope"}, code: 2, stderr: []string{"-base nope: nope is not a commit of this repository"}},
		{args: []string{"i18n", "-root", dir, "-status-url", status}, code: 2, stderr: []string{"-status-url needs -base"}},
	})
}

// TestStatusSeveritySame: in a pull request's translation status, each
// finding has the same level in its annotation and in the job summary, and
// the two list the same findings.
func TestStatusSeveritySame(t *testing.T) {
	dir := gitRepo(t)
	runSteps(t, []step{{args: []string{"i18n", "stamp", "-root", dir, "content/ko/terms.md", "i18n/ko.toml"}, code: 0}})
	git(t, dir, "commit", "-qam", "stamp")
	replaceIn(t, filepath.Join(dir, "content", "en", "terms.md"), "every 30 days", "every 90 days")
	replaceIn(t, filepath.Join(dir, "i18n", "ko.toml"), "더 보기", "{{ .Count }}개 더 보기") // a placeholder the English lacks: an error
	git(t, dir, "commit", "-qam", "change")
	summary := filepath.Join(t.TempDir(), "summary.md")
	t.Setenv("GITHUB_STEP_SUMMARY", summary)
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"i18n", "-root", dir, "-base", "HEAD^1", "-format", "github"}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1 (a placeholder error)\n%s%s", code, &stdout, &stderr)
	}
	md, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	annotation := regexp.MustCompile(`(?m)^::(error|warning|notice) file=([^,]+)(?:,line=(\d+))?,title=([^:]+)::`)
	listed := regexp.MustCompile("(?m)^- \\*\\*(error|warning|notice)\\*\\* `([^`:]+)(?::(\\d+))?` ([a-z-]+):")
	var got, want []string
	for _, m := range annotation.FindAllStringSubmatch(stdout.String(), -1) {
		got = append(got, strings.Join(m[1:], " "))
	}
	for _, m := range listed.FindAllStringSubmatch(string(md), -1) {
		want = append(want, strings.Join(m[1:], " "))
	}
	slices.Sort(got)
	slices.Sort(want)
	if len(got) < 2 || !slices.Equal(got, want) {
		t.Errorf("annotations (level file line rule):\n  %s\njob summary:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestStatusBaseSubfolder: -base reads the site's own folder at the
// revision when the site is a subfolder of its repository, and in a clone
// too shallow to hold the revision it says how to fetch it.
func TestStatusBaseSubfolder(t *testing.T) {
	repo := gitRepo(t) // the site at the root; moved into site/ below
	site := filepath.Join(repo, "site")
	if err := os.Mkdir(site, 0o755); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "mv", "content", "i18n", "hugo.toml", "site/")
	git(t, repo, "commit", "-qm", "the site moves into a folder")
	git(t, repo, "tag", "base")
	replaceIn(t, filepath.Join(site, "content", "en", "terms.md"), "every 30 days", "every 90 days")
	git(t, repo, "commit", "-qam", "English: fees")
	runSteps(t, []step{
		{args: []string{"i18n", "-root", site, "-base", "base", "-format", "markdown"}, code: 0, stdout: []string{
			"Compared with `base`", "Backlog from before this change, unchanged: 3 findings (ko)"}, not: []string{"unstamped"}},
	})
	clone := filepath.Join(t.TempDir(), "clone")
	git(t, repo, "clone", "-q", "--depth", "1", "file://"+filepath.ToSlash(repo), clone)
	runSteps(t, []step{
		{args: []string{"i18n", "-root", filepath.Join(clone, "site"), "-base", "HEAD^1"}, code: 2, stderr: []string{
			"-base HEAD^1: HEAD^1 is not a commit of this repository; the clone is shallow", "fetch-depth: 2"}},
	})
}
