package dbcopy

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// auditAction is the event a copy leaves in the target's audit log.
const auditAction = "db.copy"

// recordCopy appends a db.copy event to the target's audit log, after the
// copied events and in the copy's transaction, so the log of the new
// database says where its data came from and who moved it. The log has no
// hash chain to extend; an event is one row. Its id comes from the counter
// setCounter has just moved past the copied ones.
func recordCopy(ctx context.Context, d dialect, q querier, from string, opts Options, counts []TableCount) error {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	var total int64
	rows := make(map[string]int64, len(counts))
	for _, c := range counts {
		total += c.Rows
		rows[c.Table] = c.Rows
	}
	after, err := json.Marshal(struct {
		From string           `json:"from"`
		Rows map[string]int64 `json:"rows"`
	}{from, rows})
	if err != nil {
		return fmt.Errorf("target: the audit event: %w", err)
	}
	var operatorID any // NULL: nobody named, as for sign-ins of unknown users
	if opts.By.ID != 0 {
		operatorID = opts.By.ID
	}
	ph := make([]string, 9)
	for i := range ph {
		ph[i] = d.placeholder(i + 1)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO audit_events
		(at, operator_id, operator, action, entity, entity_id, details, before, after)
		VALUES (`+strings.Join(ph, ", ")+`)`,
		now().UnixMilli(), operatorID, opts.By.Name, auditAction, "database", "",
		fmt.Sprintf("copied %d rows from %s", total, from), "", string(after))
	if err != nil {
		return fmt.Errorf("target: writing the audit event: %w", err)
	}
	return nil
}
