package pcsc

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/devices/iso7816"
	"github.com/carddesk/carddesk/enroll"
)

func TestCardWait(t *testing.T) {
	read := enroll.CardRead{Reader: "R", UID: []byte{1, 2, 3, 4}}
	added := Event{Kind: ReaderAdded, Reader: "R"}
	up := Event{Kind: ServiceUp}
	card := Event{Kind: CardPresent, Reader: "R", Card: read}
	tests := []struct {
		name   string
		events []Event
		done   bool
		uid    []byte
		is     error
		says   string
	}{
		{"card after sync", []Event{added, up, card}, true, read.UID, nil, ""},
		{"card already there is skipped", []Event{added, card, up}, false, nil, nil, ""},
		{"other reader's card", []Event{added, up, {Kind: CardPresent, Reader: "S", Card: read}}, false, nil, nil, ""},
		{"unknown reader", []Event{{Kind: ReaderAdded, Reader: "S"}, up}, true, nil, enroll.ErrReaderGone, "not connected"},
		{"reader unplugged", []Event{added, up, {Kind: ReaderRemoved, Reader: "R"}}, true, nil, enroll.ErrReaderGone, "unplugged"},
		{"other reader unplugged", []Event{added, up, {Kind: ReaderRemoved, Reader: "S"}}, false, nil, nil, ""},
		{"service down", []Event{{Kind: ServiceDown}}, true, nil, ErrServiceDown, "smart-card service is not running"},
		{"service stops later", []Event{added, up, {Kind: ServiceDown}}, true, nil, enroll.ErrReaderGone, "not running"},
		{"unreadable card", []Event{added, up, {Kind: CardPresent, Reader: "R", Err: &ReadError{Reader: "R", Err: iso7816.ErrCardMute}}}, true, nil, iso7816.ErrCardMute, "does not answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := cardWait{reader: "R"}
			var (
				done bool
				got  enroll.CardRead
				err  error
			)
			for _, ev := range tt.events {
				if done, got, err = w.step(ev); done {
					break
				}
			}
			if done != tt.done {
				t.Fatalf("done = %v", done)
			}
			if !bytes.Equal(got.UID, tt.uid) {
				t.Errorf("uid % X", got.UID)
			}
			if tt.is == nil && err != nil || tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
			if tt.says != "" && (err == nil || !strings.Contains(err.Error(), tt.says)) {
				t.Errorf("err %v does not say %q", err, tt.says)
			}
		})
	}
}
