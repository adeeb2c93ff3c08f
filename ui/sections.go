package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/carddesk/carddesk/ui/audit"
	"github.com/carddesk/carddesk/ui/cardholders"
	"github.com/carddesk/carddesk/ui/credentials"
	"github.com/carddesk/carddesk/ui/devices"
	"github.com/carddesk/carddesk/ui/requests"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/settings"
)

// sectionID names a section of the main window; the order is the order of
// the navigation, of the Go menu and of the Ctrl+1..7 shortcuts.
type sectionID int

const (
	secRequests sectionID = iota
	secCardholders
	secCredentials
	secOrders
	secDevices
	secSettings
	secAudit
	sectionCount
)

type section struct {
	id        sectionID
	key       string // how the section is remembered in the preferences
	title     string
	icon      fyne.Resource
	adminOnly bool
	build     func(*session) screen.Screen
}

// sections lists the navigation; translated titles, so built per session.
func sections() []section {
	return []section{
		{id: secRequests, key: "requests", title: lang.L("Card requests"), icon: theme.MailComposeIcon(), build: newRequests},
		{id: secCardholders, key: "cardholders", title: lang.L("Cardholders"), icon: theme.AccountIcon(), build: newCardholders},
		{id: secCredentials, key: "credentials", title: lang.L("Credentials"), icon: theme.GridIcon(),
			build: func(s *session) screen.Screen { return credentials.New(s) }},
		{id: secOrders, key: "orders", title: lang.L("Card orders"), icon: theme.MailSendIcon(), build: newOrders},
		{id: secDevices, key: "devices", title: lang.L("Devices"), icon: theme.ComputerIcon(),
			build: func(s *session) screen.Screen { return devices.New(s) }},
		{id: secSettings, key: "settings", title: lang.L("Settings"), icon: theme.SettingsIcon(), adminOnly: true, build: newSettings},
		{id: secAudit, key: "audit", title: lang.L("Audit log"), icon: theme.HistoryIcon(),
			build: func(s *session) screen.Screen { return audit.New(s) }},
	}
}

// newRequests builds the response desk; its answers are in the Desk menu.
func newRequests(s *session) screen.Screen {
	r := requests.New(s)
	r.OnAnswersChanged = s.menu.answersChanged
	r.SetPending(s.count)
	return r
}

// newCardholders builds the Cardholders section; its selection enables
// Preview badge in the Requests menu.
func newCardholders(s *session) screen.Screen {
	c := cardholders.New(s)
	c.OnSelectionChanged = s.menu.answersChanged
	return c
}

func newSettings(s *session) screen.Screen {
	sc := settings.New(s)
	sc.OnStationRenamed = s.stationRenamed
	return sc
}

// openPendingRequests is the top bar's Card requests button: labelled
// with the pending count, it shows the pending requests whatever filter
// the list had. The navigation's entry keeps the last filter.
func (s *session) openPendingRequests() {
	if r := s.requestsScreen(); r != nil {
		r.ShowPending()
	}
	s.open(secRequests)
}

// requestsScreen is the response desk once it was built.
func (s *session) requestsScreen() *requests.Screen {
	r, _ := s.screens[secRequests].(*requests.Screen)
	return r
}
