// Package ccid reads contactless cards by talking the USB CCID class
// protocol straight to the reader with github.com/google/gousb, for Linux
// kiosks where no smart-card service owns the reader. Whether a station
// uses it is the caller's choice (the readers.ccid.enabled setting).
//
// The protocol (descriptors, CCID messages, slot status, the GET DATA
// exchange for the card's UID) runs on a small Transport interface, so it
// is tested against an emulated reader (package ccidemu) that speaks the
// wire format byte for byte; usb_gousb.go only adapts gousb to that
// interface. It is built for Linux and macOS only (DirectUSB): on Windows
// readers go through the smart-card service (WinSCard) instead, and the
// Service lists USB as not available.
//
// Readers that exchange whole APDUs (short, or short and extended) are
// driven here, and so are TPDU-level readers: for those the host runs the
// card's protocol itself as libccid does (protocol.go picks T=0 or T=1
// and the speed from the ATR, with PPS and SetParameters where the reader
// leaves them to the host; tpdu_t0.go and tpdu_t1.go carry the APDUs). A
// reader that works at character level, an ICCD device, or one that pcscd
// or a system driver has claimed, is listed with a status saying it has to
// be used through PC/SC instead.
package ccid
