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

// windowsJobState: winprint does not read job states yet, so a job handed
// to the Windows spooler stays processing in the print log.
func windowsJobState(string, int) (enroll.PrintJobState, string, error) {
	return enroll.PrintProcessing, "handed to the Windows spooler", nil
}
