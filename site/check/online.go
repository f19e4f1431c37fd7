package check

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/afero"

	"legalcenter/internal/atomicfile"
	"legalcenter/site/report"
)

// ruleExternal is the rule of findings about fetched external links.
const ruleExternal = "external-link" // an external http(s) link that fails when fetched (Options.Online)

// Online configures the online check of external links: every distinct
// external http(s) URL of the site is fetched once. The zero value of each
// field is its default.
type Online struct {
	// Concurrency is how many requests run at once in all (default 8), and
	// PerHost how many to one host (default 2).
	Concurrency, PerHost int
	// Timeout bounds each request, redirects included (default 20s).
	Timeout time.Duration
	// Redirects is how many redirects are followed (default 5; -1: none).
	Redirects int
	// Retries is how many times a URL answering 429 or 503 is asked again
	// (default 2; -1: never), after the time its Retry-After asks for, or a
	// backoff of 1s, 2s, 4s... RetryWait (default 30s) caps the wait: a
	// server asking for longer is not asked again.
	Retries   int
	RetryWait time.Duration
	// Cache is a JSON file of the URLs that worked, with when: they are not
	// fetched again for CacheAge (default 24h). Failures are always fetched
	// again. "" is no cache. The file is on the operating system's file
	// system, whatever file system the site is in.
	Cache    string
	CacheAge time.Duration
	// UserAgent names the checker to the servers (default DefaultUserAgent).
	UserAgent string

	transport http.RoundTripper // nil: a clone of http.DefaultTransport (tests give their own)
	backoff   time.Duration     // the first wait before a retry without Retry-After (1s)
}

// DefaultUserAgent is the User-Agent of online checks.
const DefaultUserAgent = "legalcenter-link-check/1.0 (sitectl check -online; Go net/http)"

// The defaults of Online, also those of the command line.
const (
	defaultConcurrency = 8
	defaultPerHost     = 2
	defaultTimeout     = 20 * time.Second
	defaultRedirects   = 5
	defaultRetries     = 2
	defaultRetryWait   = 30 * time.Second
	defaultCacheAge    = 24 * time.Hour
	defaultBackoff     = time.Second
)

// DefaultOnline returns the Online of the defaults, those of the command
// line too.
func DefaultOnline() Online { return Online{}.withDefaults() }

// withDefaults returns o with every zero field set to its default.
func (o Online) withDefaults() Online {
	set := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	set(&o.Concurrency, defaultConcurrency)
	set(&o.PerHost, defaultPerHost)
	// Redirects and Retries: 0 is the default, a negative number none.
	for _, v := range []struct {
		n *int
		d int
	}{{&o.Redirects, defaultRedirects}, {&o.Retries, defaultRetries}} {
		switch {
		case *v.n == 0:
			*v.n = v.d
		case *v.n < 0:
			*v.n = 0
		}
	}
	setDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	setDur(&o.Timeout, defaultTimeout)
	setDur(&o.RetryWait, defaultRetryWait)
	setDur(&o.CacheAge, defaultCacheAge)
	setDur(&o.backoff, defaultBackoff)
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	return o
}

// extRef is an external link of a page, as the linker found it: the URL as
// written (interned) and where it is.
type extRef struct {
	p   *page
	ref string
	at  loc
}

// extURL is one distinct URL to fetch, with every link that names it.
type extURL struct {
	url, host string
	refs      []extRef
	res       fetchResult
}

