package sqlite

import (
	"context"
	"database/sql"

	"github.com/carddesk/carddesk/enroll"
)

// tx hands out repositories bound to one transaction; they hold no other
// state, so creating them per call costs nothing.
type tx struct{ q *conn }

// conn is one transaction whose statements are prepared once and reused
// while it lasts. A sync applies thousands of updates with the same few
// statements, and parsing each anew dominated its time. The transaction
// closes its statements when it ends.
type conn struct {
	*sql.Tx
	stmts map[string]*sql.Stmt
}

func newConn(t *sql.Tx) *conn { return &conn{Tx: t} }

func (c *conn) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := c.stmts[query]; ok {
		return s, nil
	}
	s, err := c.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[query] = s
	return s, nil
}

func (c *conn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

func (c *conn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// QueryRowContext leaves a query that does not prepare to the transaction,
// whose Row then carries the same error.
func (c *conn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := c.stmt(ctx, query)
	if err != nil {
		return c.Tx.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

func (t *tx) Operators() enroll.OperatorRepo             { return operators{t.q} }
func (t *tx) Cardholders() enroll.CardholderRepo         { return cardholders{t.q} }
func (t *tx) Requests() enroll.RequestRepo               { return requests{t.q} }
func (t *tx) Reasons() enroll.ReasonRepo                 { return reasons{t.q} }
func (t *tx) Credentials() enroll.CredentialRepo         { return credentials{t.q} }
func (t *tx) Formats() enroll.FormatRepo                 { return formats{t.q} }
func (t *tx) Settings() enroll.SettingRepo               { return settings{t.q} }
func (t *tx) Audit() enroll.AuditRepo                    { return audit{t.q} }
func (t *tx) Outbox() enroll.OutboxRepo                  { return outbox{t.q} }
func (t *tx) Readers() enroll.ReaderConfigRepo           { return readerConfigs{t.q} }
func (t *tx) Templates() enroll.TemplateRepo             { return templates{t.q} }
func (t *tx) PrintJobs() enroll.PrintJobRepo             { return printJobs{t.q} }
func (t *tx) PrinterProfiles() enroll.PrinterProfileRepo { return printerProfiles{t.q} }
func (t *tx) OrderedCards() enroll.OrderedCardRepo       { return orderedCards{t.q} }
func (t *tx) TempCards() enroll.TempCardRepo             { return tempCards{t.q} }
