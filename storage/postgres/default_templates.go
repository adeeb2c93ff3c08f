package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	defaults "github.com/carddesk/carddesk/assets/templates"
)

// migrationSteps run after a migration's SQL, in its transaction, for what
// SQL alone cannot do; keyed by the migration's file name, as in
// storage/sqlite.
var migrationSteps = map[string]func(context.Context, *sql.Tx) error{
	"0005_badge_templates.sql": installDefaultTemplates,
	"0012_audit_chain.sql":     chainAuditEvents,
}

// installDefaultTemplates gives a new database the templates of
// assets/templates, the same files storage/sqlite installs; the first
// becomes the default. A name already taken keeps its template.
func installDefaultTemplates(ctx context.Context, q *sql.Tx) error {
	files, err := defaults.Files()
	if err != nil {
		return fmt.Errorf("reading the default badge templates: %w", err)
	}
	now := time.Now().UnixMilli()
	for _, f := range files {
		var head struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal(f.Data, &head); err != nil || head.Name == "" {
			return fmt.Errorf("default badge template %s: no name (%v)", f.Name, err)
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO badge_templates (name, json, is_default, created_at, updated_at)
			VALUES ($1, $2, NOT EXISTS (SELECT 1 FROM badge_templates WHERE is_default), $3, $3)
			ON CONFLICT (lower(name)) DO NOTHING`, head.Name, string(f.Data), now); err != nil {
			return fmt.Errorf("installing default badge template %s: %w", f.Name, err)
		}
	}
	return nil
}
