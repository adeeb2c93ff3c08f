// Package cardholders is the Cardholders screen of the CardDesk station: a
// virtualized, searchable list of every cardholder, the add/edit dialog, CSV
// import and export, and the "Request card" dialog.
//
// The screen never holds all cardholders in memory: it keeps the number of
// matches and a small cache of pages that are loaded off the UI goroutine as
// the list scrolls, so it stays smooth at 100,000 rows.
package cardholders
