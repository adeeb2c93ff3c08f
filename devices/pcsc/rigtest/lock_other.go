//go:build !unix

package rigtest

import "testing"

// Lock: the PC/SC rig (scripts/pcsc-rig.sh) only runs on Linux.
func Lock(testing.TB) {}
