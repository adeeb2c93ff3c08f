package ccid

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"
)

// maxDiscards bounds how many stray messages one command waits through
// before the reader counts as talking nonsense.
const maxDiscards = 16

// conn is the command/response exchange with one claimed reader. It is
// not safe for concurrent use: a reader takes one command at a time per
// host, and every command goes through here.
type conn struct {
	t          Transport
	log        *zap.Logger
	reader     string
	class      classDesc
	level      level
	answerWait time.Duration
	maxMessage int // the longest message sent, header included
	seq        byte
	buf        []byte
	// links carry APDUs on a TPDU-level reader's slots, one per powered
	// card: the host runs T=0 or T=1 there.
	links map[byte]cardLink
}

func newConn(t Transport, reader string, class classDesc, answerWait time.Duration, log *zap.Logger) *conn {
	if log == nil {
		log = zap.NewNop()
	}
	return &conn{
		t: t, log: log, reader: reader, class: class, level: levelOf(class.Features),
		answerWait: answerWait, maxMessage: maxMessageLen(class.MaxMessageLength),
		buf:   make([]byte, readBufferSize(class.MaxMessageLength)),
		links: map[byte]cardLink{},
	}
}

// maxMessageLen is the longest message exchanged with a reader that
// announces dwMaxCCIDMessageLength: that, but at least a short APDU's
// worth (some readers announce less than they take) and at most an
// extended APDU's.
func maxMessageLen(announced uint32) int {
	return int(min(max(announced, maxMessageDefault), maxMessageCap))
}

// readBufferSize is the bulk-in buffer for a reader's longest message,
// rounded up to whole high-speed packets: a device that sends more than the
// buffer holds fails the transfer (libusb's overflow). The rounding is for
// reading only: what is sent stays within maxMessageLen.
func readBufferSize(announced uint32) int {
	return (maxMessageLen(announced) + 511) / 512 * 512
}

// transact sends cmd and returns the response carrying its sequence
// number and of type want. Stale responses (to commands given up on
// earlier) and stray short messages are logged and skipped; time
// extensions renew the wait, for as long as ctx allows.
func (c *conn) transact(ctx context.Context, cmd command, want byte) (response, error) {
	cmd.Seq = c.seq
	c.seq++
	name := commandName(cmd.Type)
	if err := c.write(ctx, cmd.encode(), name); err != nil {
		return response{}, err
	}
	discarded, extensions := 0, 0
	for {
		frame, err := c.read(ctx, name, extensions)
		if err != nil {
			return response{}, err
		}
		r, err := parseResponse(frame)
		var fe *FrameError
		switch {
		case errors.As(err, &fe) && (len(frame) < headerLen || frame[6] != cmd.Seq):
			c.log.Warn("skipping a malformed message from the reader", zap.String("reader", c.reader), zap.Error(err))
		case err != nil:
			return response{}, fmt.Errorf("%s: %w", name, err)
		case r.Seq != cmd.Seq:
			c.log.Info("skipping a stale response from the reader", zap.String("reader", c.reader),
				zap.Uint8("seq", r.Seq), zap.Uint8("want_seq", cmd.Seq), zap.Uint8("type", r.Type))
		case r.Slot != cmd.Slot:
			return response{}, fmt.Errorf("%s: %w", name, &FrameError{Frame: frame, Reason: fmt.Sprintf("answer for slot %d to a command for slot %d", r.Slot, cmd.Slot)})
		case r.extension():
			extensions++
			c.log.Debug("the reader asks for more time", zap.String("reader", c.reader), zap.String("command", name), zap.Uint8("multiplier", r.Error))
			continue
		case r.failed():
			return r, slotError(cmd.Type, r)
		case r.cmdStatus() != cmdOK:
			return response{}, fmt.Errorf("%s: %w", name, &FrameError{Frame: frame, Reason: "reserved command status"})
		case r.Type != want:
			return response{}, fmt.Errorf("%s: %w", name, &FrameError{Frame: frame, Reason: fmt.Sprintf("message type %02X where %02X belongs", r.Type, want)})
		default:
			return r, nil
		}
		if discarded++; discarded > maxDiscards {
			return response{}, fmt.Errorf("%s: %w", name, &FrameError{Frame: frame, Reason: fmt.Sprintf("%d messages in a row that answer nothing", discarded)})
		}
	}
}

func (c *conn) write(ctx context.Context, frame []byte, name string) error {
	wctx, cancel := context.WithTimeoutCause(ctx, c.answerWait, ErrNoAnswer)
	defer cancel()
	n, err := c.t.Write(wctx, frame)
	if err == nil && n != len(frame) {
		err = fmt.Errorf("the reader took %d of %d bytes", n, len(frame))
	}
	if err != nil {
		return c.ioError(ctx, wctx, "sending "+name, 0, err)
	}
	return nil
}

// read waits for one message; each wait is bounded on its own so a
// reader that goes quiet is noticed even under a long ctx.
func (c *conn) read(ctx context.Context, name string, extensions int) ([]byte, error) {
	rctx, cancel := context.WithTimeoutCause(ctx, c.answerWait, ErrNoAnswer)
	defer cancel()
	n, err := c.t.Read(rctx, c.buf)
	if err != nil {
		return nil, c.ioError(ctx, rctx, "waiting for the answer to "+name, extensions, err)
	}
	return clone(c.buf[:n]), nil
}

// ioError tells apart the caller giving up, the reader going quiet, the
// reader leaving and other trouble on the pipe.
func (c *conn) ioError(ctx, opCtx context.Context, doing string, extensions int, err error) error {
	switch {
	case ctx.Err() != nil && extensions > 0:
		return fmt.Errorf("%s: the reader asked for more time %d times: %w", doing, extensions, context.Cause(ctx))
	case ctx.Err() != nil:
		return fmt.Errorf("%s: %w", doing, context.Cause(ctx))
	case errors.Is(err, ErrDeviceGone):
		return &ReaderGoneError{Reader: c.reader, Why: "was unplugged or reset while " + doing, Cause: err}
	case errors.Is(context.Cause(opCtx), ErrNoAnswer):
		return &ReaderGoneError{Reader: c.reader, Why: fmt.Sprintf("stopped answering: nothing within %s while %s", c.answerWait, doing), Cause: ErrNoAnswer}
	}
	return fmt.Errorf("%s on %q: %w", doing, c.reader, err)
}
