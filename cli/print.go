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

func printCmds() []*command {
	return []*command{printersListCmd(), printCmd(), printJobsCmd()}
}

// printerJSON is a printer as the command line prints it.
type printerJSON struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Status   string   `json:"status"`
	Media    []string `json:"media"`
	Duplex   bool     `json:"duplex"`
	DeviceID string   `json:"device_id"`
}

func printerJSONOf(p enroll.PrinterInfo) printerJSON {
	media := p.Media
	if media == nil {
		media = []string{}
	}
	return printerJSON{Name: p.Name, Kind: p.Kind, Status: p.Status, Media: media, Duplex: p.Duplex, DeviceID: p.DeviceID}
}

// printJobJSON is an entry of the print log as the command line prints it.
type printJobJSON struct {
	ID           string `json:"id"`
	Printer      string `json:"printer"`
	CardholderID string `json:"cardholder_id"`
	TemplateID   string `json:"template_id"`
	Status       string `json:"status"`
	Operator     string `json:"operator"`
	At           string `json:"at"`
	Reason       string `json:"reason"`
}

func printJobJSONOf(j enroll.PrintJob) printJobJSON {
	return printJobJSON{ID: id(j.ID), Printer: j.Printer, CardholderID: id(j.CardholderID), TemplateID: id(j.TemplateID),
		Status: string(j.State), Operator: j.Operator, At: stamp(j.At), Reason: j.Reason}
}

func printersListCmd() *command {
	return &command{
		name:     "printers list",
		synopsis: "[--json]",
		summary:  "list the OS print queues and the USB badge printers",
		detail:   "With --json: name, kind (cups, windows or usb), status, media, duplex, device_id.",
		access:   signedIn,
		run: func(ctx context.Context, c *call) error {
			list, err := c.st.Printing.Printers(ctx, c.actor)
			if err != nil {
				return err
			}
			return printList(c, list, printerJSONOf, "no printers", []string{"NAME", "KIND", "STATUS", "DUPLEX", "MEDIA"},
				func(p enroll.PrinterInfo) []string {
					duplex := "no"
					if p.Duplex {
						duplex = "yes"
					}
					return []string{p.Name, p.Kind, p.Status, duplex, strings.Join(p.Media, ",")}
				})
		},
	}
}

// checkCopies allows --copies 1 to 99.
func checkCopies(n int) error {
	if n < 1 || n > 99 {
		return usageErrorf("--copies %d: use 1 to 99", n)
	}
	return nil
}

func printCmd() *command {
	var (
		printer, templateID, sides, reason string
		holders                            idList
		copies                             int
		wait, skipNoPhoto                  bool
	)
	return &command{
		name:     "print",
		synopsis: "--printer NAME --template ID --cardholder ID... [--copies N] [--sides one-sided|two-sided-long-edge] [--reason TEXT] [--wait] [--skip-no-photo]",
		summary:  "print the badges of cardholders, one print job each",
		detail: "--cardholder may be repeated or take several ids (1,2,3). Every job is written to the print\n" +
			"log (print jobs) before it is sent. Printing a badge again after a completed job needs\n" +
			"--reason. Without --sides the printer's profile decides (two-sided with duplex on and a\n" +
			"two-sided template). --wait follows the jobs: exit 0 when every job completed, 1 when\n" +
			"one was aborted or cancelled. --skip-no-photo leaves out the cardholders who have no\n" +
			"photo (they are named) instead of printing the placeholder.",
		access:  signedIn,
		maxArgs: -1,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&printer, "printer", "", "the printer's `NAME` (printers list)")
			fs.StringVar(&templateID, "template", "", "the badge template's `ID` (templates list)")
			fs.Var(&holders, "cardholder", "print the badge of cardholder `ID` (repeatable)")
			fs.IntVar(&copies, "copies", 1, "`N` copies of each badge")
			fs.StringVar(&sides, "sides", "", "one-sided or two-sided-long-edge")
			fs.StringVar(&reason, "reason", "", "why a badge is printed again (`TEXT`)")
			fs.BoolVar(&wait, "wait", false, "wait until every job has ended")
			fs.BoolVar(&skipNoPhoto, "skip-no-photo", false, "leave out cardholders without a photo")
		},
		check: func() error {
			switch {
			case printer == "":
				return usageErrorf("--printer NAME is required (see printers list)")
			case templateID == "":
				return usageErrorf("--template ID is required (see templates list)")
			case sides != "" && sides != enroll.OneSided && sides != enroll.TwoSidedLongEdge:
				return usageErrorf("--sides %q: use %s or %s", sides, enroll.OneSided, enroll.TwoSidedLongEdge)
			}
			return checkCopies(copies)
		},
		checkArgs: func(args []string) error {
			if len(holders)+len(args) == 0 {
				return usageErrorf("--cardholder ID is required")
			}
			return nil
		},
		run: func(ctx context.Context, c *call) error {
			tid, err := parseID("badge template", templateID)
			if err != nil {
				return err
			}
			ids, err := parseIDs("cardholder", append(holders, c.args...))
			if err != nil {
				return err
			}
			res, err := c.st.Printing.Print(ctx, c.actor, enroll.PrintRequest{Printer: printer, TemplateID: tid,
				CardholderIDs: ids, Copies: copies, Sides: sides, Reason: reason, SkipWithoutPhoto: skipNoPhoto})
			return finishPrint(ctx, c, res, err, wait)
		},
	}
}

