// Package kit holds the small pieces every screen package of the UI needs
// the same way: background jobs that report back on the UI goroutine, a
// debouncer for search-as-you-type, dialog sizing and file pickers. It
// imports Fyne only, so ui and its screen packages can all use it.
package kit
