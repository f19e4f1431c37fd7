package check

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"legalcenter/site/report"
)

// The online tests fetch from servers on the loopback interface only.

// testServer answers the paths the online tests link to, and records the
// requests it gets.
type testServer struct {
	*httptest.Server
	mu    sync.Mutex
	calls map[string][]string    // path: methods, in order
	times map[string][]time.Time // path: when
}

func newTestServer(t *testing.T, tlsServer bool) *testServer {
	s := &testServer{calls: map[string][]string{}, times: map[string][]time.Time{}}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	// Not "TLS handshake error" for connections the transport dials ahead.
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	if tlsServer {
		s.StartTLS()
	} else {
		s.Start()
	}
	t.Cleanup(s.Close)
	return s
}

func (s *testServer) serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	s.mu.Lock()
	s.calls[p] = append(s.calls[p], r.Method)
	s.times[p] = append(s.times[p], time.Now())
	n := len(s.calls[p])
	s.mu.Unlock()
	if !strings.HasPrefix(r.UserAgent(), "legalcenter-link-check/") {
		http.Error(w, "no User-Agent", http.StatusBadRequest)
		return
	}
	head := r.Method == http.MethodHead
	switch {
	case p == "/ok", p == "/no-head" && !head, p == "/no-head-501" && !head, p == "/head-404" && !head, p == "/busy" && n > 1:
	case p == "/missing":
		http.NotFound(w, r)
	case p == "/error":
		http.Error(w, "oops", http.StatusInternalServerError)
	case strings.HasPrefix(p, "/r/"): // /r/N: N redirects to /r/0
		if k, _ := strconv.Atoi(p[3:]); k > 0 {
			http.Redirect(w, r, "/r/"+strconv.Itoa(k-1), http.StatusFound)
		}
	case p == "/moved":
		http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
	case p == "/moved-then-found":
		http.Redirect(w, r, "/r/1", http.StatusPermanentRedirect)
	case p == "/to-missing":
		http.Redirect(w, r, "/missing", http.StatusFound)
	case p == "/no-head" && head:
		w.WriteHeader(http.StatusMethodNotAllowed)
	case p == "/no-head-501" && head:
		w.WriteHeader(http.StatusNotImplemented)
	case p == "/head-404" && head:
		w.WriteHeader(http.StatusNotFound)
	case p == "/busy": // the first time; then fine
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
	case p == "/always-busy":
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusTooManyRequests)
	case p == "/busy-long":
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	case p == "/unavailable": // no Retry-After: the check backs off
		w.WriteHeader(http.StatusServiceUnavailable)
	case p == "/slow":
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	default:
		http.NotFound(w, r)
	}
}

// methods returns the methods of the requests for path, as "HEAD GET".
func (s *testServer) methods(path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.calls[path], " ")
}

func (s *testServer) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		n += len(c)
	}
	return n
}

// refusedURL is an http URL on the loopback interface where nothing listens.
func refusedURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/"
}

// testOnline is Online for tests: quick backoff, the TLS server's client.
func testOnline(tlsSrv *testServer) *Online {
	return &Online{Timeout: 5 * time.Second, backoff: time.Millisecond, transport: tlsSrv.Client().Transport}
}

// detail is brief with the message.
func detail(f report.Finding) string {
	return brief(f) + ": " + f.Message
}

