package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/carddesk/carddesk/enroll"
)

func requestCmds() []*command {
	return append(append([]*command{requestsCreateCmd(), requestsListCmd()}, respondCmds()...), requestsPrintCmd())
}

func requestsCreateCmd() *command {
	var cardholder, reason, template, note, activate string
	var emailWhenReady bool
	return &command{
		name:     "requests create",
		synopsis: "--cardholder ID [--reason TEXT] [--template ID] [--note TEXT] [--activate never|enrollment|YYYY-MM-DD] [--email-when-ready]",
		summary:  "ask for a card for a cardholder; prints the request id",
		access:   signedIn,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&cardholder, "cardholder", "", "the cardholder's `ID` (required)")
			fs.StringVar(&reason, "reason", "", "reason `TEXT`: one of the station's reasons or free text")
			fs.StringVar(&template, "template", "", "badge template `ID`")
			fs.StringVar(&note, "note", "", "a note (`TEXT`) for the desk")
			fs.StringVar(&activate, "activate", "enrollment", "when the card becomes active: `never|enrollment|YYYY-MM-DD`")
			fs.BoolVar(&emailWhenReady, "email-when-ready", false, "e-mail me when the card is ready")
		},
		check: func() error {
			if cardholder == "" {
				return usageErrorf("--cardholder ID is required")
			}
			return nil
		},
		run: func(ctx context.Context, c *call) error {
			n := enroll.NewRequest{Note: note, EmailWhenReady: emailWhenReady}
			var err error
			if n.CardholderID, err = parseID("cardholder", cardholder); err != nil {
				return err
			}
			if template != "" {
				if n.TemplateID, err = parseID("badge template", template); err != nil {
					return err
				}
			}
			if n.Activation, err = enroll.ParseActivation(activate); err != nil {
				return &enroll.ValidationError{Fields: []enroll.FieldError{{Field: "activate", Message: err.Error()}}}
			}
			if n.Reason, err = knownReason(ctx, c, reason); err != nil {
				return err
			}
			// Asked before filing, so the new request is not among them. Only
			// a warning: a second request may be meant (a card lost twice).
			pending, perr := c.st.Requests.PendingFor(ctx, c.actor, n.CardholderID)
			r, err := c.st.Requests.Create(ctx, c.actor, n)
			if errors.Is(err, enroll.ErrNotFound) {
				return &notFound{what: "cardholder", id: cardholder}
			}
			if err != nil {
				return err
			}
			if perr == nil {
				warnPending(c, r, pending)
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), requestJSONOf(r))
			}
			_, err = fmt.Fprintln(c.stdout(), id(r.ID))
			return err
		},
	}
}

// warnPending says on stderr (stdout stays the contract's output) that r's
// cardholder had pending requests already, naming each: id, reason, date.
func warnPending(c *call, r enroll.CardRequest, pending []enroll.CardRequest) {
	if len(pending) == 0 {
		return
	}
	what := "a pending card request"
	if len(pending) > 1 {
		what = fmt.Sprintf("%d pending card requests", len(pending))
	}
	fmt.Fprintf(c.env.Stderr, "carddesk: warning: cardholder %s (%s) already has %s; request %s was filed as well\n",
		id(r.CardholderID), r.CardholderName, what, id(r.ID))
	for _, p := range pending {
		reason := p.Reason
		if reason == "" {
			reason = "(no reason)"
		}
		fmt.Fprintf(c.env.Stderr, "carddesk:   request %s: %q, requested by %s on %s\n",
			id(p.ID), reason, p.RequestedByName, local(p.CreatedAt))
	}
}

// knownReason spells a reason as the administrator's list does when it matches
// one ignoring case; any other text is kept as a free-text reason, as the
// request dialog allows.
func knownReason(ctx context.Context, c *call, text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", nil
	}
	reasons, err := c.st.Reasons.List(ctx, c.actor)
	if err != nil || len(reasons) == 0 {
		return text, err
	}
	for _, r := range reasons {
		if strings.EqualFold(r.Text, text) {
			return r.Text, nil
		}
	}
	return text, nil
}

func requestsListCmd() *command {
	var status string
	return &command{
		name:     "requests list",
		synopsis: "[--status pending|completed|denied|all] [--json]",
		summary:  "list card requests, oldest first (default: pending)",
		access:   signedIn,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&status, "status", "pending", "which requests (`STATUS`): pending, completed, denied or all")
		},
		check: func() error {
			_, err := requestQuery(status)
			return err
		},
		run: func(ctx context.Context, c *call) error {
			q, _ := requestQuery(status)
			rs, _, err := c.st.Requests.List(ctx, c.actor, q)
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), jsonList(rs, requestJSONOf))
			}
			t := newTable(c.stdout(), "ID", "CARDHOLDER", "STATUS", "REASON", "ACTIVATION", "E-MAIL", "REQUESTED BY", "CREATED")
			for _, r := range rs {
				t.row(id(r.ID), r.CardholderName, string(r.Status), r.Reason, r.Activation.String(),
					yesNo(r.EmailWhenReady), r.RequestedByName, local(r.CreatedAt))
			}
			return t.flush()
		},
	}
}

func requestQuery(status string) (enroll.RequestQuery, error) {
	switch s := enroll.RequestStatus(strings.ToLower(strings.TrimSpace(status))); s {
	case "all":
		return enroll.RequestQuery{}, nil
	case enroll.RequestPending, enroll.RequestCompleted, enroll.RequestDenied:
		return enroll.RequestQuery{Status: s}, nil
	}
	return enroll.RequestQuery{}, usageErrorf("--status %q: use pending, completed, denied or all", status)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// requestJSON is the request shape of the CLI contract.
type requestJSON struct {
	ID             string  `json:"id"`
	CardholderID   string  `json:"cardholder_id"`
	CardholderName string  `json:"cardholder_name"`
	Department     string  `json:"department"`
	Status         string  `json:"status"`
	Reason         string  `json:"reason"`
	Note           string  `json:"note"`
	TemplateID     *string `json:"template_id"`
	Activation     string  `json:"activation"`
	EmailWhenReady bool    `json:"email_when_ready"`
	RequestedBy    string  `json:"requested_by"`
	RespondedBy    *string `json:"responded_by"`
	RespondedAt    *string `json:"responded_at"`
	ResponseNote   string  `json:"response_note"`
	CredentialID   *string `json:"credential_id"`
	CreatedAt      string  `json:"created_at"`
	UpdatedAt      string  `json:"updated_at"`
}

func requestJSONOf(r enroll.CardRequest) requestJSON {
	return requestJSON{
		ID: id(r.ID), CardholderID: id(r.CardholderID), CardholderName: r.CardholderName,
		Department: r.Department, Status: string(r.Status), Reason: r.Reason, Note: r.Note,
		TemplateID: optID(r.TemplateID), Activation: r.Activation.String(), EmailWhenReady: r.EmailWhenReady,
		RequestedBy: r.RequestedByName, RespondedBy: optString(r.RespondedByName),
		RespondedAt: optStamp(r.RespondedAt), ResponseNote: r.ResponseNote,
		CredentialID: optID(r.CredentialID), CreatedAt: stamp(r.CreatedAt), UpdatedAt: stamp(r.UpdatedAt),
	}
}
