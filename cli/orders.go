package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/carddesk/carddesk/enroll"
)

// Cards ordered from external card production (production.md).

func orderCmds() []*command {
	return []*command{ordersCardCmd(), ordersTemporaryCmd(), ordersListCmd(), ordersAbortCmd(),
		ordersUpdateCmd(), ordersSyncCmd(), ordersRetryCmd()}
}

// orderStatuses are the values of orders list --status, in life order.
var orderStatuses = []enroll.OrderStatus{enroll.OrderProcessing, enroll.OrderOrdered, enroll.OrderInProduction,
	enroll.OrderProduced, enroll.OrderFailed, enroll.OrderAborted}

// orderedCardJSON is the ordered card shape of the CLI contract.
type orderedCardJSON struct {
	CardID       string  `json:"card_id"`
	OrderID      string  `json:"order_id"`
	Kind         string  `json:"kind"`
	Status       string  `json:"status"`
	CardholderID *string `json:"cardholder_id"`
	LayoutID     string  `json:"layout_id"`
	Attempts     int     `json:"attempts"`
	// LastError is the last send's or update's problem, else the
	// producer's reason for a failed card.
	LastError     string  `json:"last_error"`
	FailureReason string  `json:"failure_reason"`
	OrderedBy     string  `json:"ordered_by"`
	Station       string  `json:"station"`
	CredentialID  *string `json:"credential_id"` // null until produced
	ChipUID       string  `json:"chip_uid"`
	ReceivedAt    *string `json:"received_at"`
	CreatedAt     string  `json:"created_at"`
	UpdatedAt     string  `json:"updated_at"`
}

func orderedCardJSONOf(c enroll.OrderedCard) orderedCardJSON {
	return orderedCardJSON{
		CardID: c.CardID, OrderID: c.OrderID, Kind: string(c.Kind), Status: string(c.Status),
		CardholderID: optID(c.CardholderID), LayoutID: c.LayoutID, Attempts: c.Attempts,
		LastError: cardProblem(c), FailureReason: c.FailureReason, OrderedBy: c.OrderedBy, Station: c.Station,
		CredentialID: optID(c.CredentialID), ChipUID: c.ChipUID, ReceivedAt: optStamp(c.ReceivedAt),
		CreatedAt: stamp(c.CreatedAt), UpdatedAt: stamp(c.UpdatedAt),
	}
}

// cardProblem is what went wrong with a card last, "" when nothing did.
func cardProblem(c enroll.OrderedCard) string {
	if c.LastError != "" {
		return c.LastError
	}
	if c.Status == enroll.OrderFailed {
		return c.FailureReason
	}
	return ""
}

// cardLine is one card's state for the operator, e.g.
// "card 0b6e…: failed: photo too dark".
func cardLine(c enroll.OrderedCard) string {
	line := "card " + c.CardID + ": " + string(c.Status)
	switch p := cardProblem(c); {
	case p == "":
	case c.Status == enroll.OrderProcessing:
		line += " (not sent yet: " + p + ")"
	default:
		line += ": " + p
	}
	return line
}

// printCards prints cards after a change: a line each, or JSON (one object
// for one card, a list for a command that may touch several).
func printCards(c *call, cards []enroll.OrderedCard, asList bool, line func(enroll.OrderedCard) string) error {
	if c.g.JSON {
		if !asList && len(cards) == 1 {
			return writeJSON(c.stdout(), orderedCardJSONOf(cards[0]))
		}
		return writeJSON(c.stdout(), jsonList(cards, orderedCardJSONOf))
	}
	for _, card := range cards {
		if _, err := fmt.Fprintln(c.stdout(), line(card)); err != nil {
			return err
		}
	}
	return nil
}

// printNewCards prints the ids of new cards (the contract's output), warns
// about those that could not be sent yet, and refuses (exit 1) when the
// producer refused one: the card exists, failed, and can be retried.
func printNewCards(c *call, cards []enroll.OrderedCard, asList bool) error {
	if err := printCards(c, cards, asList, func(card enroll.OrderedCard) string { return card.CardID }); err != nil {
		return err
	}
	return warnUnsent(c, cards)
}