var onlineTests = []struct {
	name  string
	site  string
	opt   func(*Options)
	want  []string          // detail(finding)
	calls map[string]string // path: the methods it must have been asked with
}{
	{
		name: "statuses, each URL fetched once for every page and line using it",
		site: `
-- index.html --
<a href="{{srv}}/ok">ok</a>
<a href="{{srv}}/missing">404</a>
<a href="{{srv}}/error">500</a>
<a href="{{srv}}/ok#anything">fragment: not checked</a> <a href="{{srv}}/ok">again</a>
-- docs/index.html --
<p>
<a href="{{srv}}/missing#x" data-src="content/en/docs.md:7">404 again, from Markdown</a>
<img src="{{srv}}/missing">
`,
		want: []string{
			"error external-link index.html:2 {{srv}}/missing: HTTP 404 Not Found",
			"error external-link index.html:3 {{srv}}/error: HTTP 500 Internal Server Error",
			"error external-link docs/index.html@content/en/docs.md:7 {{srv}}/missing#x: HTTP 404 Not Found",
			"error external-link docs/index.html:3 {{srv}}/missing: HTTP 404 Not Found",
		},
		calls: map[string]string{"/ok": "HEAD", "/missing": "HEAD GET", "/error": "HEAD GET"},
	},
	{
		name: "redirects",
		site: `
-- index.html --
<a href="{{srv}}/r/5">5 redirects: fine</a>
<a href="{{srv}}/r/6">6 redirects</a>
<a href="{{srv}}/moved">moved permanently</a>
<a href="{{srv}}/to-missing">redirected to a 404</a>
<a href="{{srv}}/moved-then-found">permanent, then temporary</a>
`,
		want: []string{
			"error external-link index.html:2 {{srv}}/r/6: more than 5 redirects",
			"warning external-link index.html:3 {{srv}}/moved: moved permanently to {{srv}}/ok: link there",
			"error external-link index.html:4 {{srv}}/to-missing: HTTP 404 Not Found (redirected to {{srv}}/missing)",
			"warning external-link index.html:5 {{srv}}/moved-then-found: moved permanently to {{srv}}/r/0: link there",
		},
		calls: map[string]string{"/r/6": "HEAD", "/r/0": "HEAD HEAD", "/moved": "HEAD", "/to-missing": "HEAD GET"},
	},
	{
		name: "redirects: none followed",
		site: `
-- index.html --
<a href="{{srv}}/r/1">a redirect</a>
<a href="{{srv}}/r/0">no redirect</a>
`,
		opt:  func(o *Options) { o.Online.Redirects = -1 },
		want: []string{"error external-link index.html:1 {{srv}}/r/1: more than 0 redirects"},
	},
	{
		name: "HEAD refused, GET fine",
		site: `
-- index.html --
<a href="{{srv}}/no-head">405</a> <a href="{{srv}}/no-head-501">501</a> <a href="{{srv}}/head-404">HEAD 404</a>
`,
		calls: map[string]string{"/no-head": "HEAD GET", "/no-head-501": "HEAD GET", "/head-404": "HEAD GET"},
	},
	{
		name: "rate limits",
		site: `
-- index.html --
<a href="{{srv}}/busy">429, Retry-After: 1, then fine</a>
<a href="{{srv}}/always-busy">429 each time</a>
<a href="{{srv}}/busy-long">429, Retry-After: 3600</a>
<a href="{{srv}}/unavailable">503 each time</a>
`,
		want: []string{
			"warning external-link index.html:2 {{srv}}/always-busy: HTTP 429 Too Many Requests after 3 tries",
			"warning external-link index.html:3 {{srv}}/busy-long: HTTP 429 Too Many Requests; the server asks to wait 1h0m0s, longer than the check waits (30s)",
			"error external-link index.html:4 {{srv}}/unavailable: HTTP 503 Service Unavailable after 3 tries",
		},
		calls: map[string]string{"/busy": "HEAD HEAD", "/always-busy": "HEAD HEAD HEAD", "/busy-long": "HEAD", "/unavailable": "HEAD HEAD HEAD"},
	},
	{
		name: "timeout",
		site: `
-- index.html --
<a href="{{srv}}/slow">hangs</a> <a href="{{srv}}/ok">fine</a>
`,
		opt:   func(o *Options) { o.Online.Timeout = 200 * time.Millisecond },
		want:  []string{"error external-link index.html:1 {{srv}}/slow: no response within 200ms"},
		calls: map[string]string{"/slow": "HEAD", "/ok": "HEAD"},
	},
	{
		name: "redirect pages",
		site: `
-- old/index.html --
<meta http-equiv="refresh" content="0; url={{srv}}/missing">
-- older/index.html --
<meta http-equiv="refresh" content="0; url={{srv}}/ok">
`,
		want:  []string{"error external-link old/index.html:1 {{srv}}/missing: HTTP 404 Not Found"},
		calls: map[string]string{"/ok": "HEAD"},
	},
	{
		name: "connection refused",
		site: `
-- index.html --
<a href="{{refused}}">nothing listens</a>
`,
		want: []string{"error external-link index.html:1 {{refused}}: connection refused"},
	},
	{
		name: "protocol-relative over https; backslashes read as slashes",
		site: `
-- index.html --
<a href="//{{tlshost}}/ok">ok</a> <a href="//{{tlshost}}/missing">missing</a>
<a href="{{srv}}\r\0">backslashes</a>
`,
		want: []string{
			"error external-link index.html:1 //{{tlshost}}/missing: HTTP 404 Not Found",
			`warning bad-url index.html:2 {{srv}}\r\0: backslash in a URL: browsers read it as "/", servers and other tools may not`,
		},
		calls: map[string]string{"/r/0": "HEAD"},
	},
	{
		name: "ignored links and other schemes are not fetched",
		site: `
-- index.html --
<a href="{{srv}}/missing?ignored">ignored</a>
<a href="mailto:dpo@example.com">mail</a> <a href="ftp://{{tlshost}}/error">ftp</a>
-- drafts/index.html --
<a href="{{srv}}/error">on an ignored page only</a>
`,
		opt: func(o *Options) {
			o.Ignore = []string{"*?ignored"}
			o.IgnorePages = []string{"drafts/*"}
		},
		calls: map[string]string{"/missing": "", "/error": ""},
	},
	{
		name: "links to the site itself are checked as files",
		site: `
-- index.html --
<a href="{{srv}}/missing/">the site's own</a>
`,
		opt:   func(o *Options) { o.BaseURL = "{{srv}}/" },
		want:  []string{"error broken-link index.html:1 {{srv}}/missing/: target does not exist: /missing/index.html"},
		calls: map[string]string{"/missing/": ""},
	},
}

