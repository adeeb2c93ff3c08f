package storagetest

import (
	"errors"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

var printingTests = []storeTest{
	{"PrintJobs/CreateUpdateList", testPrintJobs},
	{"PrinterProfiles/PutByNameList", testPrinterProfiles},
}

func testPrintJobs(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	op := addOperator(t, s, "desk")
	chs := addCardholders(t, s, person("Anna", "Kowalska", "Sales", ""), person("Piet", "Jansen", "IT", ""))
	first := enroll.PrintJob{At: at(1), OperatorID: op.ID, Operator: op.Name, CardholderID: chs[0].ID, TemplateID: 3,
		Printer: "Badges", State: enroll.PrintPending, Copies: 1, Sides: enroll.OneSided, UpdatedAt: at(1)}
	second := enroll.PrintJob{At: at(2), OperatorID: op.ID, Operator: op.Name, CardholderID: chs[1].ID, RequestID: 0,
		TemplateID: 3, Printer: "Badges", State: enroll.PrintPending, Reason: "lost", Copies: 2,
		Sides: enroll.TwoSidedLongEdge, UpdatedAt: at(2)}
	update(t, s, func(tx enroll.Tx) error {
		if err := tx.PrintJobs().Create(ctx, &first); err != nil {
			return err
		}
		return tx.PrintJobs().Create(ctx, &second)
	})
	if first.ID == 0 || second.ID == 0 || first.ID == second.ID {
		t.Fatalf("ids %d, %d", first.ID, second.ID)
	}
	first.JobRef, first.State, first.Message, first.UpdatedAt = "17", enroll.PrintCompleted, "done", at(3)
	update(t, s, func(tx enroll.Tx) error { return tx.PrintJobs().Update(ctx, first) })
	view(t, s, func(tx enroll.Tx) error {
		all, err := tx.PrintJobs().List(ctx, 0)
		if err != nil {
			return err
		}
		equal(t, all, []enroll.PrintJob{second, first}, "List (newest first)")
		one, err := tx.PrintJobs().List(ctx, 1)
		if err != nil {
			return err
		}
		equal(t, one, []enroll.PrintJob{second}, "List limit 1")
		got, err := tx.PrintJobs().ByID(ctx, first.ID)
		if err != nil {
			return err
		}
		equal(t, got, first, "ByID")
		if _, err := tx.PrintJobs().ByID(ctx, 999); !errors.Is(err, enroll.ErrNotFound) {
			t.Errorf("ByID of a missing job: %v; want ErrNotFound", err)
		}
		for i, want := range []int{1, 0} {
			n, err := tx.PrintJobs().Completed(ctx, chs[i].ID)
			if err != nil {
				return err
			}
			if n != want {
				t.Errorf("Completed(cardholder %d) = %d; want %d", i, n, want)
			}
		}
		return nil
	})
	update(t, s, func(tx enroll.Tx) error {
		if err := tx.PrintJobs().Update(ctx, enroll.PrintJob{ID: 999, UpdatedAt: at(4)}); !errors.Is(err, enroll.ErrNotFound) {
			t.Errorf("Update of a missing job: %v; want ErrNotFound", err)
		}
		return nil
	})
}

func testPrinterProfiles(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	a := enroll.PrinterProfile{Printer: "Zebra ZC300", OffsetX: 1.5, OffsetY: -0.5, Scale: 98, RotateBack: true,
		Duplex: true, TemplateID: 2, UpdatedAt: at(1)}
	b := enroll.PrinterProfile{Printer: "Evolis Primacy", UpdatedAt: at(2)}
	update(t, s, func(tx enroll.Tx) error {
		for _, p := range []enroll.PrinterProfile{a, b} {
			if err := tx.PrinterProfiles().Put(ctx, p); err != nil {
				return err
			}
		}
		a.Scale, a.UpdatedAt = 101, at(3) // a second Put replaces
		return tx.PrinterProfiles().Put(ctx, a)
	})
	view(t, s, func(tx enroll.Tx) error {
		all, err := tx.PrinterProfiles().List(ctx)
		if err != nil {
			return err
		}
		equal(t, all, []enroll.PrinterProfile{b, a}, "List (by printer)")
		got, err := tx.PrinterProfiles().ByName(ctx, a.Printer)
		if err != nil {
			return err
		}
		equal(t, got, a, "ByName")
		if _, err := tx.PrinterProfiles().ByName(ctx, "nope"); !errors.Is(err, enroll.ErrNotFound) {
			t.Errorf("ByName of a missing profile: %v; want ErrNotFound", err)
		}
		return nil
	})
}
