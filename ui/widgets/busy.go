package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// BusyRow is an activity indicator with a short explanation, hidden when
// idle.
type BusyRow struct {
	*fyne.Container
	activity *widget.Activity
	label    *widget.Label
}

// NewBusyRow is an idle (hidden) busy row.
func NewBusyRow() *BusyRow {
	b := &BusyRow{activity: widget.NewActivity(), label: widget.NewLabel("")}
	b.Container = container.NewHBox(b.activity, b.label)
	b.Hide()
	return b
}

// Start shows the row saying text.
func (b *BusyRow) Start(text string) {
	b.label.SetText(text)
	b.Show()
	b.activity.Start()
}

// Stop hides the row.
func (b *BusyRow) Stop() {
	b.activity.Stop()
	b.Hide()
}
