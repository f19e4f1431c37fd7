//go:build unix

package publish

import (
	"os"
	"path/filepath"
	"syscall"
)

// otherDevice reports whether the folder dir lies on another device than
// its parent, as the root of a mount does.
func otherDevice(dir string) (bool, error) {
	fi, err := os.Lstat(dir)
	if err != nil {
		return false, err
	}
	up, err := os.Stat(filepath.Join(dir, ".."))
	if err != nil {
		return false, err
	}
	a, ok1 := fi.Sys().(*syscall.Stat_t)
	b, ok2 := up.Sys().(*syscall.Stat_t)
	return ok1 && ok2 && a.Dev != b.Dev, nil
}
