package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

// workflow is .github/workflows/content.yml.
var workflow = filepath.Join("..", "..", ".github", "workflows", "content.yml")

// TestContentWorkflowLint: actionlint finds nothing wrong in the workflow
// (syntax, expressions and their types, the inputs of known actions, step
// ids). Shell scripts are not linted: shellcheck is not a Go module.
func TestContentWorkflowLint(t *testing.T) {
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.LintFile(workflow, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("%s:%d:%d: %s [%s]", workflow, e.Line, e.Column, e.Message, e.Kind)
	}
}

// TestContentWorkflow plays the job's steps of content.yml for builds that
// succeed, fail or never run, evaluating each step's if: as GitHub does
// (actionlint parses it): the steps that report on a pull request run after
// a failed build too (a step with no condition, or one on success, would be
// skipped and leave the job summary silent), the job summary says why the
// changed pages are not listed, and nothing reports on a build that never
// ran (checkout or Go setup failed) or a cancelled run.
func TestContentWorkflow(t *testing.T) {
	const (
		sitectl  = "Build sitectl"
		build    = "Build and check (annotations on the Markdown lines)"
		statusPR = "Translation status (what this pull request changes)"
		status   = "Translation status"
		pages    = "Pages this pull request changes"
		notListd = "Pages this pull request changes (not listed, the build failed)"
	)
	steps := contentSteps(t)
	for _, tc := range []struct {
		name        string
		event       string
		setupFail   bool   // Go setup fails: the build never runs
		sitectlFail bool   // sitectl does not compile: the build never runs
		build       string // the build's outcome when it runs
		i18nFail    bool   // sitectl i18n exits non-zero
		run         []string
	}{
		{"pull request, green", "pull_request", false, false, "success", false, []string{sitectl, build, statusPR, pages}},
		{"pull request, build fails", "pull_request", false, false, "failure", false, []string{sitectl, build, statusPR, notListd}},
		{"pull request, translation status fails", "pull_request", false, false, "success", true, []string{sitectl, build, statusPR, pages}},
		{"pull request, both fail", "pull_request", false, false, "failure", true, []string{sitectl, build, statusPR, notListd}},
		{"pull request, Go setup fails", "pull_request", true, false, "", false, nil},
		{"pull request, sitectl does not compile", "pull_request", false, true, "", false, []string{sitectl}},
		{"pull request, cancelled during the build", "pull_request", false, false, "cancelled", false, []string{sitectl, build}},
		{"push to main, green", "push", false, false, "success", false, []string{sitectl, build, status}},
		{"push to main, build fails", "push", false, false, "failure", false, []string{sitectl, build, status}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := &job{event: tc.event, outcomes: map[string]string{}}
			var ran []string
			for _, s := range steps {
				name := stepName(s)
				outcome := "skipped"
				if j.runs(t, s) {
					outcome = "success"
					switch {
					case s.ID != nil && s.ID.Value == "build":
						outcome = tc.build
					case (name == status || name == statusPR) && tc.i18nFail:
						outcome = "failure"
					case strings.Contains(name, "setup-go") && tc.setupFail:
						outcome = "failure"
					case name == sitectl && tc.sitectlFail:
						outcome = "failure"
					}
					if s.Exec != nil {
						if _, ok := s.Exec.(*actionlint.ExecRun); ok {
							ran = append(ran, name)
						}
					}
				}
				j.failed = j.failed || outcome == "failure"
				j.cancelled = j.cancelled || outcome == "cancelled"
				if s.ID != nil {
					j.outcomes[s.ID.Value] = outcome
				}
			}
			if fmt.Sprint(ran) != fmt.Sprint(tc.run) {
				t.Errorf("steps run:\n  %s\nwant:\n  %s", strings.Join(ran, "\n  "), strings.Join(tc.run, "\n  "))
			}
		})
	}
	// What the report steps run: sitectl, built once by the step before,
	// with the reports in GitHub's format; on a pull request, the
	// translation status of what it changes against the merge commit's
	// first parent, with the backlog linked to the preview's status page.
	for name, want := range map[string]string{
		sitectl:  `go build -o "$RUNNER_TEMP/sitectl" ./tools/sitectl`,
		build:    `"$RUNNER_TEMP/sitectl" build -o public -env preview -format github`,
		statusPR: `"$RUNNER_TEMP/sitectl" i18n -format github -base HEAD^1 -status-url "https://deploy-preview-${{ github.event.number }}--${NETLIFY_SITE}.netlify.app/en/translation-status/"`,
		status:   `"$RUNNER_TEMP/sitectl" i18n -format github`,
	} {
		found := false
		for _, s := range steps {
			if r, ok := s.Exec.(*actionlint.ExecRun); ok && stepName(s) == name {
				found = true
				if got := strings.TrimSpace(r.Run.Value); got != want {
					t.Errorf("%s runs %q, want %q", name, got, want)
				}
			}
		}
		if !found {
			t.Errorf("no step %q", name)
		}
	}
}

