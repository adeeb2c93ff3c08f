package enroll

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"time"
)

// The audit log is a hash chain. Every event carries its place in the
// chain (Seq, 1, 2, 3, … without gaps), the hash of the event before it
// (PrevHash; AuditGenesis for the first) and its own Hash, a SHA-256 over
// all it stores and PrevHash. Changing, removing or reordering an event
// behind CardDesk's back then shows as an event that no longer matches its
// hash, a gap in Seq, or a PrevHash that is not the previous event's hash.
// The stores only persist what Chain computes, so SQLite and PostgreSQL
// chain alike and a copy between them still verifies.

// AuditGenesis is the PrevHash of the first event of a chain.
const AuditGenesis = "0000000000000000000000000000000000000000000000000000000000000000"

// auditHashDomain starts every encoding that is hashed: the hash of an
// event can be told from any other SHA-256, and a changed encoding would
// get a new version.
const auditHashDomain = "carddesk audit event v1"

// auditVerifyPage is how many events a verification reads at a time, so a
// log of millions of events is checked in little memory.
const auditVerifyPage = 1000

// AuditLink is the end of the chain a new event follows: the newest
// event's Seq and Hash. The zero value is the empty chain.
type AuditLink struct {
	Seq  int64
	Hash string
}

// next is the PrevHash of the event that follows l.
func (l AuditLink) next() string {
	if l.Seq == 0 && l.Hash == "" {
		return AuditGenesis
	}
	return l.Hash
}

// AuditPosition is an event's place in chain order, for paging through it.
type AuditPosition struct{ Seq, ID int64 }

// Chain places e after prev: the next Seq, prev's hash as PrevHash, and
// its own Hash. The store sets e.ID first, because the hash covers it, and
// calls Chain while no other Append can run.
func (e *AuditEvent) Chain(prev AuditLink) {
	e.Seq = prev.Seq + 1
	e.PrevHash = prev.next()
	e.Hash = AuditHash(*e)
}

// AuditHash is the hex SHA-256 of every stored field of e (as stored: the
// time in whole milliseconds, no operator as 0) and e.PrevHash. Each number
// is 8 bytes big-endian and each text its length in 8 bytes and then its
// bytes, so no two different events encode alike.
func AuditHash(e AuditEvent) string {
	w := hashWriter{h: sha256.New()}
	w.text(auditHashDomain)
	for _, n := range []int64{e.Seq, e.ID, e.At.UnixMilli(), e.OperatorID} {
		w.number(n)
	}
	for _, s := range []string{e.Operator, e.Action, e.Entity, e.EntityID, e.Details, e.Before, e.After, e.PrevHash} {
		w.text(s)
	}
	return hex.EncodeToString(w.h.Sum(nil))
}

type hashWriter struct{ h hash.Hash }

func (w hashWriter) number(n int64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(n))
	w.h.Write(b[:]) //nolint:errcheck // a hash.Hash never fails to write
}

func (w hashWriter) text(s string) {
	w.number(int64(len(s)))
	w.h.Write([]byte(s)) //nolint:errcheck // a hash.Hash never fails to write
}

// AuditBreakKind says how the chain breaks at an event.
type AuditBreakKind string

const (
	// AuditChanged: the event no longer matches its hash; what it stores
	// was changed.
	AuditChanged AuditBreakKind = "changed"
	// AuditMissing: events before this one are gone (its Seq skips some).
	AuditMissing AuditBreakKind = "missing"
	// AuditUnlinked: the event matches its hash but does not follow the
	// event before it: that one was replaced (with a new hash), or events
	// were reordered.
	AuditUnlinked AuditBreakKind = "unlinked"
	// AuditInserted: the event's Seq repeats or goes back (0 for a row
	// inserted without one): it was added behind CardDesk's back.
	AuditInserted AuditBreakKind = "inserted"
)

// AuditBreak is the first place where the chain does not check out.
type AuditBreak struct {
	Kind AuditBreakKind
	// Event is the first event that does not check out.
	Event AuditEvent
	// After is the last event that did, zero when the break is at the start.
	After AuditLink
	// MissingFrom and MissingTo are the Seq numbers that are gone
	// (AuditMissing only).
	MissingFrom, MissingTo int64
}

