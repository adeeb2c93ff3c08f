package pcsc

import (
	"errors"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

func TestReaderEventWording(t *testing.T) {
	const r = "ACS ACR122U 00 00"
	readErr := errors.New("no answer")
	tests := []struct {
		in      Event
		kind    enroll.ReaderEventKind
		name    string
		status  string
		service bool
	}{
		{Event{Kind: ReaderAdded, Reader: r}, enroll.ReaderAdded, r, StatusReady, false},
		{Event{Kind: ReaderRemoved, Reader: r}, enroll.ReaderRemoved, r, StatusReady, false},
		{Event{Kind: CardPresent, Reader: r, Err: readErr}, enroll.ReaderCard, r, StatusCardPresent, false},
		{Event{Kind: CardRemoved, Reader: r}, enroll.ReaderCardRemoved, r, StatusReady, false},
		{Event{Kind: ServiceDown}, enroll.ReaderAdded, ServiceName, StatusServiceDown, true},
		{Event{Kind: ServiceUp}, enroll.ReaderRemoved, ServiceName, StatusServiceDown, true},
	}
	for _, tc := range tests {
		got := readerEvent(tc.in)
		if got.Kind != tc.kind || got.Reader.Name != tc.name || got.Reader.Status != tc.status ||
			got.Reader.Service != tc.service || got.Reader.Kind != enroll.ReaderPCSC {
			t.Errorf("%v: got %+v", tc.in.Kind, got)
		}
		if tc.in.Kind == CardPresent && !errors.Is(got.Err, readErr) {
			t.Errorf("card event lost its read error: %+v", got)
		}
	}
}
