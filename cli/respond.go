package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// respondCmds answer card requests: the desk's work from a script.
func respondCmds() []*command {
	return []*command{requestsModifyCmd(), requestsDenyCmd(), requestsConnectCmd(), requestsCompleteCmd()}
}

// optionalBool is a flag that records whether it was given, so
// --email-when-ready=false can be told apart from "leave it as it is".
type optionalBool struct {
	set, value bool
}

func (b *optionalBool) String() string   { return strconv.FormatBool(b.value) }
func (b *optionalBool) IsBoolFlag() bool { return true }
func (b *optionalBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("use true or false")
	}
	b.set, b.value = true, v
	return nil
}

func requestsModifyCmd() *command {
	var reason, template, note, activate string
	var email optionalBool
	given := map[string]bool{}
	return &command{
		name:     "requests modify",
		synopsis: "ID [--reason TEXT] [--template ID] [--note TEXT] [--activate never|enrollment|YYYY-MM-DD] [--email-when-ready=true|false]",
		summary:  "change a pending request; flags not given keep their value",
		access:   signedIn,
		minArgs:  1, maxArgs: 1,
		setFlags: func(fs *flag.FlagSet) {
			fs.Func("reason", "reason `TEXT` (empty clears it)", func(s string) error { reason, given["reason"] = s, true; return nil })
			fs.Func("template", "badge template `ID` (empty clears it)", func(s string) error { template, given["template"] = s, true; return nil })
			fs.Func("note", "note `TEXT` (empty clears it)", func(s string) error { note, given["note"] = s, true; return nil })
			fs.Func("activate", "`never|enrollment|YYYY-MM-DD`", func(s string) error { activate, given["activate"] = s, true; return nil })
			fs.Var(&email, "email-when-ready", "mail the requester when the card is ready (`true|false`)")
		},
		run: func(ctx context.Context, c *call) error {
			rid, err := parseID("request", c.args[0])
			if err != nil {
				return err
			}
			r, err := c.st.Requests.Get(ctx, c.actor, rid)
			if err != nil {
				return requestErr(err, c.args[0])
			}
			ch := enroll.RequestChange{Reason: r.Reason, TemplateID: r.TemplateID, Activation: r.Activation, EmailWhenReady: r.EmailWhenReady, Note: r.Note}
			if given["reason"] {
				if ch.Reason, err = knownReason(ctx, c, reason); err != nil {
					return err
				}
			}
			if given["template"] {
				ch.TemplateID = 0
				if strings.TrimSpace(template) != "" {
					if ch.TemplateID, err = parseID("badge template", template); err != nil {
						return err
					}
				}
			}
			if given["note"] {
				ch.Note = note
			}
			if given["activate"] {
				if ch.Activation, err = enroll.ParseActivation(activate); err != nil {
					return &enroll.ValidationError{Fields: []enroll.FieldError{{Field: "activate", Message: err.Error()}}}
				}
			}
			if email.set {
				ch.EmailWhenReady = email.value
			}
			r, err = c.st.Requests.Modify(ctx, c.actor, r.ID, r.Version, ch)
			if err != nil {
				return requestErr(err, c.args[0])
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), requestJSONOf(r))
			}
			_, err = fmt.Fprintf(c.stdout(), "request %d modified\n", r.ID)
			return err
		},
	}
}

func requestsDenyCmd() *command {
	var note string
	return &command{
		name:     "requests deny",
		synopsis: "ID... [--note TEXT]",
		summary:  "deny pending requests (all or none) and mail requesters who asked",
		access:   signedIn,
		minArgs:  1, maxArgs: -1,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&note, "note", "", "why (`TEXT`), included in the requester's mail")
		},
		checkArgs: func(args []string) error {
			_, err := parseIDs("request", args)
			return err
		},
		run: func(ctx context.Context, c *call) error {
			ids, _ := parseIDs("request", c.args)
			rs, err := c.st.Requests.Deny(ctx, c.actor, ids, note)
			if err != nil {
				return requestErr(err, "")
			}
			if err := printAnswered(c, rs, "denied"); err != nil {
				return err
			}
			flushMail(ctx, c)
			return nil
		},
	}
}

func requestsCompleteCmd() *command {
	return &command{
		name:     "requests complete",
		synopsis: "ID...",
		summary:  "close requests that have a card connected and mail requesters who asked",
		access:   signedIn,
		minArgs:  1, maxArgs: -1,
		checkArgs: func(args []string) error {
			_, err := parseIDs("request", args)
			return err
		},
		run: func(ctx context.Context, c *call) error {
			ids, _ := parseIDs("request", c.args)
			done, skipped, err := c.st.Requests.Complete(ctx, c.actor, ids)
			if err != nil {
				return requestErr(err, "")
			}
			if err := printAnswered(c, done, "completed"); err != nil {
				return err
			}
			flushMail(ctx, c)
			if len(skipped) > 0 {
				var names []string
				for _, r := range skipped {
					names = append(names, fmt.Sprintf("%d (%s)", r.ID, r.CardholderName))
				}
				return fmt.Errorf("no card connected yet, left pending: %s; connect a card first", strings.Join(names, ", "))
			}
			return nil
		},
	}
}

