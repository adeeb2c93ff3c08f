package widgets

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// DocActions are what the buttons above a DocList do.
type DocActions struct {
	New, Import                     func()
	Open, Duplicate, Delete, Export func()
}

// DocButtons are the buttons above a DocList: two that add a document, and
// those that act on the selected one. Every such screen words and draws
// them the same way.
type DocButtons struct {
	New, Import                *widget.Button
	Open, Copy, Delete, Export *widget.Button
}

// NewDocButtons builds the buttons; newLabel names the document ("New
// format…"). Only admin may add documents.
func NewDocButtons(newLabel string, admin bool, do DocActions) DocButtons {
	b := DocButtons{
		New:    widget.NewButtonWithIcon(newLabel, theme.ContentAddIcon(), do.New),
		Import: widget.NewButtonWithIcon(lang.L("Import…"), theme.DownloadIcon(), do.Import),
		Open:   widget.NewButtonWithIcon(lang.L("Open"), theme.DocumentCreateIcon(), do.Open),
		Copy:   widget.NewButtonWithIcon(lang.L("Duplicate…"), theme.ContentCopyIcon(), do.Duplicate),
		Delete: widget.NewButtonWithIcon(lang.L("Delete…"), theme.DeleteIcon(), do.Delete),
		Export: widget.NewButtonWithIcon(lang.L("Export…"), theme.UploadIcon(), do.Export),
	}
	b.New.Importance = widget.HighImportance
	if !admin {
		b.New.Disable()
		b.Import.Disable()
	}
	return b
}
