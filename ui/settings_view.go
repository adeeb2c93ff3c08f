package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

// settingsView is the administrators' section: request reasons, operator
// accounts and station settings, one tab each.
type settingsView struct {
	tabs      *container.AppTabs
	reasons   *reasonsTab
	operators *operatorsTab
	station   *stationTab
}

func newSettingsView(s *session) view {
	v := &settingsView{reasons: newReasonsTab(s), operators: newOperatorsTab(s), station: newStationTab(s)}
	v.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Request reasons"), theme.ListIcon(), v.reasons.box),
		container.NewTabItemWithIcon(lang.L("Operators"), theme.AccountIcon(), v.operators.box),
		container.NewTabItemWithIcon(lang.L("Station"), theme.ComputerIcon(), v.station.box),
	)
	v.tabs.OnSelected = func(*container.TabItem) { v.shown() }
	return v
}

func (v *settingsView) content() fyne.CanvasObject { return v.tabs }

// shown reloads the visible tab.
func (v *settingsView) shown() {
	switch v.tabs.SelectedIndex() {
	case 0:
		v.reasons.reload()
	case 1:
		v.operators.reload()
	case 2:
		v.station.reload()
	}
}
