package site

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/afero"
	"golang.org/x/net/html"
	"legalcenter/internal/netlify"
)

// netlifyConfig is the part of netlify.toml we write. Unknown keys are an
// error, so a misspelt key ("forse = true") does not pass silently.
type netlifyConfig struct {
	Build struct {
		Command     string            `toml:"command"`
		Publish     string            `toml:"publish"`
		Environment map[string]string `toml:"environment"`
	} `toml:"build"`
	Context map[string]struct {
		Command     string            `toml:"command"`
		Environment map[string]string `toml:"environment"`
	} `toml:"context"`
	Headers []struct {
		For    string            `toml:"for"`
		Values map[string]string `toml:"values"`
	} `toml:"headers"`
	Redirects []netlify.Redirect `toml:"redirects"`
}

func readNetlify(t *testing.T) netlifyConfig {
	t.Helper()
	b, err := os.ReadFile("../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	var c netlifyConfig
	d := toml.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&c); err != nil {
		var strict *toml.StrictMissingError
		if errors.As(err, &strict) {
			t.Fatalf("netlify.toml: unknown keys:\n%s", strict.String())
		}
		t.Fatalf("netlify.toml: %v", err)
	}
	return c
}

// siteLangs are the languages of hugo.toml, the default first.
func siteLangs(t *testing.T) (def string, langs []string) {
	t.Helper()
	cfg := repoConfig(t)
	for _, l := range cfg.Codes() {
		if l != cfg.DefaultContentLanguage {
			langs = append(langs, l)
		}
	}
	sort.Strings(langs)
	if len(langs) < 5 {
		t.Fatalf("hugo.toml has languages %v", cfg.Codes())
	}
	return cfg.DefaultContentLanguage, append([]string{cfg.DefaultContentLanguage}, langs...)
}

// netlifySite is a small site in every language, built once for the tests
// of this file.
var netlifySite struct {
	sync.Mutex
	res *Result
}

func builtNetlifySite(t *testing.T) *Result {
	t.Helper()
	netlifySite.Lock()
	defer netlifySite.Unlock()
	if netlifySite.res == nil {
		var a strings.Builder
		for _, l := range []string{"en", "ko", "ja", "zh-cn", "pt-br", "id"} {
			a.WriteString(doc(l, "Privacy "+l, retention))
		}
		cache, err := os.MkdirTemp("", "netlify-test-cache-")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(cache)
		res, err := Build(context.Background(), Options{Source: testSource(t, a.String()), CacheDir: cache, Environment: "production"})
		if err != nil {
			t.Fatalf("build: %v", err)
		}
		netlifySite.res = res
	}
	return netlifySite.res
}