// warnUnsent says on stderr which cards wait for the next sync because the
// producer could not be reached, and fails for cards the producer refused.
func warnUnsent(c *call, cards []enroll.OrderedCard) error {
	var refused []string
	for _, card := range cards {
		switch {
		case card.Status == enroll.OrderProcessing && card.LastError != "":
			fmt.Fprintf(c.env.Stderr, "carddesk: card %s is stored but not sent yet: %s; 'orders sync' sends it\n",
				card.CardID, card.LastError)
		case card.Status == enroll.OrderFailed:
			refused = append(refused, fmt.Sprintf("the card producer refused card %s: %s", card.CardID, cardProblem(card)))
		}
	}
	if len(refused) > 0 {
		return errors.New(strings.Join(refused, "\n"))
	}
	return nil
}

const productionSetup = "Card production needs production.url, production.client_id and production.client_secret\n" +
	"(settings set; see production.md)."

func ordersCardCmd() *command {
	var cardholder, layout string
	return &command{
		name:     "orders card",
		synopsis: "--cardholder ID [--layout ID]",
		summary:  "order a personal card from the card producer; prints the card id",
		detail: "Use case order_card (settings set usecase.order_card.enabled true). The cardholder must be\n" +
			"active and have every field the layout requires. Without --layout the setting\n" +
			"production.layout decides. With production.queue true (the default) the card waits as\n" +
			"processing for the next sync ('orders sync'); with false it is sent at once, and when the\n" +
			"producer cannot be reached it stays processing (said on stderr) for the next sync.\n" +
			"A card the producer refuses is failed: its id is printed, the reason is on stderr, exit 1.\n" +
			productionSetup,
		access: signedIn,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&cardholder, "cardholder", "", "the cardholder's `ID` (required)")
			fs.StringVar(&layout, "layout", "", "the producer's layout `ID` (default: production.layout)")
		},
		check: func() error {
			if cardholder == "" {
				return usageErrorf("--cardholder ID is required")
			}
			return nil
		},
		run: func(ctx context.Context, c *call) error {
			hid, err := parseID("cardholder", cardholder)
			if err != nil {
				return err
			}
			card, err := c.st.Orders.OrderCard(ctx, c.actor, hid, layout)
			if err != nil {
				return asNotFound(err, "cardholder", cardholder)
			}
			return printNewCards(c, []enroll.OrderedCard{card}, false)
		},
	}
}

// amountFlag is --amount: whether it was given, and its value.
type amountFlag struct {
	n   int
	set bool
}

func (a *amountFlag) String() string {
	if a == nil || !a.set {
		return ""
	}
	return strconv.Itoa(a.n)
}

func (a *amountFlag) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%q is not a whole number", s)
	}
	a.n, a.set = n, true
	return nil
}

func ordersTemporaryCmd() *command {
	var amount amountFlag
	var layout string
	return &command{
		name:     "orders temporary",
		synopsis: "--amount N [--layout ID]",
		summary:  "order N (1-9) temporary cards for the desk's stock; prints their card ids",
		detail: "Use case order_temporary_cards. The cards form one order; one card id is printed per line\n" +
			"(a list with --json). An amount outside 1 to 9 is refused (exit 1). Queue and sending as\n" +
			"for 'orders card'.\n" + productionSetup,
		access: signedIn,
		setFlags: func(fs *flag.FlagSet) {
			fs.Var(&amount, "amount", "how many cards (`N`, 1 to 9; required)")
			fs.StringVar(&layout, "layout", "", "the producer's layout `ID` (default: production.layout)")
		},
		check: func() error {
			if !amount.set {
				return usageErrorf("--amount N is required (1 to %d)", enroll.MaxTemporaryOrder)
			}
			return nil
		},
		run: func(ctx context.Context, c *call) error {
			cards, err := c.st.Orders.OrderTemporary(ctx, c.actor, amount.n, layout)
			// Cards stored before a later step failed exist: name them.
			var made []enroll.OrderedCard
			for _, card := range cards {
				if card.CardID != "" {
					made = append(made, card)
				}
			}
			if len(made) > 0 || err == nil {
				if perr := printNewCards(c, made, true); err == nil {
					err = perr
				}
			}
			return err
		},
	}
}

