package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

// sectionID names a section of the main window; the order is the order of
// the navigation and of the Ctrl+1..7 shortcuts.
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

// view is the content of one section, built the first time it is opened.
type view interface {
	content() fyne.CanvasObject
	// shown is called every time the section is opened, to show fresh data.
	shown()
}

type section struct {
	id        sectionID
	title     string
	icon      fyne.Resource
	adminOnly bool
	build     func(*session) view
}

// sections lists the navigation; translated titles, so built per session.
func sections() []section {
	return []section{
		{id: secRequests, title: lang.L("Card requests"), icon: theme.MailComposeIcon(), build: newRequestsView},
		{id: secCardholders, title: lang.L("Cardholders"), icon: theme.AccountIcon(), build: newCardholdersView},
		{id: secCredentials, title: lang.L("Credentials"), icon: theme.GridIcon(), build: newCredentialsView},
		{id: secOrders, title: lang.L("Card orders"), icon: theme.MailSendIcon(), build: newOrdersView},
		{id: secDevices, title: lang.L("Devices"), icon: theme.ComputerIcon(), build: newDevicesView},
		{id: secSettings, title: lang.L("Settings"), icon: theme.SettingsIcon(), adminOnly: true, build: newSettingsView},
		{id: secAudit, title: lang.L("Audit log"), icon: theme.HistoryIcon(), build: newAuditView},
	}
}
