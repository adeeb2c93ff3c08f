package demo

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// IssuedCards is how many cardholders got their card when the station was
// set up, through requests completed then: they have a photo and an active
// card, so badge previews show real badges with card numbers and QR codes.
const IssuedCards = 12

// issuedCardFirst numbers the issued cards (H10301, facility shelfFacility),
// clear of the shelf cards and of the cards of the recent requests.
const issuedCardFirst = 3001

// issueGap spaces the issued requests so no two share a moment.
const issueGap = 7 * time.Minute

// seedIssuedCards files, connects and completes a request for every other
// cardholder with a photo until IssuedCards have a card; the station's
// default templates were installed with its database.
func seedIssuedCards(ctx context.Context, st *enroll.Station, a enroll.Actor, clock *Clock, at time.Time) error {
	holders, err := photoHolders(ctx, st, a)
	if err != nil {
		return err
	}
	if len(holders) < 2*IssuedCards {
		return errors.New("too few cardholders with a photo for the issued cards")
	}
	for k := range IssuedCards {
		c := holders[2*k]
		t := at.Add(time.Duration(k) * issueGap)
		clock.set(t)
		r, err := st.Requests.Create(ctx, a, enroll.NewRequest{CardholderID: c.ID, Reason: Reasons[0],
			Activation: enroll.Activation{Mode: enroll.ActivateEnrollment}})
		if err != nil {
			return fmt.Errorf("%s: %w", c.FullName(), err)
		}
		clock.set(t.Add(3 * time.Minute))
		fields := map[string]string{"facility": strconv.Itoa(shelfFacility), "card": strconv.Itoa(issuedCardFirst + k)}
		if _, err := st.Requests.ConnectManual(ctx, a, r.ID, "h10301", fields); err != nil {
			return fmt.Errorf("%s: %w", c.FullName(), err)
		}
		if _, skipped, err := st.Requests.Complete(ctx, a, []int64{r.ID}); err != nil || len(skipped) > 0 {
			return fmt.Errorf("%s: completing request %d: %v", c.FullName(), r.ID, err)
		}
	}
	return nil
}

// photoHolders are the active cardholders with a photo, in list order.
func photoHolders(ctx context.Context, st *enroll.Station, a enroll.Actor) ([]enroll.Cardholder, error) {
	all, err := st.Cardholders.Search(ctx, a, enroll.CardholderQuery{Status: enroll.CardholderActive})
	if err != nil {
		return nil, err
	}
	var out []enroll.Cardholder
	for _, c := range all {
		if c.HasPhoto {
			out = append(out, c)
		}
	}
	return out, nil
}
