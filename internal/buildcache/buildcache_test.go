package buildcache

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildID: the build ID read from an executable for each system
// sitectl runs on is the one the Go tool reads; one built without an ID
// has none, and is named by its path, size and time instead.
func TestBuildID(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program for three systems")
	}
	dir := t.TempDir()
	main := filepath.Join(dir, "main.go")
	os.WriteFile(main, []byte("package main\n\nfunc main() { println(\"hi\") }\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module hi\n\ngo 1.22\n"), 0o644)
	for _, goos := range []string{"linux", "darwin", "windows"} {
		for _, flags := range []string{"", "-buildid="} {
			exe := filepath.Join(dir, goos+flags)
			build := exec.Command("go", "build", "-ldflags="+flags, "-o", exe, ".")
			build.Dir = dir
			build.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=0")
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", goos, err, out)
			}
			want := ""
			if flags == "" {
				out, err := exec.Command("go", "tool", "buildid", exe).Output()
				if err != nil {
					t.Fatal(err)
				}
				want = strings.TrimSpace(string(out))
			}
			if got := buildID(exe); got != want {
				t.Errorf("%s %s: build ID %q, want %q", goos, flags, got, want)
			}
		}
	}
}
