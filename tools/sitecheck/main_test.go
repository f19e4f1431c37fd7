package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoHugo: sitecheck starts fast only as long as nothing it imports
// links Hugo, whose dependencies' initialisation is most of sitectl's
// start-up.
func TestNoHugo(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 || !strings.Contains(string(out), "legalcenter/site/check\n") {
		t.Fatalf("go list -deps listed %d packages, without legalcenter/site/check:\n%s", len(deps), out)
	}
	for _, p := range deps {
		if p == "github.com/gohugoio/hugo" || strings.HasPrefix(p, "github.com/gohugoio/hugo/") {
			t.Errorf("sitecheck imports %s (Hugo); keep Hugo out of internal/checkcmd, site/check and site/report", p)
		}
	}
}
