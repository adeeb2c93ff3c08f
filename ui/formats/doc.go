// Package formats is the Settings > Card formats screen of the CardDesk
// station: the catalogue of built-in and custom card formats, the editor
// for custom Wiegand formats with its live bit map and test pane, and
// import and export of format files.
//
// The editor checks the definition on every key with cardformat.Validate,
// so the bit map, the problems at each row and the test pane follow the
// typing; the station checks it again when it is saved.
package formats
