//go:build !unix

package publish

// mountPoint is false here: on Windows a mounted folder is a reparse
// point, which replaceable refuses as it refuses a symbolic link.
func mountPoint(dir string) (bool, error) { return false, nil }
