package demo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

var requestNotes = []string{
	"", "Starts Monday, collects the card at reception", "", "Replacement for card reported on the phone",
	"", "Needs access to the lab wing", "", "Urgent: night shift this week", "",
	"Card cracked in the middle", "Visitor for three days, host: Facilities",
}

var denyNotes = []string{
	"Contract ended last month; ask HR first",
	"Already has a working card; collect the old one",
	"Manager's approval missing",
}

// The ages of the demo requests: the pending queue spans a few minutes to
// a few days, the answered ones were filed up to a week ago and answered
// within a day, before the queue's newest.
const (
	youngestPending = 3 * time.Minute
	oldestPending   = 4 * 24 * time.Hour
	youngestAnswer  = 36 * time.Hour
	oldestAnswer    = 7 * 24 * time.Hour
	quickestAnswer  = 15 * time.Minute
	slowestAnswer   = 20 * time.Hour
)

// answeredCardFirst numbers the cards handed out for the completed demo
// requests (H10301, facility shelfFacility), clear of the shelf cards.
const answeredCardFirst = 2001

// requestPlan is one demo request: when it was filed and, for the answered
// ones, when and how it was answered (completed when deny is false).
type requestPlan struct {
	filed    time.Time
	answered time.Time // zero: still pending
	deny     bool
}

// planRequests dates the demo requests back from now, the same ages for
// the same seed: PendingRequests pending ones, youngest first in age order
// spread evenly on a log scale (so the queue shows minutes, hours and days),
// then AnsweredRequests answered ones.
func planRequests(now time.Time, seed uint64) []requestPlan {
	r := rand.New(rand.NewPCG(seed, 0xA6E5))
	plans := make([]requestPlan, 0, PendingRequests+AnsweredRequests)
	lo, hi := math.Log(float64(youngestPending)), math.Log(float64(oldestPending))
	for i := range PendingRequests {
		f := (float64(PendingRequests-1-i) + r.Float64()) / PendingRequests // oldest first
		age := time.Duration(math.Exp(lo + f*(hi-lo))).Round(time.Second)
		plans = append(plans, requestPlan{filed: now.Add(-age)})
	}
	for i := range AnsweredRequests {
		age := youngestAnswer + time.Duration(r.Int64N(int64(oldestAnswer-youngestAnswer))).Round(time.Second)
		took := quickestAnswer + time.Duration(r.Int64N(int64(slowestAnswer-quickestAnswer))).Round(time.Second)
		filed := now.Add(-age)
		plans = append(plans, requestPlan{filed: filed, answered: filed.Add(took), deny: i%2 == 1})
	}
	return plans
}

// seedRequests files the planned requests from every demo operator, so the
// queue shows several requesters, reasons and activation choices, and
// answers some: everything in time order on the demo clock, so the audit
// log reads as the desk's last week.
func seedRequests(ctx context.Context, st *enroll.Station, admin enroll.Actor, clock *Clock, now time.Time) error {
	requesters, err := requesterActors(ctx, st, admin)
	if err != nil {
		return err
	}
	people, err := st.Cardholders.Search(ctx, admin, enroll.CardholderQuery{Status: enroll.CardholderActive})
	if err != nil {
		return err
	}
	plans := planRequests(now, seed)
	if len(people) < len(plans) {
		return errors.New("too few active cardholders for the demo requests")
	}
	who := rand.New(rand.NewPCG(seed, 0x5EED)).Perm(len(people)) // distinct people, spread over the alphabet

	type event struct {
		at     time.Time
		i      int  // index in plans
		answer bool // else: file it
	}
	events := make([]event, 0, 2*len(plans))
	for i, p := range plans {
		events = append(events, event{at: p.filed, i: i})
		if !p.answered.IsZero() {
			events = append(events, event{at: p.answered, i: i, answer: true})
		}
	}
	slices.SortStableFunc(events, func(a, b event) int { return a.at.Compare(b.at) })

	ids := make([]int64, len(plans))
	for _, ev := range events {
		clock.set(ev.at)
		i := ev.i
		if !ev.answer {
			n := enroll.NewRequest{
				CardholderID:   people[who[i]].ID,
				Reason:         Reasons[(i*5)%len(Reasons)],
				Activation:     activation(i, now),
				EmailWhenReady: i%3 != 1 && plans[i].answered.IsZero(), // no mail queued for the history
				Note:           requestNotes[i%len(requestNotes)],
			}
			r, err := st.Requests.Create(ctx, requesters[i%len(requesters)], n)
			if err != nil {
				return err
			}
			ids[i] = r.ID
			continue
		}
		if err := answer(ctx, st, requesters[(i+1)%len(requesters)], ids[i], i-PendingRequests, plans[i].deny); err != nil {
			return fmt.Errorf("answering request %d: %w", ids[i], err)
		}
	}
	return nil
}

// answer denies request id, or completes it with a new card (the k-th).
func answer(ctx context.Context, st *enroll.Station, a enroll.Actor, id int64, k int, deny bool) error {
	if deny {
		_, err := st.Requests.Deny(ctx, a, []int64{id}, denyNotes[k%len(denyNotes)])
		return err
	}
	fields := map[string]string{"facility": strconv.Itoa(shelfFacility), "card": strconv.Itoa(answeredCardFirst + k)}
	if _, err := st.Requests.ConnectManual(ctx, a, id, "h10301", fields); err != nil {
		return err
	}
	_, skipped, err := st.Requests.Complete(ctx, a, []int64{id})
	if err == nil && len(skipped) > 0 {
		err = errors.New("the connected card was not found at completion")
	}
	return err
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
