package devices

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/badgeview"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// maxPrinterLines is how many printers the panel lists; the rest are
// counted.
const maxPrinterLines = 4

// printers is the Devices screen's printer panel: the OS queues and the
// USB badge printers with their state, and for administrators the
// printer settings.
type printers struct {
	h        screen.Host
	box      *fyne.Container
	lines    *fyne.Container
	settings *widget.Button // nil for operators
	list     []enroll.PrinterInfo
	// editing is the last settings form opened, for tests.
	editing *profileForm
}

func newPrinters(h screen.Host) *printers {
	p := &printers{h: h, lines: container.NewVBox()}
	head := container.NewHBox(widgets.Bold(lang.L("Printers")))
	if h.Actor().Can(enroll.PermManageSettings) {
		p.settings = widget.NewButtonWithIcon(lang.L("Printer settings…"), theme.SettingsIcon(), p.openSettings)
		p.settings.Disable()
		head.Add(p.settings)
	}
	p.box = container.NewVBox(widget.NewSeparator(), head, p.lines)
	p.load()
	return p
}

// load reads the printers the station sees.
func (p *printers) load() {
	st, ctx, actor := p.h.Station(), p.h.Jobs().Context(), p.h.Actor()
	widgets.Go(p.h.Jobs(), func() ([]enroll.PrinterInfo, error) {
		return st.Printing.Printers(ctx, actor)
	}, func(ps []enroll.PrinterInfo, err error) {
		p.list = ps
		p.lines.RemoveAll()
		if err != nil {
			p.lines.Add(p.line(words.Explain(err), widget.LowImportance))
			return
		}
		if len(ps) == 0 {
			p.lines.Add(p.line(lang.L("No printers found. Add the badge printer to the system; it is listed here then."), widget.LowImportance))
		}
		for i, pi := range ps {
			if i == maxPrinterLines {
				p.lines.Add(p.line(lang.X("devices.printers.more", "and {{.N}} more", map[string]any{"N": len(ps) - i}), widget.LowImportance))
				break
			}
			imp := widget.MediumImportance
			if pi.Kind == badgeview.KindUSB || strings.HasPrefix(pi.Status, "stopped") {
				imp = widget.WarningImportance
			}
			p.lines.Add(p.line(PrinterLine(pi), imp))
		}
		if p.settings != nil {
			widgets.SetEnabled(p.settings, len(queues(ps)) > 0)
		}
	})
}

func (p *printers) line(text string, imp widget.Importance) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Truncation, l.Importance = fyne.TextTruncateEllipsis, imp
	return l
}

// PrinterLine describes one printer: name, state, and for a USB printer
// without an OS queue what to do.
func PrinterLine(pi enroll.PrinterInfo) string {
	data := map[string]any{"Name": pi.Name, "Status": words.PrinterStatus(pi.Status)}
	switch {
	case pi.Kind == badgeview.KindUSB:
		return lang.X("devices.printer.usb", "{{.Name}} (USB): {{.Status}}. Install the printer's driver so it gets a print queue.", data)
	case pi.Default:
		return lang.X("devices.printer.default", "{{.Name}} (default): {{.Status}}", data)
	}
	return lang.X("devices.printer", "{{.Name}}: {{.Status}}", data)
}

func queues(ps []enroll.PrinterInfo) []string {
	var out []string
	for _, pi := range ps {
		if pi.Kind != badgeview.KindUSB {
			out = append(out, pi.Name)
		}
	}
	return out
}

// profileForm is the Printer settings dialog.
type profileForm struct {
	form      *dialogs.Form
	fields    *widgets.FieldSet
	printer   *widgets.Select
	offX      *widgets.Entry
	offY      *widgets.Entry
	scale     *widgets.Entry
	rotate    *widget.Check
	duplex    *widget.Check
	template  *widgets.Select
	templates []enroll.BadgeTemplate
}

// openSettings reads the templates and opens the profile of the default
// printer (administrators).
func (p *printers) openSettings() {
	names := queues(p.list)
	if len(names) == 0 {
		return
	}
	st, ctx, actor := p.h.Station(), p.h.Jobs().Context(), p.h.Actor()
	widgets.Go(p.h.Jobs(), func() ([]enroll.BadgeTemplate, error) {
		return st.Templates.List(ctx, actor)
	}, func(ts []enroll.BadgeTemplate, err error) {
		if err != nil {
			p.h.FlashError(words.Explain(err))
			return
		}
		p.showSettings(names, ts)
	})
}

