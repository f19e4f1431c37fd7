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

	"golang.org/x/net/websocket"

	"legalcenter/internal/sitetest"
)

// BenchmarkServeEdit times "sitectl serve" on a copy of the real site from
// a translator's edit (one paragraph of a Korean document, saved to disk)
// to the page the server answers showing it, polled every 5 ms (p50-ms,
// max-ms), and to the live reload event that tells a browser showing the
// page to reload (reload-p50-ms, reload-max-ms), read from the live
// reload socket as the livereload.js of the page reads it. Each op is one
// edit; ns/op is the time to see it. Between edits the server settles
// (the translation status follows each edit). The server runs in a child
// process, as a person runs it; run at least 8 edits:
//
//	go test -run '^$' -bench ServeEdit -benchtime 10x ./tools/sitectl/
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

	var out sitetest.Log
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
	// The page's live reload script connects to this socket and reloads
	// the page on a "reload" command.
	ws, err := websocket.Dial("ws://127.0.0.1:"+port+"/livereload", "", "http://127.0.0.1:"+port+"/")
	if err != nil {
		b.Fatal(err)
	}
	defer ws.Close()
	if err := websocket.Message.Send(ws, `{"command":"hello","protocols":["http://livereload.com/protocols/official-7"]}`); err != nil {
		b.Fatal(err)
	}
	reloads := make(chan time.Time, 64)
	go func() {
		for {
			var msg string
			if err := websocket.Message.Receive(ws, &msg); err != nil {
				close(reloads)
				return
			}
			if strings.Contains(msg, `"command":"reload"`) {
				reloads <- time.Now()
			}
		}
	}()
	time.Sleep(3 * time.Second) // the first translation status settles
	drain := func() {
		for len(reloads) > 0 {
			<-reloads
		}
	}

	var took, reloaded []time.Duration
	n := 0
	for b.Loop() {
		n++
		mark := "편집" + strconv.Itoa(n) + "번"
		edited := strings.Replace(string(src), para, mark+" "+para, 1)
		drain()
		start := time.Now()
		if err := os.WriteFile(doc, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		shows(mark, time.Minute)
		took = append(took, time.Since(start))
		b.StopTimer()
		select {
		case at, ok := <-reloads:
			if !ok {
				b.Fatalf("the live reload socket closed; output:\n%s", out.String())
			}
			reloaded = append(reloaded, at.Sub(start))
		case <-time.After(time.Minute):
			b.Fatalf("no live reload event after the edit; output:\n%s", out.String())
		}
		time.Sleep(2 * time.Second) // the status follows; the next edit starts from a quiet server
		b.StartTimer()
	}
	ms := func(d []time.Duration, i int) float64 { return float64(d[i].Microseconds()) / 1000 }
	slices.Sort(took)
	slices.Sort(reloaded)
	b.ReportMetric(ms(took, len(took)/2), "p50-ms")
	b.ReportMetric(ms(took, len(took)-1), "max-ms")
	b.ReportMetric(ms(reloaded, len(reloaded)/2), "reload-p50-ms")
	b.ReportMetric(ms(reloaded, len(reloaded)-1), "reload-max-ms")
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
