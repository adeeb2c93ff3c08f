package postgres

import (
	"context"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

func (t *tx) PrintJobs() enroll.PrintJobRepo             { return printJobs{t.q} }
func (t *tx) PrinterProfiles() enroll.PrinterProfileRepo { return printerProfiles{t.q} }

type printJobs struct{ q conn }

const printJobSelect = `SELECT id, at, operator_id, operator, cardholder_id, request_id, template_id, printer,
	job_ref, state, message, reason, copies, sides, updated_at FROM print_jobs`

func (r printJobs) Create(ctx context.Context, j *enroll.PrintJob) error {
	err := r.q.QueryRowContext(ctx, `INSERT INTO print_jobs (at, operator_id, operator, cardholder_id, request_id,
		template_id, printer, job_ref, state, message, reason, copies, sides, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		j.At.UnixMilli(), j.OperatorID, j.Operator, j.CardholderID, idOrNull(j.RequestID), j.TemplateID, j.Printer,
		j.JobRef, string(j.State), j.Message, j.Reason, j.Copies, j.Sides, j.UpdatedAt.UnixMilli()).Scan(&j.ID)
	if err != nil {
		if isForeignKey(err) {
			return fmt.Errorf("print job of cardholder %d: %w", j.CardholderID, enroll.ErrNotFound)
		}
		return fmt.Errorf("saving print job: %w", err)
	}
	return nil
}

func (r printJobs) Update(ctx context.Context, j enroll.PrintJob) error {
	res, err := r.q.ExecContext(ctx, `UPDATE print_jobs SET job_ref = ?, state = ?, message = ?, updated_at = ? WHERE id = ?`,
		j.JobRef, string(j.State), j.Message, j.UpdatedAt.UnixMilli(), j.ID)
	if err != nil {
		return fmt.Errorf("saving print job %d: %w", j.ID, err)
	}
	return mustAffect(res, "print job", j.ID)
}

func (r printJobs) ByID(ctx context.Context, id int64) (enroll.PrintJob, error) {
	j, err := sqlvalue.ScanPrintJob(r.q.QueryRowContext(ctx, printJobSelect+" WHERE id = ?", id))
	if err != nil {
		return j, notFound(err, fmt.Sprintf("print job %d", id))
	}
	return j, nil
}

func (r printJobs) List(ctx context.Context, limit int) ([]enroll.PrintJob, error) {
	q := printJobSelect + " ORDER BY at DESC, id DESC"
	var args []any
	if limit > 0 {
		q += " LIMIT ?"
		args = append(args, limit)
	}
	rows, err := r.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("listing print jobs: %w", err)
	}
	return collect(rows, sqlvalue.ScanPrintJob, "listing print jobs")
}

func (r printJobs) Completed(ctx context.Context, cardholderID int64) (int, error) {
	var n int
	err := r.q.QueryRowContext(ctx, "SELECT count(*) FROM print_jobs WHERE cardholder_id = ? AND state = ?",
		cardholderID, string(enroll.PrintCompleted)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting print jobs: %w", err)
	}
	return n, nil
}

type printerProfiles struct{ q conn }

const profileSelect = "SELECT printer, offset_x, offset_y, scale, rotate_back, duplex, template_id, updated_at FROM printer_profiles"

func (r printerProfiles) ByName(ctx context.Context, printer string) (enroll.PrinterProfile, error) {
	p, err := sqlvalue.ScanProfile(r.q.QueryRowContext(ctx, profileSelect+" WHERE printer = ?", printer))
	if err != nil {
		return p, notFound(err, fmt.Sprintf("printer profile %q", printer))
	}
	return p, nil
}

func (r printerProfiles) List(ctx context.Context) ([]enroll.PrinterProfile, error) {
	rows, err := r.q.QueryContext(ctx, profileSelect+" ORDER BY printer")
	if err != nil {
		return nil, fmt.Errorf("listing printer profiles: %w", err)
	}
	return collect(rows, sqlvalue.ScanProfile, "listing printer profiles")
}

func (r printerProfiles) Put(ctx context.Context, p enroll.PrinterProfile) error {
	_, err := r.q.ExecContext(ctx, `INSERT INTO printer_profiles (printer, offset_x, offset_y, scale, rotate_back, duplex, template_id, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (printer) DO UPDATE SET offset_x = excluded.offset_x, offset_y = excluded.offset_y, scale = excluded.scale,
		rotate_back = excluded.rotate_back, duplex = excluded.duplex, template_id = excluded.template_id, updated_at = excluded.updated_at`,
		p.Printer, p.OffsetX, p.OffsetY, p.Scale, p.RotateBack, p.Duplex, p.TemplateID, p.UpdatedAt.UnixMilli())
	if err != nil {
		return fmt.Errorf("saving printer profile %q: %w", p.Printer, err)
	}
	return nil
}