func TestOnline(t *testing.T) {
	refused := refusedURL(t)
	for _, tt := range onlineTests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, tlsSrv := newTestServer(t, false), newTestServer(t, true)
			sub := strings.NewReplacer("{{srv}}", srv.URL, "{{tlshost}}", strings.TrimPrefix(tlsSrv.URL, "https://"), "{{refused}}", refused).Replace
			opt := Options{Online: testOnline(tlsSrv)}
			if tt.opt != nil {
				tt.opt(&opt)
			}
			opt.BaseURL = sub(opt.BaseURL)
			start := time.Now()
			rep := run(t, sub(tt.site), opt, false)
			var got, want []string
			for _, f := range rep.Findings {
				got = append(got, detail(f))
			}
			for _, w := range tt.want {
				want = append(want, sub(w))
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("findings:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
			for path, methods := range tt.calls {
				if got := srv.methods(path) + tlsSrv.methods(path); got != methods {
					t.Errorf("%s asked with %q, want %q", path, got, methods)
				}
			}
			if times := srv.times["/busy"]; len(times) == 2 {
				if d := times[1].Sub(times[0]); d < 900*time.Millisecond {
					t.Errorf("/busy asked again after %v; Retry-After said 1s", d)
				}
			}
			if d := time.Since(start); d > 4*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestOnlineOffByDefault: without Options.Online nothing is fetched.
func TestOnlineOffByDefault(t *testing.T) {
	srv := newTestServer(t, false)
	rep := run(t, "-- index.html --\n<a href=\""+srv.URL+"/missing\">x</a>\n", Options{BaseURL: "https://legal.example.com/"}, false)
	if len(rep.Findings) != 0 || srv.requests() != 0 || rep.External != 0 {
		t.Errorf("findings %v, %d requests, %d external", rep.Findings, srv.requests(), rep.External)
	}
}

// TestOnlineLimits counts the requests running at once, on each of three
// hosts and in all.
func TestOnlineLimits(t *testing.T) {
	var (
		total, maxTotal atomic.Int32
		site            strings.Builder
		perHost         [3]atomic.Int32
		maxPerHost      [3]atomic.Int32
	)
	raise := func(m *atomic.Int32, v int32) {
		for {
			old := m.Load()
			if v <= old || m.CompareAndSwap(old, v) {
				return
			}
		}
	}
	site.WriteString("-- index.html --\n")
	for i := range 3 {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			raise(&maxPerHost[i], perHost[i].Add(1))
			raise(&maxTotal, total.Add(1))
			time.Sleep(20 * time.Millisecond)
			total.Add(-1)
			perHost[i].Add(-1)
		}))
		t.Cleanup(srv.Close)
		for j := range 8 {
			fmt.Fprintf(&site, "<a href=\"%s/%d\">x</a>\n", srv.URL, j)
		}
	}
	rep := run(t, site.String(), Options{Online: &Online{Concurrency: 3, PerHost: 2}}, false)
	if len(rep.Findings) != 0 || rep.External != 24 {
		t.Fatalf("findings %v, %d URLs checked", rep.Findings, rep.External)
	}
	for i := range maxPerHost {
		if m := maxPerHost[i].Load(); m > 2 {
			t.Errorf("host %d: %d requests at once, want at most 2", i, m)
		}
	}
	if m := maxTotal.Load(); m > 3 || m < 2 {
		t.Errorf("%d requests at once, want 2 or 3", m)
	}
}

