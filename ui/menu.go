package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/ui/cardholders"
	"github.com/carddesk/carddesk/ui/printjobs"
	"github.com/carddesk/carddesk/ui/requests"
	"github.com/carddesk/carddesk/ui/screen"
)

// mainMenu is the main window's menu bar. Its shortcuts reach the window
// before any widget, so Ctrl+1..7 and the desk's answers work wherever
// the keyboard focus is, a search box included.
type mainMenu struct {
	s    *session
	menu *fyne.MainMenu
	// The desk's answers, enabled as the selected requests allow.
	connect, modify, deny, close, details *fyne.MenuItem
	// preview shows a badge: the selected cardholder's on the Cardholders
	// section, else the selected request's; enabled when either is selected.
	preview *fyne.MenuItem
	// print prints the selected requests' cards (Ctrl+P).
	print *fyne.MenuItem
}

// shortcut is Ctrl (Cmd on macOS) with key.
func shortcut(key fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

func newMainMenu(s *session) *mainMenu {
	m := &mainMenu{s: s}
	m.menu = fyne.NewMainMenu(m.fileMenu(), m.goMenu(), m.deskMenu(), m.helpMenu())
	m.guard(m.menu.Items)
	m.answersChanged()
	return m
}

func (m *mainMenu) fileMenu() *fyne.Menu {
	signOut := fyne.NewMenuItem(lang.L("Sign out"), m.s.d.SignOut)
	lock := fyne.NewMenuItem(lang.L("Lock desk"), m.s.lock.lockNow)
	lock.Shortcut = shortcut(fyne.KeyL)
	jobs := fyne.NewMenuItem(lang.L("Print jobs…"), func() { printjobs.Open(m.s) })
	quit := fyne.NewMenuItem(lang.L("Quit"), m.s.d.Quit)
	quit.IsQuit = true
	quit.Shortcut = shortcut(fyne.KeyQ)
	return fyne.NewMenu(lang.L("File"), jobs, fyne.NewMenuItemSeparator(), lock, signOut, fyne.NewMenuItemSeparator(), quit)
}

// guard keeps every menu action but Quit from running behind the desk
// lock: the menu's shortcuts reach the window before the lock screen.
func (m *mainMenu) guard(menus []*fyne.Menu) {
	for _, menu := range menus {
		for _, it := range menu.Items {
			if it.Action != nil && !it.IsQuit {
				it.Action = m.s.lock.whenUnlocked(it.Action)
			}
		}
	}
}

// goMenu opens the sections, numbered as in the full navigation so the
// keys mean the same for every operator, and finds and refreshes.
func (m *mainMenu) goMenu() *fyne.Menu {
	var items []*fyne.MenuItem
	for _, sec := range m.s.sections {
		item := fyne.NewMenuItem(sec.title, func() { m.s.open(sec.id) })
		item.Icon = sec.icon
		item.Shortcut = shortcut(fyne.KeyName(strconv.Itoa(int(sec.id) + 1)))
		items = append(items, item)
	}
	find := fyne.NewMenuItem(lang.L("Find…"), m.find)
	find.Shortcut = shortcut(fyne.KeyF)
	refresh := fyne.NewMenuItem(lang.L("Refresh"), m.refresh)
	refresh.Shortcut = shortcut(fyne.KeyR)
	items = append(items, fyne.NewMenuItemSeparator(), find, refresh)
	return fyne.NewMenu(lang.L("Go"), items...)
}

// deskMenu is the answers to the selected card requests; each opens the
// Card requests section first, so the operator sees what it acts on.
func (m *mainMenu) deskMenu() *fyne.Menu {
	item := func(label string, key fyne.KeyName, act func(*requests.Screen)) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, func() {
			if r := m.s.requestsScreen(); r != nil {
				m.s.open(secRequests)
				act(r)
			}
		})
		it.Shortcut = shortcut(key)
		return it
	}
	m.connect = item(lang.L("Connect card…"), fyne.KeyK, (*requests.Screen).Connect)
	m.modify = item(lang.L("Modify…"), fyne.KeyM, (*requests.Screen).Modify)
	m.deny = item(lang.L("Deny…"), fyne.KeyD, (*requests.Screen).Deny)
	// Ctrl+L locks the desk, as in most desktops' lock shortcuts.
	m.close = item(lang.L("Close requests"), fyne.KeyE, (*requests.Screen).CloseRequests)
	m.details = item(lang.L("Details…"), fyne.KeyI, (*requests.Screen).Details)
	m.preview = fyne.NewMenuItem(lang.L("Preview badge…"), m.previewBadge)
	m.preview.Shortcut = shortcut(fyne.KeyB)
	m.print = fyne.NewMenuItem(lang.L("Print cards…"), m.printCards)
	m.print.Shortcut = shortcut(fyne.KeyP)
	return fyne.NewMenu(lang.L("Requests"), m.connect, m.modify, m.deny, m.close, m.details, m.preview, m.print)
}