func (p *printers) showSettings(names []string, ts []enroll.BadgeTemplate) {
	f := &profileForm{fields: widgets.NewFieldSet(), templates: ts}
	p.editing = f
	st, ctx, actor := p.h.Station(), p.h.Jobs().Context(), p.h.Actor()
	f.printer = widgets.NewSelect(names, func(name string) {
		widgets.Go(p.h.Jobs(), func() (enroll.PrinterProfile, error) {
			return st.Printing.Profile(ctx, actor, name)
		}, func(pr enroll.PrinterProfile, err error) {
			if err != nil {
				f.fields.SetGeneral(words.Explain(err))
				return
			}
			f.set(pr)
		})
	})
	f.offX, f.offY, f.scale = widgets.NewEntry(), widgets.NewEntry(), widgets.NewEntry()
	f.rotate = widget.NewCheck(lang.L("Turn the back 180°"), nil)
	f.duplex = widget.NewCheck(lang.L("Print both sides (duplex)"), nil)
	opts := []string{lang.L("The station's default")}
	for _, t := range ts {
		opts = append(opts, badgeview.TemplateName(t))
	}
	f.template = widgets.NewSelect(opts, nil)
	f.fields.Add("printer", lang.L("Printer"), f.printer)
	f.fields.Add("offset_x", lang.L("X offset (mm)"), f.offX)
	f.fields.Add("offset_y", lang.L("Y offset (mm)"), f.offY)
	f.fields.Add("scale", lang.L("Scale (%)"), f.scale)
	f.fields.Add("rotate", "", f.rotate)
	f.fields.Add("duplex", "", f.duplex)
	f.fields.Add("template", lang.L("Badge template"), f.template)
	f.form = dialogs.ShowForm(p.h, p.h.Jobs(), dialogs.FormSpec{
		Title: lang.L("Printer settings"), OK: lang.L("Save"), Fields: f.fields,
		Submit: func() func() error {
			pr, ok := f.value()
			if !ok {
				return nil
			}
			return func() error {
				_, err := st.Printing.SetProfile(ctx, actor, pr)
				return err
			}
		},
		Done: func() {
			p.h.Flash(lang.X("devices.printer.saved", "The settings of {{.Name}} are saved.", map[string]any{"Name": f.printer.Selected}))
		},
	})
	def := 0
	for i, pi := range queuesInfo(p.list) {
		if pi.Default {
			def = i
		}
	}
	f.printer.SetSelectedIndex(def)
}

func queuesInfo(ps []enroll.PrinterInfo) []enroll.PrinterInfo {
	var out []enroll.PrinterInfo
	for _, pi := range ps {
		if pi.Kind != badgeview.KindUSB {
			out = append(out, pi)
		}
	}
	return out
}

func (f *profileForm) set(pr enroll.PrinterProfile) {
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	f.offX.SetText(num(pr.OffsetX))
	f.offY.SetText(num(pr.OffsetY))
	scale := pr.Scale
	if scale == 0 {
		scale = 100
	}
	f.scale.SetText(num(scale))
	f.rotate.SetChecked(pr.RotateBack)
	f.duplex.SetChecked(pr.Duplex)
	f.template.SetSelectedIndex(0)
	for i, t := range f.templates {
		if t.ID == pr.TemplateID {
			f.template.SetSelectedIndex(i + 1)
		}
	}
}

// value reads the form; ok is false with the problems at their fields.
func (f *profileForm) value() (enroll.PrinterProfile, bool) {
	pr := enroll.PrinterProfile{Printer: f.printer.Selected, RotateBack: f.rotate.Checked, Duplex: f.duplex.Checked}
	ok := true
	if pr.Printer == "" {
		f.fields.Set("printer", lang.L("Choose a printer."))
		ok = false
	}
	read := func(key string, e *widgets.Entry, lo, hi float64, msg string) float64 {
		v, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(e.Text), ",", "."), 64)
		if err != nil || v < lo || v > hi {
			f.fields.Set(key, msg)
			ok = false
		}
		return v
	}
	offset := lang.L("Type a number of mm from -10 to 10.")
	pr.OffsetX = read("offset_x", f.offX, -10, 10, offset)
	pr.OffsetY = read("offset_y", f.offY, -10, 10, offset)
	pr.Scale = read("scale", f.scale, 50, 150, lang.L("Type a percentage from 50 to 150."))
	if i := f.template.SelectedIndex(); i > 0 && i <= len(f.templates) {
		pr.TemplateID = f.templates[i-1].ID
	}
	return pr, ok
}
