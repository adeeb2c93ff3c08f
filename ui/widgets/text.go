package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Hint is quiet secondary text (counts, shortcuts, explanations): the
// placeholder colour stays readable where a low-importance label would not.
func Hint(text string) *widget.RichText {
	return widget.NewRichText(&widget.TextSegment{Text: text, Style: widget.RichTextStyle{
		ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameCaptionText, Inline: true}})
}

// SetHint changes a Hint's text.
func SetHint(rt *widget.RichText, text string) {
	seg := rt.Segments[0].(*widget.TextSegment)
	if seg.Text == text {
		return
	}
	seg.Text = text
	rt.Refresh()
}

// Message is the small red caption under an input or a row that says what
// is wrong; it takes no room while there is nothing to say.
func Message() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.SizeName = theme.SizeNameCaptionText
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// Problem is a red sentence at normal size (a form's general message, a
// dialog's refusal); hidden while empty.
func Problem() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// SetMessage shows text in a Message or Problem label, or hides it when
// text is empty.
func SetMessage(l *widget.Label, text string) {
	if text == l.Text && l.Visible() == (text != "") {
		return
	}
	l.Text = text
	l.Hidden = text == ""
	l.Refresh()
}

// InfoLine is a plain explanation with an info icon.
func InfoLine(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, l)
}

// Heading is a section's title.
func Heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// Bold is a bold label.
func Bold(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// SetEnabled enables or disables a widget.
func SetEnabled(w fyne.Disableable, on bool) {
	if on == !w.Disabled() {
		return
	}
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// Shorten cuts s to n characters with an ellipsis.
func Shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