// previewBadge is Preview badge (Ctrl+B): on the Cardholders section the
// selected cardholder's badge, elsewhere the selected request's, which
// opens the Card requests section as the answers do.
func (m *mainMenu) previewBadge() {
	if c, ok := m.s.screens[m.s.current].(*cardholders.Screen); ok {
		c.PreviewBadge()
		return
	}
	if r := m.s.requestsScreen(); r != nil {
		m.s.open(secRequests)
		r.PreviewBadge()
	}
}

// printCards is Print cards (Ctrl+P): on the Cardholders section the
// selected cardholders' badges, elsewhere the selected requests' cards.
func (m *mainMenu) printCards() {
	if c, ok := m.s.screens[m.s.current].(*cardholders.Screen); ok {
		c.PrintBadge()
		return
	}
	if r := m.s.requestsScreen(); r != nil {
		m.s.open(secRequests)
		r.PrintCards()
	}
}

func (m *mainMenu) helpMenu() *fyne.Menu {
	return fyne.NewMenu(lang.L("Help"), fyne.NewMenuItem(lang.L("About CardDesk"), m.about))
}

// answersChanged enables the desk's answers the selection allows.
func (m *mainMenu) answersChanged() {
	var can requests.Answers
	if r := m.s.requestsScreen(); r != nil {
		can = r.Answers()
	}
	// Preview badge shows one request's badge, or the selected cardholder's.
	// Print cards prints the selected requests' cards, or the cardholder's.
	preview, print := can.Details, can.Print
	if c, ok := m.s.screens[secCardholders].(*cardholders.Screen); ok {
		preview = preview || c.HasSelection()
		print = print || c.Selected() > 0
	}
	changed := false
	for item, on := range map[*fyne.MenuItem]bool{m.connect: can.Connect, m.modify: can.Modify, m.deny: can.Deny,
		m.close: can.Close, m.details: can.Details, m.preview: preview, m.print: print} {
		if item.Disabled == on {
			item.Disabled = !on
			changed = true
		}
	}
	if changed {
		m.menu.Refresh()
	}
}

// find puts the cursor in the open section's search box.
func (m *mainMenu) find() {
	if sc, ok := m.s.screens[m.s.current].(screen.Searcher); ok {
		sc.FocusSearch()
	}
}

// refresh shows the open section's data as it is now.
func (m *mainMenu) refresh() {
	if sc, ok := m.s.screens[m.s.current]; ok {
		sc.Shown()
	}
	m.s.Changed()
}

func (m *mainMenu) about() {
	v := m.s.d.cfg.Version
	msg := lang.X("about.text", "CardDesk {{.Version}}\nAn open enrollment station for card requests.\n\nDatabase: {{.DB}}",
		map[string]any{"Version": v, "DB": m.s.d.cfg.DBPath})
	d := dialog.NewInformation(lang.L("About CardDesk"), msg, m.s.win)
	m.s.ShowDialog(d)
}
