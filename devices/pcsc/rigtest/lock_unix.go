//go:build unix

package rigtest

import (
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
)

// held are the tests of this process holding the lock: a test (or a
// benchmark run again for a larger N) that asks twice must not wait for
// itself.
var held sync.Map

// Lock keeps the PC/SC rig for this test until it ends. go test runs
// packages' test binaries at the same time, and the rig has one virtual
// reader slot and one pcscd that some tests stop, so every rig test takes
// the rig's lock file ($CARDDESK_PCSC_RIG_DIR/tests.lock). The kernel
// drops the lock when a test binary dies.
func Lock(t testing.TB) {
	t.Helper()
	if _, again := held.Load(t); again {
		return
	}
	dir := os.Getenv("CARDDESK_PCSC_RIG_DIR")
	if dir == "" {
		return // a rig started by hand: nobody to share it with
	}
	f, err := os.OpenFile(filepath.Join(dir, "tests.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatalf("the PC/SC rig's lock: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatalf("taking the PC/SC rig's lock: %v", err)
	}
	held.Store(t, true)
	t.Cleanup(func() {
		held.Delete(t)
		f.Close() // closing the file releases the lock
	})
}
