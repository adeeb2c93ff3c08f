package iso7816

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestGetUID(t *testing.T) {
	for _, c := range []struct {
		le   byte
		want []byte
	}{{0, []byte{0xFF, 0xCA, 0x00, 0x00, 0x00}}, {7, []byte{0xFF, 0xCA, 0x00, 0x00, 0x07}}} {
		if got := GetUID(c.le); !bytes.Equal(got, c.want) {
			t.Errorf("GetUID(%d) = % X, want % X", c.le, got, c.want)
		}
	}
	// Each command is the caller's to hand to a transport that may keep it.
	a := GetUID(0)
	a[0] = 0
	if GetUID(0)[0] != 0xFF {
		t.Error("GetUID returns shared memory")
	}
}

func TestParseUIDResponse(t *testing.T) {
	tests := []struct {
		name    string
		resp    []byte
		uid     []byte
		warning bool
		sw      uint16 // a *StatusError with this status word
		le      int    // a *WrongLeError with this length (-1: none)
		unsupp  bool   // matches ErrUnsupported
		msg     string // in the error text
	}{
		{name: "4-byte UID", resp: []byte{0x04, 0xA1, 0xB2, 0xC3, 0x90, 0x00}, uid: []byte{0x04, 0xA1, 0xB2, 0xC3}, le: -1},
		{name: "7-byte UID", resp: []byte{4, 1, 2, 3, 4, 5, 6, 0x90, 0x00}, uid: []byte{4, 1, 2, 3, 4, 5, 6}, le: -1},
		{name: "10-byte UID", resp: []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0x90, 0x00}, uid: []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, le: -1},
		{name: "9000 without UID", resp: []byte{0x90, 0x00}, le: -1, msg: "no card number"},
		{name: "short UID warns", resp: []byte{0x04, 0xA1, 0x62, 0x82}, uid: []byte{0x04, 0xA1}, warning: true, le: -1},
		{name: "6282 without data", resp: []byte{0x62, 0x82}, sw: 0x6282, le: -1, msg: "end of data"},
		{name: "wrong Le", resp: []byte{0x6C, 0x07}, le: 7, msg: "6C07"},
		{name: "wrong Le 00", resp: []byte{0x6C, 0x00}, le: 0},
		{name: "function not supported", resp: []byte{0x6A, 0x81}, sw: 0x6A81, le: -1, unsupp: true, msg: "function not supported"},
		{name: "wrong length", resp: []byte{0x67, 0x00}, sw: 0x6700, le: -1, msg: "wrong length"},
		{name: "INS not supported", resp: []byte{0x6D, 0x00}, sw: 0x6D00, le: -1, unsupp: true, msg: "contactless reader"},
		{name: "CLA not supported", resp: []byte{0x6E, 0x00}, sw: 0x6E00, le: -1, unsupp: true, msg: "contactless reader"},
		{name: "operation failed", resp: []byte{0x63, 0x00}, sw: 0x6300, le: -1, msg: "operation failed"},
		{name: "unexpected", resp: []byte{0x6F, 0x00}, sw: 0x6F00, le: -1, msg: "unexpected status 6F00"},
		{name: "data with error status", resp: []byte{1, 2, 3, 0x6A, 0x82}, sw: 0x6A82, le: -1, msg: "unexpected status 6A82"},
		{name: "empty", resp: nil, le: -1, msg: "too short"},
		{name: "one byte", resp: []byte{0x90}, le: -1, msg: "too short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			uid, warning, err := ParseUIDResponse(tt.resp)
			if !bytes.Equal(uid, tt.uid) {
				t.Errorf("uid = % X, want % X", uid, tt.uid)
			}
			if (warning != "") != tt.warning {
				t.Errorf("warning = %q", warning)
			}
			if tt.uid != nil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			var se *StatusError
			if got := errors.As(err, &se); got != (tt.sw != 0) || (got && se.SW != tt.sw) {
				t.Errorf("StatusError = %v (%v), want SW %04X", got, se, tt.sw)
			}
			var wl *WrongLeError
			if got := errors.As(err, &wl); got != (tt.le >= 0) || (got && int(wl.Available) != tt.le) {
				t.Errorf("WrongLeError = %v (%v), want Le %d", got, wl, tt.le)
			}
			if errors.Is(err, ErrUnsupported) != tt.unsupp {
				t.Errorf("errors.Is(ErrUnsupported) = %v", !tt.unsupp)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
		})
	}
}

// The UID handed back must not alias the reader's buffer.
func TestParseUIDResponseCopies(t *testing.T) {
	resp := []byte{1, 2, 3, 4, 0x90, 0x00}
	uid, _, _ := ParseUIDResponse(resp)
	resp[0] = 9
	if uid[0] != 1 {
		t.Fatal("UID shares memory with the response")
	}
}

func FuzzParseUIDResponse(f *testing.F) {
	for _, seed := range [][]byte{nil, {0x90}, {0x90, 0x00}, {1, 2, 3, 4, 0x90, 0x00}, {1, 0x62, 0x82}, {0x6C, 0x04}, {0x6A, 0x81}, {0xFF, 0xFF, 0xFF}} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, resp []byte) {
		uid, warning, err := ParseUIDResponse(resp)
		if err != nil && (uid != nil || warning != "") {
			t.Fatalf("UID % X / warning %q together with error %v", uid, warning, err)
		}
		if err == nil && len(uid) == 0 {
			t.Fatal("no error and no UID")
		}
		if err == nil && !bytes.Equal(uid, resp[:len(resp)-2]) {
			t.Fatalf("UID % X is not the data of % X", uid, resp)
		}
		if err != nil && err.Error() == "" {
			t.Fatal("error without a message")
		}
	})
}
