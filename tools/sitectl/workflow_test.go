package main

import (
	"os"
	"path/filepath"
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
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				ID   string `yaml:"id"`
				Name string `yaml:"name"`
				If   string `yaml:"if"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatal(err)
	}
	steps := wf.Jobs["site"].Steps
	// afterFailedBuild: whether the step's condition lets it run once the
	// build step failed, on a pull request.
	afterFailedBuild := func(cond string) bool {
		if !strings.Contains(cond, "always()") && !strings.Contains(cond, "!cancelled()") && !strings.Contains(cond, "failure()") {
			return false // no status function: success() is implied
		}
		return !strings.Contains(cond, "steps.build.outcome == 'success'")
	}
	for _, tc := range []struct {
		name             string
		afterFailedBuild bool
		run              string // the whole command, when it matters
	}{
		{"Build and check (annotations on the Markdown lines)", false, "go run ./tools/sitectl build -o public -env preview -format github"},
		{"Translation status", true, "go run ./tools/sitectl i18n -format github"},
		{"Pages this pull request changes", false, ""},
		{"Pages this pull request changes (not listed, the build failed)", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := -1
			for j, s := range steps {
				if s.Name == tc.name {
					i = j
				}
			}
			if i < 0 {
				t.Fatalf("no step %q in content.yml", tc.name)
			}
			s := steps[i]
			if s.ID != "build" && !strings.Contains(s.If, "steps.build.outcome") && tc.afterFailedBuild {
				t.Errorf("if: %q does not look at the build's outcome", s.If)
			}
			if s.ID != "build" {
				if got := afterFailedBuild(s.If); got != tc.afterFailedBuild {
					t.Errorf("if: %q runs after a failed build: %v, want %v", s.If, got, tc.afterFailedBuild)
				}
			}
			if tc.run != "" && strings.TrimSpace(s.Run) != tc.run {
				t.Errorf("run: %q, want %q", s.Run, tc.run)
			}
		})
	}
	if !strings.Contains(string(b), "id: build") {
		t.Error("the build step has no id: build, which the conditions read")
	}
}
