package pcsc

import (
	"bytes"
	"errors"
	"testing"

	"github.com/ebfe/scard"

	"github.com/carddesk/carddesk/devices/iso7816"
	"github.com/carddesk/carddesk/enroll"
)

// script is a card that answers commands in turn and records them.
type script struct {
	answers [][]byte
	err     error
	sent    [][]byte
}

func (s *script) Transmit(cmd []byte) ([]byte, error) {
	s.sent = append(s.sent, cmd)
	if s.err != nil {
		return nil, s.err
	}
	if len(s.answers) == 0 {
		return []byte{0x6F, 0x00}, nil
	}
	a := s.answers[0]
	s.answers = s.answers[1:]
	return a, nil
}

func TestReadUIDRetriesOnceWithTheLengthNamed(t *testing.T) {
	card := &script{answers: [][]byte{{0x6C, 0x07}, {1, 2, 3, 4, 5, 6, 7, 0x90, 0x00}}}
	uid, _, err := readUID("R", card)
	if err != nil || !bytes.Equal(uid, []byte{1, 2, 3, 4, 5, 6, 7}) {
		t.Fatalf("uid % X err %v", uid, err)
	}
	want := [][]byte{{0xFF, 0xCA, 0, 0, 0}, {0xFF, 0xCA, 0, 0, 7}}
	if len(card.sent) != 2 || !bytes.Equal(card.sent[0], want[0]) || !bytes.Equal(card.sent[1], want[1]) {
		t.Fatalf("sent % X", card.sent)
	}
}

func TestReadUIDDoesNotRetryTwice(t *testing.T) {
	card := &script{answers: [][]byte{{0x6C, 0x07}, {0x6C, 0x04}, {1, 2, 3, 4, 0x90, 0x00}}}
	_, _, err := readUID("R", card)
	var wl *iso7816.WrongLeError
	if !errors.As(err, &wl) || len(card.sent) != 2 {
		t.Fatalf("err %v after %d commands", err, len(card.sent))
	}
}

func TestReadUIDExplainsServiceErrors(t *testing.T) {
	tests := []struct {
		err  error
		want error
	}{
		{scard.ErrRemovedCard, iso7816.ErrCardLifted},
		{scard.ErrUnresponsiveCard, iso7816.ErrCardMute},
		{scard.ErrReaderUnavailable, enroll.ErrReaderGone},
		{scard.ErrNoService, ErrServiceDown},
		{scard.ErrNoService, enroll.ErrReaderGone},
		{scard.ErrSharingViolation, scard.ErrSharingViolation},
	}
	for _, tt := range tests {
		_, _, err := readUID("R", &script{err: tt.err})
		if !errors.Is(err, tt.want) {
			t.Errorf("%v: got %v, want it to match %v", tt.err, err, tt.want)
		}
	}
}
