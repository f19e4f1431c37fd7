package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestContentWorkflow: in .github/workflows/content.yml, the steps that
// report on a pull request run after a failed build too (a step with no
// condition, or one on success, would be skipped and leave the job
// summary silent), the job summary says why the changed pages are not
// listed, and the translation status step fails exactly when sitectl i18n
// does, its Markdown in the job summary written by -format github itself.
func TestContentWorkflow(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", "content.yml"))
	if err != nil {
		t.Fatal(err)
	}
	type step struct {
		ID   string `yaml:"id"`
		Name string `yaml:"name"`
		If   string `yaml:"if"`
		Run  string `yaml:"run"`
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []step `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatal(err)
	}
	steps := wf.Jobs["site"].Steps
	// Each step's condition, exactly: a condition that reads well but
	// skips the step at the wrong time (on every green build, say) must
	// fail this test.
	for _, tc := range []struct {
		name, id, cond string
		run            string // the whole command, when it matters
	}{
		{"Build and check (annotations on the Markdown lines)", "build", "", "go run ./tools/sitectl build -o public -env preview -format github"},
		// After a failed build too: only a build that never ran (checkout
		// or Go failed) skips it.
		{"Translation status", "", "${{ !cancelled() && steps.build.outcome != 'skipped' }}", "go run ./tools/sitectl i18n -format github"},
		{"Pages this pull request changes", "", "${{ !cancelled() && github.event_name == 'pull_request' && steps.build.outcome == 'success' }}", ""},
		{"Pages this pull request changes (not listed, the build failed)", "", "${{ !cancelled() && github.event_name == 'pull_request' && steps.build.outcome == 'failure' }}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := slices.IndexFunc(steps, func(s step) bool { return s.Name == tc.name })
			if i < 0 {
				t.Fatalf("no step %q in content.yml", tc.name)
			}
			s := steps[i]
			if s.ID != tc.id {
				t.Errorf("id: %q, want %q", s.ID, tc.id)
			}
			if s.If != tc.cond {
				t.Errorf("if: %q, want %q", s.If, tc.cond)
			}
			if tc.run != "" && strings.TrimSpace(s.Run) != tc.run {
				t.Errorf("run: %q, want %q", s.Run, tc.run)
			}
		})
	}
}