func TestNetlifyBuild(t *testing.T) {
	c := readNetlify(t)
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(gomod)
	if goVersion == nil || c.Build.Environment["GO_VERSION"] != string(goVersion[1]) {
		t.Errorf("GO_VERSION = %q, go.mod says go %s", c.Build.Environment["GO_VERSION"], goVersion[1])
	}
	if c.Build.Publish != "public" {
		t.Errorf("publish = %q", c.Build.Publish)
	}

	// Each context builds with our command into the publish folder.
	for _, ctx := range []string{"", "production", "deploy-preview", "branch-deploy"} {
		t.Run("context "+ctx, func(t *testing.T) {
			cmd := c.Build.Command
			if ctx != "" {
				cx, ok := c.Context[ctx]
				if !ok {
					t.Fatalf("no [context.%s]", ctx)
				}
				cmd = cx.Command
			}
			build, rest, _ := strings.Cut(cmd, " && ")
			if !strings.HasPrefix(build, "go run ./tools/sitectl build") {
				t.Fatalf("command %q does not build with sitectl", cmd)
			}
			args := shellArgs(t, build, netlifyEnv)
			if out := flagValue(args, "-o", "public"); out != c.Build.Publish {
				t.Errorf("builds into %q, publishes %q", out, c.Build.Publish)
			}
			preview := ctx == "deploy-preview" || ctx == "branch-deploy"
			if env := flagValue(args, "-env", "preview"); (env == "production") != (ctx == "production") {
				t.Errorf("-env %s in context %q", env, ctx)
			}
			// Every deploy is built for the address it is served at:
			// production for the site's main address (Netlify's URL),
			// previews for their own (DEPLOY_PRIME_URL), or canonical
			// links, hreflang, the sitemap and robots.txt name hugo.toml's
			// placeholder.
			want := ""
			switch {
			case preview:
				want = netlifyEnv["DEPLOY_PRIME_URL"]
			case ctx == "production":
				want = netlifyEnv["URL"]
			}
			if base := flagValue(args, "-baseurl", ""); base != want {
				t.Errorf("-baseurl %q in context %q, want %q", base, ctx, want)
			}
			if slices.Contains(args, "-lenient") {
				t.Error("a deploy must not publish a site with broken links")
			}
			if !preview {
				if rest != "" {
					t.Errorf("production runs more than the build: %q", rest)
				}
				return
			}
			// The rest of a preview's command writes the noindex header:
			// run it as Netlify's shell would.
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "public"), 0o755); err != nil {
				t.Fatal(err)
			}
			sh := exec.Command("sh", "-c", rest)
			sh.Dir = dir
			if out, err := sh.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", rest, err, out)
			}
			got, _ := os.ReadFile(filepath.Join(dir, "public", "_headers"))
			if string(got) != "/*\n  X-Robots-Tag: noindex, nofollow\n" {
				t.Errorf("public/_headers = %q", got)
			}
		})
	}
}

// netlifyEnv is the part of Netlify's build environment the commands use.
var netlifyEnv = map[string]string{
	"URL":              "https://legal-center.netlify.app",
	"DEPLOY_PRIME_URL": "https://deploy-preview-42--legal-center.netlify.app",
}

// shellArgs is the words of command after the shell's expansion with env, as
// Netlify's shell runs it: bash -c (netlify/build's build_command.ts), not
// sh, which is dash here and more forgiving.
func shellArgs(t *testing.T, command string, env map[string]string) []string {
	t.Helper()
	sh := exec.Command("bash", "-c", `set -- `+command+`; printf '%s\000' "$@"`)
	sh.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		sh.Env = append(sh.Env, k+"="+v)
	}
	out, err := sh.Output()
	if err != nil {
		t.Fatalf("bash -c %q: %v", command, err)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
}

// flagValue is the value of a flag in args, or def.
func flagValue(args []string, name, def string) string {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
	}
	return def
}

// maxAge is the max-age of a header value, -1 when it has none.
func maxAge(v string) int {
	m := regexp.MustCompile(`max-age=(\d+)`).FindStringSubmatch(v)
	if m == nil {
		return -1
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return -1
	}
	return n
}

// csp parses a Content-Security-Policy into its directives.
func csp(policy string) map[string][]string {
	d := map[string][]string{}
	for _, part := range strings.Split(policy, ";") {
		f := strings.Fields(part)
		if len(f) > 0 {
			d[strings.ToLower(f[0])] = f[1:]
		}
	}
	return d
}

