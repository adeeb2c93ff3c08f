package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

type readerConfigs struct{ q conn }

func (t *tx) Readers() enroll.ReaderConfigRepo { return readerConfigs{t.q} }

const readerSelect = "SELECT config, updated_at FROM reader_configs"

// List orders names byte for byte (COLLATE "C"), as SQLite's BINARY does.
func (r readerConfigs) List(ctx context.Context) ([]enroll.ReaderConfig, error) {
	rows, err := r.q.QueryContext(ctx, readerSelect+` ORDER BY name COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("listing reader settings: %w", err)
	}
	return collect(rows, sqlvalue.ScanReaderConfig, "listing reader settings")
}

func (r readerConfigs) ByName(ctx context.Context, name string) (enroll.ReaderConfig, error) {
	c, err := sqlvalue.ScanReaderConfig(r.q.QueryRowContext(ctx, readerSelect+" WHERE name = ?", name))
	if err != nil {
		return c, notFound(err, fmt.Sprintf("reader %q", name))
	}
	return c, nil
}

func (r readerConfigs) Put(ctx context.Context, c enroll.ReaderConfig) error {
	raw, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("saving reader %q: %w", c.Name, err)
	}
	_, err = r.q.ExecContext(ctx, `INSERT INTO reader_configs (name, kind, config, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, config = excluded.config, updated_at = excluded.updated_at`,
		c.Name, string(c.Kind), string(raw), c.UpdatedAt.UnixMilli())
	if err != nil {
		return fmt.Errorf("saving reader %q: %w", c.Name, err)
	}
	return nil
}

func (r readerConfigs) Delete(ctx context.Context, name string) error {
	res, err := r.q.ExecContext(ctx, "DELETE FROM reader_configs WHERE name = ?", name)
	if err != nil {
		return fmt.Errorf("removing reader %q: %w", name, err)
	}
	return mustAffect(res, "reader", fmt.Sprintf("%q", name))
}
