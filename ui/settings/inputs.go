package settings

import (
	"slices"
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

// newSettingInput picks the input that suits a key: a switch for on/off
// keys, a choice for keys with a few values, a text box for the rest.
// inForce says what the running station uses, where that can differ from
// the stored value (nil: no difference possible).
func newSettingInput(st enroll.Setting, inForce func() force) settingInput {
	switch {
	case st.Key == "production.layout":
		return newLayoutInput()
	case st.Secret:
		return newSecretInput()
	case slices.Equal(st.Choices, []string{"true", "false"}):
		return newToggleInput(inForce)
	case len(st.Choices) > 0:
		return newChoiceInput(st.Choices)
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

// choiceInput offers a key's values by their names.
type choiceInput struct {
	sel    *widgets.Select
	values []string // stored values, in the order of the options
	value  string
}

func newChoiceInput(values []string) *choiceInput {
	names := make([]string, len(values))
	for i, v := range values {
		names[i] = choiceName(v)
	}
	return &choiceInput{sel: widgets.NewSelect(names, nil), values: values}
}

func (in *choiceInput) object() fyne.CanvasObject { return in.sel }
func (in *choiceInput) set(st enroll.Setting) {
	in.value = st.Value
	in.sel.SetSelected(choiceName(st.Value))
}

func (in *choiceInput) edited() (string, bool) {
	i := in.sel.SelectedIndex()
	if i < 0 {
		return in.value, false
	}
	return in.values[i], in.values[i] != in.value
}

// choiceName is how a setting's value reads in a list.
func choiceName(v string) string {
	switch v {
	case "none":
		return lang.L("No encryption")
	case "starttls":
		return lang.L("STARTTLS (usually port 587)")
	case "tls":
		return lang.L("TLS from the start (usually port 465)")
	}
	return v
}

// force is what the running station uses for an option that takes effect
// at the next start.
type force struct {
	on bool
	// fixed, when set, says why the box shows on and cannot be changed:
	// the demo always offers the simulated reader; a build without direct
	// USB (Windows) never talks CCID.
	fixed string
}

// toggleInput is an on/off key. Where the running station can use another
// value than the stored one (reader options take effect at the next start;
// the demo always offers the simulated reader), a note says what is in
// force now.
type toggleInput struct {
	check   *widget.Check
	note    *widget.RichText // under the key's help line
	value   bool
	inForce func() force
}

func newToggleInput(inForce func() force) *toggleInput {
	in := &toggleInput{check: widget.NewCheck(lang.L("On"), nil), note: widgets.Hint(""), inForce: inForce}
	in.note.Hide()
	if inForce != nil {
		in.check.OnChanged = func(bool) { in.explain() }
	}
	return in
}

func (in *toggleInput) object() fyne.CanvasObject { return in.check }

func (in *toggleInput) set(st enroll.Setting) {
	in.value = st.Value == "true"
	if in.inForce != nil {
		if f := in.inForce(); f.fixed != "" {
			// Fixed: show what is in force, and nothing to change.
			in.check.SetChecked(f.on)
			in.check.Disable()
			in.explain()
			return
		}
	}
	in.check.SetChecked(in.value)
	in.explain()
}

// explain shows the value in force where it differs from the box.
func (in *toggleInput) explain() {
	text := ""
	if in.inForce != nil {
		switch f := in.inForce(); {
		case f.fixed != "":
			text = f.fixed
		case f.on && !in.check.Checked:
			text = lang.L("On now; off once CardDesk starts again.")
		case !f.on && in.check.Checked:
			text = lang.L("Off now; on once CardDesk starts again.")
		}
	}
	widgets.SetHint(in.note, text)
	in.note.Hidden = text == ""
	in.note.Refresh()
}

func (in *toggleInput) edited() (string, bool) {
	if in.check.Disabled() {
		return "", false
	}
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
	in.isSet, in.clear = st.Value != "", false // a secret's Value only says whether, and how, it is set
	in.entry.SetText("")
	if in.isSet {
		switch st.Value {
		case enroll.SecretNoKey:
			in.entry.SetPlaceHolder(lang.L("(set, but this station lacks the key; see Secrets in the README)"))
		case enroll.SecretUnreadable:
			in.entry.SetPlaceHolder(lang.L("(set, but it does not open with this station's key)"))
		default:
			in.entry.SetPlaceHolder(lang.L("(set) — type a new one to replace it"))
		}
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
	case enroll.DeskLockKey:
		return lang.L("Lock the desk after (minutes)"), lang.L("Minutes without keyboard or mouse use before the desk locks and asks for the signed-in operator's password, 0 to 1440. 0: never by itself; Ctrl+L always locks at once.")
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
	case "readers.simulated.enabled":
		return lang.L("Simulated card reader"), lang.L("A reader on the screen that makes up cards, for training without hardware. Takes effect when CardDesk starts.")
	case "readers.ccid.enabled":
		return lang.L("USB readers without a smart-card service"), lang.L("Talk to CCID readers over USB directly, for kiosks where no smart-card service (PC/SC) runs. Takes effect when CardDesk starts.")
	case "backup.keep":
		return lang.L("Backups kept"), lang.L("A backup of the database is made every day while CardDesk runs; this many are kept. 0: no daily backup.")
	case "backup.dir":
		return lang.L("Backup folder"), lang.L("A full folder path. Empty: the folder backups beside the database. Best on another disk.")
	case "production.url":
		return lang.L("Producer URL"), lang.L("The card producer's address, e.g. https://cards.example.org/")
	case "production.client_id":
		return lang.L("Client ID"), lang.L("This station's client ID at the card producer.")
	case "production.client_secret":
		return lang.L("Client secret"), lang.L("Never shown again once saved; left empty, the stored secret stays.")
	case "production.layout":
		return lang.L("Default layout"), lang.L("The card layout new orders use. Test the connection to list the producer's layouts.")
	case "production.queue":
		return lang.L("Queue new orders"), lang.L("On: new cards wait in the queue for the next sync. Off: each card is sent at once.")
	case "production.sync_interval":
		return lang.L("Sync interval"), lang.L("How often CardDesk sends queued cards and asks for news, e.g. 60s, 5m or 1h (10s to 24h).")
	case "usecase.order_card.enabled":
		return lang.L("Order cards"), lang.L("Operators may order a personal card for an active cardholder.")
	case "usecase.order_temporary_cards.enabled":
		return lang.L("Order temporary cards"), lang.L("Operators may order 1 to 9 temporary cards for the desk's stock.")
	case "usecase.abort_card_order.enabled":
		return lang.L("Abort card orders"), lang.L("Operators may abort an ordered card, personal or temporary, while it is still processing.")
	case "usecase.update_card_order.enabled":
		return lang.L("Update card orders"), lang.L("Operators may ask the producer for one card's status now instead of waiting for the sync.")
	case "usecase.temporary_cards.enabled":
		return lang.L("Temporary cards"), lang.L("Operators may initialize, assign, withdraw and lock temporary cards.")
	}
	return st.Key, st.Description
}

// settingGroup is the heading a key is shown under.
func settingGroup(key string) string {
	switch {
	case strings.HasPrefix(key, "station."), strings.HasPrefix(key, "desk."):
		return lang.L("Station")
	case strings.HasPrefix(key, "smtp."):
		return lang.L("E-mail to requesters")
	case strings.HasPrefix(key, "readers."):
		return lang.L("Card readers")
	case strings.HasPrefix(key, "backup."):
		return lang.L("Backups")
	case strings.HasPrefix(key, "production."):
		return lang.L("Card producer")
	case strings.HasPrefix(key, "usecase."):
		return lang.L("Use cases")
	}
	return lang.L("Other settings")
}
