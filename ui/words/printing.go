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
		return lang.X("error.print.notprintable", "The badge of {{.Name}} cannot be printed with template {{.Template}}. Preview the badge to see why.",
			map[string]any{"Name": notPrint.Name, "Template": notPrint.Template}), true
	case errors.As(err, &submit):
		return lang.X("error.print.submit", "Printer {{.Printer}} did not accept the badge: {{.Err}}",
			map[string]any{"Printer": submit.Printer, "Err": submit.Err.Error()}), true
	}
	return "", false
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
