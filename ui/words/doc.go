// Package words puts what the station says into the operator's language:
// every error a screen may meet (Explain), the names of statuses, roles,
// readers and activation options, card numbers, dates and times. One
// function per thing, so the same error or status reads the same on every
// screen and in every dialog.
package words
