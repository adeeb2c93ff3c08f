// Package devices holds the station's hardware adapters, one package each:
//
//   - pcsc: contactless readers through the operating system's smart-card
//     service (pcsc-lite, WinSCard, PCSC.framework); lists readers with their
//     status, follows plug/unplug and cards, reads a card's UID with
//     GET DATA. Tested against the real pcscd with vsmartcard's vpcd reader
//     driver and a virtual card (pcsc/vpcdcard).
//   - ccid: readers spoken to directly over USB (gousb) where no smart-card
//     service owns them; the protocol is tested against a CCID device
//     emulator.
//   - wedge: keyboard-wedge readers, told apart from a person typing by the
//     timing of their keystrokes.
//   - simulated: a reader that exists only in software, for the demo
//     station and training.
//
// Printers, for badges:
//
//   - cups: the CUPS scheduler over IPP (Linux, macOS): queues, CR80
//     media, Print-Job without scaling, job states. Tested against a
//     private cupsd with a capture queue (scripts/cups-rig.sh).
//   - pdffile: a printer that writes each job's PDF into a folder, for the
//     demo station.
//   - winprint: the Windows spooler through GDI; its page plan (geometry,
//     pure-black separation for the resin panel) is tested on every OS.
//   - usbprinter: badge printers on USB (printer class 7): IEEE 1284
//     device ID and port status, tested against an emulator of the class
//     requests.
//   - spool: the desk's printing port over all of them (enroll.Spooler):
//     the badge PDF with the printer profile's corrections for CUPS and
//     folder printers, GDI on Windows, USB printers listed beside.
//
// Beside them, iso7816 holds what both card paths (pcsc and ccid) speak to
// a card: GET DATA for the UID, its status words, the ATR's card name. It
// is pure Go, so the CCID path does not link the PC/SC library.
//
// Each reader adapter implements enroll.ReaderSource; the enroll.ReaderHub
// merges them for the desk.
package devices
