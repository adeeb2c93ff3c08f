// Package settings is the administrators' Settings screen of the CardDesk
// desktop app: request reasons, operator accounts, station settings, card
// formats (package formats) and the mail server, one tab each.
package settings
