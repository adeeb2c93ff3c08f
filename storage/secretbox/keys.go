package secretbox

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"github.com/zalando/go-keyring"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// Service is the name CardDesk's keys go under in the OS keyring; each
// database's key is the account "secret key <key id>".
const Service = "CardDesk"

func account(keyID string) string { return "secret key " + keyID }

// keyIDRE: the key id comes from the database, and for a shared database it
// names a file; nothing but hex may reach a path.
var keyIDRE = regexp.MustCompile(`^[0-9a-f]{8,64}$`)

// Keyring is the part of an OS keyring that Keys uses.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
}

// OSKeyring is the operating system's keyring: the Secret Service on Linux
// (GNOME Keyring, KWallet), the Keychain on macOS, the Credential Manager on
// Windows. Where there is none, its calls fail and Keys uses its file.
type OSKeyring struct{}

func (OSKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (OSKeyring) Set(service, user, password string) error {
	return keyring.Set(service, user, password)
}

// Keys finds a database's key and makes one on first need: in the keyring
// when there is one, else in the key file.
type Keys struct {
	// Keyring is tried first; nil: the key file only.
	Keyring Keyring
	// File is where the key file of a key id is (or would be).
	File func(keyID string) string
	Log  *zap.Logger
}

// ForSQLite keeps the key of the SQLite database at dbPath in the keyring,
// else in <dbPath>.key beside it.
func ForSQLite(dbPath string, log *zap.Logger) Keys {
	return Keys{Keyring: OSKeyring{}, File: func(string) string { return dbPath + ".key" }, Log: log}
}

// ForShared keeps the key of a shared (PostgreSQL) database in the keyring,
// else in dir/secret-<key id>.key (dir: this station's config folder).
func ForShared(dir string, log *zap.Logger) Keys {
	return Keys{Keyring: OSKeyring{}, File: func(id string) string { return filepath.Join(dir, "secret-"+id+".key") }, Log: log}
}

// InFile keeps the key in path and nowhere else: an administrator's
// CARDDESK_SECRET_KEY_FILE, the throw-away demo, tests.
func InFile(path string, log *zap.Logger) Keys {
	return Keys{File: func(string) string { return path }, Log: log}
}

func (k Keys) log() *zap.Logger {
	if k.Log == nil {
		return zap.NewNop()
	}
	return k.Log
}

// find returns the key of keyID; none anywhere is an error wrapping
// enroll.ErrSecretKeyMissing that says where it looked.
func (k Keys) find(keyID string) ([]byte, error) {
	if !keyIDRE.MatchString(keyID) {
		return nil, fmt.Errorf("the database's secret key id %q is malformed", keyID)
	}
	var looked []string
	if k.Keyring != nil {
		v, err := k.Keyring.Get(Service, account(keyID))
		switch {
		case err == nil:
			key, err := decodeKey(v)
			if err != nil {
				return nil, fmt.Errorf("the OS keyring's entry %s / %s: %w", Service, account(keyID), err)
			}
			return key, nil
		case errors.Is(err, keyring.ErrNotFound):
			looked = append(looked, fmt.Sprintf("the OS keyring (%s / %s)", Service, account(keyID)))
		default:
			k.log().Debug("no OS keyring", zap.Error(err))
			looked = append(looked, fmt.Sprintf("the OS keyring (not available: %v)", err))
		}
	}
	path := k.File(keyID)
	key, err := readKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		looked = append(looked, "the key file "+path)
		return nil, fmt.Errorf("%w (key id %s): looked in %s; copy the key from a station that has it (README: Secrets)",
			enroll.ErrSecretKeyMissing, keyID, strings.Join(looked, " and in "))
	}
	return key, err
}

// create makes a new random key for keyID: in the keyring when it takes
// it, else in the key file. A key file another process made meanwhile wins.
func (k Keys) create(keyID string) ([]byte, error) {
	if !keyIDRE.MatchString(keyID) {
		return nil, fmt.Errorf("the database's secret key id %q is malformed", keyID)
	}
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("making a secret key: %w", err)
	}
	enc := base64.StdEncoding.EncodeToString(key)
	if k.Keyring != nil {
		err := k.Keyring.Set(Service, account(keyID), enc)
		if err == nil {
			k.log().Info("secret key created in the OS keyring", zap.String("service", Service), zap.String("account", account(keyID)))
			return key, nil
		}
		k.log().Info("no OS keyring to keep the secret key in; using a key file", zap.Error(err))
	}
	path := k.File(keyID)
	err := writeKeyFile(path, enc)
	if errors.Is(err, fs.ErrExist) {
		return readKeyFile(path)
	}
	if err != nil {
		return nil, err
	}
	k.log().Info("secret key created in a key file", zap.String("file", path))
	return key, nil
}

func decodeKey(s string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(key) != KeySize {
		return nil, errors.New("it does not hold a CardDesk key (one line of 44 base64 characters)")
	}
	return key, nil
}

// readKeyFile reads a key file, refusing one that others than its owner
// may read. Windows has no such mode bits: there the file is private by
// the ACL of the user's profile folder it lives in.
func readKeyFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("key file %s is not a regular file", path)
	}
	if mode := fi.Mode().Perm(); runtime.GOOS != "windows" && mode&0o077 != 0 {
		return nil, fmt.Errorf("key file %s has mode %04o: others than its owner may read it, so CardDesk will not use it; make it private (chmod 600 %s)", path, mode, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	key, err := decodeKey(string(data))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return key, nil
}

// writeKeyFile creates path with mode 0600 holding enc, never replacing a
// file that is there (fs.ErrExist): the key is written to a private temp
// file and linked into place, so no reader sees half a key.
func writeKeyFile(path, enc string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("key file folder %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, ".carddesk-key-*") // mode 0600
	if err != nil {
		return fmt.Errorf("key file %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(enc + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("key file %s: %w", path, err)
	}
	err = os.Link(tmp.Name(), path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	// A file system without hard links: create it exclusively instead.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		return fmt.Errorf("key file %s: %w", path, err)
	}
	_, err = f.WriteString(enc + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("key file %s: %w", path, err)
	}
	return nil
}
