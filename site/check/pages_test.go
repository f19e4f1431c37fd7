package check

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site/check/checktest"
)

// TestPages: a site whose pages were handed to Pages as they were written
// gets the report of the same site read from its folder, whatever
// Pages holds that Run must not take.
func TestPages(t *testing.T) {
	fsys := afero.NewMemMapFs()
	var files []string
	defects, err := checktest.Generate(checktest.Config{Docs: checktest.MinDocs, Defects: true}, func(name string, data []byte) error {
		files = append(files, name)
		return afero.WriteFile(fsys, name, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	// A copy in a folder of its own, for a report that names it.
	nested := afero.NewMemMapFs()
	for _, f := range files {
		data, err := afero.ReadFile(fsys, f)
		if err != nil {
			t.Fatal(err)
		}
		if err := afero.WriteFile(nested, "site/"+f, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	broken := []byte(`<a href="/nowhere/">x</a><p id="a"></p><p id="a"></p>`)
	for _, tc := range []struct {
		name string
		site afero.Fs
		opt  Options
		add  func(c *Pages, rel string, data []byte)
	}{
		{name: "every page", add: func(c *Pages, rel string, data []byte) { c.Add(rel, data) }},
		{name: "written twice", add: func(c *Pages, rel string, data []byte) {
			c.Add(rel, broken)
			c.Add(rel, data)
		}},
		{name: "half", add: func(c *Pages, rel string, data []byte) {
			if len(rel)%2 == 0 {
				c.Add(rel, data)
			}
		}},
		// Named otherwise than Pages names them: read again.
		{name: "other names", site: nested, opt: Options{Root: "site"}, add: func(c *Pages, rel string, data []byte) { c.Add(rel, broken) }},
		// Larger than Run reads: read again, and then it fits.
		{name: "too large", opt: Options{MaxPageSize: 1 << 20}, add: func(c *Pages, rel string, data []byte) {
			c.Add(rel, append(slices.Clone(broken), make([]byte, 1<<20)...))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := cmp.Or[afero.Fs](tc.site, fsys)
			want, err := Run(context.Background(), site, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(want.Findings) < len(defects) {
				t.Fatalf("%d findings, %d defects planted", len(want.Findings), len(defects))
			}
			c := NewPages()
			var wg sync.WaitGroup
			for _, f := range files {
				data, err := afero.ReadFile(fsys, f)
				if err != nil {
					t.Fatal(err)
				}
				wg.Go(func() { tc.add(c, f, data) })
			}
			wg.Wait()
			opt := tc.opt
			opt.Pages = c
			got, err := Run(context.Background(), site, opt)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Findings, want.Findings) || got.Pages != want.Pages || got.Links != want.Links {
				t.Errorf("with Pages: %d pages, %d links, findings:\n%s\nread from the folder: %d pages, %d links, findings:\n%s",
					got.Pages, got.Links, text(got), want.Pages, want.Links, text(want))
			}
		})
	}
}

// TestPagesTaken: Run reads a page Pages holds from Pages, not from the
// folder.
func TestPagesTaken(t *testing.T) {
	fsys := afero.NewMemMapFs()
	for _, f := range []string{"a/index.html", "b/index.html"} {
		if err := afero.WriteFile(fsys, f, []byte(`<p id="x">ok</p>`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := NewPages()
	c.Add("a/index.html", []byte(`<a href="/nowhere/">x</a>`))
	rep, err := Run(context.Background(), fsys, Options{Pages: c})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Page != "a/index.html" || rep.Findings[0].Rule != ruleBroken || rep.Pages != 2 {
		t.Errorf("%d pages, findings:\n%s", rep.Pages, text(rep))
	}
}
