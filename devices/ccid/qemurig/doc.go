// Package qemurig holds the test that drives the direct CCID path through
// a real kernel USB stack: a QEMU guest (Linux, xHCI, usbfs) with QEMU's
// emulated CCID reader (usb-ccid), whose card is the project's own VSCard
// card (devices/ccid/vscard) playing T=0 and T=1 cards (ccidemu/tpdu). The
// real carddesk binary runs in the guest; the test reads its output from
// the guest's serial console. See README.md, "Tests".
//
// It has no code outside its tests.
package qemurig
