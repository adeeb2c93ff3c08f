package cli

import (
	"context"
	"encoding/json"

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
}

func auditJSONOf(e enroll.AuditEvent) auditJSON {
	return auditJSON{
		ID: id(e.ID), At: stamp(e.At), Operator: e.Operator, Action: e.Action, Entity: e.Entity,
		EntityID: e.EntityID, Details: e.Details, Before: rawJSON(e.Before), After: rawJSON(e.After),
	}
}

// rawJSON passes a stored snapshot through only when it is valid JSON.
func rawJSON(s string) json.RawMessage {
	if s == "" || !json.Valid([]byte(s)) {
		return nil
	}
	return json.RawMessage(s)
}
