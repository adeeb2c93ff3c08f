package badgeview

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// Job is what a print preview prints: card requests (their badges, with
// the card connected to each) or cardholders. The preview shows the badge
// of the first one.
type Job struct {
	RequestIDs    []int64
	CardholderIDs []int64
	// Name is the first one's, shown until the badge is read.
	Name string
	// Skipped names those known already not to print (no card yet).
	Skipped []string
	// NoPhoto names the cardholders without a photo; when there are others
	// too, the print dialog offers to leave them out.
	NoPhoto []string
	// Printed runs after the badges were sent, with what Print did.
	Printed func(enroll.PrintResult)
}

// KindUSB is the kind of a printer seen on USB; it is printed to through
// its OS queue.
const KindUSB = "usb"

// PrintDialog is the dialog that sends a preview's badges to a printer.
type PrintDialog struct {
	Form     *dialogs.Form
	Printers []enroll.PrinterInfo
	fields   *widgets.FieldSet
	printer  *widgets.Select
	copies   *widgets.Entry
	sides    *widgets.Select
	reason   *widgets.Entry
	noPhoto  *widget.Check // leave out those without a photo; nil: not offered
}

// Print opens the preview of the first badge of job with a Print… button
// that asks for the printer, the copies and the sides.
func Print(h screen.Host, job Job) *Preview {
	load := cardholderLoad(h, 0)
	switch {
	case len(job.RequestIDs) > 0:
		load = requestLoad(h, job.RequestIDs[0])
	case len(job.CardholderIDs) > 0:
		load = cardholderLoad(h, job.CardholderIDs[0])
	}
	return open(h, job.Name, load, func(p *Preview) {
		p.job = &job
		p.print = widget.NewButtonWithIcon(lang.L("Print…"), theme.DocumentPrintIcon(), p.PrintOptions)
		p.print.Importance = widget.HighImportance
		p.print.Disable() // until the badge is read
		p.dlg.SetButtons([]fyne.CanvasObject{p.close, p.print})
		if len(job.Skipped) > 0 {
			p.skipped.SetText(skippedText(job.Skipped))
			p.skipped.Show()
		}
		if n := job.badges(); n > 1 {
			p.batch.SetText(lang.X("print.batch", "{{.N}} badges will print; this is the first.", map[string]any{"N": n}))
			p.batch.Show()
		}
	})
}

// badges is how many badges the job prints, as far as is known before.
func (j Job) badges() int {
	return len(j.RequestIDs) + len(j.CardholderIDs) - len(j.Skipped)
}

// namesLabel lists names, the first few of a long list.
func namesLabel(names []string) *widget.Label {
	l := widget.NewLabel(words.Names(names))
	l.Wrapping, l.Importance = fyne.TextWrapWord, widget.LowImportance
	return l
}

func skippedText(names []string) string {
	return lang.X("print.skipped", "Not printed, no card connected yet: {{.Names}}", map[string]any{"Names": words.Names(names)})
}

// Printing is the print dialog opened from this preview, or nil.
func (p *Preview) Printing() *PrintDialog { return p.printing }

// PrintOptions reads the printers and asks how to print (the Print…
// button).
func (p *Preview) PrintOptions() {
	if p.job == nil || p.printing != nil {
		return
	}
	st, ctx, actor := p.h.Station(), p.h.Jobs().Context(), p.h.Actor()
	p.busy.Start(lang.L("Looking for printers…"))
	widgets.Go(p.h.Jobs(), func() ([]enroll.PrinterInfo, error) {
		return st.Printing.Printers(ctx, actor)
	}, func(ps []enroll.PrinterInfo, err error) {
		p.busy.Stop()
		if err != nil {
			widgets.SetMessage(p.problem, words.Explain(err))
			return
		}
		var queues []enroll.PrinterInfo
		for _, pi := range ps {
			if pi.Kind != KindUSB { // a USB printer prints through its OS queue
				queues = append(queues, pi)
			}
		}
		if len(queues) == 0 {
			widgets.SetMessage(p.problem, lang.L("This station sees no printer. Add one to the system, then try again."))
			return
		}
		p.printForm(queues)
	})
}

