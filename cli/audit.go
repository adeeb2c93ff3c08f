package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

func auditListCmd() *command {
	return &command{
		name:     "audit list",
		synopsis: "[--json]",
		summary:  "show the audit log, newest first",
		access:   signedIn,
		run: func(ctx context.Context, c *call) error {
			evs, _, err := c.st.Audit.List(ctx, c.actor, enroll.AuditQuery{})
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), jsonList(evs, auditJSONOf))
			}
			t := newTable(c.stdout(), "AT", "OPERATOR", "ACTION", "ENTITY", "ID", "DETAILS")
			for _, e := range evs {
				t.row(e.At.Local().Format("2006-01-02 15:04:05"), e.Operator, e.Action, e.Entity, e.EntityID, e.Details)
			}
			return t.flush()
		},
	}
}

func auditVerifyCmd() *command {
	return &command{
		name:     "audit verify",
		synopsis: "[--json]",
		summary:  "check the audit hash chain; names the first broken event",
		detail: "Every audit event carries a hash over its content and the hash of the event before it.\n" +
			"verify reads the whole log in chain order and stops at the first event that was changed,\n" +
			"follows missing events, does not follow the event before it, or was added behind\n" +
			"CardDesk's back; it exits 1 naming that event. An intact log prints the newest event's\n" +
			"hash: keep it elsewhere, since only a kept hash shows a log rewritten from some event on.",
		access: signedIn,
		run: func(ctx context.Context, c *call) error {
			v, err := c.st.Audit.Verify(ctx, c.actor)
			if err != nil {
				return err
			}
			if c.g.JSON {
				if err := writeJSON(c.stdout(), verificationJSONOf(v)); err != nil {
					return err
				}
			} else if v.Intact() {
				fmt.Fprintf(c.stdout(), "audit trail intact: %d events\n", v.Events)
				if v.Events > 0 {
					fmt.Fprintf(c.stdout(), "newest event: #%d, hash %s\n", v.Head.Seq, v.Head.Hash)
				}
			}
			if !v.Intact() {
				return &auditBrokenError{v: v}
			}
			return nil
		},
	}
}

// auditBrokenError is a chain that does not check out: exit 1, naming
// where it breaks.
type auditBrokenError struct{ v enroll.AuditVerification }

func (e *auditBrokenError) Error() string {
	return fmt.Sprintf("audit trail broken: %s (the %d events before it check out)", e.v.Break.Describe(), e.v.Events)
}

// verificationJSON is audit verify --json: head is the last event that
// checked out, broken where the chain breaks (absent when intact).
type verificationJSON struct {
	Intact    bool       `json:"intact"`
	Events    int64      `json:"events"`
	HeadSeq   int64      `json:"head_seq"`
	HeadHash  string     `json:"head_hash"`
	CheckedAt string     `json:"checked_at"`
	Broken    *breakJSON `json:"broken,omitempty"`
}

type breakJSON struct {
	Kind        string    `json:"kind"` // changed | missing | unlinked | inserted
	Message     string    `json:"message"`
	Seq         int64     `json:"seq"`
	Event       auditJSON `json:"event"`
	MissingFrom int64     `json:"missing_from,omitempty"`
	MissingTo   int64     `json:"missing_to,omitempty"`
}

func verificationJSONOf(v enroll.AuditVerification) verificationJSON {
	out := verificationJSON{Intact: v.Intact(), Events: v.Events, HeadSeq: v.Head.Seq, HeadHash: v.Head.Hash,
		CheckedAt: stamp(v.CheckedAt)}
	if b := v.Break; b != nil {
		out.Broken = &breakJSON{Kind: string(b.Kind), Message: b.Describe(), Seq: b.Event.Seq,
			Event: auditJSONOf(b.Event), MissingFrom: b.MissingFrom, MissingTo: b.MissingTo}
	}
	return out
}

// auditJSON carries the before/after snapshots as JSON, not as strings of
// JSON, so jq can reach into them.
type auditJSON struct {
	ID       string          `json:"id"`
	At       string          `json:"at"`
	Operator string          `json:"operator"`
	Action   string          `json:"action"`
	Entity   string          `json:"entity"`
	EntityID string          `json:"entity_id"`
	Details  string          `json:"details"`
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
	// Seq and Hash are the event's place and hash in the chain, to compare
	// with a hash audit verify printed earlier.
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

func auditJSONOf(e enroll.AuditEvent) auditJSON {
	return auditJSON{
		ID: id(e.ID), At: stamp(e.At), Operator: e.Operator, Action: e.Action, Entity: e.Entity,
		EntityID: e.EntityID, Details: e.Details, Before: rawJSON(e.Before), After: rawJSON(e.After),
		Seq: e.Seq, Hash: e.Hash,
	}
}

// rawJSON passes a stored snapshot through only when it is valid JSON.
func rawJSON(s string) json.RawMessage {
	if s == "" || !json.Valid([]byte(s)) {
		return nil
	}
	return json.RawMessage(s)
}
