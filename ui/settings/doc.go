// Package settings is the administrators' Settings screen of the CardDesk
// desktop app: request reasons, operator accounts, station settings, card
// formats (package formats), badge templates, the mail server, card
// production and the audit trail's check, one tab each.
package settings
