package devices

import (
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/words"
)

// cardText is what the Last card cell shows.
type cardText struct {
	main, sub  string
	importance widget.Importance
}

// lastCard words a reader's last card: the credential it reads as (or why
// it could not be read) and, smaller, when and what the reader delivered.
func lastCard(st enroll.ReaderState, formats map[string]cardformat.Format) cardText {
	read := st.LastRead
	if read == nil && st.LastErr == nil {
		return cardText{main: lang.L("No card yet"), importance: widget.LowImportance}
	}
	var when, raw string
	if read != nil {
		when, raw = readTime(read.At), rawRead(*read)
	}
	sub := strings.Join(slices.DeleteFunc([]string{when, raw}, func(s string) bool { return s == "" }), " · ")
	if st.LastErr != nil {
		return cardText{main: readProblem(st.LastErr), sub: sub, importance: widget.DangerImportance}
	}
	cred, ok := readCredentialText(*read, formats)
	imp := widget.MediumImportance
	if !ok {
		imp = widget.WarningImportance
	}
	return cardText{main: cred, sub: sub, importance: imp}
}

// lastCardDetail is the full sentence under the list for the selected
// reader, coloured as its Last card cell.
func lastCardDetail(st enroll.ReaderState, formats map[string]cardformat.Format) (string, widget.Importance) {
	data := map[string]any{"Reader": st.Info.Name, "At": "", "Raw": ""}
	if st.LastRead != nil {
		data["At"], data["Raw"] = readTime(st.LastRead.At), rawRead(*st.LastRead)
	}
	if st.LastErr != nil {
		data["Problem"] = words.Explain(st.LastErr)
		return lang.X("devices.detail.bad", "{{.Reader}}, last card at {{.At}} ({{.Raw}}): {{.Problem}}", data), widget.DangerImportance
	}
	card, ok := readCredentialText(*st.LastRead, formats)
	if !ok {
		data["Problem"] = card
		return lang.X("devices.detail.bad", "{{.Reader}}, last card at {{.At}} ({{.Raw}}): {{.Problem}}", data), widget.WarningImportance
	}
	data["Card"] = card
	return lang.X("devices.detail", "{{.Reader}}, last card at {{.At}} ({{.Raw}}): reads as {{.Card}}", data), widget.MediumImportance
}

// readTime is the time of a read to the second (cards follow each other
// quickly at a desk), with the date when it is not today.
func readTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t, now := t.Local(), time.Now()
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return t.Format("15:04:05")
	}
	return t.Format(words.DateLayout + " 15:04:05")
}

// rawRead is what the reader delivered: typed text, a UID or bits.
func rawRead(r enroll.CardRead) string {
	switch {
	case r.Typed != "":
		return lang.X("devices.typed", "typed “{{.Text}}”", map[string]any{"Text": r.Typed})
	case len(r.UID) > 0:
		return lang.X("devices.uid", "UID {{.UID}}", map[string]any{"UID": strings.ToUpper(hex.EncodeToString(r.UID))})
	case r.Bits != "":
		return lang.X("devices.bits", "{{.N}} bits", map[string]any{"N": len(r.Bits)})
	}
	return ""
}

// readCredentialText is the credential a read enrolls as, e.g. "Standard
// 26-bit (H10301) · Facility code 12 · Card number 5" or "CSN 32-bit ·
// 04A1B2C3"; ok is false when the read
// does not make a sound credential (wrong parity, a UID of no csn length).
func readCredentialText(r enroll.CardRead, formats map[string]cardformat.Format) (string, bool) {
	if r.Format == "" || r.Bits == "" {
		f, _, err := cardformat.CSNFromUID(r.UID)
		if err != nil {
			return lang.X("devices.uidlength",
				"A {{.N}}-byte serial number fits no card serial number format; choose a format in Reader settings",
				map[string]any{"N": len(r.UID)}), false
		}
		return words.FormatName(f.ID) + " · " + strings.ToUpper(hex.EncodeToString(r.UID)), true
	}
	f, ok := formats[r.Format]
	if !ok {
		return words.FormatName(r.Format) + " " + r.Bits, true // the catalogue is still loading
	}
	b, err := f.ParseBits(r.Bits)
	if err != nil {
		return words.FormatName(r.Format) + " " + r.Bits, false
	}
	d, err := f.Decode(b)
	if err != nil {
		return words.FormatName(r.Format) + " " + r.Bits, false
	}
	fields := make(map[string]string, len(d.Fields))
	for k, val := range d.Fields {
		fields[k] = val.String()
	}
	text := words.CredentialLabel(enroll.Credential{Format: f.ID, Fields: fields})
	if !d.ParityOK {
		return lang.X("devices.parity", "{{.Card}} (parity does not match: not a card in this format?)", map[string]any{"Card": text}), false
	}
	return text, true
}

// readProblem words a failed read for the Last card column, briefly.
func readProblem(err error) string {
	var bad *enroll.BadReadError
	if errors.As(err, &bad) {
		return lang.X("devices.badread", "Not readable as {{.Format}}: {{.Reason}}",
			map[string]any{"Format": words.FormatName(bad.Format), "Reason": words.ReadReason(bad)})
	}
	return words.Explain(err)
}
