//go:build !linux && !darwin

package publish

// exchange has no system call to use here (Windows, the BSDs): swap
// moves the old folder aside, then the new one in.
func exchange(a, b string) error { return errNoExchange }
