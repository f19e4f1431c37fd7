package check

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site/check/checktest"
)

// genSite writes a generated site into a MemMapFs and returns its planted
// defects and size in bytes.
func genSite(tb testing.TB, cfg checktest.Config) (afero.Fs, []checktest.Defect, int64) {
	tb.Helper()
	fsys := afero.NewMemMapFs()
	var size int64
	defects, err := checktest.Generate(cfg, func(name string, data []byte) error {
		if strings.HasSuffix(name, ".html") {
			size += int64(len(data))
		}
		return afero.WriteFile(fsys, name, data, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return fsys, defects, size
}

// TestPlanted checks a generated six-language site: every planted defect is
// found, and nothing else is.
func TestPlanted(t *testing.T) {
	for _, base := range []string{checktest.BaseURL, ""} { // given, and inferred from canonical links
		t.Run("baseurl="+base, func(t *testing.T) {
			fsys, defects, _ := genSite(t, checktest.Config{Docs: checktest.MinDocs + 3, Defects: true})
			rep, err := Run(context.Background(), fsys, Options{BaseURL: base})
			if err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, f := range rep.Findings {
				got = append(got, fmt.Sprintf("%s %s %s %q", f.Level, f.Page, f.Rule, f.Target))
			}
			for _, d := range defects {
				want = append(want, fmt.Sprintf("%s %s %s %q", d.Level, d.Page, d.Rule, d.Target))
			}
			if len(want) < 20 {
				t.Fatalf("only %d defects planted", len(want))
			}
			slices.Sort(got)
			slices.Sort(want)
			for _, w := range want {
				if !slices.Contains(got, w) {
					t.Errorf("planted defect not found: %s", w)
				}
			}
			for _, g := range got {
				if !slices.Contains(want, g) {
					t.Errorf("false positive: %s", g)
				}
			}
			if t.Failed() {
				t.Log(text(rep))
			}
			if pages := 6*(checktest.MinDocs+3+2) + 2; rep.Pages != pages { // + the root and a legacy alias
				t.Errorf("checked %d pages, want %d", rep.Pages, pages)
			}
		})
	}
}

func TestCleanSite(t *testing.T) {
	fsys, _, _ := genSite(t, checktest.Config{Docs: 5})
	rep, err := Run(context.Background(), fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 {
		t.Errorf("a clean site has findings:\n%s", text(rep))
	}
}

// BenchmarkRun checks a generated six-language site with planted defects;
// MB/s counts the HTML read.
func BenchmarkRun(b *testing.B) {
	fsys, defects, size := genSite(b, checktest.Config{Docs: 100, Defects: true})
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		rep, err := Run(context.Background(), fsys, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Findings) != len(defects) {
			b.Fatalf("%d findings, want %d", len(rep.Findings), len(defects))
		}
	}
}
