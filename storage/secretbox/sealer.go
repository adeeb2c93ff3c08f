package secretbox

import (
	"errors"
	"fmt"
	"sync"

	"github.com/carddesk/carddesk/enroll"
)

// Sealer is the station's enroll.SecretSealer: it seals and opens secret
// settings with the key of the database's key id, which Keys finds.
type Sealer struct {
	keys  Keys
	mu    sync.Mutex
	boxes map[string]*box // keys found; a missing one is looked for again next time
}

var _ enroll.SecretSealer = (*Sealer)(nil)

// New is a Sealer over keys.
func New(keys Keys) *Sealer {
	return &Sealer{keys: keys, boxes: map[string]*box{}}
}

// Seal encrypts plain with keyID's key; with create, a key that is nowhere
// yet is made.
func (s *Sealer) Seal(keyID string, create bool, plain []byte) (string, error) {
	b, err := s.box(keyID, create)
	if err != nil {
		return "", err
	}
	return b.seal(plain)
}

// Open decrypts what Seal made.
func (s *Sealer) Open(keyID, sealed string) ([]byte, error) {
	b, err := s.box(keyID, false)
	if err != nil {
		return nil, err
	}
	return b.open(sealed)
}

// IsSealed tells a sealed value from legacy plaintext.
func (s *Sealer) IsSealed(stored string) bool { return IsSealed(stored) }

func (s *Sealer) box(keyID string, create bool) (*box, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.boxes[keyID]; ok {
		return b, nil
	}
	key, err := s.keys.find(keyID)
	if create && errors.Is(err, enroll.ErrSecretKeyMissing) {
		key, err = s.keys.create(keyID)
	}
	if err != nil {
		return nil, err
	}
	b, err := newBox(key)
	if err != nil {
		return nil, fmt.Errorf("secret key %s: %w", keyID, err)
	}
	s.boxes[keyID] = b
	return b, nil
}