// Describe says in English what is wrong, naming the event by its id, time
// and action.
func (b AuditBreak) Describe() string {
	ev := fmt.Sprintf("event %d (%s, %s)", b.Event.ID, b.Event.At.Local().Format("2006-01-02 15:04:05"), b.Event.Action)
	switch b.Kind {
	case AuditChanged:
		return ev + " was changed: it no longer matches its hash"
	case AuditMissing:
		if b.MissingFrom == b.MissingTo {
			return fmt.Sprintf("event #%d of the chain is missing, just before %s", b.MissingFrom, ev)
		}
		return fmt.Sprintf("events #%d to #%d of the chain are missing, just before %s", b.MissingFrom, b.MissingTo, ev)
	case AuditUnlinked:
		return ev + " does not follow the event before it: that event was replaced, or events were reordered"
	case AuditInserted:
		return fmt.Sprintf("%s has no place in the chain (number #%d after #%d): it was added behind CardDesk's back",
			ev, b.Event.Seq, b.After.Seq)
	}
	return ev + " breaks the chain"
}

// AuditVerification is the result of checking the whole chain.
type AuditVerification struct {
	// CheckedAt is when the check ended.
	CheckedAt time.Time
	// Events is how many events checked out, from the start of the chain:
	// all of them when it is intact.
	Events int64
	// Head is the last event that checked out: the newest one when the
	// chain is intact. Keeping its Hash elsewhere lets a later check prove
	// that nothing up to it was rewritten.
	Head AuditLink
	// Break is where the chain breaks; nil when it is intact.
	Break *AuditBreak
}

// Intact reports whether every event checked out.
func (v AuditVerification) Intact() bool { return v.Break == nil }

// Verify checks the whole audit hash chain in chain order, a page at a
// time, in one snapshot of the log. A broken chain is a result, not an
// error: the error is for a log that could not be read.
func (s *AuditLog) Verify(ctx context.Context, a Actor) (AuditVerification, error) {
	var v AuditVerification
	err := s.view(ctx, a, PermViewAudit, func(tx Tx) error {
		var err error
		v, err = VerifyAuditChain(ctx, tx.Audit())
		return err
	})
	if err != nil {
		return AuditVerification{}, fmt.Errorf("verifying the audit trail: %w", err)
	}
	v.CheckedAt = s.now()
	return v, nil
}

// VerifyAuditChain walks r's chain from its first event and stops at the
// first one that does not check out. The events after a break are not
// read: once one link is broken, those after it prove nothing.
func VerifyAuditChain(ctx context.Context, r AuditRepo) (AuditVerification, error) {
	var v AuditVerification
	var pos AuditPosition
	for {
		evs, err := r.Chain(ctx, pos, auditVerifyPage)
		if err != nil {
			return AuditVerification{}, err
		}
		for _, e := range evs {
			if b := checkLink(v.Head, e); b != nil {
				v.Break = b
				return v, nil
			}
			v.Events++
			v.Head = AuditLink{Seq: e.Seq, Hash: e.Hash}
		}
		if len(evs) < auditVerifyPage {
			return v, nil
		}
		last := evs[len(evs)-1]
		pos = AuditPosition{Seq: last.Seq, ID: last.ID}
	}
}

// checkLink checks e as the event after prev: its place first, so that a
// removed event is reported as missing rather than as the next event not
// linking; then its content; then its link.
func checkLink(prev AuditLink, e AuditEvent) *AuditBreak {
	b := &AuditBreak{Event: e, After: prev}
	switch want := prev.Seq + 1; {
	case e.Seq < want:
		b.Kind = AuditInserted
	case e.Seq > want:
		b.Kind, b.MissingFrom, b.MissingTo = AuditMissing, want, e.Seq-1
	case AuditHash(e) != e.Hash:
		b.Kind = AuditChanged
	case e.PrevHash != prev.next():
		b.Kind = AuditUnlinked
	default:
		return nil
	}
	return b
}
