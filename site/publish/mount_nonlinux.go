//go:build unix && !linux

package publish

// mountPoint reports whether the folder dir is the root of a mount: a
// rename cannot move it, so publishing into it would fail after the whole
// build.
func mountPoint(dir string) (bool, error) { return otherDevice(dir) }
