// Package widgets holds the building blocks every screen of the CardDesk
// desktop app uses the same way: background jobs that report back on the
// UI goroutine, the page cache behind long lists, the table columns, the
// entry that lets Escape close its dialog, forms with a message under each
// input, selection lists, the document list with its buttons (card
// formats, badge templates), badges and the small text styles.
//
// One block per job, so the same thing looks and behaves the same on every
// screen. It imports Fyne and enroll's types, never storage or devices.
package widgets
