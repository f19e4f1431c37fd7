package l10n_test

import (
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site/l10n"
	"legalcenter/site/report"
)

// TestRepository runs over the real site. Its content is being written, so
// this asserts only that Status runs and produces every format.
func TestRepository(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	r, err := l10n.Status(context.Background(), afero.NewReadOnlyFs(afero.NewBasePathFs(afero.NewOsFs(), root)), l10n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != "en" || len(r.Languages) == 0 {
		t.Errorf("source %q, %d translation languages", r.Source, len(r.Languages))
	}
	for _, name := range report.Formats {
		if err := r.Write(io.Discard, name); err != nil {
			t.Errorf("format %s: %v", name, err)
		}
	}
	if !json.Valid(r.Data()) {
		t.Errorf("Data is not JSON:\n%s", r.Data())
	}
}
