package settings

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/ui/widgets"
)

// newTestResult is the line under a tab's test of its settings (Send test
// mail, Test connection) that says how the test went; hidden until a test
// ran.
func newTestResult() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// sayResult shows how a test went on its result line.
func sayResult(result *widget.Label, text string, imp widget.Importance) {
	result.Importance = imp
	result.SetText(text)
	result.Show()
}

// testHelp tells that a test saves the edited settings first.
func testHelp() *widget.RichText {
	return widgets.Hint(lang.L("Unsaved changes are saved first; the test uses the saved settings."))
}

// testSaved saves what was edited, then runs test, which uses the saved
// settings; when a value was refused, result says so instead.
func (t *settingsForm) testSaved(result *widget.Label, test func()) {
	t.saveThen(func(ok bool) {
		if !ok {
			sayResult(result, lang.L("Correct the marked settings first."), widget.DangerImportance)
			return
		}
		test()
	})
}
