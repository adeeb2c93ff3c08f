package settings

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/carddesk/carddesk/ui/formats"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/templates"
)

// The tabs in the order they are shown.
const (
	tabReasons = iota
	tabOperators
	tabStation
	tabFormats
	tabTemplates
	tabMail
	tabProduction
	tabAudit
)

// Screen is the Settings section: one tab per kind of setting.
type Screen struct {
	// OnStationRenamed is called after the station's name was saved, so
	// the shell can show the new name; may be nil.
	OnStationRenamed func()

	tabs       *container.AppTabs
	reasons    *reasonsTab
	operators  *operatorsTab
	station    *settingsForm
	formats    *formats.Screen
	templates  *templates.Screen
	mail       *mailTab
	production *productionTab
	audit      *auditTab
}

// New builds the screen; Shown loads the visible tab.
func New(h screen.Host) *Screen {
	s := &Screen{reasons: newReasonsTab(h), operators: newOperatorsTab(h), formats: formats.New(h), templates: templates.New(h)}
	s.station, s.mail = newStationTab(h, s.stationRenamed), newMailTab(h, s.stationRenamed)
	s.production = newProductionTab(h)
	s.audit = newAuditTab(h)
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Request reasons"), theme.ListIcon(), s.reasons.box),
		container.NewTabItemWithIcon(lang.L("Operators"), theme.AccountIcon(), s.operators.box),
		container.NewTabItemWithIcon(lang.L("Station"), theme.ComputerIcon(), s.station.box),
		container.NewTabItemWithIcon(lang.L("Card formats"), theme.GridIcon(), s.formats.Content()),
		container.NewTabItemWithIcon(lang.L("Badge templates"), theme.DocumentIcon(), s.templates.Content()),
		container.NewTabItemWithIcon(lang.L("Mail"), theme.MailSendIcon(), s.mail.form.box),
		container.NewTabItemWithIcon(lang.L("Card production"), theme.UploadIcon(), s.production.form.box),
		container.NewTabItemWithIcon(lang.L("Audit"), theme.VisibilityIcon(), s.audit.box),
	)
	s.tabs.OnSelected = func(*container.TabItem) { s.Shown() }
	return s
}

// Content is the screen's root object.
func (s *Screen) Content() fyne.CanvasObject { return s.tabs }

// Shown reloads the visible tab.
func (s *Screen) Shown() {
	switch s.tabs.SelectedIndex() {
	case tabReasons:
		s.reasons.reload()
	case tabOperators:
		s.operators.reload()
	case tabStation:
		s.station.reload()
	case tabFormats:
		s.formats.Shown()
	case tabTemplates:
		s.templates.Shown()
	case tabMail:
		s.mail.reload()
	case tabProduction:
		s.production.reload()
	case tabAudit:
		s.audit.shown()
	}
}

func (s *Screen) stationRenamed() {
	if s.OnStationRenamed != nil {
		s.OnStationRenamed()
	}
}
