package main

import (
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"legalcenter/internal/sitetest"
)

// BenchmarkServeEdit times "sitectl serve" on a copy of the real site from
// a translator's edit (one paragraph of a Korean document, saved to disk)
// to the page the server answers showing it: what a browser shows once
// Hugo's live reload fires. Each op is one edit; ns/op is the time to
// see it, and p50-ms and max-ms the median and the slowest. Between edits
// the server settles (the translation status follows each edit).
//
//	go test -run '^$' -bench ServeEdit ./tools/sitectl/
func BenchmarkServeEdit(b *testing.B) {
	dir := b.TempDir()
	copyRepo(b, dir)
	doc := filepath.Join(dir, "content", "ko", "privacy-policy.md")
	src, err := os.ReadFile(doc)
	if err != nil {
		b.Fatal(err)
	}
	const para = "당사는 법령상 더 오래 보관하여야"
	if !strings.Contains(string(src), para) {
		b.Fatalf("%s has no paragraph %q to edit", doc, para)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()

	var out syncBuffer
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), runEnv+"="+strings.Join([]string{"serve", "-s", dir, "-port", port}, "\x1f"))
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	defer func() {
		cmd.Process.Kill()
		<-done
	}()

	client := &http.Client{Timeout: 10 * time.Second}
	page := "http://127.0.0.1:" + port + "/ko/privacy-policy/"
	// shows polls the page until it holds want, every 5 ms.
	shows := func(want string, limit time.Duration) {
		deadline := time.Now().Add(limit)
		for time.Now().Before(deadline) {
			select {
			case <-done:
				b.Fatalf("serve exited:\n%s", out.String())
			default:
			}
			if resp, err := client.Get(page); err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK && strings.Contains(string(body), want) {
					return
				}
			}
			time.Sleep(5 * time.Millisecond)
		}
		b.Fatalf("%s never showed %q; output:\n%s", page, want, out.String())
	}
	shows(para, 5*time.Minute)
	time.Sleep(3 * time.Second) // the first translation status, and Hugo's rebuild for it

	var took []time.Duration
	n := 0
	for b.Loop() {
		n++
		mark := "편집" + strconv.Itoa(n) + "번"
		edited := strings.Replace(string(src), para, mark+" "+para, 1)
		start := time.Now()
		if err := os.WriteFile(doc, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		shows(mark, time.Minute)
		took = append(took, time.Since(start))
		b.StopTimer()
		time.Sleep(2 * time.Second) // the status follows; the next edit starts from a quiet server
		b.StartTimer()
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "max-ms")
}

// copyRepo copies the repository's site (configuration, content, layouts,
// strings, data, assets, static files) into dir.
func copyRepo(b *testing.B, dir string) {
	repo := sitetest.Repo()
	for _, part := range []string{"hugo.toml", "content", "layouts", "i18n", "data", "assets", "static", "archetypes"} {
		err := filepath.WalkDir(filepath.Join(repo, part), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				if os.IsNotExist(err) {
					return nil
				}
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(repo, p)
			if rel == filepath.Join("data", "generated") || strings.HasPrefix(rel, filepath.Join("data", "generated")+string(filepath.Separator)) {
				return nil
			}
			target := filepath.Join(dir, rel)
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			return os.WriteFile(target, data, 0o644)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
