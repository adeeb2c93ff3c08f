//go:build unix

package notify

import (
	"errors"
	"syscall"
)

// processAlive: signal 0 checks that the process exists without touching
// it; EPERM means it exists under another user.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
