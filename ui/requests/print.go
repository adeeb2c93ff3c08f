package requests

import (
	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/badgeview"
)

// PrintCards previews and prints the badges of the selected requests
// that have a card (the Requests menu, Ctrl+P); those without one are
// named and skipped.
func (s *Screen) PrintCards() {
	sel := s.selectedRows()
	if len(sel) == 0 {
		s.h.Flash(lang.L("Select the card requests whose cards to print."))
		return
	}
	if s.previewing != nil {
		return
	}
	job := badgeview.Job{Printed: func(enroll.PrintResult) { s.h.Changed() }}
	var first *enroll.CardRequest
	for i, r := range sel {
		job.RequestIDs = append(job.RequestIDs, r.ID)
		if r.CredentialID == 0 {
			job.Skipped = append(job.Skipped, r.CardholderName)
		} else if first == nil {
			first = &sel[i]
		}
	}
	if first == nil {
		s.h.Flash(lang.L("None of the selected requests has a card yet: connect a card first."))
		return
	}
	// The preview shows the first badge that prints.
	job.Name = first.CardholderName
	for i, id := range job.RequestIDs {
		if id == first.ID {
			job.RequestIDs[0], job.RequestIDs[i] = job.RequestIDs[i], job.RequestIDs[0]
		}
	}
	p := badgeview.Print(s.h, job)
	s.previewing = p
	p.Dialog().SetOnClosed(func() {
		if s.previewing == p {
			s.previewing = nil
		}
	})
}
