package cli

import (
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"sync"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// Batch enrollment at the desk: a stack of new cards, presented one after
// another, each enrolled as an available credential.

func credentialsEnrollCmd() *command {
	var reader string
	var count int
	var timeout time.Duration
	return &command{
		name:     "credentials enroll",
		synopsis: "--reader NAME [--count N] [--timeout 30s] [--json]",
		summary:  "enroll each card presented at a reader as an available credential",
		detail: "Each card is read with the reader's settings (a bare UID is the csn format of its length)\n" +
			"and enrolled, inactive and nobody's, in a step of its own. A card enrolled already (also\n" +
			"one presented twice in this run) or one that cannot be read or decoded is refused, with\n" +
			"the reason; refusals do not change the exit code.\n" +
			"One line per card: \"enrolled FORMAT FIELDS (credential ID)\" or \"refused UID: REASON\", then\n" +
			"\"N enrolled, M refused\". With --json one JSON object per card instead (uid, format, fields,\n" +
			"result: enrolled or refused, reason, credential_id, bits, reader, at); the summary goes to\n" +
			"stderr.\n" +
			"It stops after N cards were presented (--count), when no card comes for the --timeout\n" +
			"(exit 0, or exit 1 when no card came at all), or on Ctrl-C (exit 0). A reader that is\n" +
			"unplugged or stops answering ends the run with exit 1; the cards enrolled so far stay.",
		access: signedIn,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&reader, "reader", "", "the reader `NAME` (required; see 'readers list')")
			fs.IntVar(&count, "count", 0, "stop after `N` cards were presented (0: until the timeout)")
			fs.DurationVar(&timeout, "timeout", 30*time.Second, "stop when no card comes for this long")
		},
		check: func() error {
			switch {
			case reader == "":
				return usageErrorf("--reader NAME is required (see 'carddesk readers list')")
			case count < 0:
				return usageErrorf("--count %d: give 0 or more", count)
			case timeout <= 0:
				return usageErrorf("--timeout %s: give a positive duration such as 30s", timeout)
			}
			return nil
		},
		run: func(ctx context.Context, c *call) error {
			return batchEnroll(ctx, c, reader, count, timeout)
		},
	}
}

// enrollJSON is one card of credentials enroll --json.
type enrollJSON struct {
	UID          string        `json:"uid"` // lower-case hex; "" when the reader gave bits only
	Format       *string       `json:"format"`
	Fields       orderedFields `json:"fields"`
	Result       string        `json:"result"` // enrolled | refused
	Reason       string        `json:"reason"` // "" when enrolled
	CredentialID *string       `json:"credential_id"`
	Bits         string        `json:"bits"`
	Reader       string        `json:"reader"`
	At           string        `json:"at"`
}

const (
	resultEnrolled = "enrolled"
	resultRefused  = "refused"
)

// presented is a card as the reader watch hands it over: what was read and
// why it could not be, if so.
type presented struct {
	read enroll.CardRead
	err  error
}

func batchEnroll(ctx context.Context, c *call, reader string, count int, timeout time.Duration) error {
	rs, names, closer, err := openWatched(ctx, c, reader)
	if err != nil {
		return err
	}
	defer closer.Close()
	order, err := fieldOrder(ctx, c)
	if err != nil {
		return err
	}

	limit := "until none comes for " + timeout.String()
	if count > 0 {
		limit = fmt.Sprintf("up to %d, or until none comes for %s", count, timeout)
	}
	fmt.Fprintf(c.env.Stderr, "present the cards to %s one after another (%s)\n", names[0], limit)

	wctx, stop := context.WithCancel(ctx)
	cards, gone, wg := watchReader(wctx, rs, names[0])
	defer func() {
		stop()
		wg.Wait()
	}()

	var enrolled, refused int
	summary := func() {
		w := c.stdout()
		if c.g.JSON {
			w = c.env.Stderr
		}
		fmt.Fprintf(w, "%d enrolled, %d refused\n", enrolled, refused)
	}
	idle := time.NewTimer(timeout)
	defer idle.Stop()
	for count == 0 || enrolled+refused < count {
		select {
		case <-ctx.Done():
			summary()
			return nil // interrupted: the cards so far are enrolled
		case err := <-gone:
			summary()
			return fmt.Errorf("%w; stopped after %d card(s), the %d enrolled stay enrolled", err, enrolled+refused, enrolled)
		case <-idle.C:
			summary()
			if enrolled+refused == 0 {
				return fmt.Errorf("no card was presented to %s within %s; nothing was enrolled", names[0], timeout)
			}
			fmt.Fprintf(c.env.Stderr, "no card for %s; stopped\n", timeout)
			return nil
		case p := <-cards:
			k, outcome, err := enrollPresented(ctx, c, p)
			if err != nil {
				summary()
				if ctx.Err() != nil {
					return nil // interrupted while enrolling: that card's step was undone
				}
				return err
			}
			if outcome.Result == resultEnrolled {
				enrolled++
			} else {
				refused++
			}
			if err := printEnrolled(c, p.read, k, outcome, order[k.Format]); err != nil {
				return err
			}
			idle.Reset(timeout)
		}
	}
	summary()
	return nil
}