// TestOnlineCache: a second run fetches no URL that worked, and every URL
// that failed; the report is the same.
// TestOnlineCacheUnsaved: a cache that cannot be written after the run
// (here a folder no one may create files in) costs the cache, not the run's
// findings.
func TestOnlineCacheUnsaved(t *testing.T) {
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("needs /proc")
	}
	srv := newTestServer(t, false)
	site := strings.ReplaceAll("-- index.html --\n<a href=\"{{srv}}/missing\">missing</a> <a href=\"{{srv}}/ok\">ok</a>\n", "{{srv}}", srv.URL)
	rep := run(t, site, Options{Online: &Online{Cache: "/proc/self/links.json"}}, false)
	var got []string
	for _, f := range rep.Findings {
		got = append(got, string(f.Level)+" "+f.Rule+" "+f.File+" "+f.Message)
	}
	slices.Sort(got)
	if len(got) != 2 || !strings.HasPrefix(got[0], "error external-link public/index.html HTTP 404") || !strings.HasPrefix(got[1], "warning external-link /proc/self/links.json the cache was not saved: ") {
		t.Errorf("findings:\n%s", strings.Join(got, "\n"))
	}
}

func TestOnlineCache(t *testing.T) {
	srv := newTestServer(t, false)
	dir := t.TempDir()
	cachePath := filepath.Join(dir, "links.json")
	site := strings.ReplaceAll(`
-- index.html --
<a href="{{srv}}/ok">ok</a> <a href="{{srv}}/moved">moved</a> <a href="{{srv}}/missing">missing</a>
<a href="{{srv}}/always-busy">rate limited</a>
`, "{{srv}}", srv.URL)
	opt := Options{Online: &Online{Cache: cachePath, backoff: time.Millisecond}}
	first := run(t, site, opt, false)
	if first.External != 4 || first.Cached != 0 {
		t.Errorf("first run: %d checked, %d from the cache", first.External, first.Cached)
	}
	data, err := os.ReadFile(cachePath)
	if err != nil {
		t.Fatal(err)
	}
	var f cacheFile
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	var cached []string
	for u := range f.URLs {
		cached = append(cached, strings.TrimPrefix(u, srv.URL))
	}
	slices.Sort(cached)
	if want := []string{"/moved", "/ok"}; !slices.Equal(cached, want) {
		t.Errorf("cached %q, want %q:\n%s", cached, want, data)
	}

	before := map[string]string{}
	for _, p := range []string{"/ok", "/moved", "/missing", "/always-busy"} {
		before[p] = srv.methods(p)
	}
	second := run(t, site, opt, false)
	for p, again := range map[string]bool{"/ok": false, "/moved": false, "/missing": true, "/always-busy": true} {
		if asked := srv.methods(p) != before[p]; asked != again {
			t.Errorf("second run: %s asked again: %v, want %v", p, asked, again)
		}
	}
	if second.Cached != 2 || text(second) != strings.Replace(text(first), "0 from the cache", "2 from the cache", 1) {
		t.Errorf("second run differs:\n%s\nfirst:\n%s", text(second), text(first))
	}

	// Too old: fetched again.
	opt.Online.CacheAge = time.Nanosecond
	okBefore := srv.methods("/ok")
	if third := run(t, site, opt, false); third.Cached != 0 || srv.methods("/ok") == okBefore {
		t.Errorf("an old entry was used: %d from the cache", third.Cached)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left beside the cache: %v", entries)
	}
}

// TestOnlineCacheErrors: a cache that cannot be read or is not a cache is
// an error from Run that names the file, and where in it the problem is.
func TestOnlineCacheErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, data, want string }{
		{"syntax.json", "{\"version\": 1,\n  \"urls\": {,}}", `syntax.json:2:12: not JSON: invalid character ','`},
		{"type.json", "{\"version\": 1, \"urls\": {\"https://example.org/\": {\"checked\": \"2026-01-01T00:00:00Z\", \"status\": \"200\"}}}", `type.json:1:99: urls.status: a JSON string where int is wanted`},
		{"version.json", `{"version": 2, "urls": {}}`, "version.json: version 2, this check reads version 1"},
		{"failure.json", `{"version": 1, "urls": {"https://example.org/": {"checked": "2026-01-01T00:00:00Z", "status": 404}}}`, `failure.json: urls["https://example.org/"]: want a time "checked" and a "status" that is a success`},
		{"scheme.json", `{"version": 1, "urls": {"mailto:x@example.org": {"checked": "2026-01-01T00:00:00Z", "status": 200}}}`, `scheme.json: urls: "mailto:x@example.org" is not an http(s) URL`},
		{"folder.json", "", "folder.json: is a directory"},
		{"nowhere/cache.json", "-", "cache.json: stat "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			switch tc.data {
			case "":
				os.Mkdir(path, 0o755)
			case "-": // nothing: a folder that does not exist
			default:
				os.WriteFile(path, []byte(tc.data), 0o644)
			}
			// No external link: nothing could be fetched if the cache were read.
			fsys, root := siteFs(t, "-- index.html --\n<a href=\"/\">x</a>\n", false)
			_, err := Run(context.Background(), fsys, Options{Root: root, Online: &Online{Cache: path}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one with %q", err, tc.want)
			} else {
				t.Log(err)
			}
		})
	}
}

