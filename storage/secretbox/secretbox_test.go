package secretbox

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/carddesk/carddesk/enroll"
)

const testID = "0123456789abcdef0123456789abcdef"

// fileSealer is a Sealer keeping its key in dir/secrets.key, as a station
// without a keyring does.
func fileSealer(t *testing.T, dir string) (*Sealer, string) {
	t.Helper()
	path := filepath.Join(dir, "secrets.key")
	return New(InFile(path, nil)), path
}

func TestSealOpen(t *testing.T) {
	s, path := fileSealer(t, t.TempDir())
	for _, plain := range []string{"Hunter2-mail", "ä ü € 🔑", strings.Repeat("x", 1024)} {
		a, err := s.Seal(testID, true, []byte(plain))
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Seal(testID, false, []byte(plain))
		if err != nil {
			t.Fatal(err)
		}
		if !IsSealed(a) || !s.IsSealed(a) || a == b || strings.Contains(a, plain) {
			t.Errorf("Seal(%q) = %q, %q: want two different sealed values without the plaintext", plain, a, b)
		}
		// A new sealer reads the key from the file, as the next run does.
		got, err := New(InFile(path, nil)).Open(testID, a)
		if err != nil || string(got) != plain {
			t.Errorf("Open = %q, %v; want %q", got, err, plain)
		}
	}
	if IsSealed("Hunter2-mail") {
		t.Error("plaintext taken for sealed")
	}
}

func TestKeyFileCreatedPrivate(t *testing.T) {
	dir := t.TempDir()
	s, path := fileSealer(t, filepath.Join(dir, "new folder"))
	if _, err := s.Seal(testID, true, []byte("x")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %04o, want 0600", fi.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	if len(strings.TrimSpace(string(data))) != 44 {
		t.Errorf("key file holds %q; want one line of base64", data)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".carddesk-key-*"))
	if len(leftovers) != 0 {
		t.Errorf("temp files left: %v", leftovers)
	}
}

func TestKeyFileLooseModeRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps the file private by its folder's ACL, not mode bits")
	}
	s, path := fileSealer(t, t.TempDir())
	sealed, err := s.Seal(testID, true, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = New(InFile(path, nil)).Open(testID, sealed)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "0644") || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("Open with a 0644 key file: %v; want a refusal naming the file, its mode and the fix", err)
	}
	// Sealing must not make a new key beside the refused one either.
	if _, err := New(InFile(path, nil)).Seal(testID, true, []byte("y")); err == nil {
		t.Error("Seal used or replaced a key file others may read")
	}
}

