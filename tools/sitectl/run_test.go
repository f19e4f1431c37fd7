package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"legalcenter/internal/sitetest"
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
	good := miniSite(t, nil)
	// A port another server holds.
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	brokenLink := miniSite(t, map[string]string{"content/ko/privacy-policy.md": "+++\ntitle = \"개인정보 처리방침\"\ndescription = \"d\"\ndate = 2020-08-17\nweight = 20\n+++\n## 보존 {#data-retention}\n\nx\n\n[약관](/terms-of-service/)\n"})
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
		{"not a site", []string{"build", "-s", t.TempDir()}, exitUsage, "", "no hugo.toml", false},
		{"build", []string{"build", "-s", good}, exitOK, "built ", "", true},
		{"build error", []string{"build", "-s", bad}, exitFail, "", `content/ko/terms-of-service.md:7: error: the heading "약관" has no id`, false},
		{"json report", []string{"build", "-s", good, "-format", "json"}, exitOK, `"findings": []`, "built ", true},
		{"hugo error as annotation", []string{"build", "-s", brokenLink, "-format", "github"}, exitFail, "::error file=content/ko/privacy-policy.md,line=11,title=build::", "nothing was published", false},
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
