package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// tab is one browser tab of a test. It records what the page reports:
// console errors, uncaught exceptions, error entries of the browser log and
// Content-Security-Policy violations. The test fails on any of them when it
// ends, unless it takes them itself with takeProblems.
type tab struct {
	t   *testing.T
	f   *fixture
	ctx context.Context

	mu       sync.Mutex
	at       string   // the page the tab shows, for messages
	problems []string // what the page reported
}

// stepTimeout bounds each step of a tab: a navigation, an evaluation, a key
// press, a screenshot. A step that hangs fails its test; a tab that takes
// many steps (TestTableWords loads every document with a table and
// measures each at three widths: 25 s on a loaded two-core machine) is
// not failed by their sum, which grows with the machine's load, not with
// a defect of the site.
const stepTimeout = 90 * time.Second

// cspBinding is the function through which the page reports CSP violations
// (securitypolicyviolation events) to the test.
const cspBinding = "__legalcenterCSPViolation"

// cspListener runs in every document before the site's own script.
const cspListener = `document.addEventListener("securitypolicyviolation", function (e) {
  window.` + cspBinding + `(JSON.stringify({
    directive: e.effectiveDirective || e.violatedDirective,
    blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber,
    sample: e.sample, disposition: e.disposition
  }));
}, true);`

// newTab opens a tab at the given viewport width and height.
func (f *fixture) newTab(t *testing.T, width, height int64) *tab {
	t.Helper()
	tb := &tab{t: t, f: f}
	ctx, cancel := chromedp.NewContext(f.browser, chromedp.WithListener(tb.listen))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	tb.ctx = ctx
	t.Cleanup(tb.checkProblems) // runs before the tab closes
	call(tb, runtime.AddBinding, runtime.AddBindingParams{Name: cspBinding})
	call(tb, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspListener})
	// A focused, active page, as the only tab of a window would be: tests
	// run tabs side by side (parallel subtests), and focus, :focus-visible
	// and keyboard navigation must not depend on which tab the browser
	// last brought to the front.
	call(tb, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
	tb.viewport(width, height)
	return tb
}

// viewport sets the size of the page's viewport; a width under 600 px
// emulates a phone.
func (tb *tab) viewport(width, height int64) {
	tb.t.Helper()
	var opts []chromedp.EmulateViewportOption
	if width < 600 {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	tb.do(chromedp.EmulateViewport(width, height, opts...))
}

// listen runs in chromedp's event loop: it must not block or call back.
func (tb *tab) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		msg = "console." + string(ev.Type) + ": " + argsText(ev.Args) + stackPlace(ev.StackTrace)
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + strings.SplitN(d.Exception.Description, "\n", 2)[0]
		}
		msg = fmt.Sprintf("uncaught exception: %s (%s:%d)", text, d.URL, d.LineNumber+1)
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError {
			return
		}
		if strings.HasSuffix(e.URL, "/favicon.ico") {
			return // the browser's own request; TestFavicon reports it
		}
		msg = fmt.Sprintf("browser log (%s): %s", e.Source, e.Text)
		if e.URL != "" {
			msg += " [" + e.URL + "]"
		}
	case *runtime.EventBindingCalled:
		if ev.Name != cspBinding {
			return
		}
		msg = "Content-Security-Policy violation: " + ev.Payload
	default:
		return
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.problems = append(tb.problems, tb.at+": "+msg)
}