func TestNetlifyHeaders(t *testing.T) {
	c := readNetlify(t)
	_, langs := siteLangs(t)
	rules := map[string]map[string]string{}
	for _, h := range c.Headers {
		if rules[h.For] != nil {
			t.Errorf("two [[headers]] for %q", h.For)
		}
		rules[h.For] = h.Values
	}
	all := rules["/*"]
	for _, name := range []string{"Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"} {
		if all[name] == "" {
			t.Errorf("/* lacks %s", name)
		}
	}
	if all["X-Content-Type-Options"] != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q", all["X-Content-Type-Options"])
	}
	if n := maxAge(all["Strict-Transport-Security"]); n < 31536000 {
		t.Errorf("Strict-Transport-Security %q: want a max-age of a year or more", all["Strict-Transport-Security"])
	}

	policy := all["Content-Security-Policy"]
	d := csp(policy)
	for _, tc := range []struct{ directive, want string }{
		{"default-src", "'none'"},
		{"script-src", "'self'"},
		{"style-src", "'self'"},
		{"frame-ancestors", "'none'"},
		{"base-uri", "'none'"},
		{"form-action", "'none'"},
	} {
		if got := strings.Join(d[tc.directive], " "); got != tc.want {
			t.Errorf("CSP %s = %q, want %q", tc.directive, got, tc.want)
		}
	}
	for dir, sources := range d {
		for _, s := range sources {
			// Only keywords: no host, scheme or wildcard source lets a
			// third party in.
			if !strings.HasPrefix(s, "'") || s == "'unsafe-inline'" || s == "'unsafe-eval'" || s == "'unsafe-hashes'" {
				t.Errorf("CSP %s allows %s", dir, s)
			}
		}
	}

	// Caching: rules that set Cache-Control never overlap, since Netlify
	// would join their values.
	if all["Cache-Control"] != "" {
		t.Error("/* sets Cache-Control: it would join the assets' and the pages' values")
	}
	for _, p := range []string{"/css/*", "/js/*"} {
		if cc := rules[p]["Cache-Control"]; !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("%s Cache-Control = %q, want a year, immutable", p, cc)
		}
	}
	for _, l := range langs {
		for _, p := range []string{"/", "/" + l + "/*"} {
			cc := rules[p]["Cache-Control"]
			if n := maxAge(cc); n < 0 || n > 600 || strings.Contains(cc, "immutable") {
				t.Errorf("%s Cache-Control = %q, want a short max-age", p, cc)
			}
		}
	}

	// The built pages need no more than the policy allows, and the assets
	// cached for a year are all fingerprinted.
	res := builtNetlifySite(t)
	fingerprinted := regexp.MustCompile(`\.[0-9a-f]{32,128}\.[a-z0-9]+$`)
	pages := 0
	err := afero.Walk(res.Site, "/", func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		if strings.HasPrefix(p, "/css/") || strings.HasPrefix(p, "/js/") {
			if !fingerprinted.MatchString(p) {
				t.Errorf("%s is cached as immutable but has no fingerprint in its name", p)
			}
			if strings.HasSuffix(p, ".css") {
				if u := regexp.MustCompile(`@import|url\(\s*['"]?(?:[a-z]+:|//)`).FindString(read(t, res.Site, p[1:])); u != "" {
					t.Errorf("%s loads %s…, which the CSP blocks", p, u)
				}
			}
		}
		if path.Ext(p) == ".html" {
			pages++
			for _, v := range cspViolations(read(t, res.Site, p[1:])) {
				t.Errorf("%s: %s", p, v)
			}
		}
		return nil
	})
	if err != nil || pages < 13 {
		t.Fatalf("walked %d pages: %v", pages, err)
	}
}

// cspViolations lists what a page does that our policy forbids: inline
// script or style, event handler attributes, subresources from elsewhere or
// without Subresource Integrity.
func cspViolations(page string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(page))
	inScript := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.TextToken:
			if inScript && strings.TrimSpace(string(z.Text())) != "" {
				out = append(out, "inline script")
			}
		case html.EndTagToken:
			inScript = false
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			tag := string(name)
			attrs := map[string]string{}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				attrs[string(k)] = string(v)
				if strings.HasPrefix(string(k), "on") {
					out = append(out, tag+" has an event handler "+string(k))
				}
				if string(k) == "style" {
					out = append(out, tag+" has a style attribute")
				}
			}
			sub := ""
			switch {
			case tag == "script":
				inScript = tt == html.StartTagToken
				sub = attrs["src"]
			case tag == "style":
				out = append(out, "inline style element")
			case tag == "link" && slices.Contains(strings.Fields(attrs["rel"]), "stylesheet"):
				sub = attrs["href"]
			case tag == "img" || tag == "iframe" || tag == "object" || tag == "embed" || tag == "video" || tag == "audio" || tag == "source":
				out = append(out, tag+" "+attrs["src"]+": the CSP allows no "+tag)
			}
			if sub == "" {
				continue
			}
			if !strings.HasPrefix(sub, "/") || strings.HasPrefix(sub, "//") {
				out = append(out, sub+" is not from this site")
			}
			if !strings.HasPrefix(attrs["integrity"], "sha384-") && !strings.HasPrefix(attrs["integrity"], "sha512-") {
				out = append(out, sub+" has no integrity hash")
			}
		}
	}
}

