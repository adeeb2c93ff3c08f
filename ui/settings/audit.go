package settings

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// auditTab checks the audit log's hash chain (enroll.AuditLog.Verify) and
// shows how the last check went: when it ran, and whether every event
// checks out or which one breaks the chain. It checks by itself the first
// time it is shown; Verify now checks again.
type auditTab struct {
	h      screen.Host
	box    fyne.CanvasObject
	verify *widget.Button
	// result is intact or broken, detail what follows from it (the newest
	// event's hash to keep, or how many events before the break check
	// out), checked when the check ran.
	result, detail, checked *widget.Label
	// checkedOnce: a check ran (or is running) since the screen was built.
	checkedOnce bool
}

func newAuditTab(h screen.Host) *auditTab {
	a := &auditTab{h: h, result: newTestResult(), detail: newTestResult(), checked: widget.NewLabel(lang.L("Not checked yet."))}
	a.verify = widget.NewButtonWithIcon(lang.L("Verify now"), theme.ViewRefreshIcon(), a.check)
	help := widgets.Hint(lang.L("Every audit event carries a hash of its content and of the event before it. The check reads the whole audit log and names the first event that was changed, removed or added behind CardDesk's back."))
	help.Wrapping = fyne.TextWrapWord
	a.box = container.NewVScroll(container.NewVBox(widgets.Bold(lang.L("Audit trail")), help,
		container.NewHBox(a.verify), a.checked, a.result, a.detail))
	return a
}

// shown checks the chain the first time the tab is opened; later openings
// keep the last result until Verify now.
func (a *auditTab) shown() {
	if !a.checkedOnce {
		a.check()
	}
}

// check verifies the chain off the UI goroutine; a long log takes a while.
func (a *auditTab) check() {
	a.checkedOnce = true
	a.verify.Disable()
	a.checked.SetText(lang.L("Checking the audit trail…"))
	jobs, st, actor := a.h.Jobs(), a.h.Station(), a.h.Actor()
	widgets.Go(jobs, func() (enroll.AuditVerification, error) {
		return st.Audit.Verify(jobs.Context(), actor)
	}, a.show)
}

// show puts a check's outcome on the tab.
func (a *auditTab) show(v enroll.AuditVerification, err error) {
	a.verify.Enable()
	if err != nil {
		a.checked.SetText(lang.L("The audit trail could not be checked."))
		sayResult(a.result, words.Explain(err), widget.DangerImportance)
		a.detail.Hide()
		return
	}
	a.checked.SetText(lang.X("audit.verify.checked", "Last checked: {{.When}}", map[string]any{"When": words.Time(v.CheckedAt)}))
	if v.Intact() {
		a.showIntact(v)
		return
	}
	sayResult(a.result, brokenText(*v.Break), widget.DangerImportance)
	sayResult(a.detail, lang.X("audit.verify.before", "The {{.Count}} events before it check out; the events after it were not checked.",
		map[string]any{"Count": words.Int(int(v.Events))}), widget.MediumImportance)
}

func (a *auditTab) showIntact(v enroll.AuditVerification) {
	if v.Events == 0 {
		sayResult(a.result, lang.L("Intact: the audit log holds no events yet."), widget.SuccessImportance)
		a.detail.Hide()
		return
	}
	sayResult(a.result, lang.X("audit.verify.intact", "Intact: all {{.Count}} events check out.",
		map[string]any{"Count": words.Int(int(v.Events))}), widget.SuccessImportance)
	sayResult(a.detail, lang.X("audit.verify.head",
		"Newest event: #{{.Seq}}, hash {{.Hash}}. Keep this hash elsewhere: only a kept hash shows that the log was not rewritten from some event on.",
		map[string]any{"Seq": v.Head.Seq, "Hash": v.Head.Hash}), widget.MediumImportance)
}

// brokenText names the event where the chain breaks and how.
func brokenText(b enroll.AuditBreak) string {
	ev := lang.X("audit.verify.event", "event {{.ID}} ({{.At}}, {{.Action}})", map[string]any{
		"ID": b.Event.ID, "At": b.Event.At.Local().Format("2006-01-02 15:04:05"), "Action": words.AuditAction(b.Event.Action)})
	data := map[string]any{"Event": ev, "From": b.MissingFrom, "To": b.MissingTo, "Seq": b.Event.Seq, "After": b.After.Seq}
	switch b.Kind {
	case enroll.AuditChanged:
		return lang.X("audit.verify.changed", "Broken: {{.Event}} was changed; it no longer matches its hash.", data)
	case enroll.AuditMissing:
		if b.MissingFrom == b.MissingTo {
			return lang.X("audit.verify.missing.one", "Broken: event #{{.From}} of the chain is missing, just before {{.Event}}.", data)
		}
		return lang.X("audit.verify.missing", "Broken: events #{{.From}} to #{{.To}} of the chain are missing, just before {{.Event}}.", data)
	case enroll.AuditUnlinked:
		return lang.X("audit.verify.unlinked", "Broken: {{.Event}} does not follow the event before it; that event was replaced, or events were reordered.", data)
	case enroll.AuditInserted:
		return lang.X("audit.verify.inserted", "Broken: {{.Event}} has no place in the chain (#{{.Seq}} after #{{.After}}); it was added behind CardDesk's back.", data)
	}
	return lang.X("audit.verify.broken", "Broken at {{.Event}}.", data)
}
