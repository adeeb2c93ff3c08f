// Package iso7816 is what the station needs of ISO/IEC 7816-4 and PC/SC
// part 3 whichever path leads to the reader: the GET DATA command for a
// contactless card's UID, the reader's answer to it and its status words,
// the card conditions every reader path reports alike (mute, lifted), and
// what a PC/SC part 3 ATR says the card is.
//
// It is pure Go and knows no transport, so the raw-USB path (package ccid)
// reads cards without linking the smart-card service's library.
package iso7816