// netlifyServe answers a request as Netlify would (the model of
// internal/netlify): the status and the file served or the Location
// redirected to.
func netlifyServe(rules []netlify.Redirect, site afero.Fs, p, acceptLanguage string) (int, string) {
	// A BasePathFs on "/" takes the slash-less names of io/fs.
	return netlify.Serve(rules, afero.NewIOFS(afero.NewBasePathFs(site, "/")), p, acceptLanguage)
}

func TestNetlifyRedirects(t *testing.T) {
	c := readNetlify(t)
	def, langs := siteLangs(t)
	res := builtNetlifySite(t)

	// Every target exists in the built site.
	for _, r := range c.Redirects {
		// :splat stands for the rest of the path asked for: a page.
		file := strings.TrimPrefix(strings.ReplaceAll(r.To, ":splat", "privacy-policy/"), "/")
		if strings.HasSuffix(file, "/") {
			file += "index.html"
		}
		if ok, _ := afero.Exists(res.Site, "/"+file); !ok {
			t.Errorf("redirect %s -> %s: %s is not in the built site", r.From, r.To, file)
		}
	}

	// Every language is reachable from / and has its own 404 rule.
	for _, l := range langs {
		primary, _, _ := strings.Cut(l, "-")
		reader := strings.ToUpper(primary[:1]) + primary[1:] // any case: Accept-Language is case-insensitive
		if l == def {
			reader = "de-DE" // no language of ours: English
		}
		for _, tc := range []struct {
			path, accept string
			status       int
			want         string
		}{
			{"/", reader + "-XX," + def + ";q=0.5", 302, "/" + l + "/"},
			{"/" + l + "/", reader, 200, l + "/index.html"},
			{"/" + l + "/privacy-policy/", "", 200, l + "/privacy-policy/index.html"},
			{"/" + l + "/no-such-page/", "", 404, l + "/404.html"},
			// A language-neutral path goes to the same path in the
			// reader's language, English when none matches.
			{"/privacy-policy/", reader + "-XX," + def + ";q=0.5", 302, "/" + l + "/privacy-policy/"},
			{"/privacy-policy", reader, 302, "/" + l + "/privacy-policy"},
		} {
			status, got := netlifyServe(c.Redirects, res.Site, tc.path, tc.accept)
			if status != tc.status || got != tc.want {
				t.Errorf("%s (Accept-Language %q): %d %s, want %d %s", tc.path, tc.accept, status, got, tc.status, tc.want)
			}
		}
	}
	for _, tc := range []struct {
		path, accept string
		status       int
		want         string
	}{
		{"/", "", 302, "/" + def + "/"},
		{"/", "zh-TW,zh;q=0.9", 302, "/zh-cn/"},
		{"/", "pt-PT", 302, "/pt-br/"},
		{"/", "fr-FR,ko;q=0.8", 302, "/" + def + "/"}, // the first choice decides
		{"/privacy-policy/", "", 302, "/" + def + "/privacy-policy/"},
		{"/privacy-policy/", "fr-FR,ko;q=0.8", 302, "/" + def + "/privacy-policy/"},
		// A path that exists nowhere ends at the 404 page of the reader's
		// language, by way of its folder.
		{"/no-such-page", "ko", 302, "/ko/no-such-page"},
		{"/ko/no-such-page", "ko", 404, "ko/404.html"},
		// Files outside the language folders are served as they are.
		{"/robots.txt", "ko", 200, "robots.txt"},
		{"/sitemap.xml", "ko", 200, "sitemap.xml"},
	} {
		status, got := netlifyServe(c.Redirects, res.Site, tc.path, tc.accept)
		if status != tc.status || got != tc.want {
			t.Errorf("%s (Accept-Language %q): %d %s, want %d %s", tc.path, tc.accept, status, got, tc.status, tc.want)
		}
	}

	// The catch-all rule comes last, or it would hide the rules after it:
	// the unconditional one to English.
	last := c.Redirects[len(c.Redirects)-1]
	if last.From != "/*" || last.To != "/"+def+"/:splat" || last.Status != 302 || last.Force || len(last.Conditions) != 0 {
		t.Errorf("the last rule is %+v, want /* -> /%s/:splat, 302, unforced, unconditional", last, def)
	}
	for i, r := range c.Redirects {
		if r.From == "/*" && len(r.Conditions) == 0 && i != len(c.Redirects)-1 {
			t.Errorf("rule %d, the unconditional /* -> %s, hides the rules after it", i+1, r.To)
		}
		if r.From == "/*" && r.Force {
			t.Errorf("rule %d: /* -> %s is forced: it would hide the site's own files", i+1, r.To)
		}
	}
	for i, r := range c.Redirects {
		if r.From == "/" && len(r.Conditions) == 0 {
			for _, later := range c.Redirects[i+1:] {
				if later.From == "/" {
					t.Errorf("the rule for / to %s comes after the unconditional one", later.To)
				}
			}
		}
	}
}

