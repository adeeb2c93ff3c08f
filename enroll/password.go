package enroll

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"golang.org/x/crypto/argon2"
)

// PasswordParams is the argon2id cost. The parameters are stored in each hash
// (PHC string format), so raising them later does not break old hashes.
type PasswordParams struct {
	Time    uint32
	MemKiB  uint32
	Threads uint8
}

// DefaultPasswordParams follows RFC 9106's second recommended option.
var DefaultPasswordParams = PasswordParams{Time: 3, MemKiB: 64 * 1024, Threads: 4}

// MinPasswordLength is the shortest password an operator may choose, counted
// in characters (runes). A station may ask more (Options.MinPasswordLength),
// never less.
//
// Why 12: NIST SP 800-63B-4 ("Password Verifiers") asks at least 15 characters
// where a password is the only authentication factor, and at least 8 where it
// is part of multi-factor authentication. CardDesk's sign-in is a password
// alone, but only on an enrollment station inside a controlled building, with
// a lockout after MaxFailedSignIns failures and argon2id hashes; 12 is the
// floor for an access-control station. A station that must follow the
// single-factor rule to the letter sets Options.MinPasswordLength to 15.
const MinPasswordLength = 12

const saltLen, keyLen = 16, 32

func hashPassword(pw string, p PasswordParams) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := idKey(pw, salt, p, keyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemKiB, p.Time, p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// releaseFromKiB: a hash that needed at least this much memory gives it
// back to the system as soon as it is done (see idKey).
const releaseFromKiB = 16 * 1024

// idKey is argon2id. Its memory (64 MiB at the default cost) is one
// block that is garbage once the key is there, but the Go runtime keeps
// it: a collection during the hash sets the next heap goal from a heap
// that held it, so the app grows to about twice that before it collects
// again (176 MB at sign-in, measured with make bench-desktop), and freed
// pages go back to the system only minutes later. Collecting and
// returning it here costs a few milliseconds on top of the hash's
// hundreds.
func idKey(pw string, salt []byte, p PasswordParams, n uint32) []byte {
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.MemKiB, p.Threads, n)
	if p.MemKiB >= releaseFromKiB {
		debug.FreeOSMemory()
	}
	return key
}

var errBadHash = errors.New("stored password hash is not a valid argon2id hash")

func checkPassword(pw, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var p PasswordParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemKiB, &p.Time, &p.Threads); err != nil {
		return false, errBadHash
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil {
		return false, errBadHash
	}
	got := idKey(pw, salt, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

func validatePassword(fe *fieldErrors, pw string, minLen int) {
	if len([]rune(pw)) < minLen {
		fe.add("password", msg(MsgPasswordShort, Data{"Min": minLen}))
	}
}