func (p *Preview) printForm(ps []enroll.PrinterInfo) {
	d := &PrintDialog{Printers: ps}
	p.printing = d
	fs := widgets.NewFieldSet()
	d.fields = fs
	var names []string
	def := 0
	for _, pi := range ps {
		names = append(names, pi.Name)
		if pi.Default {
			def = len(names) - 1
		}
	}
	d.printer = widgets.NewSelect(names, nil)
	fs.Add("printer", lang.L("Printer"), d.printer)
	d.copies = widgets.NewEntry()
	d.copies.SetText("1")
	fs.Add("copies", lang.L("Copies"), d.copies)
	t, _ := p.Template()
	if t.Template != nil && t.Template.Back != nil {
		d.sides = widgets.NewSelect([]string{lang.L("Two-sided"), lang.L("One-sided (front only)")}, nil)
		d.sides.SetSelectedIndex(0)
		fs.Add("sides", lang.L("Sides"), d.sides)
	}
	d.printer.OnChanged = func(name string) {
		// A printer that cannot print both sides starts at one-sided.
		if d.sides != nil {
			if i := d.printer.SelectedIndex(); i >= 0 && i < len(ps) && !ps[i].Duplex {
				d.sides.SetSelectedIndex(1)
			} else {
				d.sides.SetSelectedIndex(0)
			}
		}
		p.useProfile(d, name)
	}
	d.printer.SetSelectedIndex(def)
	d.reason = widgets.NewEntry()
	d.reason.SetPlaceHolder(lang.L("Only when a badge is printed again"))
	fs.Add("reason", lang.L("Reason for a reprint"), d.reason)
	if len(p.job.Skipped) > 0 {
		l := widget.NewLabel(strings.Join(p.job.Skipped, ", "))
		l.Wrapping, l.Importance = fyne.TextWrapWord, widget.WarningImportance
		fs.Add("skipped", lang.L("Not printed (no card)"), l)
	}
	if n := len(p.job.NoPhoto); n > 0 && p.job.badges() > 1 {
		d.noPhoto = widget.NewCheck(lang.X("print.nophoto.skip", "Leave them out ({{.N}})", map[string]any{"N": n}), nil)
		fs.Add("nophoto", lang.L("Without a photo"), container.NewVBox(d.noPhoto, namesLabel(p.job.NoPhoto)))
	}

	var res enroll.PrintResult
	var failed error
	st, ctx, actor := p.h.Station(), p.h.Jobs().Context(), p.h.Actor()
	d.Form = dialogs.ShowForm(p.h, p.h.Jobs(), dialogs.FormSpec{
		Title: lang.L("Print badges"), OK: lang.L("Print"), Fields: fs,
		Submit: func() func() error {
			r, ok := p.request(d, fs)
			if !ok {
				return nil
			}
			return func() error {
				var err error
				res, err = st.Printing.Print(ctx, actor, r)
				var reprint *enroll.ReprintReasonError
				var submit *enroll.PrintSubmitError
				switch {
				case errors.As(err, &reprint):
					return &enroll.ValidationError{Fields: []enroll.FieldError{{Field: "reason", Message: words.Explain(err)}}}
				case errors.As(err, &submit) && len(res.Jobs) > 0:
					failed = err // the jobs are in the log: do not print them again
					return nil
				}
				return err
			}
		},
		Done: func() {
			p.printed(d.printer.Selected, res, failed)
			p.dlg.Hide()
		},
	})
	d.Form.Dialog.SetOnClosed(func() {
		if p.printing == d {
			p.printing = nil
			p.setPage(badge.PageOptions{}) // the preview without a printer again
		}
	})
}

// useProfile reads the printer's profile and draws the preview as that
// printer will print it.
func (p *Preview) useProfile(d *PrintDialog, printer string) {
	if printer == "" {
		p.setPage(badge.PageOptions{})
		return
	}
	st, ctx, actor := p.h.Station(), p.h.Jobs().Context(), p.h.Actor()
	widgets.Go(p.h.Jobs(), func() (enroll.PrinterProfile, error) {
		return st.Printing.Profile(ctx, actor, printer)
	}, func(pr enroll.PrinterProfile, err error) {
		if p.printing != d || d.printer.Selected != printer {
			return // another printer was chosen meanwhile, or the dialog closed
		}
		if err != nil {
			p.setPage(badge.PageOptions{})
			widgets.SetMessage(p.problem, words.Explain(err))
			return
		}
		p.setPage(enroll.PrintDocument{Profile: pr}.PageOptions())
	})
}

// setPage draws the preview with a printer's corrections and says which.
func (p *Preview) setPage(o badge.PageOptions) {
	if o == p.page {
		return
	}
	p.page = o
	p.render()
}

// showPageNote says under the preview how the printer's corrections
// change the card of t.
func (p *Preview) showPageNote(t *badge.Template) {
	o := p.page
	o.RotateBack = o.RotateBack && t.Back != nil // a one-sided card has no back to turn
	if note := pageNote(o); note != "" {
		p.printerNote.SetText(note)
		p.printerNote.Show()
	} else {
		p.printerNote.SetText("")
		p.printerNote.Hide()
	}
}