func ordersListCmd() *command {
	var status string
	return &command{
		name:     "orders list",
		synopsis: "[--status STATE] [--json]",
		summary:  "list the ordered cards, one row per card, newest first",
		detail: "STATE: processing, ordered, in_production, produced, failed or aborted.\n" +
			"With --json: card_id, order_id, kind (personal or temporary), status, cardholder_id,\n" +
			"layout_id, attempts, last_error, ordered_by, created_at, updated_at, credential_id\n" +
			"(null until produced), and failure_reason, station, chip_uid, received_at.",
		access: signedIn,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&status, "status", "", "only cards in `STATE`")
		},
		check: func() error {
			_, err := statusOf(orderStatuses, status)
			return err
		},
		run: func(ctx context.Context, c *call) error {
			st, _ := statusOf(orderStatuses, status)
			cards, _, err := c.st.Orders.List(ctx, c.actor, enroll.OrderedCardQuery{Status: st})
			if err != nil {
				return err
			}
			return printList(c, cards, orderedCardJSONOf, "no ordered cards",
				[]string{"CARD ID", "KIND", "STATUS", "CARDHOLDER", "LAYOUT", "ATTEMPTS", "CREDENTIAL",
					"ORDERED BY", "CREATED", "PROBLEM"},
				func(card enroll.OrderedCard) []string {
					return []string{card.CardID, string(card.Kind), string(card.Status), idOrNone(card.CardholderID),
						card.LayoutID, strconv.Itoa(card.Attempts), idOrNone(card.CredentialID), card.OrderedBy,
						local(card.CreatedAt), cardProblem(card)}
				})
		},
	}
}

func ordersAbortCmd() *command {
	return &command{
		name:     "orders abort",
		synopsis: "CARD_ID...",
		summary:  "abort ordered cards while they are processing",
		detail: "Use case abort_card_order. Every card must be processing, else nothing is aborted. A card\n" +
			"that may have reached the producer is cancelled there first; when the producer has it in\n" +
			"production already, that card's abort is refused with the reason (exit 1) and the other\n" +
			"cards are still aborted.",
		access:  signedIn,
		minArgs: 1,
		maxArgs: -1,
		run: func(ctx context.Context, c *call) error {
			if err := requireEnabled(ctx, c, enroll.UseAbortCardOrder); err != nil {
				return err
			}
			ids := uniqueArgs(c.args)
			// All or nothing for what the desk itself knows: every card must
			// exist and be processing before any is aborted.
			var problems []string
			for _, cid := range ids {
				card, err := c.st.Orders.Card(ctx, c.actor, cid)
				switch {
				case errors.Is(err, enroll.ErrNotFound):
					problems = append(problems, (&notFound{what: "ordered card", id: cid}).Error())
				case err != nil:
					return err
				case card.Status != enroll.OrderProcessing:
					problems = append(problems, fmt.Sprintf("card %s is %s; only a processing card can be aborted", cid, card.Status))
				}
			}
			if len(problems) > 0 {
				if len(ids) > 1 {
					problems = append(problems, "nothing was aborted")
				}
				return errors.New(strings.Join(problems, "\n"))
			}
			var done []enroll.OrderedCard
			var refused []error
			for _, cid := range ids {
				card, err := c.st.Orders.Abort(ctx, c.actor, cid)
				if err != nil {
					refused = append(refused, asNotFound(err, "ordered card", cid))
					continue
				}
				done = append(done, card)
			}
			if err := printCards(c, done, true, cardLine); err != nil {
				return err
			}
			return errors.Join(refused...)
		},
	}
}

