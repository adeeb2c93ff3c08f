// Package settings is the administrators' Settings screen of the CardDesk
// desktop app: request reasons, operator accounts, station settings, card
// formats (package formats), badge templates, the mail server and card
// production, one tab each.
package settings
