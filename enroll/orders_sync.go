package enroll

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"
)

// SyncResult is what one sync did.
type SyncResult struct {
	Sent    int // cards the producer now has
	Waiting int // cards still processing: the producer could not be reached
	Failed  int // cards the producer refused
	Updated int // status changes applied from the changes feed
	// Problem is the last reason cards are waiting, in English.
	Problem string
}

// sendWorkers is how many cards are sent at once: enough to keep a
// loopback producer busy, few enough not to flood a remote one.
const sendWorkers = 16

// claimBatch is how many queued cards one sync round takes.
const claimBatch = 500

// Sync sends the queued cards whose next attempt has come (every queued
// card with all, as "Sync now" does) and applies the producer's status
// changes. A card another station is sending is left to it.
func (s *Orders) Sync(ctx context.Context, a Actor, all bool) (SyncResult, error) {
	var res SyncResult
	p, err := s.producerFor(ctx, a, PermRespondRequests)
	if err != nil {
		return res, err
	}
	if err := s.sendDue(ctx, a, p, all, &res); err != nil {
		return res, err
	}
	err = s.pullChanges(ctx, a, p, &res)
	return res, err
}

// sendDue sends queued cards round after round until none is due.
func (s *Orders) sendDue(ctx context.Context, a Actor, p Producer, all bool, res *SyncResult) error {
	tried := map[string]bool{}
	for {
		claimed, err := s.claimDue(ctx, all, tried)
		if err != nil || len(claimed) == 0 {
			return err
		}
		s.sendAll(ctx, a, p, claimed, res)
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// claimDue leases the due cards this sync has not sent yet, in one write
// transaction committed before anything is sent. Finding and leasing them
// in the same transaction is what keeps two stations apart: on SQLite the
// other station's write transaction waits, on PostgreSQL Due locks the
// rows it returns and passes over those another station is claiming (FOR
// UPDATE SKIP LOCKED), so neither waits for the other nor claims its
// cards. A card sent once in this sync and due again (a temporary error,
// all ignoring the backoff) waits for the next sync.
func (s *Orders) claimDue(ctx context.Context, all bool, tried map[string]bool) ([]OrderedCard, error) {
	var out []OrderedCard
	err := s.store.Update(ctx, func(tx Tx) error {
		out = out[:0]
		now := s.now()
		due, err := s.dueCards(ctx, tx, now, all)
		if err != nil {
			return err
		}
		for _, c := range due {
			if tried[c.CardID] {
				continue
			}
			if err := s.leaseCard(ctx, tx, &c, now); err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range out {
		tried[c.CardID] = true
	}
	return out, nil
}

// claim marks the given cards as being sent by this station, as claimDue
// does for the due ones. Cards another station claimed meanwhile are left
// out, also when it did so between our read and our write (ErrStale: on
// PostgreSQL our update waited for its transaction and found the row
// changed).
func (s *Orders) claim(ctx context.Context, cards []OrderedCard) ([]OrderedCard, error) {
	var out []OrderedCard
	err := s.store.Update(ctx, func(tx Tx) error {
		out = out[:0]
		now := s.now()
		for _, c := range cards {
			cur, err := tx.OrderedCards().ByID(ctx, c.CardID)
			if err != nil {
				return err
			}
			if cur.Status != OrderProcessing || s.held(cur, now) {
				continue
			}
			switch err := s.leaseCard(ctx, tx, &cur, now); {
			case errors.Is(err, ErrStale):
				continue
			case err != nil:
				return err
			}
			out = append(out, cur)
		}
		return nil
	})
	return out, err
}

// dueCards are the due cards and those held by a process that has
// stopped: a desk that crashed mid-sync takes its cards up again at once.
func (s *Orders) dueCards(ctx context.Context, tx Tx, now time.Time, all bool) ([]OrderedCard, error) {
	due, err := tx.OrderedCards().Due(ctx, now, all, claimBatch)
	if err != nil || s.leases == nil {
		return due, err
	}
	leased, err := tx.OrderedCards().Leased(ctx, now)
	if err != nil {
		return nil, err
	}
	for _, c := range leased {
		if !s.held(c, now) {
			due = append(due, c)
		}
	}
	return due, nil
}

// held: a station is sending c now (its lease runs and its holder has
// not stopped).
func (s *Orders) held(c OrderedCard, now time.Time) bool {
	if !c.LeaseUntil.After(now) {
		return false
	}
	return s.leases == nil || c.LeaseHolder == "" || !s.leases.Gone(c.LeaseHolder)
}

// leaseCard holds c for this process until LeaseTime from now; SendStarted
// tells an abort that the producer may have it.
func (s *Orders) leaseCard(ctx context.Context, tx Tx, c *OrderedCard, now time.Time) error {
	c.LeaseUntil, c.SendStarted, c.UpdatedAt = now.Add(LeaseTime), true, now
	c.LeaseHolder = ""
	if s.leases != nil {
		c.LeaseHolder = s.leases.Holder()
	}
	c.Attempts++
	return tx.OrderedCards().Update(ctx, c)
}

// sendAll sends the claimed cards a few at a time.
func (s *Orders) sendAll(ctx context.Context, a Actor, p Producer, cards []OrderedCard, res *SyncResult) {
	var mu sync.Mutex
	work := make(chan OrderedCard)
	var wg sync.WaitGroup
	for range min(sendWorkers, len(cards)) {
		wg.Go(func() {
			for c := range work {
				done, err := s.send(ctx, a, p, c)
				mu.Lock()
				switch {
				case err != nil:
					res.Waiting++
					res.Problem = err.Error()
				case done.Status == OrderFailed:
					res.Failed++
				case done.Status == OrderProcessing:
					res.Waiting++
					res.Problem = done.LastError
				default:
					res.Sent++
				}
				mu.Unlock()
			}
		})
	}
	for _, c := range cards {
		work <- c
	}
	close(work)
	wg.Wait()
}

// send puts one claimed card to the producer and stores the outcome. An
// outcome that is not known (no answer, 429, 5xx) keeps the card
// processing for a later attempt; it never fails the card.
func (s *Orders) send(ctx context.Context, a Actor, p Producer, c OrderedCard) (OrderedCard, error) {
	pc, err := p.Send(ctx, ProducerOrder{CardID: c.CardID, OrderID: c.OrderID, Kind: c.Kind, LayoutID: c.LayoutID,
		Fields: c.Fields, PhotoJPEG: c.Photo, Station: c.Station, OrderedBy: c.OrderedBy})
	if errors.Is(err, ErrProducerConflict) {
		// Cancelled before it arrived, or sent before by someone: the
		// producer's record decides.
		pc, err = p.Card(ctx, c.CardID)
	}
	var out OrderedCard
	serr := s.store.Update(ctx, func(tx Tx) error {
		cur, rerr := tx.OrderedCards().ByID(ctx, c.CardID)
		if rerr != nil {
			return rerr
		}
		cur.LeaseUntil, cur.LeaseHolder = time.Time{}, ""
		switch {
		case cur.Status != OrderProcessing:
			// Aborted or updated meanwhile; the producer's answer changes
			// nothing the desk decided.
		case err == nil:
			if _, aerr := s.applyTo(ctx, tx, a, &cur, pc); aerr != nil {
				return aerr
			}
		default:
			s.noteFailure(&cur, err)
		}
		cur.UpdatedAt = s.now()
		out = cur
		if err := tx.OrderedCards().Update(ctx, &out); err != nil {
			return err
		}
		if out.Status == OrderFailed {
			return record(ctx, tx, a, out.UpdatedAt, change{action: "order.failed", entity: "ordered_card",
				entityKey: out.CardID, details: out.FailureReason})
		}
		return nil
	})
	return out, serr
}

// noteFailure keeps the problem with the card: a refusal fails it, any
// other trouble schedules the next attempt.
func (s *Orders) noteFailure(c *OrderedCard, err error) {
	c.LastError = err.Error()
	var rej *ProducerRejectedError
	if errors.As(err, &rej) {
		c.Status, c.FailureReason = OrderFailed, rej.Reason
		return
	}
	var un *ProducerUnavailableError
	var wait time.Duration
	if errors.As(err, &un) {
		wait = un.RetryAfter
	}
	c.NextAttempt = s.now().Add(s.backoff(c.Attempts, wait))
}

// backoff is the wait before the next send after attempts failed tries:
// doubling from 5 s up to 15 min, spread by ±20 %, never shorter than the
// producer's Retry-After.
func (s *Orders) backoff(attempts int, retryAfter time.Duration) time.Duration {
	base := 5 * time.Second * time.Duration(math.Pow(2, float64(min(max(attempts-1, 0), 10))))
	base = min(base, 15*time.Minute)
	j := rand.Float64
	if s.jitter != nil {
		j = s.jitter
	}
	d := time.Duration(float64(base) * (0.8 + 0.4*j()))
	return max(d, retryAfter)
}

// pullChanges reads the producer's changes feed from the stored cursor and
// applies each page in one transaction with the new cursor, so a crash
// never skips an update and a repeat changes nothing.
func (s *Orders) pullChanges(ctx context.Context, a Actor, p Producer, res *SyncResult) error {
	for {
		var since int64
		if err := s.store.View(ctx, func(tx Tx) error {
			var err error
			since, err = readCursor(ctx, tx)
			return err
		}); err != nil {
			return err
		}
		cards, next, err := p.Changes(ctx, since)
		if err != nil {
			return err
		}
		if len(cards) == 0 || next <= since {
			return nil
		}
		if err := s.store.Update(ctx, func(tx Tx) error {
			for _, pc := range cards {
				changed, err := s.apply(ctx, tx, a, pc)
				if err != nil {
					return err
				}
				if changed {
					res.Updated++
				}
			}
			// Two stations reading the same page both store the larger
			// cursor; neither moves it back.
			cur, err := readCursor(ctx, tx)
			if err != nil || next <= cur {
				return err
			}
			return tx.Settings().Set(ctx, cursorKey, strconv.FormatInt(next, 10))
		}); err != nil {
			return err
		}
	}
}

func readCursor(ctx context.Context, tx Tx) (int64, error) {
	v, ok, err := tx.Settings().Get(ctx, cursorKey)
	if err != nil || !ok || v == "" {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// apply takes one producer update for the card it names; cards this
// station never ordered are not its business.
func (s *Orders) apply(ctx context.Context, tx Tx, a Actor, pc ProducerCard) (bool, error) {
	c, err := tx.OrderedCards().ByID(ctx, pc.CardID)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	version := c.ProducerVersion
	changed, err := s.applyTo(ctx, tx, a, &c, pc)
	if err != nil || (!changed && c.ProducerVersion == version) {
		return false, err
	}
	c.UpdatedAt = s.now()
	if err := tx.OrderedCards().Update(ctx, &c); err != nil {
		return false, err
	}
	return changed, nil
}

// applyTo moves c forward to what the producer reports and says whether
// its status changed; an older or repeated update, or one behind what the
// desk knows, changes nothing but the version seen.
func (s *Orders) applyTo(ctx context.Context, tx Tx, a Actor, c *OrderedCard, pc ProducerCard) (bool, error) {
	if pc.Version != 0 && pc.Version <= c.ProducerVersion {
		return false, nil
	}
	to, reason, err := desiredStatus(c, pc)
	if err != nil {
		return false, err
	}
	if pc.Version > c.ProducerVersion {
		c.ProducerVersion = pc.Version
	}
	if to == c.Status || to.rank() < c.Status.rank() || c.Status.Final() {
		return false, nil
	}
	if err := OrderStates.Check(c.Status, to); err != nil {
		return false, err
	}
	from := c.Status
	c.Status, c.LastError = to, ""
	if to == OrderFailed {
		c.FailureReason = reason
	}
	if to == OrderProduced {
		if err := s.enrollProduced(ctx, tx, a, c, pc.Credential); err != nil {
			return false, err
		}
	}
	return true, record(ctx, tx, a, s.now(), change{action: "order.status", entity: "ordered_card", entityKey: c.CardID,
		details: fmt.Sprintf("%s -> %s", from, to)})
}

// desiredStatus maps the producer's status onto the desk's.
func desiredStatus(c *OrderedCard, pc ProducerCard) (OrderStatus, string, error) {
	switch pc.Status {
	case ProducerOrdered:
		return OrderOrdered, "", nil
	case ProducerInProduction:
		return OrderInProduction, "", nil
	case ProducerProduced:
		return OrderProduced, "", nil
	case ProducerFailed:
		return OrderFailed, pc.FailureReason, nil
	case ProducerCancelled:
		// Only an abort cancels a card at the producer; this one may have
		// raced the send, or a station lost the abort's answer.
		return OrderAborted, "", nil
	}
	return "", "", fmt.Errorf("card %s: the producer reports the unknown status %q", pc.CardID, pc.Status)
}

// enrollProduced enrolls the credential the producer encoded on the card:
// a personal card's is assigned to its cardholder and stays inactive until
// the card is received at the desk; a temporary card keeps its own.
func (s *Orders) enrollProduced(ctx context.Context, tx Tx, a Actor, c *OrderedCard, pk *ProducedCredential) error {
	if pk == nil {
		c.LastError = "the producer reported the card produced without its credential"
		return nil
	}
	k, err := encodeCredential(ctx, tx, NewCredential{Format: pk.Format, Fields: pk.Fields, Status: CredentialInactive})
	if err != nil {
		c.LastError = "the credential the producer reported cannot be enrolled: " + err.Error()
		return nil
	}
	now := s.now()
	existing, err := tx.Credentials().ByBits(ctx, k.Format, k.Bits)
	switch {
	case err == nil && existing.CardholderID != 0 && existing.CardholderID != c.CardholderID:
		c.LastError = fmt.Sprintf("the credential the producer reported (%s %s) belongs to another cardholder", k.Format, k.Bits)
		return nil
	case err == nil:
		k = existing
	case errors.Is(err, ErrNotFound):
		k.Name = "ordered card " + c.CardID
		k.CreatedAt, k.UpdatedAt = now, now
		if err := tx.Credentials().Create(ctx, &k); err != nil {
			return err
		}
	default:
		return err
	}
	if c.Kind == KindPersonal && k.CardholderID == 0 {
		k.CardholderID, k.UpdatedAt = c.CardholderID, now
		if err := tx.Credentials().Update(ctx, k); err != nil {
			return err
		}
	}
	c.CredentialID, c.ChipUID = k.ID, pk.UID
	return record(ctx, tx, a, now, change{action: "credential.enroll", entity: "credential", entityID: k.ID,
		details: fmt.Sprintf("%s %s, produced for ordered card %s", k.Format, k.Bits, c.CardID), after: k})
}

// SyncEvery is how often the running app syncs, and whether card
// production is set up at all; the station reads it for itself.
func (s *Orders) SyncEvery(ctx context.Context) (time.Duration, bool, error) {
	every, on := time.Minute, false
	err := s.store.View(ctx, func(tx Tx) error {
		v, err := settingOr(ctx, tx, "production.sync_interval")
		if err != nil {
			return err
		}
		if d, perr := time.ParseDuration(v); perr == nil && d >= MinSyncInterval {
			every = d
		}
		_, err = s.producer(ctx, tx)
		on = err == nil
		if errors.Is(err, ErrProducerNotConfigured) {
			err = nil
		}
		return err
	})
	return every, on, err
}