// TestContentWorkflowUpkeep: the workflow reads the repository only, runs
// one job at a time per pull request, cannot hang, uses the Node 24
// majors of the actions, builds sitectl once (no step compiles it again
// with go run), and fetches what it compares with: the merge commit's
// first parent (fetch-depth 2), not the base branch's tip by SHA.
func TestContentWorkflowUpkeep(t *testing.T) {
	b, err := os.ReadFile(workflow)
	if err != nil {
		t.Fatal(err)
	}
	wf, errs := actionlint.Parse(b)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", workflow, errs[0])
	}
	if p := wf.Permissions; p == nil || p.All != nil || len(p.Scopes) != 1 || p.Scopes["contents"] == nil || p.Scopes["contents"].Value.Value != "read" {
		t.Errorf("permissions: want contents: read and nothing else")
	}
	if c := wf.Concurrency; c == nil || c.Group == nil || !strings.Contains(c.Group.Value, "github.event.pull_request.number") || c.CancelInProgress == nil {
		t.Errorf("concurrency: want a group per pull request that cancels the run in progress")
	}
	j := wf.Jobs["site"]
	if j == nil || j.TimeoutMinutes == nil || j.TimeoutMinutes.Value <= 0 || j.TimeoutMinutes.Value > 60 {
		t.Fatalf("the job site has no timeout-minutes (at most 60)")
	}
	majors := map[string]int{"actions/checkout": 5, "actions/setup-go": 6}
	builds := 0
	for _, s := range j.Steps {
		switch e := s.Exec.(type) {
		case *actionlint.ExecAction:
			name, ref, _ := strings.Cut(e.Uses.Value, "@")
			var major int
			fmt.Sscanf(strings.TrimPrefix(ref, "v"), "%d", &major)
			if least, ok := majors[name]; ok && major < least {
				t.Errorf("%s: want v%d or later (Node 24)", e.Uses.Value, least)
			}
			if name == "actions/checkout" {
				if d := e.Inputs["fetch-depth"]; d == nil || d.Value.Value != "2" {
					t.Errorf("actions/checkout: want fetch-depth: 2 (the merge commit and its first parent)")
				}
			}
			delete(majors, name)
		case *actionlint.ExecRun:
			run := e.Run.Value
			if strings.Contains(run, "go run") {
				t.Errorf("step %q compiles sitectl again (go run): run the binary the first step built", stepName(s))
			}
			builds += strings.Count(run, "go build")
			if strings.Contains(run, "base.sha") {
				t.Errorf("step %q compares with the base branch's tip: compare with HEAD^1, the merge commit's first parent", stepName(s))
			}
		}
	}
	if builds != 1 {
		t.Errorf("sitectl is built %d times, want once", builds)
	}
	for name := range majors {
		t.Errorf("no step uses %s", name)
	}
}

// contentSteps reads the steps of the job "site" with actionlint's parser.
func contentSteps(t *testing.T) []*actionlint.Step {
	t.Helper()
	b, err := os.ReadFile(workflow)
	if err != nil {
		t.Fatal(err)
	}
	wf, errs := actionlint.Parse(b)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", workflow, errs[0])
	}
	j, ok := wf.Jobs["site"]
	if !ok {
		t.Fatalf("%s: no job named site", workflow)
	}
	return j.Steps
}