// TestOnlineCancel: canceling the context stops the fetching at once, and
// Run says so.
func TestOnlineCancel(t *testing.T) {
	started := make(chan struct{}, 100)
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		started <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	var site strings.Builder
	site.WriteString("-- index.html --\n")
	for i := range 20 {
		fmt.Fprintf(&site, "<a href=\"%s/%d\">x</a>\n", srv.URL, i)
	}
	fsys, root := siteFs(t, site.String(), false)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	start := time.Now()
	_, err := Run(ctx, fsys, Options{Root: root, Online: &Online{Timeout: time.Minute}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Run returned %v after the cancellation", d)
	}
	if n := requests.Load(); n > 2 {
		t.Errorf("%d requests; the per-host limit allows 2 before the cancellation", n)
	}
}

// TestOnlineDeterministic: the report is the same whatever order the
// answers come in.
func TestOnlineDeterministic(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Duration(rand.IntN(10)) * time.Millisecond)
		code, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		w.WriteHeader(code)
	}))
	t.Cleanup(srv.Close)
	var site strings.Builder
	codes := []int{200, 204, 400, 403, 404, 410, 500, 502}
	for p := range 3 {
		fmt.Fprintf(&site, "-- p%d.html --\n", p)
		for i := range 12 {
			fmt.Fprintf(&site, "<a href=\"%s/%d\">x</a>\n", srv.URL, codes[(i+p)%len(codes)])
		}
	}
	var reports []string
	for range 3 {
		rep := run(t, site.String(), Options{Online: &Online{Concurrency: 8, PerHost: 8}}, false)
		reports = append(reports, text(rep))
	}
	if reports[0] != reports[1] || reports[1] != reports[2] {
		t.Errorf("reports differ:\n%s\n%s\n%s", reports[0], reports[1], reports[2])
	}
	if !strings.Contains(reports[0], "27 errors, 0 warnings in 3 pages (36 links; 8 external URLs checked online, 0 from the cache)") {
		t.Errorf("report:\n%s", reports[0])
	}
}

// TestOnlineFailures: how failures with no response read in a report.
func TestOnlineFailures(t *testing.T) {
	wrap := func(err error) error { return &url.Error{Op: "Head", URL: "https://example.org/", Err: err} }
	for _, tc := range []struct {
		err      error
		timedOut bool
		msg      string
		getAgain bool
	}{
		{wrap(&net.DNSError{Err: "no such host", Name: "nowhere.example", IsNotFound: true}), false, "host not found: nowhere.example", false},
		{wrap(&net.DNSError{Err: "server misbehaving", Name: "example.org", IsTemporary: true}), false, "cannot look up the host example.org: server misbehaving", false},
		{wrap(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}), false, "connection refused", false},
		{wrap(&net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}), false, "connection failed: read: connection reset by peer", true},
		{wrap(context.DeadlineExceeded), true, "no response within 20s", false},
		{wrap(io.EOF), false, "the server closed the connection without a response", true},
		{wrap(&tls.CertificateVerificationError{Err: x509.HostnameError{Certificate: &x509.Certificate{}, Host: "example.org"}}), false, "TLS certificate not valid: not for this host", false},
		{wrap(&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}), false, "TLS certificate not valid: signed by an unknown authority", false},
		{wrap(errors.New("http: server gave HTTP response to HTTPS client")), false, "http: server gave HTTP response to HTTPS client", true},
	} {
		msg, again := fetchFailure(tc.err, tc.timedOut, 20*time.Second)
		if msg != tc.msg || again != tc.getAgain {
			t.Errorf("fetchFailure(%v) = %q, %v; want %q, %v", tc.err, msg, again, tc.msg, tc.getAgain)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{" 120 ", 2 * time.Minute, true},
		{"Sun, 01 Mar 2026 12:00:30 GMT", 30 * time.Second, true},
		{"Sun, 01 Mar 2026 11:00:00 GMT", 0, true}, // past
		{"-5", 0, false},
		{"soon", 0, false},
	} {
		if got, ok := parseRetryAfter(tc.v, now); got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.v, got, ok, tc.want, tc.ok)
		}
	}
}
