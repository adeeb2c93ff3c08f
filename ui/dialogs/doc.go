// Package dialogs holds the dialogs every screen of the CardDesk desktop
// app shows the same way: the confirmation before something that cannot be
// undone, the error that explains itself, the form that stays open until
// its work succeeds, file pickers, importing and exporting a document
// through a file, and the stack that lets Escape close the newest dialog.
package dialogs
