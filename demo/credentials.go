package demo

import (
	"context"
	_ "embed"
	"fmt"
	"strconv"

	"github.com/carddesk/carddesk/enroll"
)

// Shelf cards: enrolled but given to nobody, so "existing credential" has
// something to pick from. They stay inactive until connected to a request,
// as a card lying in a drawer should not open doors.
const (
	shelfFacility = 42
	shelfFirst    = 1001
	shelfH10301   = 12
)

var shelfCSNs = []string{"04a1b2c3", "04d5e6f7", "0479c0de"}

// acmeFormat is a custom format, imported the way an administrator would
// bring one from another station, so the demo shows a custom format in use.
//
//go:embed acme40.json
var acmeFormat []byte

const (
	acmeFormatID = "acme40"
	acmeFirst    = 500001
	acmeShelf    = 3
)

// shelfCredentials lists the demo's unassigned credentials: H10301 cards
// 42/1001 onwards and a few CSN-only cards.
func shelfCredentials() []enroll.NewCredential {
	out := make([]enroll.NewCredential, 0, shelfH10301+len(shelfCSNs)+acmeShelf)
	for i := range shelfH10301 {
		card := shelfFirst + i
		out = append(out, enroll.NewCredential{
			Format: "h10301",
			Fields: map[string]string{"facility": strconv.Itoa(shelfFacility), "card": strconv.Itoa(card)},
			Name:   fmt.Sprintf("Spare card %d", card),
			Status: enroll.CredentialInactive,
		})
	}
	for i, csn := range shelfCSNs {
		out = append(out, enroll.NewCredential{
			Format: "csn32",
			Fields: map[string]string{"csn": csn},
			Name:   fmt.Sprintf("Visitor card %d", i+1),
			Status: enroll.CredentialInactive,
		})
	}
	for i := range acmeShelf {
		card := acmeFirst + i
		out = append(out, enroll.NewCredential{
			Format: acmeFormatID,
			Fields: map[string]string{"card": strconv.Itoa(card)},
			Name:   fmt.Sprintf("Head office card %d", card),
			Status: enroll.CredentialInactive,
		})
	}
	return out
}

func seedCredentials(ctx context.Context, st *enroll.Station, a enroll.Actor) error {
	if _, err := st.Formats.Import(ctx, a, acmeFormat, false); err != nil {
		return fmt.Errorf("format %s: %w", acmeFormatID, err)
	}
	for _, n := range shelfCredentials() {
		if _, err := st.Credentials.Enroll(ctx, a, n); err != nil {
			return fmt.Errorf("%s %v: %w", n.Format, n.Fields, err)
		}
	}
	return nil
}