func argsText(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		var s string
		if len(a.Value) > 0 && json.Unmarshal(a.Value, &s) == nil {
			parts = append(parts, s)
		} else if len(a.Value) > 0 {
			parts = append(parts, string(a.Value))
		} else {
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}

func stackPlace(st *runtime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 {
		return ""
	}
	f := st.CallFrames[0]
	return fmt.Sprintf(" (%s:%d)", f.URL, f.LineNumber+1)
}

// takeProblems returns what the page reported so far and forgets it.
func (tb *tab) takeProblems() []string {
	tb.do(chromedp.Evaluate[chromedp.Void]("0")) // a round trip: earlier events are in
	tb.mu.Lock()
	defer tb.mu.Unlock()
	p := tb.problems
	tb.problems = nil
	return p
}

func (tb *tab) checkProblems() {
	if tb.t.Failed() && tb.ctx.Err() != nil {
		return
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, p := range tb.problems {
		tb.t.Errorf("the page reported: %s", p)
	}
}

// open navigates to a site path and waits for the load event.
func (tb *tab) open(path string) {
	tb.t.Helper()
	if resp := tb.navigate(path); resp.Status != 200 {
		tb.t.Fatalf("opening %s: HTTP %d", path, resp.Status)
	}
}

// navigate opens a site path, whatever its status, and waits for the load
// event. The response is the document's, after any redirects.
func (tb *tab) navigate(path string) *network.Response {
	tb.t.Helper()
	tb.mu.Lock()
	tb.at = path
	tb.mu.Unlock()
	resp, err := run(tb, chromedp.NavigateResponse(tb.f.url(path)))
	if err != nil {
		tb.t.Fatalf("opening %s: %v", path, err)
	}
	return resp
}

// step is the context of one step of the tab (stepTimeout).
func (tb *tab) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(tb.ctx, stepTimeout)
}

// run runs an action in the tab, as one step.
func run[T any](tb *tab, a chromedp.Action[T]) (T, error) {
	ctx, cancel := tb.step()
	defer cancel()
	return chromedp.Run(ctx, a)
}

// do runs actions, as one step, failing the test on an error.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if _, err := run(tb, chromedp.Steps(actions...)); err != nil {
		tb.t.Fatalf("%s: %v", tb.at, err)
	}
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := run(tb, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("%s: evaluating %.200s: %v", tb.at, expr, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it is true.
func (tb *tab) waitFor(what, cond string) {
	tb.t.Helper()
	if err := tb.poll(cond, 10*time.Second); err != nil {
		tb.t.Fatalf("%s: timed out waiting for %s (%s): %v", tb.at, what, cond, err)
	}
}

// poll evaluates a JavaScript condition until it is true or the time is up.
// (chromedp.Poll compiles its predicate with new Function, which the site's
// Content-Security-Policy forbids.)
func (tb *tab) poll(cond string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		ok, err := run(tb, chromedp.Evaluate[bool]("!!("+cond+")"))
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("still false after %v", limit)
			}
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// clickAndLoad clicks the element and waits for the page it opens.
func (tb *tab) clickAndLoad(sel string, to string) {
	tb.t.Helper()
	tb.mu.Lock()
	tb.at = to
	tb.mu.Unlock()
	if _, err := run(tb, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
		tb.t.Fatalf("clicking %s: %v", sel, err)
	}
}

// click clicks the first element the CSS selector matches, with the mouse,
// after scrolling it into view.
func (tb *tab) click(sel string) {
	tb.t.Helper()
	tb.do(chromedp.Click(chromedp.CSS(sel)))
}

// clickOn clicks, with the mouse, the element a JavaScript expression
// gives, after scrolling it to the middle of the viewport. It scrolls
// twice, a frame apart, as a reader sees the page before they click: what
// comes into view may be laid out in the next frame, and move the element.
func (tb *tab) clickOn(expr string) {
	tb.t.Helper()
	type point struct{ X, Y float64 }
	p := eval[*point](tb, `(async () => {
	  const el = `+expr+`;
	  if (!el) return null;
	  el.scrollIntoView({block: "center", inline: "center"});
	  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
	  el.scrollIntoView({block: "center", inline: "center"});
	  const r = el.getClientRects()[0] || el.getBoundingClientRect();
	  return {X: r.left + Math.min(r.width / 2, 8), Y: r.top + r.height / 2};
	})()`)
	if p == nil {
		tb.t.Fatalf("%s: nothing to click: %s", tb.at, expr)
	}
	tb.do(chromedp.MouseClickXY(p.X, p.Y))
}

// evalVoid evaluates JavaScript for its effect. It does not wait for a
// promise the expression gives: eval does.
func evalVoid(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](expr)
}

// fontsReady waits until the page has loaded its fonts and laid its text
// out with them (document.fonts.ready), as a reader sees it once it is
// drawn.
func (tb *tab) fontsReady() {
	tb.t.Helper()
	eval[bool](tb, "document.fonts.ready.then(() => true)")
}

// pressAndLoad presses a key and waits for the page it opens.
func (tb *tab) pressAndLoad(key string) {
	tb.t.Helper()
	if _, err := run(tb, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(key))); err != nil {
		tb.t.Fatalf("%s: pressing %q: %v", tb.at, key, err)
	}
}

// press sends a key to the focused element, as a keyboard does.
func (tb *tab) press(key string, opts ...chromedp.KeyOption) {
	tb.t.Helper()
	tb.do(chromedp.KeyEvent(key, opts...))
}

// media emulates a CSS media type ("print", or "" for the default).
func (tb *tab) media(m string) {
	tb.t.Helper()
	call(tb, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
}

// call sends a protocol command to the tab.
func call[P, R any](tb *tab, cmd cdp.Command[P, R], params P) R {
	tb.t.Helper()
	ctx, cancel := tb.step()
	defer cancel()
	r, err := chromedp.Call(ctx, cmd, params)
	if err != nil {
		tb.t.Fatalf("%s: %s: %v", tb.at, cmd.Method, err)
	}
	return r
}
