package audit

import (
	"bytes"
	"encoding/json"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// detailsPane shows one event in full, with the before and after snapshots
// as indented JSON.
type detailsPane struct {
	box                                   fyne.CanvasObject
	hint                                  *widget.Label
	form, event                           *fyne.Container
	at, operator, action, entity, details *widget.Label
	before, after                         *widget.Label
}

func newDetailsPane() *detailsPane {
	d := &detailsPane{hint: widget.NewLabel(lang.L("Select an event to see its details."))}
	d.hint.Wrapping = fyne.TextWrapWord // Dutch runs past a narrow pane
	value := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		l.Selectable = true
		return l
	}
	code := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapBreak
		l.Selectable = true
		return l
	}
	d.at, d.operator, d.action, d.entity, d.details = value(), value(), value(), value(), value()
	d.before, d.after = code(), code()
	d.form = container.New(layout.NewFormLayout(),
		widgets.Bold(lang.L("When")), d.at,
		widgets.Bold(lang.L("Operator")), d.operator,
		widgets.Bold(lang.L("Action")), d.action,
		widgets.Bold(lang.L("Entity")), d.entity,
		widgets.Bold(lang.L("Details")), d.details,
	)
	d.event = container.NewVBox(d.form, widgets.Bold(lang.L("Before")), d.before, widgets.Bold(lang.L("After")), d.after)
	d.box = container.NewScroll(container.NewVBox(d.hint, d.event))
	d.show(nil)
	return d
}

// show fills the panel with e; nil shows the hint.
func (d *detailsPane) show(e *enroll.AuditEvent) {
	if e == nil {
		d.hint.Show()
		d.event.Hide()
		for _, l := range []*widget.Label{d.at, d.operator, d.action, d.entity, d.details, d.before, d.after} {
			l.SetText("")
		}
		return
	}
	d.hint.Hide()
	d.event.Show()
	d.at.SetText(words.Time(e.At))
	d.operator.SetText(e.Operator)
	// The recorded action too: it is what `carddesk audit --action` takes.
	d.action.SetText(words.AuditAction(e.Action) + " (" + e.Action + ")")
	d.entity.SetText(e.Entity + " " + e.EntityID)
	d.details.SetText(e.Details)
	d.before.SetText(prettyJSON(e.Before))
	d.after.SetText(prettyJSON(e.After))
}

// prettyJSON indents a snapshot; text that is not JSON is shown as it is.
func prettyJSON(s string) string {
	if s == "" {
		return lang.L("(none)")
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(s), "", "  "); err != nil {
		return s
	}
	return buf.String()
}
