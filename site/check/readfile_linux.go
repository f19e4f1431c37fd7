package check

import (
	"io/fs"
	"slices"
	"syscall"
)

// readOSFile reads a file of the real file system into buf, which it grows
// as needed, with the three system calls reading needs. os.Open on Linux
// makes four more per file (it sets the file non-blocking, offers it to the
// network poller, which refuses regular files, and sets it blocking again):
// on a site of 6,000 pages, a tenth of the check's time.
func readOSFile(name string, buf []byte) ([]byte, error) {
	var (
		fd  int
		err error
	)
	for {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return buf[:0], &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, max(cap(buf), 4096))
		}
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		switch {
		case err == syscall.EINTR:
		case err != nil:
			return buf, &fs.PathError{Op: "read", Path: name, Err: err}
		case n == 0:
			return buf, nil
		default:
			buf = buf[:len(buf)+n]
		}
	}
}
