package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/assets"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// topBar is the notification area: the app, the pending card requests with
// their badge, who is signed in, Lock and Sign out.
type topBar struct {
	box      fyne.CanvasObject
	requests *widget.Button
	badge    *widgets.Badge
	user     *widget.Label
	lock     *widget.Button
	signOut  *widget.Button
}

func newTopBar(s *session) *topBar {
	t := &topBar{badge: widgets.NewBadge()}
	icon := canvas.NewImageFromResource(assets.Mark())
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(28, 28))
	name := widget.NewLabelWithStyle(lang.L("CardDesk"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})

	t.requests = widget.NewButtonWithIcon(lang.L("Card requests"), theme.MailComposeIcon(), s.openPendingRequests)
	t.requests.Importance = widget.LowImportance
	t.user = widget.NewLabelWithStyle(s.actor.Name+" · "+words.Role(s.actor.Role), fyne.TextAlignTrailing, fyne.TextStyle{})
	userIcon := widget.NewIcon(theme.AccountIcon())
	t.lock = widget.NewButtonWithIcon(lang.L("Lock desk"), lockIcon, s.lock.lockNow)
	t.signOut = widget.NewButtonWithIcon(lang.L("Sign out"), theme.LogoutIcon(), s.d.SignOut)

	left := container.NewHBox(icon, name)
	right := container.NewHBox(container.New(widgets.CornerBadge{}, t.requests, t.badge), widget.NewSeparator(),
		userIcon, t.user, t.lock, t.signOut)
	t.box = container.NewVBox(container.NewPadded(container.NewBorder(nil, nil, left, right)), widget.NewSeparator())
	return t
}

func (t *topBar) setPending(n int) {
	t.badge.SetCount(n)
}
