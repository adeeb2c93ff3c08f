package demo

import (
	"bytes"
	"context"
	"encoding/csv"

	"github.com/carddesk/carddesk/enroll"
)

// seedCardholders goes through the CSV import, the bulk path that stores
// every row in one transaction.
func seedCardholders(ctx context.Context, st *enroll.Station, a enroll.Actor) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(enroll.CSVColumns)
	for _, c := range people(Cardholders, seed) {
		_ = w.Write([]string{c.ExternalID, c.FirstName, c.LastName, c.Email, c.Department, string(c.Status)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	_, err := st.Cardholders.Import(ctx, a, "demo.csv", &buf)
	return err
}

// seedPhotos gives every PhotoEvery-th active cardholder a generated photo,
// so lists show both thumbnails and the no-photo placeholder.
func seedPhotos(ctx context.Context, st *enroll.Station, a enroll.Actor) error {
	all, err := st.Cardholders.Search(ctx, a, enroll.CardholderQuery{Status: enroll.CardholderActive})
	if err != nil {
		return err
	}
	painter, err := newAvatarPainter()
	if err != nil {
		return err
	}
	for i, c := range all {
		if i%PhotoEvery != 0 {
			continue
		}
		full, err := st.Cardholders.Get(ctx, a, c.ID)
		if err != nil {
			return err
		}
		if full.Photo, err = painter.paint(full.FullName(), initials(full)); err != nil {
			return err
		}
		if _, err := st.Cardholders.Update(ctx, a, full); err != nil {
			return err
		}
	}
	return nil
}
