package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/carddesk/carddesk/ui/formats"
)

// settingsView is the administrators' section: request reasons, operator
// accounts, station settings, card formats and mail, one tab each.
type settingsView struct {
	tabs      *container.AppTabs
	reasons   *reasonsTab
	operators *operatorsTab
	station   *settingsForm
	formats   *formats.Screen
	mail      *mailTab
}

func newSettingsView(s *session) view {
	v := &settingsView{reasons: newReasonsTab(s), operators: newOperatorsTab(s), station: newStationTab(s),
		formats: newFormatsScreen(s), mail: newMailTab(s)}
	v.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Request reasons"), theme.ListIcon(), v.reasons.box),
		container.NewTabItemWithIcon(lang.L("Operators"), theme.AccountIcon(), v.operators.box),
		container.NewTabItemWithIcon(lang.L("Station"), theme.ComputerIcon(), v.station.box),
		container.NewTabItemWithIcon(lang.L("Card formats"), theme.GridIcon(), v.formats.Content()),
		container.NewTabItemWithIcon(lang.L("Mail"), theme.MailSendIcon(), v.mail.form.box),
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
	case 3:
		v.formats.Refresh()
	case 4:
		v.mail.reload()
	}
}

// newFormatsScreen builds the Card formats tab (its own package) with the
// session's status bar, error wording and Escape handling.
func newFormatsScreen(s *session) *formats.Screen {
	sc := formats.New(s.win, s.d.st, s.actor, s.d.log)
	sc.OnStatus = s.status.flash
	sc.Explain = explain
	sc.ShowDialog = s.dialogs.show
	return sc
}
