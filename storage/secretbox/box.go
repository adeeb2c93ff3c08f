// Package secretbox keeps the station's secret settings (the SMTP password,
// the card producer's client secret) encrypted at rest: AES-256-GCM with a
// key that never enters the database, its logs, exports or backups. The key
// lives in the OS keyring where there is one (Secret Service, Keychain,
// Credential Manager, through github.com/zalando/go-keyring), else in a key
// file readable by its owner only (see Keys).
package secretbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/carddesk/carddesk/enroll"
)

// KeySize is the length of a key: AES-256.
const KeySize = 32

// prefix marks a sealed value; a stored secret without it is plaintext from
// before secrets were sealed. The version leaves room for another scheme.
const prefix = "enc:v1:"

// IsSealed tells a value Seal made from legacy plaintext.
func IsSealed(stored string) bool { return strings.HasPrefix(stored, prefix) }

// box seals with one key. A sealed value is prefix, the key's fingerprint,
// ':' and base64(nonce || ciphertext || tag): the fingerprint lets a station
// holding another key say so instead of "damaged".
type box struct {
	aead cipher.AEAD
	fp   string
}

func newBox(key []byte) (*box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("a secret key is %d bytes, not %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &box{aead: aead, fp: fingerprint(key)}, nil
}

// fingerprint names a key without revealing it: 8 hex digits of a hash
// that nothing else uses.
func fingerprint(key []byte) string {
	sum := sha256.Sum256(append([]byte("carddesk secret key fingerprint\x00"), key...))
	return hex.EncodeToString(sum[:4])
}

func (b *box) seal(plain []byte) (string, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("sealing a secret: %w", err)
	}
	out := b.aead.Seal(nonce, nonce, plain, []byte(b.fp))
	return prefix + b.fp + ":" + base64.StdEncoding.EncodeToString(out), nil
}

// open undoes seal. A value sealed with another key, or altered, is an
// error wrapping enroll.ErrSecretUnreadable, never garbage.
func (b *box) open(sealed string) ([]byte, error) {
	if !IsSealed(sealed) {
		return nil, errors.New("not a sealed value")
	}
	fp, data, ok := strings.Cut(strings.TrimPrefix(sealed, prefix), ":")
	if !ok {
		return nil, fmt.Errorf("%w: the sealed value is cut short", enroll.ErrSecretUnreadable)
	}
	if fp != b.fp {
		return nil, fmt.Errorf("%w: it was sealed with key %s, but this station's key is %s", enroll.ErrSecretUnreadable, fp, b.fp)
	}
	raw, err := base64.StdEncoding.DecodeString(data)
	n := b.aead.NonceSize()
	if err != nil || len(raw) < n+b.aead.Overhead() {
		return nil, fmt.Errorf("%w: the sealed value is damaged", enroll.ErrSecretUnreadable)
	}
	plain, err := b.aead.Open(nil, raw[:n], raw[n:], []byte(fp))
	if err != nil {
		return nil, fmt.Errorf("%w: the sealed value was altered or damaged", enroll.ErrSecretUnreadable)
	}
	return plain, nil
}
