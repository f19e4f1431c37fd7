package main

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestSitecheckSameAsCheck: the sitecheck command, built and run as a user
// runs it, writes byte for byte the report of "sitectl check" on the same
// built site, in every format, with the same exit status; its mistakes
// differ only in the command's name.
func TestSitecheckSameAsCheck(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "sitecheck")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", bin, "../sitecheck").CombinedOutput(); err != nil {
		t.Fatalf("go build ../sitecheck: %v\n%s", err, out)
	}
	// A site built by sitectl, with a broken fragment that -lenient
	// publishes anyway, and a hand-written one.
	dir := miniSite(t, map[string]string{
		"content/en/cookies-policy.md": "+++\ntitle = \"Cookies\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 120\n+++\n## Cookies {#cookies}\n\nSee [retention](/privacy-policy/#nope) and [below](#gone).\n",
	})
	built := filepath.Join(t.TempDir(), "public")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"build", "-s", dir, "-o", built, "-lenient"}, &bytes.Buffer{}, &stderr); code != exitOK {
		t.Fatalf("build: exit %d\n%s", code, stderr.String())
	}
	hand := filepath.Join(t.TempDir(), "public")
	writeTree(t, hand, map[string]string{
		"en/a/index.html": `<html lang="en"><h2 id="x">X</h2><h2 id="x">again</h2><a href="/en/b/">b</a> <a href="#y">y</a> <a href="javascript:x()">js</a>`,
		"en/b/index.html": `<html lang="en"><a href="/en/a/#x">a</a> <a href="/en/c/">c</a>`,
		"ko/a/index.html": `<html lang="ko"><a href="/ko/b/">b</a>`,
	})
	var cases [][]string
	for _, site := range []string{built, hand} {
		for _, format := range []string{"text", "json", "github", "markdown"} {
			cases = append(cases, []string{site, "-format", format})
		}
		cases = append(cases, []string{"-ignore", "#y", "-ignore-page", "en/b/*", site}, []string{site, "-baseurl", "https://legal.example.com/", "-source", "ko"})
	}
	cases = append(cases, []string{"-h"}, []string{hand, "-format", "yaml"}, []string{filepath.Join(hand, "nope")}, []string{hand, "-cache", "c.json"}, []string{hand, hand})
	findings := 0
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var wantOut, wantErr bytes.Buffer
			wantCode := run(context.Background(), append([]string{"check"}, args...), &wantOut, &wantErr)
			cmd := exec.Command(bin, args...)
			var gotOut, gotErr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &gotOut, &gotErr
			gotCode := 0
			if err := cmd.Run(); err != nil {
				var exit *exec.ExitError
				if !errors.As(err, &exit) {
					t.Fatal(err)
				}
				gotCode = exit.ExitCode()
			}
			if gotCode != wantCode {
				t.Errorf("exit %d, sitectl check's %d", gotCode, wantCode)
			}
			want := wantOut.String()
			if args[0] == "-h" { // the usage names its command
				want = strings.ReplaceAll(want, "usage: sitectl check", "usage: sitecheck")
			}
			if gotOut.String() != want {
				t.Errorf("stdout differs from sitectl check's:\n%s\nwant:\n%s", gotOut.String(), want)
			}
			if want := strings.ReplaceAll(wantErr.String(), "sitectl check", "sitecheck"); gotErr.String() != want {
				t.Errorf("stderr differs from sitectl check's:\n%s\nwant:\n%s", gotErr.String(), want)
			}
			if wantCode == exitFail {
				findings++
			}
		})
	}
	if findings < 10 {
		t.Errorf("only %d runs found errors: the sites lost their defects", findings)
	}
}
