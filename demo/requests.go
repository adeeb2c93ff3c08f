package demo

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

var requestNotes = []string{
	"", "Starts Monday, collects the card at reception", "", "Replacement for card reported on the phone",
	"", "Needs access to the lab wing", "", "Urgent: night shift this week", "",
	"Card cracked in the middle", "Visitor for three days, host: Facilities",
}

// seedRequests files PendingRequests requests from every demo operator, so
// the queue shows several requesters, reasons and activation choices.
func seedRequests(ctx context.Context, st *enroll.Station, admin enroll.Actor) error {
	requesters, err := requesterActors(ctx, st, admin)
	if err != nil {
		return err
	}
	people, err := st.Cardholders.Search(ctx, admin, enroll.CardholderQuery{Status: enroll.CardholderActive})
	if err != nil {
		return err
	}
	if len(people) < PendingRequests {
		return errors.New("too few active cardholders for the demo requests")
	}
	today := time.Now().UTC()
	who := rand.New(rand.NewPCG(seed, 0x5EED)).Perm(len(people)) // distinct people, spread over the alphabet
	for i := range PendingRequests {
		n := enroll.NewRequest{
			CardholderID:   people[who[i]].ID,
			Reason:         Reasons[(i*5)%len(Reasons)],
			Activation:     activation(i, today),
			EmailWhenReady: i%3 != 1,
			Note:           requestNotes[i%len(requestNotes)],
		}
		if _, err := st.Requests.Create(ctx, requesters[i%len(requesters)], n); err != nil {
			return err
		}
	}
	return nil
}

// activation mixes the three choices, mostly "after enrollment" as at a real desk.
func activation(i int, today time.Time) enroll.Activation {
	switch i % 6 {
	case 2:
		return enroll.Activation{Mode: enroll.ActivateNever}
	case 4:
		return enroll.Activation{Mode: enroll.ActivateOnDate, Date: today.AddDate(0, 0, 7+i)}
	}
	return enroll.Activation{Mode: enroll.ActivateEnrollment}
}

// requesterActors are the demo operators (and the administrator) acting as
// requesters. They are taken from the operator list rather than signed in,
// which would cost a password check each.
func requesterActors(ctx context.Context, st *enroll.Station, admin enroll.Actor) ([]enroll.Actor, error) {
	ops, err := st.Operators.List(ctx, admin)
	if err != nil {
		return nil, err
	}
	actors := make([]enroll.Actor, 0, len(ops))
	for _, op := range ops {
		actors = append(actors, enroll.Actor{ID: op.ID, Name: op.Name, Role: op.Role})
	}
	return actors, nil
}
