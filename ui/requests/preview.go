package requests

import (
	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/badgeview"
)

// PreviewBadge shows the badge of the one selected request as it will
// print: its template, else the station's default (the Requests menu,
// Ctrl+B). With more or none selected it says what to do.
func (s *Screen) PreviewBadge() {
	sel := s.selectedRows()
	if len(sel) != 1 {
		s.h.Flash(lang.L("Select one card request to preview its badge."))
		return
	}
	s.previewRequest(sel[0])
}

func (s *Screen) previewRequest(r enroll.CardRequest) {
	if s.previewing != nil {
		return
	}
	p := badgeview.ForRequest(s.h, r.ID, r.CardholderName)
	s.previewing = p
	p.Dialog().SetOnClosed(func() {
		if s.previewing == p {
			s.previewing = nil
		}
	})
}
