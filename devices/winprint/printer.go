package winprint

import (
	"errors"
	"strings"
)

// ErrNotWindows is what List, Print, Job and CancelJob return on other systems: there is
// no Windows spooler to print through.
var ErrNotWindows = errors.New("winprint: the Windows spooler is only on Windows")

// Printer is one printer queue of the spooler.
type Printer struct {
	Name    string
	Default bool // the user's default printer (GetDefaultPrinter)
	Driver  string
	Port    string
	// Status is PRINTER_INFO_2's status bits; States names the bits set,
	// in words ("paused", "paper out"); none: ready.
	Status uint32
	States []string
	Jobs   int // jobs in the queue
}

// Ready is "ready", or the printer's states joined by commas.
func (p Printer) Ready() string {
	if len(p.States) == 0 {
		return "ready"
	}
	return strings.Join(p.States, ", ")
}

// PRINTER_STATUS_* bits, in the order their words are listed.
var statusWords = []struct {
	bit  uint32
	word string
}{
	{0x00000001, "paused"},
	{0x00000002, "error"},
	{0x00000004, "being deleted"},
	{0x00000008, "card jam"},
	{0x00000010, "out of cards"},
	{0x00000020, "manual feed"},
	{0x00000040, "card problem"},
	{0x00000080, "offline"},
	{0x00000100, "I/O active"},
	{0x00000200, "busy"},
	{0x00000400, "printing"},
	{0x00000800, "output hopper full"},
	{0x00001000, "not available"},
	{0x00002000, "waiting"},
	{0x00004000, "processing"},
	{0x00008000, "initializing"},
	{0x00010000, "warming up"},
	{0x00020000, "ribbon low"},
	{0x00040000, "no ribbon"},
	{0x00080000, "page cannot be printed"},
	{0x00100000, "needs attention"},
	{0x00200000, "out of memory"},
	{0x00400000, "door open"},
	{0x00800000, "status unknown"},
	{0x01000000, "power save"},
}

// printerAttributeWorkOffline is PRINTER_ATTRIBUTE_WORK_OFFLINE.
const printerAttributeWorkOffline = 0x400

// states names the status bits set, and "offline" for a printer set to
// work offline.
func states(status, attributes uint32) []string {
	var s []string
	for _, w := range statusWords {
		if status&w.bit != 0 {
			s = append(s, w.word)
		}
	}
	if attributes&printerAttributeWorkOffline != 0 && status&0x80 == 0 {
		s = append(s, "offline")
	}
	return s
}
