package words

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
)

// explainPrinting words the refusals of badge printing.
func explainPrinting(err error) (string, bool) {
	var (
		reprint  *enroll.ReprintReasonError
		notPrint *enroll.BadgeNotPrintableError
		submit   *enroll.PrintSubmitError
	)
	switch {
	case errors.Is(err, enroll.ErrNoSpooler):
		return lang.L("This station is not set up to print badges."), true
	case errors.As(err, &reprint):
		return lang.X("error.print.reprint", "The badge of {{.Names}} was printed before: give a reason to print it again.",
			map[string]any{"Names": strings.Join(reprint.Names, ", ")}), true
	case errors.As(err, &notPrint):
		if len(notPrint.Names) > 1 {
			return lang.X("error.print.notprintable.n", "The badges of {{.Names}} cannot be printed with template {{.Template}}, which needs something they lack (a card number, say). Select the others, or pick another template.",
				map[string]any{"Names": Names(notPrint.Names), "Template": notPrint.Template}), true
		}
		return lang.X("error.print.notprintable", "The badge of {{.Name}} cannot be printed with template {{.Template}}. Preview the badge to see why.",
			map[string]any{"Name": notPrint.Name, "Template": notPrint.Template}), true
	case errors.As(err, &submit):
		return lang.X("error.print.submit", "Printer {{.Printer}} did not accept the badge: {{.Err}}",
			map[string]any{"Printer": submit.Printer, "Err": submit.Err.Error()}), true
	}
	return "", false
}

// Names joins names; past eight it says how many more there are, so a
// batch of hundreds does not fill a message.
func Names(names []string) string {
	const most = 8
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	return lang.X("names.more", "{{.Names}} and {{.N}} more",
		map[string]any{"Names": strings.Join(names[:most], ", "), "N": len(names) - most})
}

// PrintState words a print job's state.
func PrintState(s enroll.PrintJobState) string {
	switch s {
	case enroll.PrintPending:
		return lang.L("pending")
	case enroll.PrintProcessing:
		return lang.L("processing")
	case enroll.PrintCompleted:
		return lang.L("completed")
	case enroll.PrintAborted:
		return lang.L("aborted")
	case enroll.PrintCancelled:
		return lang.L("cancelled")
	}
	return string(s)
}

// PrinterStatus words a printer's state as the spooler reports it: a CUPS
// state with its reasons ("stopped: media-empty-error, paused"), a USB
// printer's port status ("out of cards, error"). Unknown reasons show as
// reported.
func PrinterStatus(s string) string {
	s, closed := strings.CutSuffix(s, " (not accepting jobs)")
	state, reasons, _ := strings.Cut(s, ": ")
	var parts []string
	for _, p := range strings.Split(state, ", ") {
		if p != "" {
			parts = append(parts, printerState(p))
		}
	}
	for _, r := range strings.Split(reasons, ", ") {
		if r != "" && r != "none" {
			parts = append(parts, printerReason(r))
		}
	}
	if closed {
		parts = append(parts, lang.L("not accepting jobs"))
	}
	if len(parts) == 0 {
		return lang.L("state unknown")
	}
	return strings.Join(parts, " · ")
}

func printerState(s string) string {
	switch s {
	case "idle", "ready":
		return lang.L("ready")
	case "processing":
		return lang.L("printing")
	case "stopped":
		return lang.L("stopped")
	case "out of cards":
		return lang.L("out of cards")
	case "offline":
		return lang.L("offline")
	case "error":
		return lang.L("error")
	case "status unknown":
		return lang.L("state unknown")
	}
	return s
}

// printerReason words an IPP printer-state-reason; its -error, -warning
// and -report suffixes only grade it.
func printerReason(r string) string {
	for _, suffix := range []string{"-error", "-warning", "-report"} {
		r = strings.TrimSuffix(r, suffix)
	}
	switch r {
	case "media-empty", "media-needed":
		return lang.L("out of cards")
	case "media-jam":
		return lang.L("card jam")
	case "paused":
		return lang.L("paused")
	case "offline":
		return lang.L("offline")
	case "cover-open", "door-open":
		return lang.L("cover open")
	case "marker-supply-empty":
		return lang.L("ribbon empty")
	case "marker-supply-low":
		return lang.L("ribbon low")
	}
	return r
}
