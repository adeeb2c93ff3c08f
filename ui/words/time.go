package words

import (
	"time"

	"fyne.io/fyne/v2/lang"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Date and time layouts of the whole UI (local time).
const (
	DateLayout     = "2006-01-02"
	DateTimeLayout = "2006-01-02 15:04"
)

// Time shows a stored moment in the station's time zone; zero is empty.
func Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(DateTimeLayout)
}

// Date is Time without the time of day; zero reads as never.
func Date(t time.Time) string {
	if t.IsZero() {
		return lang.L("Never")
	}
	return t.Local().Format(DateLayout)
}

// DateOrEmpty is Date for dates that may be unset.
func DateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Date(t)
}

// ClockTime shows a moment as a time of day, with the date when it is not
// today.
func ClockTime(t time.Time) string {
	t, now := t.Local(), time.Now()
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return t.Format("15:04")
	}
	return t.Format(DateTimeLayout)
}

// Int is n grouped the way the operator's locale writes numbers: 12,345.
func Int(n int) string {
	tag, err := language.Parse(lang.SystemLocale().LanguageString())
	if err != nil {
		tag = language.English
	}
	return message.NewPrinter(tag).Sprintf("%d", n)
}
