// Package screen is the contract between the shell of the CardDesk
// desktop app and its screens: what a screen gets from the shell (Host)
// and what the shell asks of a screen (Screen). Each screen lives in a
// package of its own and sees the station only through its services.
package screen

import (
	"fyne.io/fyne/v2"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/widgets"
)

// Host is what a screen gets from the shell: the window with its dialog
// stack, the station's services, who is signed in, the session's jobs and
// the status bar.
type Host interface {
	dialogs.Host
	Station() *enroll.Station
	Actor() enroll.Actor
	// Jobs run the screen's slow work; their context ends with the
	// session, so queries stop when the operator signs out or quits.
	Jobs() *widgets.Jobs
	Log() *zap.Logger
	// Flash shows the result of an action in the status bar for a while;
	// FlashError shows a failure the same way, in the danger colour.
	Flash(text string)
	FlashError(text string)
	// Changed is called after this station changed data, so counts and
	// lists do not wait for the next tick; Answered after it answered a
	// card request, so the requester's mail leaves at once too.
	Changed()
	Answered()
	// Readers are the station's card readers; nil when it has none.
	Readers() *Readers
}

// Screen is one section of the main window.
type Screen interface {
	Content() fyne.CanvasObject
	// Shown is called every time the section is opened: show fresh data.
	Shown()
}

// Searcher is a screen with a search box, which Find (Ctrl+F) focuses.
type Searcher interface {
	FocusSearch()
}

// Stopper is a screen with work of its own to end when the session ends
// (a reader that waits for a card).
type Stopper interface {
	Stop()
}

// Follower is a screen that shows changes made at other stations as they
// happen. On a database that reports them (enroll.Live, PostgreSQL) the
// shell calls ChangedElsewhere on the screen on display with each batch
// of changes; a screen opened later reads afresh in Shown anyway. The
// screen reads again what it shows of those topics, read-only, keeping
// the filter, the selection and the scroll position, without taking the
// focus or touching an open dialog. This station's own changes come too:
// reading again is harmless.
type Follower interface {
	ChangedElsewhere(topics enroll.ChangeTopics)
}
