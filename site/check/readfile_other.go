//go:build !linux

package check

import "os"

// readOSFile reads a file of the real file system into buf, which it grows
// as needed.
func readOSFile(name string, buf []byte) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return buf[:0], err
	}
	defer f.Close()
	return readAll(f, buf[:0])
}
