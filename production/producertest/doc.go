// Package producertest is a card producer that speaks producer protocol v1
// over real HTTP on loopback and keeps everything in memory. Client tests
// use it instead of a mock so that they exercise the same sockets, status
// codes and headers a real producer gives; the app's demo mode uses it as
// its producer.
//
// It imports nothing from this module on purpose: it must stay an
// independent reading of the protocol, so that a client bug cannot be
// mirrored by a shared helper.
//
// # Cards
//
// A stored card moves ordered → in_production → produced, one step per call
// to Server.Advance or Server.Tick, or by itself every Options.Step. Every
// change of any card takes the next value of one producer-wide version
// counter, which is what the changes feed pages by.
//
// # Faults
//
// Server methods switch on faults a client must survive: refused
// connections, slow answers, a stored order whose reply is lost, 5xx before
// or after storing, 429 with Retry-After, a changes feed with repeated and
// stale entries, and tokens that expire early. Each can be set at any time
// from any goroutine; counted faults replace the previous count rather than
// adding to it.
//
// A minimal use:
//
//	srv, err := producertest.Start(producertest.Options{})
//	if err != nil { ... }
//	defer srv.Close()
//	// point the client at srv.URL() with DefaultClientID / DefaultClientSecret
package producertest
