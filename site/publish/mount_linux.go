package publish

import (
	"os"

	"golang.org/x/sys/unix"
)

// mountPoint reports whether the folder dir is the root of a mount (a
// bind mount included, which keeps its parent's device number): a rename
// cannot move it, so publishing into it would fail after the whole build.
func mountPoint(dir string) (bool, error) {
	var st unix.Statx_t
	err := unix.Statx(unix.AT_FDCWD, dir, unix.AT_SYMLINK_NOFOLLOW, unix.STATX_BASIC_STATS, &st)
	if err == nil && st.Attributes_mask&unix.STATX_ATTR_MOUNT_ROOT != 0 {
		return st.Attributes&unix.STATX_ATTR_MOUNT_ROOT != 0, nil
	}
	if err != nil && err != unix.ENOSYS {
		return false, &os.PathError{Op: "statx", Path: dir, Err: err}
	}
	return otherDevice(dir) // kernels before 5.8
}
