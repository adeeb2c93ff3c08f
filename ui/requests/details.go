package requests

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/badgeview"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// requestDetails is what the details dialog shows: the request as stored
// now and the card connected to it, if any.
type requestDetails struct {
	req      enroll.CardRequest
	card     enroll.Credential // ID 0: no card connected
	template string            // the badge template as the details name it; "": none
}

// detailsDialog shows one request read-only, with the answers that fit
// its status.
type detailsDialog struct {
	dlg     *dialog.CustomDialog
	d       requestDetails
	fields  *fyne.Container
	close   *widget.Button
	connect *widget.Button // nil when they do not apply
	modify  *widget.Button
	deny    *widget.Button
	preview *widget.Button
}

// Details opens the details of the one selected request (the Requests
// menu); with more or none selected it does nothing.
func (s *Screen) Details() {
	if sel := s.selectedRows(); len(sel) == 1 {
		s.openDetails(sel[0].ID)
	}
}

// detailsAtCursor is Enter on the list: the request at the keyboard
// cursor, selected or not.
func (s *Screen) detailsAtCursor() {
	if i := s.list.Sel.Cursor; i >= 0 {
		if r, ok := s.rows.Peek(i); ok {
			s.openDetails(r.ID)
		}
	}
}

// openDetails reads the request again (it may have been answered
// elsewhere) and its card, then shows them.
func (s *Screen) openDetails(id int64) {
	if s.detailing != nil {
		return
	}
	st, ctx, actor := s.h.Station(), s.h.Jobs().Context(), s.h.Actor()
	widgets.Go(s.h.Jobs(), func() (requestDetails, error) {
		r, err := st.Requests.Get(ctx, actor, id)
		if err != nil {
			return requestDetails{}, err
		}
		d := requestDetails{req: r}
		if d.template, err = templateName(ctx, st, actor, r.TemplateID); err != nil {
			return d, err
		}
		if r.CredentialID != 0 {
			d.card, err = st.Credentials.Get(ctx, actor, r.CredentialID)
		}
		return d, err
	}, func(d requestDetails, err error) {
		if err != nil {
			s.h.FlashError(words.Explain(err))
			return
		}
		if s.detailing == nil {
			s.showDetails(d)
		}
	})
}

func (s *Screen) showDetails(d requestDetails) {
	r := d.req
	dd := &detailsDialog{d: d}
	thumb := canvas.NewImageFromResource(s.thumbs.image(r.CardholderID, r.Thumbnail))
	thumb.FillMode = canvas.ImageFillContain
	thumb.SetMinSize(fyne.NewSquareSize(64))
	who := container.NewVBox(widgets.Heading(r.CardholderName))
	if r.Department != "" {
		who.Add(widget.NewLabel(r.Department))
	}
	dd.fields = container.New(layout.NewFormLayout(), detailRows(d)...)
	body := container.NewVBox(container.NewBorder(nil, nil, thumb, nil, who), widget.NewSeparator(), dd.fields)
	dd.dlg = dialog.NewCustomWithoutButtons(lang.L("Card request"), widgets.AtLeast(520, 0, body), s.h.Window())

	dd.close = widget.NewButton(lang.L("Done"), dd.dlg.Hide)
	// The preview opens over the details: it answers nothing.
	dd.preview = widget.NewButtonWithIcon(lang.L("Preview badge…"), theme.VisibilityIcon(), func() { s.previewRequest(r) })
	widgets.SetEnabled(dd.preview, d.template != "")
	buttons := []fyne.CanvasObject{dd.close, dd.preview}
	// The answers act on the selection, as everywhere on the desk: this
	// request becomes the selection first.
	answer := func(act func()) func() {
		return func() {
			dd.dlg.Hide()
			s.list.Sel.Set([]int64{r.ID})
			s.list.Changed()
			act()
		}
	}
	can := s.answersFor([]enroll.CardRequest{r})
	if can.Deny {
		dd.deny = widget.NewButtonWithIcon(lang.L("Deny…"), theme.CancelIcon(), answer(s.Deny))
		buttons = append(buttons, dd.deny)
	}
	if can.Modify {
		dd.modify = widget.NewButtonWithIcon(lang.L("Modify…"), theme.DocumentCreateIcon(), answer(s.Modify))
		buttons = append(buttons, dd.modify)
	}
	if can.Connect {
		dd.connect = widget.NewButtonWithIcon(lang.L("Connect card…"), theme.LoginIcon(), answer(s.Connect))
		dd.connect.Importance = widget.HighImportance
		buttons = append(buttons, dd.connect)
	}
	dd.dlg.SetButtons(buttons)
	s.detailing = dd
	s.h.ShowDialog(dd.dlg)
	dd.dlg.SetOnClosed(func() {
		if s.detailing == dd {
			s.detailing = nil
		}
	})
}

// detailRows are the form's label and value pairs; empty values are left
// out, except the ones whose absence says something.
func detailRows(d requestDetails) []fyne.CanvasObject {
	r := d.req
	var objs []fyne.CanvasObject
	add := func(label, value string) {
		v := widget.NewLabel(value)
		v.Wrapping = fyne.TextWrapWord
		objs = append(objs, widgets.Bold(label), v)
	}
	add(lang.L("Status"), words.RequestStatus(r.Status))
	reason := r.Reason
	if reason == "" {
		reason = lang.L("(no reason)")
	}
	add(lang.L("Reason"), reason)
	add(lang.L("Requested"), byWhom(r.CreatedAt, r.RequestedByName))
	add(lang.L("Activation"), words.Activation(r.Activation))
	mail := lang.L("No")
	if r.EmailWhenReady {
		mail = lang.L("Yes")
	}
	add(lang.L("E-mail when ready"), mail)
	card := lang.L("No card yet")
	if d.card.ID != 0 {
		card = words.CredentialLabel(d.card) + " (" + words.CredentialStatus(d.card.Status) + ")"
	}
	add(lang.L("Card"), card)
	template := d.template
	if template == "" {
		template = lang.L("None: the station has no badge templates yet")
	}
	add(lang.L("Badge template"), template)
	if r.Note != "" {
		add(lang.L("Note"), r.Note)
	}
	if r.Status != enroll.RequestPending {
		add(lang.L("Answered"), byWhom(r.RespondedAt, r.RespondedByName))
		if r.ResponseNote != "" {
			label := lang.L("Answer note")
			if r.Status == enroll.RequestDenied {
				label = lang.L("Why denied")
			}
			add(label, r.ResponseNote)
		}
	}
	return objs
}

// byWhom is "2026-03-01 09:30 by rita", or the part that is known.
func byWhom(at time.Time, who string) string {
	switch {
	case who == "":
		return words.Time(at)
	case at.IsZero():
		return who
	}
	return lang.X("requests.by", "{{.When}} by {{.Who}}", map[string]any{"When": words.Time(at), "Who": who})
}

// templateName names a request's badge template for its details: its own,
// else the station's default, marked as such; "" when there is none.
func templateName(ctx context.Context, st *enroll.Station, actor enroll.Actor, id int64) (string, error) {
	if id != 0 {
		t, err := st.Templates.Get(ctx, actor, id)
		if err == nil || !errors.Is(err, enroll.ErrNotFound) {
			return t.Name, err
		}
	}
	t, err := st.Templates.Default(ctx, actor)
	if errors.Is(err, enroll.ErrNotFound) {
		return "", nil
	}
	return badgeview.TemplateName(t), err
}
