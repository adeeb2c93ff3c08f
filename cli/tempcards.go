package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// The desk's stock of temporary cards (production.md).

func tempCardCmds() []*command {
	return []*command{tempCardsListCmd(), tempCardsInitializeCmd(), tempCardsAssignCmd(),
		tempCardMoveCmd("withdraw", "take an assigned or expired temporary card back into the stock (unassigned)"),
		tempCardMoveCmd("lock", "take a temporary card out of use for good (locked)")}
}

// tempStatuses are the values of tempcards list --status.
var tempStatuses = []enroll.TempCardStatus{enroll.TempUnassigned, enroll.TempAssigned, enroll.TempExpired, enroll.TempLocked}

// tempCardJSON is the temporary card shape of the CLI contract.
type tempCardJSON struct {
	CardID       string  `json:"card_id"`
	Status       string  `json:"status"`
	CardholderID *string `json:"cardholder_id"`
	Until        *string `json:"until"` // YYYY-MM-DD; null: no end, or not assigned
	CredentialID *string `json:"credential_id"`
	CreatedAt    string  `json:"created_at"`
	UpdatedAt    string  `json:"updated_at"`
}

func tempCardJSONOf(t enroll.TempCard) tempCardJSON {
	return tempCardJSON{CardID: t.CardID, Status: string(t.Status), CardholderID: optID(t.CardholderID),
		Until: optString(untilText(t.Until)), CredentialID: optID(t.CredentialID),
		CreatedAt: stamp(t.CreatedAt), UpdatedAt: stamp(t.UpdatedAt)}
}

// untilText is the assigned-until day, "" for none.
func untilText(until time.Time) string {
	if until.IsZero() {
		return ""
	}
	return until.UTC().Format(time.DateOnly)
}

// tempCardLine is one card's state for the operator.
func tempCardLine(t enroll.TempCard) string {
	line := "temporary card " + t.CardID + ": " + string(t.Status)
	if t.CardholderID != 0 {
		line += " to cardholder " + id(t.CardholderID)
	}
	if u := untilText(t.Until); u != "" {
		line += " until " + u
	}
	return line
}

func printTempCard(c *call, t enroll.TempCard) error {
	if c.g.JSON {
		return writeJSON(c.stdout(), tempCardJSONOf(t))
	}
	_, err := fmt.Fprintln(c.stdout(), tempCardLine(t))
	return err
}

// expireDue marks overdue assigned cards expired first, as the running app
// does daily, so a headless station shows and decides on today's states.
func expireDue(ctx context.Context, c *call) error {
	_, err := c.st.TempCards.ExpireDue(ctx, c.actor)
	return err
}

func tempCardsListCmd() *command {
	var status string
	return &command{
		name:     "tempcards list",
		synopsis: "[--status STATE] [--json]",
		summary:  "list the desk's temporary cards, newest first",
		detail: "STATE: unassigned, assigned, expired or locked. Assigned cards whose day has passed are\n" +
			"marked expired first. With --json: card_id, status, cardholder_id, until (YYYY-MM-DD or\n" +
			"null), credential_id, created_at, updated_at.",
		access: signedIn,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&status, "status", "", "only cards in `STATE`")
		},
		check: func() error {
			_, err := statusOf(tempStatuses, status)
			return err
		},
		run: func(ctx context.Context, c *call) error {
			st, _ := statusOf(tempStatuses, status)
			if err := expireDue(ctx, c); err != nil {
				return err
			}
			cards, err := c.st.TempCards.List(ctx, c.actor, st)
			if err != nil {
				return err
			}
			return printList(c, cards, tempCardJSONOf, "no temporary cards",
				[]string{"CARD ID", "STATUS", "CARDHOLDER", "UNTIL", "CREDENTIAL", "UPDATED"},
				func(tc enroll.TempCard) []string {
					return []string{tc.CardID, string(tc.Status), idOrNone(tc.CardholderID), untilText(tc.Until),
						idOrNone(tc.CredentialID), local(tc.UpdatedAt)}
				})
		},
	}
}

func tempCardsInitializeCmd() *command {
	return &command{
		name:     "tempcards initialize",
		synopsis: "CARD_ID",
		summary:  "take a produced temporary card into the stock (produced -> unassigned)",
		detail:   "Use case temporary_cards (settings set usecase.temporary_cards.enabled true).",
		access:   signedIn,
		minArgs:  1,
		maxArgs:  1,
		run: func(ctx context.Context, c *call) error {
			t, err := c.st.TempCards.Initialize(ctx, c.actor, c.args[0])
			if err != nil {
				return asNotFound(err, "ordered card", c.args[0])
			}
			return printTempCard(c, t)
		},
	}
}

func tempCardsAssignCmd() *command {
	var cardholder, until string
	return &command{
		name:     "tempcards assign",
		synopsis: "CARD_ID --cardholder ID [--until YYYY-MM-DD]",
		summary:  "hand an unassigned temporary card to an active cardholder",
		detail: "Use case temporary_cards. A cardholder holds at most one assigned temporary card; its\n" +
			"credential becomes theirs and active. After the --until day the card expires (its\n" +
			"credential stops working); without --until it has no end.",
		access:  signedIn,
		minArgs: 1,
		maxArgs: 1,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&cardholder, "cardholder", "", "the cardholder's `ID` (required)")
			fs.StringVar(&until, "until", "", "the last day (`YYYY-MM-DD`) the card is theirs")
		},
		check: func() error {
			if cardholder == "" {
				return usageErrorf("--cardholder ID is required")
			}
			_, err := untilDay(until)
			return err
		},
		run: func(ctx context.Context, c *call) error {
			day, _ := untilDay(until)
			hid, err := parseID("cardholder", cardholder)
			if err != nil {
				return err
			}
			if err := expireDue(ctx, c); err != nil {
				return err
			}
			t, err := c.st.TempCards.Assign(ctx, c.actor, c.args[0], hid, day)
			if err != nil {
				return err
			}
			return printTempCard(c, t)
		},
	}
}

// untilDay reads --until; "" is no end.
func untilDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, usageErrorf("--until %q: give a date as YYYY-MM-DD", s)
	}
	return d, nil
}

func tempCardMoveCmd(verb, summary string) *command {
	move := func(s *enroll.TempCards) func(context.Context, enroll.Actor, string) (enroll.TempCard, error) {
		if verb == "lock" {
			return s.Lock
		}
		return s.Withdraw
	}
	return &command{
		name:     "tempcards " + verb,
		synopsis: "CARD_ID",
		summary:  summary,
		detail:   "Use case temporary_cards. The card's credential becomes nobody's and inactive.",
		access:   signedIn,
		minArgs:  1,
		maxArgs:  1,
		run: func(ctx context.Context, c *call) error {
			t, err := move(c.st.TempCards)(ctx, c.actor, c.args[0])
			if err != nil {
				return asNotFound(err, "temporary card", c.args[0])
			}
			return printTempCard(c, t)
		},
	}
}
