package sqlite

import (
	"database/sql"

	"github.com/carddesk/carddesk/enroll"
)

// tx hands out repositories bound to one *sql.Tx; they hold no other state,
// so creating them per call costs nothing.
type tx struct{ q *sql.Tx }

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
