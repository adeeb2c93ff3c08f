// Package cups prints badges through a CUPS scheduler over IPP, the way every
// CUPS client does on Linux and macOS: it lists the print queues with their
// state, media and duplex, finds the media that fits a CR80 card, sends a
// badge PDF unscaled with copies, sides and media, and follows the job until
// it ends.
//
// The IPP messages are encoded and decoded with github.com/OpenPrinting/goipp;
// this package carries them over HTTP itself (POST application/ipp), to a
// scheduler on TCP ("host:port") or on its local socket ("/run/cups/cups.sock").
// Default picks the scheduler like the CUPS tools: CUPS_SERVER when it is set,
// else the local socket, else localhost:631.
//
// Errors the desk has to explain are typed: UnreachableError (no scheduler
// answers), UnknownPrinterError, NoCR80MediaError, UnsupportedMediaError,
// NoDuplexError and
// RefusedError (the scheduler answered with an IPP error status); each also
// matches its sentinel (ErrUnreachable, ErrUnknownPrinter, ...) with errors.Is.
//
// The tests run against a real cupsd: scripts/cups-rig.sh starts a private
// one with a CR80 card queue whose filter keeps each job's PDF and options.
package cups
