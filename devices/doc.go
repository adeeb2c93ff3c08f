// Package devices will hold the station's hardware adapters: card readers
// (PC/SC, raw CCID over USB, keyboard wedge, simulated) and badge printers.
// This version has none yet; the UI and the status bar say so rather than
// offering devices that do not work.
package devices
