// Package pcsc reads contactless cards through the operating system's
// smart-card service (pcsc-lite on Linux, WinSCard on Windows,
// PCSC.framework on macOS) with github.com/ebfe/scard.
//
// A Service lists the readers with a status a person understands, watches
// them (readers plugged in or out, cards presented or lifted) and hands
// each presented card to whoever waits in NextCard. The card number comes
// from the PC/SC pseudo-APDU GET DATA (FF CA 00 00 00); the ATR names the
// card type where the reader follows PC/SC part 3.
//
// The smart-card service not running is a state, not an error: the
// station keeps working without readers and picks them up when the service
// comes back.
package pcsc
