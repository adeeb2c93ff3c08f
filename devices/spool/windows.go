package spool

import (
	"strconv"

	"github.com/carddesk/carddesk/devices/winprint"
	"github.com/carddesk/carddesk/enroll"
)

func windowsPrinters() ([]enroll.PrinterInfo, error) {
	ps, err := winprint.List()
	if err != nil {
		return nil, err
	}
	out := make([]enroll.PrinterInfo, 0, len(ps))
	for _, p := range ps {
		out = append(out, enroll.PrinterInfo{Name: p.Name, Kind: KindWindows, Status: p.Ready(), Default: p.Default})
	}
	return out, nil
}

func windowsPrint(printer string, doc enroll.PrintDocument, noDuplex bool) (string, error) {
	id, err := winprint.Print(printer, doc.Title, doc.Template, doc.Badges, winprint.Options{Copies: doc.Copies,
		Profile: winprint.Profile{OffsetX: doc.Profile.OffsetX, OffsetY: doc.Profile.OffsetY, Scale: doc.Profile.Scale,
			RotateBack: doc.Profile.RotateBack, NoDuplex: noDuplex}})
	if err != nil {
		return "", err
	}
	return strconv.Itoa(id), nil
}

// windowsJobState is the job's state in the Windows spooler. A job the
// spooler no longer has comes back completed: Windows drops printed jobs
// unless the queue keeps them.
func windowsJobState(printer string, id int) (enroll.PrintJobState, string, error) {
	j, err := winprint.Job(printer, id)
	if err != nil {
		return "", "", err
	}
	state, msg := j.State()
	return windowsState(state), msg, nil
}

// windowsState maps winprint's job states onto the print log's; anything
// unknown stays processing so the job is still followed.
func windowsState(s string) enroll.PrintJobState {
	// winprint words its states as the print log does.
	if st := enroll.PrintJobState(s); st == enroll.PrintPending || st.Final() {
		return st
	}
	return enroll.PrintProcessing
}

func windowsCancel(printer string, id int) error {
	return winprint.CancelJob(printer, id)
}
