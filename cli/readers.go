package cli

import (
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

func readerCmds() []*command { return []*command{readersListCmd(), readersWatchCmd()} }

// openReaders gives the station's readers, or an error a script can act on.
func openReaders(ctx context.Context, c *call) (enroll.ReaderSet, io.Closer, error) {
	if c.env.Readers == nil {
		return nil, nil, errors.New("this build has no card reader support")
	}
	// Without a database (readers list on a fresh machine) only PC/SC.
	var opts enroll.ReaderOptions
	if c.st != nil {
		o, err := c.st.Devices.Options(ctx)
		if err != nil {
			return nil, nil, err
		}
		opts = o
	}
	rs, closer := c.env.Readers(opts)
	return rs, closer, nil
}

func readersListCmd() *command {
	return &command{
		name:     "readers list",
		synopsis: "[--json]",
		summary:  "list the card readers this station sees",
		access:   stationIfAny,
		run: func(ctx context.Context, c *call) error {
			rs, closer, err := openReaders(ctx, c)
			if err != nil {
				return err
			}
			defer closer.Close()
			list, err := rs.Readers(ctx)
			if err != nil {
				return err
			}
			if c.g.JSON {
				if list == nil {
					list = []enroll.ReaderInfo{}
				}
				return writeJSON(c.stdout(), list)
			}
			if err := printReaders(c.stdout(), list); err != nil {
				return err
			}
			if f, ok := rs.(inForce); ok && f.InForce().NoDirectUSB {
				fmt.Fprintln(c.env.Stderr, noDirectUSBNote)
			}
			return nil
		},
	}
}

// noDirectUSBNote is what `readers list` adds on stderr where the build
// reaches no device over raw USB (Windows).
const noDirectUSBNote = "carddesk: note: on this system card readers are used through the system's smart-card service " +
	"(WinSCard) and badge printers through the Windows print spooler; CardDesk does not access USB devices " +
	"directly here, so readers.ccid.enabled has no effect"

// inForce is a reader set that tells what the station opened for it
// (enroll.OpenedReaders, the reader hub).
type inForce interface{ InForce() enroll.ReadersInForce }

// printReaders is the human `readers list`.
func printReaders(w io.Writer, list []enroll.ReaderInfo) error {
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "no card readers")
		return err
	}
	t := newTable(w, "NAME", "KIND", "STATUS")
	for _, r := range list {
		t.row(r.Name, string(r.Kind), r.Status)
	}
	return t.flush()
}

// cardJSON is a card read as `readers watch` prints it, one per line.
type cardJSON struct {
	Reader string `json:"reader"`
	UID    string `json:"uid"`
	ATR    string `json:"atr,omitempty"`
	At     string `json:"at"`
}