// watchReader waits for cards at one reader until ctx ends, so a card
// presented while the one before is being enrolled is not missed. A card
// that could not be read comes with its error; the reader going away ends
// the watch on gone.
func watchReader(ctx context.Context, rs enroll.ReaderSet, name string) (<-chan presented, <-chan error, *sync.WaitGroup) {
	cards, gone := make(chan presented), make(chan error, 1)
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			read, err := rs.NextCard(ctx, name)
			switch {
			case ctx.Err() != nil:
				return
			case err != nil && (errors.Is(err, enroll.ErrReaderGone) || read.Reader == ""):
				// Not a card: the reader (or the service behind it) failed.
				gone <- err
				return
			}
			select {
			case cards <- presented{read, err}:
			case <-ctx.Done():
				return
			}
		}
	})
	return cards, gone, &wg
}

// cardOutcome is what became of one card; Result is resultEnrolled or
// resultRefused, Reason why it was refused.
type cardOutcome struct {
	Result, Reason string
}

// enrollPresented decodes a card with its reader's settings and enrolls
// it. A card the desk refuses is an outcome, not an error; err is for
// failures that stop the run (the database, say).
func enrollPresented(ctx context.Context, c *call, p presented) (enroll.Credential, cardOutcome, error) {
	if p.err != nil {
		return enroll.Credential{}, cardOutcome{resultRefused, p.err.Error()}, nil
	}
	read, err := c.st.Devices.Decode(ctx, p.read)
	var bad *enroll.BadReadError
	switch {
	case errors.As(err, &bad):
		return enroll.Credential{}, cardOutcome{resultRefused, bad.Error()}, nil
	case err != nil:
		return enroll.Credential{}, cardOutcome{}, err
	}
	k, err := c.st.Credentials.EnrollRead(ctx, c.actor, read)
	var dup *enroll.AlreadyEnrolledError
	switch {
	case errors.As(err, &dup):
		return dup.Credential, cardOutcome{resultRefused, dup.Error()}, nil
	case errors.As(err, &bad):
		return enroll.Credential{}, cardOutcome{resultRefused, bad.Error()}, nil
	case err != nil:
		return enroll.Credential{}, cardOutcome{}, err
	}
	return k, cardOutcome{Result: resultEnrolled}, nil
}

// printEnrolled prints one card's line: k is the credential enrolled, or
// the one a refused card is enrolled as already (zero when unknown).
func printEnrolled(c *call, read enroll.CardRead, k enroll.Credential, o cardOutcome, order []string) error {
	uid := hex.EncodeToString(read.UID)
	if c.g.JSON {
		out := enrollJSON{UID: uid, Fields: orderedFields{}, Result: o.Result, Reason: o.Reason, Bits: read.Bits,
			Reader: read.Reader, At: stamp(read.At)}
		switch {
		case k.ID != 0:
			out.Format, out.Fields, out.CredentialID, out.Bits = &k.Format, credentialFields(k, order), optID(k.ID), k.Bits
		case read.Format != "":
			out.Format = &read.Format
		}
		return writeJSONLine(c.stdout(), out)
	}
	var err error
	if o.Result == resultEnrolled {
		_, err = fmt.Fprintf(c.stdout(), "enrolled %s %s (credential %d)\n", k.Format, fieldsText(credentialFields(k, order), true), k.ID)
	} else {
		card := uid
		if card == "" {
			card = read.Bits
		}
		if card == "" {
			card = "a card"
		}
		_, err = fmt.Fprintf(c.stdout(), "refused %s: %s\n", card, o.Reason)
	}
	return err
}