// TestRobotsAndSitemap: production invites crawlers through the sitemap
// index; previews shut them out. Each sitemap entry lists the same
// alternates as the page's own head.
func TestRobotsAndSitemap(t *testing.T) {
	res := builtNetlifySite(t)
	robots := read(t, res.Site, "robots.txt")
	if !strings.Contains(robots, "User-agent: *\nDisallow:\n") || !strings.Contains(robots, "\nSitemap: https://legal.example.com/sitemap.xml\n") {
		t.Errorf("production robots.txt:\n%s", robots)
	}
	index := read(t, res.Site, "sitemap.xml")
	_, langs := siteLangs(t)
	for _, l := range langs {
		if !strings.Contains(index, "https://legal.example.com/"+l+"/sitemap.xml") {
			t.Errorf("the sitemap index lacks %s's sitemap", l)
		}
		var sm struct {
			URLs []struct {
				Loc   string `xml:"loc"`
				Links []struct {
					Rel      string `xml:"rel,attr"`
					Hreflang string `xml:"hreflang,attr"`
					Href     string `xml:"href,attr"`
				} `xml:"http://www.w3.org/1999/xhtml link"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal([]byte(read(t, res.Site, l+"/sitemap.xml")), &sm); err != nil {
			t.Fatalf("%s/sitemap.xml: %v", l, err)
		}
		if len(sm.URLs) < 2 {
			t.Errorf("%s/sitemap.xml lists %d pages", l, len(sm.URLs))
		}
		for _, u := range sm.URLs {
			var inMap []string
			for _, x := range u.Links {
				inMap = append(inMap, x.Hreflang+" "+x.Href)
			}
			file := strings.TrimPrefix(u.Loc, "https://legal.example.com/") + "index.html"
			inHead := headAlternates(read(t, res.Site, file))
			if strings.Join(inMap, "\n") != strings.Join(inHead, "\n") || len(inHead) < 2 {
				t.Errorf("%s: the sitemap lists\n%s\nthe page's head\n%s", u.Loc, strings.Join(inMap, "\n"), strings.Join(inHead, "\n"))
			}
		}
	}

	var a strings.Builder
	a.WriteString(doc("en", "Privacy Policy", retention))
	prev, err := Build(context.Background(), Options{Source: testSource(t, a.String()), CacheDir: t.TempDir(), Environment: "preview", BaseURL: "https://deploy-preview-7--legal.netlify.app/"})
	if err != nil {
		t.Fatal(err)
	}
	if robots := read(t, prev.Site, "robots.txt"); robots != "User-agent: *\nDisallow: /\n" {
		t.Errorf("preview robots.txt:\n%s", robots)
	}
}

// headAlternates are a page's hreflang alternates, "hreflang href".
func headAlternates(page string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		if string(name) != "link" {
			continue
		}
		attrs := map[string]string{}
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			attrs[string(k)] = string(v)
		}
		if attrs["rel"] == "alternate" && attrs["hreflang"] != "" {
			out = append(out, attrs["hreflang"]+" "+attrs["href"])
		}
	}
}