// finishPrint reports the jobs Print made and, with wait, follows them.
func finishPrint(ctx context.Context, c *call, res enroll.PrintResult, err error, wait bool) error {
	var rr *enroll.ReprintReasonError
	if errors.As(err, &rr) {
		return fmt.Errorf("%w\ngive --reason TEXT to print it again", err)
	}
	for _, s := range res.Skipped {
		switch {
		case s.Why == enroll.SkipNoPhoto:
			fmt.Fprintf(c.env.Stderr, "carddesk: cardholder %d (%s) has no photo; the badge was not printed\n", s.CardholderID, s.Name)
		default:
			fmt.Fprintf(c.env.Stderr, "carddesk: request %d (%s) has no credential; its badge was not printed\n", s.RequestID, s.Name)
		}
	}
	for _, j := range res.Jobs {
		if _, werr := fmt.Fprintf(c.stdout(), "print job %d: cardholder %d on %s: %s\n", j.ID, j.CardholderID, j.Printer, j.State); werr != nil {
			return werr
		}
	}
	if err != nil || !wait {
		return err
	}
	ids := make([]int64, len(res.Jobs))
	for i, j := range res.Jobs {
		ids[i] = j.ID
	}
	jobs, err := c.st.Printing.Follow(ctx, c.actor, ids, 500*time.Millisecond, nil)
	if err != nil {
		return err
	}
	var failed []string
	for _, j := range jobs {
		if j.State != enroll.PrintCompleted {
			msg := "print job " + strconv.FormatInt(j.ID, 10) + " " + string(j.State)
			if j.Message != "" {
				msg += ": " + j.Message
			}
			failed = append(failed, msg)
		}
	}
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "\n"))
	}
	_, err = fmt.Fprintf(c.stdout(), "%d print job(s) completed\n", len(jobs))
	return err
}

func printJobsCmd() *command {
	return &command{
		name:     "print jobs",
		synopsis: "[--json]",
		summary:  "the print log, newest first",
		detail: "The states of jobs that have not ended are asked of the printers first.\n" +
			"With --json: id, printer, cardholder_id, template_id, status, operator, at, reason.",
		access: signedIn,
		run: func(ctx context.Context, c *call) error {
			if _, err := c.st.Printing.Refresh(ctx, c.actor); err != nil && !errors.Is(err, enroll.ErrNoSpooler) {
				fmt.Fprintf(c.env.Stderr, "carddesk: the printers' job states were not read: %v\n", err)
			}
			jobs, err := c.st.Printing.Jobs(ctx, c.actor, 0)
			if err != nil {
				return err
			}
			return printList(c, jobs, printJobJSONOf, "no print jobs",
				[]string{"ID", "AT", "PRINTER", "CARDHOLDER", "TEMPLATE", "STATUS", "OPERATOR", "REASON"},
				func(j enroll.PrintJob) []string {
					return []string{id(j.ID), local(j.At), j.Printer, id(j.CardholderID), id(j.TemplateID), string(j.State),
						j.Operator, j.Reason}
				})
		},
	}
}

func requestsPrintCmd() *command {
	var (
		printer string
		copies  int
	)
	return &command{
		name:     "requests print",
		synopsis: "ID... [--printer NAME] [--copies N]",
		summary:  "print the badge of each request that has a credential",
		detail: "Each badge uses the request's template, else the printer's default template, else the\n" +
			"station's. Requests without a credential are named on stderr and not printed.\n" +
			"Without --printer the OS's default printer prints.",
		access:  signedIn,
		minArgs: 1,
		maxArgs: -1,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&printer, "printer", "", "the printer's `NAME` (printers list)")
			fs.IntVar(&copies, "copies", 1, "`N` copies of each badge")
		},
		check: func() error { return checkCopies(copies) },
		run: func(ctx context.Context, c *call) error {
			ids, err := parseIDs("request", c.args)
			if err != nil {
				return err
			}
			if printer == "" {
				if printer, err = defaultPrinter(ctx, c); err != nil {
					return err
				}
			}
			res, err := c.st.Printing.Print(ctx, c.actor, enroll.PrintRequest{Printer: printer, RequestIDs: ids, Copies: copies})
			return finishPrint(ctx, c, res, err, false)
		},
	}
}

// defaultPrinter is the OS's default queue, else the only printer there is.
func defaultPrinter(ctx context.Context, c *call) (string, error) {
	list, err := c.st.Printing.Printers(ctx, c.actor)
	if err != nil {
		return "", err
	}
	var queues []string
	for _, p := range list {
		if p.Default && p.Kind != "usb" {
			return p.Name, nil
		}
		if p.Kind != "usb" {
			queues = append(queues, p.Name)
		}
	}
	if len(queues) == 1 {
		return queues[0], nil
	}
	return "", usageErrorf("--printer NAME is required: there is no default printer (see printers list)")
}