func TestKeyMissing(t *testing.T) {
	s, _ := fileSealer(t, t.TempDir())
	sealed, err := s.Seal(testID, true, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	other, path := fileSealer(t, t.TempDir())
	_, err = other.Open(testID, sealed)
	if !errors.Is(err, enroll.ErrSecretKeyMissing) || !strings.Contains(err.Error(), path) {
		t.Errorf("Open without the key: %v; want ErrSecretKeyMissing naming %s", err, path)
	}
	if _, err := other.Seal(testID, false, []byte("y")); !errors.Is(err, enroll.ErrSecretKeyMissing) {
		t.Errorf("Seal without create and without the key: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a key file was made without create: %v", err)
	}
}

func TestWrongKeyOrTampered(t *testing.T) {
	s, _ := fileSealer(t, t.TempDir())
	sealed, err := s.Seal(testID, true, []byte("Hunter2-mail"))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := fileSealer(t, t.TempDir())
	if _, err := other.Seal(testID, true, []byte("z")); err != nil {
		t.Fatal(err)
	}
	_, err = other.Open(testID, sealed)
	if !errors.Is(err, enroll.ErrSecretUnreadable) || !strings.Contains(err.Error(), "sealed with key") {
		t.Errorf("Open with another key: %v; want ErrSecretUnreadable naming both keys", err)
	}
	fp, data, _ := strings.Cut(strings.TrimPrefix(sealed, prefix), ":")
	flip := []byte(data)
	flip[len(flip)/2] ^= 'A' ^ 'B'
	if flip[len(flip)/2] == data[len(data)/2] {
		flip[len(flip)/2] = 'Q'
	}
	for name, bad := range map[string]string{
		"altered":   prefix + fp + ":" + string(flip),
		"truncated": prefix + fp + ":" + data[:8],
		"no data":   prefix + fp,
		"not b64":   prefix + fp + ":!!!!",
	} {
		got, err := s.Open(testID, bad)
		if !errors.Is(err, enroll.ErrSecretUnreadable) || got != nil {
			t.Errorf("%s: Open = %q, %v; want ErrSecretUnreadable and nothing", name, got, err)
		}
	}
}

func TestBadKeyFileAndKeyID(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "secrets.key")
	if err := os.WriteFile(path, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := New(InFile(path, nil)).Seal(testID, true, []byte("x"))
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "base64") {
		t.Errorf("Seal with a garbled key file: %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "not a key\n" {
		t.Error("the garbled key file was replaced")
	}
	for _, id := range []string{"", "../../etc/passwd", "ABC", "0123"} {
		if _, err := New(ForShared(dir, nil)).Seal(id, true, []byte("x")); err == nil || !strings.Contains(err.Error(), "malformed") {
			t.Errorf("key id %q: %v; want it refused", id, err)
		}
	}
}

// Two processes making the first key at once end up with one key.
func TestConcurrentCreateOneKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secrets.key")
	var wg sync.WaitGroup
	sealed := make([]string, 8)
	for i := range sealed {
		wg.Go(func() {
			v, err := New(InFile(path, nil)).Seal(testID, true, []byte("x"))
			if err != nil {
				t.Error(err)
			}
			sealed[i] = v
		})
	}
	wg.Wait()
	s := New(InFile(path, nil))
	for _, v := range sealed {
		if got, err := s.Open(testID, v); err != nil || string(got) != "x" {
			t.Errorf("Open(%q) = %q, %v: the processes made different keys", v, got, err)
		}
	}
}

// The keyring branch, through go-keyring's own in-memory provider.
func TestKeyringPreferred(t *testing.T) {
	keyring.MockInit()
	dir := t.TempDir()
	keys := ForShared(dir, nil)
	sealed, err := New(keys).Seal(testID, true, []byte("s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*")); len(files) != 0 {
		t.Errorf("key files written although the keyring took the key: %v", files)
	}
	v, err := keyring.Get(Service, account(testID))
	if err != nil || len(v) != 44 {
		t.Errorf("keyring entry %s / %s = %q, %v", Service, account(testID), v, err)
	}
	got, err := New(keys).Open(testID, sealed)
	if err != nil || string(got) != "s3cret" {
		t.Errorf("Open through the keyring = %q, %v", got, err)
	}
	// Another database's key id finds nothing, and says where it looked.
	_, err = New(keys).Open("fedcba9876543210", sealed)
	if !errors.Is(err, enroll.ErrSecretKeyMissing) || !strings.Contains(err.Error(), "OS keyring") ||
		!strings.Contains(err.Error(), filepath.Join(dir, "secret-fedcba9876543210.key")) {
		t.Errorf("Open with another key id: %v", err)
	}
}

// A key file copied to a station whose keyring lacks the key is used.
func TestKeyringMissingKeyFileUsed(t *testing.T) {
	keyring.MockInit()
	dir := t.TempDir()
	path := filepath.Join(dir, "secret-"+testID+".key")
	sealed, err := New(InFile(path, nil)).Seal(testID, true, []byte("s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := New(ForShared(dir, nil)).Open(testID, sealed)
	if err != nil || string(got) != "s3cret" {
		t.Errorf("Open = %q, %v; want the key file's key", got, err)
	}
}

// Without a working keyring (no Secret Service on the session bus) the key
// goes to the file.
func TestKeyringUnavailableFallsBackToFile(t *testing.T) {
	keyring.MockInitWithError(errors.New("the name org.freedesktop.secrets was not provided by any .service files"))
	t.Cleanup(keyring.MockInit)
	dir := t.TempDir()
	db := filepath.Join(dir, "carddesk.db")
	sealed, err := New(ForSQLite(db, nil)).Seal(testID, true, []byte("s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(db + ".key"); err != nil {
		t.Fatalf("no key file beside the database: %v", err)
	}
	got, err := New(ForSQLite(db, nil)).Open(testID, sealed)
	if err != nil || string(got) != "s3cret" {
		t.Errorf("Open = %q, %v", got, err)
	}
}