// pageNote says what a printer's corrections do to the card ("Printer
// settings applied: 0.5 mm right, 1 mm down, 98 %, back turned"), or
// nothing when they do nothing.
func pageNote(o badge.PageOptions) string {
	num := func(v float64) string { return strconv.FormatFloat(math.Abs(v), 'f', -1, 64) }
	var parts []string
	switch {
	case o.OffsetX > 0:
		parts = append(parts, lang.X("print.profile.right", "{{.MM}} mm right", map[string]any{"MM": num(o.OffsetX)}))
	case o.OffsetX < 0:
		parts = append(parts, lang.X("print.profile.left", "{{.MM}} mm left", map[string]any{"MM": num(o.OffsetX)}))
	}
	switch {
	case o.OffsetY > 0:
		parts = append(parts, lang.X("print.profile.down", "{{.MM}} mm down", map[string]any{"MM": num(o.OffsetY)}))
	case o.OffsetY < 0:
		parts = append(parts, lang.X("print.profile.up", "{{.MM}} mm up", map[string]any{"MM": num(o.OffsetY)}))
	}
	if o.Scale != 0 && o.Scale != 100 {
		parts = append(parts, lang.X("print.profile.scale", "{{.Percent}} %", map[string]any{"Percent": num(o.Scale)}))
	}
	if o.RotateBack {
		parts = append(parts, lang.L("back turned"))
	}
	if len(parts) == 0 {
		return ""
	}
	return lang.X("print.profile.note", "Printer settings applied: {{.List}}", map[string]any{"List": strings.Join(parts, ", ")})
}

// PrinterNote is the note on the chosen printer's settings, or "".
func (p *Preview) PrinterNote() string {
	if !p.printerNote.Visible() {
		return ""
	}
	return p.printerNote.Text
}

// Printer is the printer chosen.
func (d *PrintDialog) Printer() string { return d.printer.Selected }

// Sides reports whether the dialog asks for the sides (the template has
// a back) and whether two-sided is chosen.
func (d *PrintDialog) Sides() (offered, two bool) {
	if d.sides == nil {
		return false, false
	}
	return true, d.sides.SelectedIndex() == 0
}

// SetCopies types the number of copies.
func (d *PrintDialog) SetCopies(n string) { d.copies.SetText(n) }

// NoPhotoOffered reports whether the dialog offers to leave out the
// cardholders without a photo; SkipNoPhoto ticks it.
func (d *PrintDialog) NoPhotoOffered() bool { return d.noPhoto != nil }
func (d *PrintDialog) SkipNoPhoto(on bool)  { d.noPhoto.SetChecked(on) }

// SetReason types the reason for a reprint.
func (d *PrintDialog) SetReason(r string) { d.reason.SetText(r) }

// Message is the message shown at a field now.
func (d *PrintDialog) Message(key string) string {
	if f := d.fields.Field(key); f != nil {
		return f.Message()
	}
	return ""
}

// request reads the form; ok is false with a message at a field.
func (p *Preview) request(d *PrintDialog, fs *widgets.FieldSet) (enroll.PrintRequest, bool) {
	r := enroll.PrintRequest{Printer: d.printer.Selected, RequestIDs: p.job.RequestIDs,
		CardholderIDs: p.job.CardholderIDs, Reason: strings.TrimSpace(d.reason.Text),
		SkipWithoutPhoto: d.noPhoto != nil && d.noPhoto.Checked}
	if r.Printer == "" {
		fs.Set("printer", lang.L("Choose a printer."))
		return r, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(d.copies.Text))
	if err != nil || n < 1 || n > 99 {
		fs.Set("copies", lang.L("Type a number from 1 to 99."))
		return r, false
	}
	r.Copies = n
	if d.sides != nil {
		r.Sides = enroll.TwoSidedLongEdge
		if d.sides.SelectedIndex() == 1 {
			r.Sides = enroll.OneSided
		}
	} else {
		r.Sides = enroll.OneSided
	}
	if i := p.picker.SelectedIndex(); i >= 0 && i != p.initial && i < len(p.templates) {
		r.TemplateID = p.templates[i].ID // another design picked in the preview
	}
	return r, true
}

// printed says what was sent where and what was not.
func (p *Preview) printed(printer string, res enroll.PrintResult, failed error) {
	var parts []string
	if n := len(res.Jobs); n > 0 {
		parts = append(parts, lang.X("print.sent", "{{.N}} badge(s) sent to {{.Printer}}.",
			map[string]any{"N": n, "Printer": printer}))
	}
	var noCard, noPhoto []string
	for _, s := range res.Skipped {
		if s.Why == enroll.SkipNoPhoto {
			noPhoto = append(noPhoto, s.Name)
		} else {
			noCard = append(noCard, s.Name)
		}
	}
	if len(noCard) > 0 {
		parts = append(parts, skippedText(noCard))
	}
	if len(noPhoto) > 0 {
		parts = append(parts, lang.X("print.skipped.nophoto", "Left out, no photo: {{.Names}}",
			map[string]any{"Names": words.Names(noPhoto)}))
	}
	if len(parts) == 0 {
		parts = append(parts, lang.L("No badge was printed."))
	}
	if failed != nil {
		p.h.FlashError(strings.Join(append(parts, words.Explain(failed)), " "))
	} else if len(parts) > 0 {
		p.h.Flash(strings.Join(parts, " "))
	}
	if p.job.Printed != nil {
		p.job.Printed(res)
	}
}