// uniqueArgs drops repeated arguments, keeping the first of each.
func uniqueArgs(args []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range args {
		if a = strings.TrimSpace(a); !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}

func ordersUpdateCmd() *command {
	return &command{
		name:     "orders update",
		synopsis: "CARD_ID",
		summary:  "fetch one card's status from the producer now",
		detail:   "Use case update_card_order. Prints the card's state (the card as JSON with --json).\n" + productionSetup,
		access:   signedIn,
		minArgs:  1,
		maxArgs:  1,
		run: func(ctx context.Context, c *call) error {
			cid := c.args[0]
			card, err := c.st.Orders.Update(ctx, c.actor, cid)
			if errors.Is(err, enroll.ErrNotFound) {
				if _, lerr := c.st.Orders.Card(ctx, c.actor, cid); errors.Is(lerr, enroll.ErrNotFound) {
					return &notFound{what: "ordered card", id: cid}
				}
				return fmt.Errorf("the card producer does not know card %s (%w)", cid, err)
			}
			if err != nil {
				return err
			}
			return printCards(c, []enroll.OrderedCard{card}, false, cardLine)
		},
	}
}

// syncJSON is what orders sync did, with --json.
type syncJSON struct {
	Sent    int    `json:"sent"`
	Waiting int    `json:"waiting"`
	Failed  int    `json:"failed"`
	Updated int    `json:"updated"`
	Problem string `json:"problem"`
}

func ordersSyncCmd() *command {
	return &command{
		name:     "orders sync",
		synopsis: "[--json]",
		summary:  "send every queued card now and fetch the producer's status changes",
		detail: "Prints how many cards were sent, are still waiting, were refused (failed), and how many\n" +
			"status changes were applied. Cards that could not be sent stay processing for the next\n" +
			"sync; that is said on stderr and is not an error (exit 0). Exit 1 when the sync itself\n" +
			"failed: production not set up, or the producer's changes could not be read.\n" + productionSetup,
		access: signedIn,
		run: func(ctx context.Context, c *call) error {
			res, err := c.st.Orders.Sync(ctx, c.actor, true)
			if err != nil && res == (enroll.SyncResult{}) {
				return err
			}
			var werr error
			if c.g.JSON {
				werr = writeJSON(c.stdout(), syncJSON{Sent: res.Sent, Waiting: res.Waiting, Failed: res.Failed,
					Updated: res.Updated, Problem: res.Problem})
			} else {
				_, werr = fmt.Fprintf(c.stdout(), "sent %d, waiting %d, failed %d, updated %d\n",
					res.Sent, res.Waiting, res.Failed, res.Updated)
			}
			if err != nil {
				return err
			}
			if res.Waiting > 0 {
				fmt.Fprintf(c.env.Stderr, "carddesk: %d card(s) still waiting to be sent: %s; the next sync tries again\n",
					res.Waiting, res.Problem)
			}
			if res.Failed > 0 {
				fmt.Fprintf(c.env.Stderr, "carddesk: the card producer refused %d card(s); see 'orders list --status failed'\n", res.Failed)
			}
			return werr
		},
	}
}

func ordersRetryCmd() *command {
	return &command{
		name:     "orders retry",
		synopsis: "CARD_ID",
		summary:  "order a failed personal card again; prints the new card id",
		detail: "Use case order_card. The failed card stays failed (the producer keeps it under its id);\n" +
			"a new card of the same order is made with the cardholder's data as it is now, and its\n" +
			"card id is printed (the new card as JSON with --json). Queue and sending as for\n" +
			"'orders card'.",
		access:  signedIn,
		minArgs: 1,
		maxArgs: 1,
		run: func(ctx context.Context, c *call) error {
			if err := requireEnabled(ctx, c, enroll.UseOrderCard); err != nil {
				return err
			}
			card, err := c.st.Orders.Retry(ctx, c.actor, c.args[0])
			if err != nil {
				return asNotFound(err, "ordered card", c.args[0])
			}
			return printNewCards(c, []enroll.OrderedCard{card}, false)
		},
	}
}

// requireEnabled refuses a use case that is off before anything else is
// looked at, so the operator learns the setting first.
func requireEnabled(ctx context.Context, c *call, useCase string) error {
	on, err := c.st.Orders.Enabled(ctx, c.actor)
	if err != nil {
		return err
	}
	if !on[useCase] {
		return &enroll.UseCaseDisabledError{UseCase: useCase}
	}
	return nil
}
