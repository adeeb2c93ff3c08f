// Package devices holds the station's hardware adapters, one package each:
//
//   - pcsc: contactless readers through the operating system's smart-card
//     service (pcsc-lite, WinSCard, PCSC.framework); lists readers with their
//     status, follows plug/unplug and cards, reads a card's UID with
//     GET DATA. Tested against the real pcscd with vsmartcard's vpcd reader
//     driver and a virtual card (pcsc/vpcdcard).
//   - simulated: a reader that exists only in software, for the demo station.
//
// Each reader adapter implements enroll.ReaderSet. Raw CCID over USB,
// keyboard-wedge readers and badge printers are not here yet; the UI says
// so rather than offering devices that do not work.
package devices