func requestsConnectCmd() *command {
	var manual, existing, reader string
	var auto bool
	var timeout time.Duration
	return &command{
		name:     "requests connect",
		synopsis: "ID --manual FORMAT NAME=VALUE... | --existing CREDENTIAL_ID | --auto [--reader NAME] [--timeout 30s]",
		summary:  "connect a card to a pending request",
		detail: "--manual enrolls the typed fields (nothing can check them against a physical card);\n" +
			"a card already enrolled and free is assigned, one that belongs to someone else is refused.\n" +
			"--existing assigns an enrolled credential that nobody holds.\n" +
			"--auto waits for the card at a reader and connects it by the same rules.",
		access:  signedIn,
		minArgs: 1, maxArgs: -1,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&manual, "manual", "", "type the card's fields in `FORMAT`")
			fs.StringVar(&existing, "existing", "", "assign the credential `CREDENTIAL_ID`")
			fs.BoolVar(&auto, "auto", false, "read the card from a reader")
			fs.StringVar(&reader, "reader", "", "the reader's `NAME` for --auto")
			fs.DurationVar(&timeout, "timeout", 30*time.Second, "how long --auto waits for a card")
		},
		check: func() error {
			ways := 0
			for _, on := range []bool{manual != "", existing != "", auto} {
				if on {
					ways++
				}
			}
			if ways != 1 {
				return usageErrorf("give exactly one of --manual FORMAT, --existing CREDENTIAL_ID or --auto")
			}
			if timeout <= 0 {
				return usageErrorf("--timeout %s: give a positive duration such as 30s", timeout)
			}
			return nil
		},
		checkArgs: func(args []string) error {
			if _, err := parseID("request", args[0]); err != nil {
				return err
			}
			switch {
			case (existing != "" || auto) && len(args) > 1:
				return usageErrorf("--existing and --auto take no NAME=VALUE arguments")
			case manual != "" && len(args) == 1:
				return usageErrorf("--manual %s needs the card's fields as NAME=VALUE", manual)
			}
			if manual != "" {
				_, err := fieldArgs(args[1:])
				return err
			}
			return nil
		},
		run: func(ctx context.Context, c *call) error {
			rid, _ := parseID("request", c.args[0])
			var res enroll.ConnectResult
			var err error
			switch {
			case auto:
				res, err = autoConnect(ctx, c, rid, reader, timeout)
			case existing != "":
				var cid int64
				if cid, err = parseID("credential", existing); err != nil {
					return err
				}
				res, err = c.st.Requests.ConnectExisting(ctx, c.actor, rid, cid)
				if errors.Is(err, enroll.ErrNotFound) {
					return fmt.Errorf("request %d or credential %d not found: %w", rid, cid, err)
				}
			default:
				fields, _ := fieldArgs(c.args[1:])
				res, err = c.st.Requests.ConnectManual(ctx, c.actor, rid, manual, fields)
			}
			if err != nil {
				return requestErr(err, c.args[0])
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), requestJSONOf(res.Request))
			}
			_, err = fmt.Fprintf(c.stdout(), "credential %d %s for %s (request %d): %s\n", res.Credential.ID,
				connectVerb(res.Outcome), res.Request.CardholderName, res.Request.ID, res.Credential.Status)
			return err
		},
	}
}

func connectVerb(o enroll.ConnectOutcome) string {
	switch o {
	case enroll.ConnectEnrolled:
		return "enrolled and assigned"
	case enroll.ConnectAlreadyTheirs:
		return "already belonged to the cardholder; connected"
	}
	return "assigned"
}

func printAnswered(c *call, rs []enroll.CardRequest, verb string) error {
	if c.g.JSON {
		return writeJSON(c.stdout(), jsonList(rs, requestJSONOf))
	}
	for _, r := range rs {
		if _, err := fmt.Fprintf(c.stdout(), "request %d %s (%s)\n", r.ID, verb, r.CardholderName); err != nil {
			return err
		}
	}
	return nil
}

// flushMail tries to deliver what the command queued before the process
// ends. Undelivered mail stays queued for the app or `outbox flush`; the
// command itself still succeeded, so this only warns.
func flushMail(ctx context.Context, c *call) {
	res, err := c.st.Outbox.Flush(ctx, c.actor)
	switch {
	case errors.Is(err, enroll.ErrMailNotConfigured):
		if n, _ := c.st.Outbox.Pending(ctx, c.actor); n > 0 {
			fmt.Fprintf(c.env.Stderr, "carddesk: %d mail(s) queued; %v\n", n, err)
		}
	case err != nil:
		fmt.Fprintf(c.env.Stderr, "carddesk: mail stays queued: %v\n", err)
	case res.Failed > 0:
		fmt.Fprintf(c.env.Stderr, "carddesk: %d mail(s) not delivered yet, will be retried: %s\n", res.Failed, res.LastErr)
	}
}

// requestErr names a missing request the way it was typed.
func requestErr(err error, typed string) error {
	if typed != "" && errors.Is(err, enroll.ErrNotFound) {
		return &notFound{what: "request", id: typed}
	}
	return err
}

func parseIDs(what string, args []string) ([]int64, error) {
	out := make([]int64, 0, len(args))
	for _, a := range args {
		n, err := parseID(what, a)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}