func readersWatchCmd() *command {
	var reader string
	var count int
	return &command{
		name:     "readers watch",
		synopsis: "[--reader NAME] [--count N] [--json]",
		summary:  "print each card as it is presented, until interrupted or N cards",
		access:   stationIfAny,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&reader, "reader", "", "watch only the reader `NAME` (default: every reader)")
			fs.IntVar(&count, "count", 0, "stop after `N` cards (0: until interrupted)")
		},
		check: func() error {
			if count < 0 {
				return usageErrorf("--count %d: give 0 or more", count)
			}
			return nil
		},
		run: func(ctx context.Context, c *call) error {
			rs, names, closer, err := openWatched(ctx, c, reader)
			if err != nil {
				return err
			}
			defer closer.Close()
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			reads, errs := watchCards(ctx, rs, names)
			for seen := 0; count == 0 || seen < count; seen++ {
				select {
				case <-ctx.Done():
					return nil // interrupted: the cards so far were printed
				case err := <-errs:
					return err
				case r := <-reads:
					if err := printCard(c, r); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}
}

// openWatched opens the station's readers (openReaders) and names the
// ones to watch (watchedReaders); the caller closes them.
func openWatched(ctx context.Context, c *call, name string) (enroll.ReaderSet, []string, io.Closer, error) {
	rs, closer, err := openReaders(ctx, c)
	if err != nil {
		return nil, nil, nil, err
	}
	names, err := watchedReaders(ctx, rs, name)
	if err != nil {
		closer.Close()
		return nil, nil, nil, err
	}
	return rs, names, closer, nil
}

// watchedReaders is the named reader (checked) or every reader listed.
// A service entry (a smart-card service that is not running) is no
// reader: watching it would end the watch at once, so it is left out.
func watchedReaders(ctx context.Context, rs enroll.ReaderSet, name string) ([]string, error) {
	list, err := rs.Readers(ctx)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, r := range list {
		if r.Kind != "" && !r.Service && (name == "" || r.Name == name) {
			names = append(names, r.Name)
		}
	}
	switch {
	case name != "" && len(names) == 0:
		return nil, fmt.Errorf("no card reader named %q; readers here: %s", name, readerNames(list))
	case len(names) == 0:
		return nil, fmt.Errorf("no card reader is connected (%s)", readerNames(list))
	}
	return names, nil
}

func readerNames(list []enroll.ReaderInfo) string {
	if len(list) == 0 {
		return "none"
	}
	out := make([]string, len(list))
	for i, r := range list {
		out[i] = fmt.Sprintf("%q (%s)", r.Name, r.Status)
	}
	return strings.Join(out, ", ")
}

// watchCards waits for cards at every reader at once.
func watchCards(ctx context.Context, rs enroll.ReaderSet, names []string) (<-chan enroll.CardRead, <-chan error) {
	reads, errs := make(chan enroll.CardRead), make(chan error, len(names))
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Go(func() {
			for {
				r, err := rs.NextCard(ctx, name)
				if ctx.Err() != nil {
					return
				}
				if err != nil {
					errs <- err
					return
				}
				select {
				case reads <- r:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	return reads, errs
}

func printCard(c *call, r enroll.CardRead) error {
	uid := hex.EncodeToString(r.UID)
	if r.Bits != "" && uid == "" {
		uid = r.Bits
	}
	if c.g.JSON {
		return writeJSONLine(c.stdout(), cardJSON{Reader: r.Reader, UID: uid, ATR: hex.EncodeToString(r.ATR), At: r.At.UTC().Format(time.RFC3339)})
	}
	_, err := fmt.Fprintf(c.stdout(), "%s  %s  uid %s\n", local(r.At), r.Reader, uid)
	return err
}

// autoConnect waits at a reader for the card of one request and connects
// it, with the same rules as the desk's automatic way.
func autoConnect(ctx context.Context, c *call, requestID int64, reader string, timeout time.Duration) (enroll.ConnectResult, error) {
	rs, names, closer, err := openWatched(ctx, c, reader)
	if err != nil {
		return enroll.ConnectResult{}, err
	}
	defer closer.Close()
	if len(names) > 1 {
		return enroll.ConnectResult{}, usageErrorf("several card readers: choose one with --reader (%s)", strings.Join(names, ", "))
	}
	r, err := c.st.Requests.Get(ctx, c.actor, requestID)
	if err != nil {
		return enroll.ConnectResult{}, requestErr(err, fmt.Sprint(requestID))
	}
	fmt.Fprintf(c.env.Stderr, "present the card for %s to %s (waiting up to %s)\n", r.CardholderName, names[0], timeout)
	wait, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	read, err := rs.NextCard(wait, names[0])
	if errors.Is(err, context.DeadlineExceeded) {
		return enroll.ConnectResult{}, fmt.Errorf("no card was presented to %s within %s; nothing was changed", names[0], timeout)
	}
	if err != nil {
		return enroll.ConnectResult{}, err
	}
	// The reader's settings (Devices screen) say how its reads decode.
	if read, err = c.st.Devices.Decode(ctx, read); err != nil {
		return enroll.ConnectResult{}, err
	}
	return c.st.Requests.ConnectCard(ctx, c.actor, requestID, read)
}
