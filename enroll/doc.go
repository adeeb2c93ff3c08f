// Package enroll is CardDesk's domain: cardholders, credentials, card requests,
// card orders, operators, permissions and the audit trail. It declares the small
// interfaces it needs from the outside (storage, clock) and knows nothing of Fyne,
// SQL drivers or USB, so the desktop UI and the CLI share one set of rules.
package enroll