// stepName is a step's name, or the action it uses.
func stepName(s *actionlint.Step) string {
	if s.Name != nil {
		return s.Name.Value
	}
	if a, ok := s.Exec.(*actionlint.ExecAction); ok {
		return a.Uses.Value
	}
	return "?"
}

// job is the state of a job run that a step's if: reads.
type job struct {
	event             string
	failed, cancelled bool              // a step has failed; the run was cancelled
	outcomes          map[string]string // steps.<id>.outcome
}

// runs evaluates the step's if: as GitHub does: without a status function
// (success(), failure(), cancelled(), always()), the condition is
// success() && (if), and no if: at all is success().
func (j *job) runs(t *testing.T, s *actionlint.Step) bool {
	t.Helper()
	src := "success()"
	if s.If != nil && s.If.Value != "" {
		src = strings.TrimSpace(s.If.Value)
	}
	src = strings.TrimPrefix(src, "${{")
	if !strings.HasSuffix(src, "}}") {
		src += "}}" // the lexer stops at }}
	}
	expr, perr := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(src))
	if perr != nil {
		t.Fatalf("step %q: if: %s: %v", stepName(s), src, perr)
	}
	status := false
	actionlint.VisitExprNode(expr, func(n, _ actionlint.ExprNode, entering bool) {
		if f, ok := n.(*actionlint.FuncCallNode); ok && entering {
			switch strings.ToLower(f.Callee) {
			case "success", "failure", "cancelled", "always":
				status = true
			}
		}
	})
	ok := truthy(j.eval(t, expr))
	if !status {
		ok = ok && !j.failed && !j.cancelled
	}
	return ok
}

// eval evaluates the parts of GitHub's expression language a condition
// uses: contexts, literals, !, &&, ||, == and !=, and the status functions.
func (j *job) eval(t *testing.T, n actionlint.ExprNode) any {
	t.Helper()
	switch n := n.(type) {
	case *actionlint.VariableNode:
		switch strings.ToLower(n.Name) {
		case "github":
			return map[string]any{"event_name": j.event}
		case "steps":
			steps := map[string]any{}
			for id, o := range j.outcomes {
				steps[id] = map[string]any{"outcome": o, "conclusion": o}
			}
			return steps
		}
		t.Fatalf("context %s: not modelled by this test", n.Name)
	case *actionlint.ObjectDerefNode:
		if m, ok := j.eval(t, n.Receiver).(map[string]any); ok {
			return m[strings.ToLower(n.Property)]
		}
		return nil
	case *actionlint.StringNode:
		return n.Value
	case *actionlint.BoolNode:
		return n.Value
	case *actionlint.NullNode:
		return nil
	case *actionlint.NotOpNode:
		return !truthy(j.eval(t, n.Operand))
	case *actionlint.LogicalOpNode:
		l := truthy(j.eval(t, n.Left))
		if n.Kind == actionlint.LogicalOpNodeKindAnd {
			return l && truthy(j.eval(t, n.Right))
		}
		return l || truthy(j.eval(t, n.Right))
	case *actionlint.CompareOpNode:
		l, r := j.eval(t, n.Left), j.eval(t, n.Right)
		eq := fmt.Sprint(l) == fmt.Sprint(r)
		if ls, ok := l.(string); ok {
			if rs, ok := r.(string); ok {
				eq = strings.EqualFold(ls, rs) // GitHub compares strings ignoring case
			}
		}
		switch n.Kind {
		case actionlint.CompareOpNodeKindEq:
			return eq
		case actionlint.CompareOpNodeKindNotEq:
			return !eq
		}
	case *actionlint.FuncCallNode:
		switch strings.ToLower(n.Callee) {
		case "success":
			return !j.failed && !j.cancelled
		case "failure":
			return j.failed
		case "cancelled":
			return j.cancelled
		case "always":
			return true
		}
	}
	t.Fatalf("expression %T: not modelled by this test", n)
	return nil
}

func truthy(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return v != ""
	case nil:
		return false
	}
	return true
}
