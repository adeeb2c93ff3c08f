package iso7816

import (
	"errors"
	"fmt"
)

// The card conditions every reader path reports with these same errors,
// so the desk tells them apart whichever way the reader is reached.
var (
	// ErrCardMute: a card is on the reader but does not answer it.
	ErrCardMute = errors.New("the card on the reader does not answer")
	// ErrCardLifted: the card left the reader before it was read.
	ErrCardLifted = errors.New("the card was taken away before it could be read")
)

// ErrUnsupported: the reader or the card cannot report the card number this
// way, so retrying will not help; another reader (or card) is needed.
var ErrUnsupported = errors.New("this reader or card cannot report the card number")

// StatusError is a reader's refusal of GET DATA, by its status word. Kind is
// ErrUnsupported where retrying cannot help, nil otherwise; Problem is empty
// for a status word with no known meaning here.
type StatusError struct {
	SW      uint16
	Problem string
	Kind    error
}

func (e *StatusError) Error() string {
	if e.Problem == "" {
		return fmt.Sprintf("unexpected status %04X from the reader", e.SW)
	}
	return fmt.Sprintf("the reader answered %04X: %s", e.SW, e.Problem)
}

func (e *StatusError) Unwrap() error { return e.Kind }

// WrongLeError is status 6CXX: the reader wants the request repeated with
// Le = Available, the number of bytes it has.
type WrongLeError struct{ Available byte }

func (e *WrongLeError) Error() string {
	return fmt.Sprintf("the reader answered 6C%02X: wrong length, it has %d bytes of card number", e.Available, e.Available)
}
