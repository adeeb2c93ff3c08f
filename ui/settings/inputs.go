package settings

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
)

// settingInput edits one station setting.
type settingInput interface {
	object() fyne.CanvasObject
	// set shows the stored setting and forgets any edit.
	set(st enroll.Setting)
	// edited reports whether the operator changed the value, and to what.
	edited() (string, bool)
}

// newSettingInput picks the input that suits a key.
func newSettingInput(st enroll.Setting) settingInput {
	switch {
	case st.Secret:
		return newSecretInput()
	case st.Key == "smtp.tls":
		return newChoiceInput([]string{"none", "starttls", "tls"})
	case strings.HasPrefix(st.Key, "usecase.") && strings.HasSuffix(st.Key, ".enabled"):
		return &toggleInput{check: widget.NewCheck(lang.L("Enabled"), nil)}
	}
	return &textInput{entry: widgets.NewEntry()}
}

type textInput struct {
	entry *widgets.Entry
	value string
}

func (in *textInput) object() fyne.CanvasObject { return in.entry }
func (in *textInput) set(st enroll.Setting)     { in.value = st.Value; in.entry.SetText(st.Value) }
func (in *textInput) edited() (string, bool)    { return in.entry.Text, in.entry.Text != in.value }

type choiceInput struct {
	sel   *widgets.Select
	value string
}

func newChoiceInput(options []string) *choiceInput {
	return &choiceInput{sel: widgets.NewSelect(options, nil)}
}

func (in *choiceInput) object() fyne.CanvasObject { return in.sel }
func (in *choiceInput) set(st enroll.Setting)     { in.value = st.Value; in.sel.SetSelected(st.Value) }
func (in *choiceInput) edited() (string, bool)    { return in.sel.Selected, in.sel.Selected != in.value }

type toggleInput struct {
	check *widget.Check
	value bool
}

func (in *toggleInput) object() fyne.CanvasObject { return in.check }
func (in *toggleInput) set(st enroll.Setting) {
	in.value = st.Value == "true"
	in.check.SetChecked(in.value)
}

func (in *toggleInput) edited() (string, bool) {
	if in.check.Checked {
		return "true", in.check.Checked != in.value
	}
	return "false", in.check.Checked != in.value
}

// secretInput never shows a stored secret: it starts empty, says whether a
// value is set, and saves only what is typed, or an explicit removal.
type secretInput struct {
	entry  *widgets.Entry
	remove *widget.Button
	box    fyne.CanvasObject
	isSet  bool
	clear  bool
}

func newSecretInput() *secretInput {
	in := &secretInput{entry: widgets.NewPasswordEntry()}
	in.remove = widget.NewButtonWithIcon(lang.L("Remove"), theme.ContentClearIcon(), func() {
		in.entry.SetText("") // before clear: typing resets clear
		in.clear = true
		in.entry.SetPlaceHolder(lang.L("will be removed when you save"))
		in.remove.Disable()
	})
	in.entry.OnChanged = func(string) { in.clear = false }
	in.box = container.NewBorder(nil, nil, nil, in.remove, in.entry)
	return in
}

func (in *secretInput) object() fyne.CanvasObject { return in.box }

func (in *secretInput) set(st enroll.Setting) {
	in.isSet, in.clear = st.Value == enroll.SecretShown, false
	in.entry.SetText("")
	if in.isSet {
		in.entry.SetPlaceHolder(lang.L("(set) — type a new one to replace it"))
		in.remove.Enable()
	} else {
		in.entry.SetPlaceHolder(lang.L("not set"))
		in.remove.Disable()
	}
}

func (in *secretInput) edited() (string, bool) {
	if in.entry.Text != "" {
		return in.entry.Text, true
	}
	return "", in.clear && in.isSet
}

// settingText is the label and help line of a known setting key; unknown keys
// (added in a newer version) show the key and the station's description.
func settingText(st enroll.Setting) (label, hint string) {
	switch st.Key {
	case "station.name":
		return lang.L("Station name"), lang.L("Shown in the title bar, in logs and in e-mail. Empty: the computer's name.")
	case "smtp.host":
		return lang.L("Mail server"), lang.L("Host name of the SMTP server. Empty: no e-mail is sent.")
	case "smtp.port":
		return lang.L("Port"), lang.L("Usually 587 with STARTTLS, 465 with TLS.")
	case "smtp.tls":
		return lang.L("Encryption"), ""
	case "smtp.username":
		return lang.L("Mail user name"), ""
	case "smtp.password":
		return lang.L("Mail password"), lang.L("Never shown again once saved.")
	case "smtp.from":
		return lang.L("Sender address"), lang.L("The From address of mail sent by this station.")
	case "usecase.order_temporary_cards.enabled":
		return lang.L("Order temporary cards"), lang.L("Operators may order temporary cards from external card production.")
	case "usecase.abort_card_order.enabled":
		return lang.L("Abort card orders"), lang.L("Operators may abort a card order while it is still queued.")
	}
	return st.Key, st.Description
}

// settingGroup is the heading a key is shown under.
func settingGroup(key string) string {
	switch {
	case strings.HasPrefix(key, "station."):
		return lang.L("Station")
	case strings.HasPrefix(key, "smtp."):
		return lang.L("E-mail to requesters")
	case strings.HasPrefix(key, "usecase."):
		return lang.L("Optional use cases")
	}
	return lang.L("Other settings")
}