// fetchURL is what a browser requests for an external link as written: the
// fragment dropped (fragments of other sites are not checked), "\" read as
// "/", a protocol-relative link over https, the host in lower case. ok is
// false for what is not http(s).
func fetchURL(ref string) (u *url.URL, ok bool) {
	ref, _, _ = strings.Cut(cleanRef(ref), "#")
	ref = strings.ReplaceAll(ref, `\`, "/")
	if strings.HasPrefix(ref, "//") {
		ref = "https:" + ref
	}
	u, err := url.Parse(ref)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, false
	}
	u.Host = strings.ToLower(u.Host)
	return u, true
}

// fetchResult is what fetching one URL gave.
type fetchResult struct {
	status int    // the last response's status; 0 when none
	final  string // where redirects led, when they did
	moved  string // where the URL moved permanently (301, 308 first), when it did
	err    string // why there was no usable response
	retry  string // why a 429 or 503 was not asked again
	tries  int    // of the URL, when 429 or 503 made it retry
	cached bool
	// Not reported: what the next step needs.
	canceled   bool
	retryAfter string // the Retry-After header of a 429 or 503
	getAgain   bool   // the failure was of HEAD: GET may work
}

// ok reports whether the URL works (a permanent redirect is a warning, and
// still works).
func (r fetchResult) ok() bool {
	return r.err == "" && !r.canceled && r.status > 0 && r.status < 400
}

// finding is the level and message for every link to the URL; level "" when
// there is nothing to say.
func (r fetchResult) finding() (report.Level, string) {
	switch {
	case r.err != "":
		return report.Error, r.err
	case r.status >= 400:
		msg := "HTTP " + statusText(r.status)
		if r.final != "" {
			msg += " (redirected to " + r.final + ")"
		}
		if r.tries > 1 {
			msg += fmt.Sprintf(" after %d tries", r.tries)
		}
		if r.retry != "" {
			msg += "; " + r.retry
		}
		if r.status == http.StatusTooManyRequests {
			// The server limits how fast it is asked: the link may well work.
			return report.Warning, msg
		}
		return report.Error, msg
	case r.moved != "":
		return report.Warning, "moved permanently to " + r.moved + ": link there"
	}
	return "", ""
}

// httpStatus reads the status code back from a message finding wrote,
// "HTTP 404 Not Found ...": 0 when the message is of no response.
func httpStatus(msg string) int {
	rest, ok := strings.CutPrefix(msg, "HTTP ")
	if !ok || len(rest) < 3 || len(rest) > 3 && rest[3] != ' ' {
		return 0
	}
	code, err := strconv.Atoi(rest[:3])
	if err != nil || code < 100 {
		return 0
	}
	return code
}

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return strconv.Itoa(code) + " " + t
	}
	return strconv.Itoa(code)
}

// onlineStats counts the distinct URLs checked online, and those of them
// the cache answered.
type onlineStats struct{ checked, cached int }

// checkOnline fetches the external http(s) URLs of refs, each once, and adds
// a finding to every link to a URL that fails, at the link's source line.
// skip drops links whose findings Options ignores, before fetching. The
// cache, when there is one, is saved even when ctx is canceled.
func checkOnline(ctx context.Context, o Online, c *linkCache, refs []extRef, skip func(extRef) bool) (onlineStats, error) {
	var (
		urls  []*extURL
		byRef = map[string]*extURL{} // the linkers intern refs: most lookups hit
		byURL = map[string]*extURL{}
	)
	for _, r := range refs {
		if skip(r) {
			continue
		}
		e, seen := byRef[r.ref]
		if !seen {
			if u, ok := fetchURL(r.ref); ok {
				key := u.String()
				if e = byURL[key]; e == nil {
					e = &extURL{url: key, host: u.Host}
					byURL[key] = e
					urls = append(urls, e)
				}
			}
			byRef[r.ref] = e
		}
		if e != nil {
			e.refs = append(e.refs, r)
		}
	}
	slices.SortFunc(urls, func(a, b *extURL) int { return strings.Compare(a.url, b.url) })

	now := time.Now()
	var fetch []*extURL
	for _, e := range urls {
		if ent, ok := c.fresh(e.url, now, o.CacheAge); ok {
			e.res = fetchResult{status: ent.Status, moved: ent.Moved, cached: true}
			continue
		}
		fetch = append(fetch, e)
	}
	newFetcher(o).run(ctx, fetch)

	stats := onlineStats{checked: len(urls)}
	for _, e := range urls {
		if e.res.cached {
			stats.cached++
		}
		if e.res.canceled {
			continue
		}
		c.record(e.url, e.res, time.Now())
		lvl, msg := e.res.finding()
		if lvl == "" {
			continue
		}
		for _, r := range e.refs {
			r.p.add(lvl, ruleExternal, r.ref, r.at, msg)
		}
	}
	if err := c.save(now, o.CacheAge); err != nil && ctx.Err() == nil {
		return stats, cacheSaveError{err}
	}
	return stats, ctx.Err()
}

// cacheSaveError is a cache that could not be written after a run: the
// run's findings stand, and the report says the cache was not saved.
type cacheSaveError struct{ err error }

func (e cacheSaveError) Error() string { return "the cache was not saved: " + e.err.Error() }
func (e cacheSaveError) Unwrap() error { return e.err }

// fetcher fetches URLs with bounded concurrency, in all and per host.
type fetcher struct {
	o      Online
	client *http.Client
	slots  chan struct{} // one per request running
}

func newFetcher(o Online) *fetcher {
	f := &fetcher{o: o, slots: make(chan struct{}, o.Concurrency)}
	rt := o.transport
	if rt == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = o.PerHost
		rt = t
	}
	f.client = &http.Client{Transport: rt, CheckRedirect: f.checkRedirect}
	return f
}

var errRedirects = errors.New("too many redirects")

// hopsKey holds, in a request's context, the status of its first redirect.
type hopsKey struct{}

func (f *fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if first, ok := req.Context().Value(hopsKey{}).(*int); ok && len(via) == 1 && req.Response != nil {
		*first = req.Response.StatusCode
	}
	if len(via) > f.o.Redirects {
		return errRedirects
	}
	return nil
}

// hostState is the state shared by the requests to one host.
type hostState struct {
	mu    sync.Mutex
	until time.Time // no request before: the host asked to wait (429, 503)
}

// wait waits until the host takes requests again.
func (h *hostState) wait(ctx context.Context) error {
	h.mu.Lock()
	d := time.Until(h.until)
	h.mu.Unlock()
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// pause holds back every request to the host for d.
func (h *hostState) pause(d time.Duration) {
	h.mu.Lock()
	if t := time.Now().Add(d); t.After(h.until) {
		h.until = t
	}
	h.mu.Unlock()
}

// run fetches urls: PerHost workers for each host, each request also
// taking one of Concurrency slots.
func (f *fetcher) run(ctx context.Context, urls []*extURL) {
	byHost := map[string][]*extURL{}
	var hosts []string
	for _, e := range urls {
		if byHost[e.host] == nil {
			hosts = append(hosts, e.host)
		}
		byHost[e.host] = append(byHost[e.host], e)
	}
	var wg sync.WaitGroup
	for _, name := range hosts {
		queue := make(chan *extURL, len(byHost[name]))
		for _, e := range byHost[name] {
			queue <- e
		}
		close(queue)
		h := &hostState{}
		for range min(f.o.PerHost, len(byHost[name])) {
			wg.Go(func() {
				for e := range queue {
					if ctx.Err() != nil {
						e.res = fetchResult{canceled: true}
						continue
					}
					e.res = f.check(ctx, h, e.url)
				}
			})
		}
	}
	wg.Wait()
	if t, ok := f.client.Transport.(interface{ CloseIdleConnections() }); ok {
		t.CloseIdleConnections()
	}
}

// check fetches one URL, asking again after a 429 or 503.
func (f *fetcher) check(ctx context.Context, h *hostState, u string) fetchResult {
	for try := 1; ; try++ {
		r := f.fetch(ctx, h, u)
		if r.status != http.StatusTooManyRequests && r.status != http.StatusServiceUnavailable || r.canceled {
			return r
		}
		if try > 1 {
			r.tries = try
		}
		if try > f.o.Retries {
			return r
		}
		wait, given := parseRetryAfter(r.retryAfter, time.Now())
		if !given {
			wait = min(f.o.backoff<<(try-1), f.o.RetryWait)
		} else if wait > f.o.RetryWait {
			r.retry = fmt.Sprintf("the server asks to wait %v, longer than the check waits (%v)", wait.Round(time.Second), f.o.RetryWait)
			return r
		}
		h.pause(wait)
	}
}

// parseRetryAfter reads a Retry-After header: seconds, or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseUint(v, 10, 64); err == nil {
		return time.Duration(min(s, 1<<30)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// fetch asks for a URL with HEAD, then with GET when HEAD failed in a way
// that only HEAD may fail: many servers refuse HEAD (405, 501) or answer it
// with another error, or drop the connection.
func (f *fetcher) fetch(ctx context.Context, h *hostState, u string) fetchResult {
	r := f.do(ctx, h, http.MethodHead, u)
	if r.getAgain {
		r = f.do(ctx, h, http.MethodGet, u)
	}
	return r
}

// do makes one request, following redirects.
func (f *fetcher) do(ctx context.Context, h *hostState, method, u string) fetchResult {
	if err := h.wait(ctx); err != nil {
		return fetchResult{canceled: true}
	}
	select {
	case f.slots <- struct{}{}:
	case <-ctx.Done():
		return fetchResult{canceled: true}
	}
	defer func() { <-f.slots }()
	var first int // the status of the first redirect
	rctx, cancel := context.WithTimeout(context.WithValue(ctx, hopsKey{}, &first), f.o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, method, u, nil)
	if err != nil {
		return fetchResult{err: "not a URL that can be fetched: " + urlError(err)}
	}
	req.Header.Set("User-Agent", f.o.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	resp, err := f.client.Do(req)
	head := method == http.MethodHead
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		switch {
		case ctx.Err() != nil:
			return fetchResult{canceled: true}
		case errors.Is(err, errRedirects):
			return fetchResult{err: fmt.Sprintf("more than %d redirects", f.o.Redirects)}
		}
		msg, retryable := fetchFailure(err, rctx.Err() != nil, f.o.Timeout)
		return fetchResult{err: msg, getAgain: head && retryable}
	}
	defer resp.Body.Close()
	if !head {
		// Enough of the body to reuse the connection for a small page; the
		// rest is not needed.
		io.CopyN(io.Discard, resp.Body, 8<<10)
	}
	r := fetchResult{status: resp.StatusCode}
	if final := resp.Request.URL.String(); final != u {
		r.final = final
	}
	if r.final != "" && (first == http.StatusMovedPermanently || first == http.StatusPermanentRedirect) {
		r.moved = r.final
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		r.retryAfter = resp.Header.Get("Retry-After")
	default:
		r.getAgain = head && resp.StatusCode >= 400
	}
	return r
}

// fetchFailure says why a request got no response, the same way on every run
// (no local port numbers), and whether a GET may succeed where HEAD did not.
func fetchFailure(err error, timedOut bool, timeout time.Duration) (msg string, getAgain bool) {
	var (
		dns  *net.DNSError
		op   *net.OpError
		cert *tls.CertificateVerificationError
		ne   net.Error
		ue   *url.Error
	)
	switch {
	case timedOut || errors.As(err, &ne) && ne.Timeout():
		return fmt.Sprintf("no response within %v", timeout), false
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return "host not found: " + dns.Name, false
		}
		return "cannot look up the host " + dns.Name + ": " + dns.Err, false
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused", false
	case errors.As(err, &cert):
		return "TLS certificate not valid: " + certProblem(cert.Err), false
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "the server closed the connection without a response", true
	case errors.As(err, &op):
		return "connection failed: " + op.Err.Error(), true
	case errors.As(err, &ue):
		return ue.Err.Error(), true
	}
	return err.Error(), true
}

func certProblem(err error) string {
	var (
		host x509.HostnameError
		auth x509.UnknownAuthorityError
		inv  x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &host):
		return "not for this host"
	case errors.As(err, &auth):
		return "signed by an unknown authority"
	case errors.As(err, &inv):
		return inv.Error()
	}
	return err.Error()
}

// The cache file: the URLs that worked, with when.
const cacheVersion = 1

type cacheFile struct {
	Version int                   `json:"version"`
	URLs    map[string]cacheEntry `json:"urls"`
}

type cacheEntry struct {
	Checked time.Time `json:"checked"`
	Status  int       `json:"status"`
	Moved   string    `json:"moved,omitempty"` // a permanent redirect's target (a warning)
}

// linkCache is the cache file in memory; a nil cache is none.
type linkCache struct {
	path    string
	entries map[string]cacheEntry
}

// loadCache reads the cache file; one that does not exist yet is empty.
func loadCache(path string) (*linkCache, error) {
	if path == "" {
		return nil, nil
	}
	c := &linkCache{path: path, entries: map[string]cacheEntry{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		// The first run: the file is written at the end, into a folder
		// that had better exist now.
		if _, err := os.Stat(filepath.Dir(path)); err != nil {
			return nil, fmt.Errorf("check: cache file %s: %w", path, err)
		}
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("check: reading the cache: %w", err)
	}
	var f cacheFile
	if err := json.Unmarshal(data, &f); err != nil {
		var (
			syn *json.SyntaxError
			typ *json.UnmarshalTypeError
		)
		switch {
		case errors.As(err, &syn):
			return nil, fmt.Errorf("check: cache file %s:%s: not JSON: %v (delete the file to start afresh)", path, lineCol(data, syn.Offset), syn)
		case errors.As(err, &typ):
			return nil, fmt.Errorf("check: cache file %s:%s: %s: a JSON %s where %v is wanted (delete the file to start afresh)", path, lineCol(data, typ.Offset), typ.Field, typ.Value, typ.Type)
		}
		return nil, fmt.Errorf("check: cache file %s: %v (delete the file to start afresh)", path, err)
	}
	if f.Version != cacheVersion {
		return nil, fmt.Errorf("check: cache file %s: version %d, this check reads version %d (delete the file to start afresh)", path, f.Version, cacheVersion)
	}
	for u, e := range f.URLs {
		if _, ok := fetchURL(u); !ok {
			return nil, fmt.Errorf("check: cache file %s: urls: %q is not an http(s) URL (delete the file to start afresh)", path, u)
		}
		if e.Status < 100 || e.Status >= 400 || e.Checked.IsZero() {
			return nil, fmt.Errorf("check: cache file %s: urls[%q]: want a time \"checked\" and a \"status\" that is a success, 100-399 (delete the file to start afresh)", path, u)
		}
		c.entries[u] = e
	}
	return c, nil
}

// lineCol returns "line:column" (from 1) of the last byte read when
// encoding/json stopped after off bytes of data.
func lineCol(data []byte, off int64) string {
	off = min(max(off-1, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return strconv.Itoa(line) + ":" + strconv.Itoa(col)
}

// fresh returns u's entry if it is younger than age.
func (c *linkCache) fresh(u string, now time.Time, age time.Duration) (cacheEntry, bool) {
	if c == nil {
		return cacheEntry{}, false
	}
	e, ok := c.entries[u]
	if !ok || e.Checked.After(now) || now.Sub(e.Checked) >= age {
		return cacheEntry{}, false
	}
	return e, true
}

// record notes what fetching u gave: a success is kept, a failure dropped.
func (c *linkCache) record(u string, r fetchResult, at time.Time) {
	switch {
	case c == nil || r.cached:
	case r.ok():
		c.entries[u] = cacheEntry{Checked: at.UTC().Truncate(time.Second), Status: r.status, Moved: r.moved}
	default:
		delete(c.entries, u)
	}
}

// save writes the entries younger than age atomically (see atomicfile).
func (c *linkCache) save(now time.Time, age time.Duration) error {
	if c == nil {
		return nil
	}
	f := cacheFile{Version: cacheVersion, URLs: map[string]cacheEntry{}}
	for u, e := range c.entries {
		if now.Sub(e.Checked) < age {
			f.URLs[u] = e
		}
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("check: cache file %s: %w", c.path, err)
	}
	data = append(data, '\n')
	if err := atomicfile.Write(afero.NewOsFs(), c.path, data, 0o644); err != nil {
		return fmt.Errorf("check: the cache: %w", err)
	}
	return nil
}
