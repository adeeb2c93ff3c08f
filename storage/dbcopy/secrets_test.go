package dbcopy

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/secretbox"
)

// testSecrets seals the secrets of every station the tests make with one
// key file, as the desks of one computer share their keyring: a copy's
// secrets open with the key of the database they came from.
var testSecrets enroll.SecretSealer

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "carddesk-dbcopy-keys-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testSecrets = secretbox.New(secretbox.InFile(filepath.Join(dir, "secrets.key"), nil))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
