package templates

import (
	"errors"
	"fmt"
	"image"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/badgeview"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// maxPreviewDPI bounds the preview's resolution (a big zoom on a HiDPI
// screen would otherwise ask for huge images).
const maxPreviewDPI = 600

// Designer draws one badge template. Every change goes through change(),
// which records an undo step, marks the template changed and redraws;
// storing it is the caller's job, which reports refusals with ShowError.
type Designer struct {
	widget.BaseWidget

	// OnSave receives a copy of the template; it is only called when the
	// designer finds nothing wrong with it.
	OnSave func(*badge.Template)
	// OnCancel is called for Cancel, Close and Escape.
	OnCancel func()

	h     screen.Host
	st    *enroll.Station
	actor enroll.Actor
	jobs  *widgets.Jobs
	log   *zap.Logger
	admin bool

	tpl      *badge.Template
	sideName string
	sel      int // index into the side's elements, -1: none
	hist     history
	dirty    bool
	isNew    bool // not stored yet

	// fill is what the preview shows: sample values or a cardholder's.
	fill      badge.Badge
	render    *widgets.Debouncer
	renderSeq int
	// problems are what the engine found at the last check; fieldErrs what
	// the inputs of the selection (and the name) refuse as typed.
	problems  []badge.Problem
	fieldErrs map[string]string
	renderErr string // why the preview is a sketch, "" when it is drawn
	general   string

	// pickImage asks for a PNG or JPEG file; tests answer in its place.
	pickImage func(cb func(name string, data []byte, err error))

	ui *designerUI
}

// newDesigner opens t (a copy is edited) for the operator of h.
func newDesigner(h screen.Host, t *badge.Template) *Designer {
	d := &Designer{h: h, st: h.Station(), actor: h.Actor(), jobs: h.Jobs(), log: h.Log().Named("templates"),
		tpl: badgeview.Clone(t), sideName: badge.Front, sel: -1, fill: sampleBadge(), fieldErrs: map[string]string{}}
	d.admin = d.actor.Can(enroll.PermManageTemplates)
	if d.tpl.Format == "" {
		d.tpl.Format, d.tpl.Version = badge.FormatName, badge.Version
	}
	if d.tpl.Size == "" {
		d.tpl.Size = badge.SizeCR80
	}
	if d.tpl.Orientation == "" {
		d.tpl.Orientation = badge.Landscape
	}
	d.pickImage = d.openImageFile
	d.render = widgets.NewDebouncer(d.jobs, d.startRender)
	d.ExtendBaseWidget(d)
	d.ui = buildUI(d)
	d.refreshAll()
	d.render.Trigger()
	return d
}

func (d *Designer) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(d.ui.content)
}

// Template is a copy of the template as it stands.
func (d *Designer) Template() *badge.Template { return badgeview.Clone(d.tpl) }

// Dirty reports whether anything changed since the designer opened or
// was last saved.
func (d *Designer) Dirty() bool { return d.dirty }

// side is the side being edited.
func (d *Designer) side() *badge.Side {
	if d.sideName == badge.Back && d.tpl.Back != nil {
		return d.tpl.Back
	}
	return &d.tpl.Front
}

func (d *Designer) elements() []badge.Element { return d.side().Elements }

func (d *Designer) selected() (badge.Element, bool) {
	els := d.elements()
	if d.sel < 0 || d.sel >= len(els) {
		return badge.Element{}, false
	}
	return els[d.sel], true
}

func (d *Designer) snap() snapshot {
	return snapshot{tpl: badgeview.Clone(d.tpl), side: d.sideName, sel: d.sel}
}

// change records an undo step (one per run of edits with the same key),
// applies fn and redraws. fromProps says the properties panel made the
// change, so it keeps its inputs (and the cursor in them).
func (d *Designer) change(key string, fromProps bool, fn func()) {
	d.hist.push(d.snap(), key)
	fn()
	d.changed(fromProps)
}

func (d *Designer) changed(fromProps bool) {
	d.dirty = true
	d.general = ""
	// Typing waits for a pause before the preview follows; a click
	// (add, delete, undo…) redraws at once.
	if fromProps {
		d.ui.refreshChrome()
		d.render.Trigger()
		return
	}
	d.refreshAll()
	d.startRender()
}

// refreshAll shows the template as it stands in every part of the window.
func (d *Designer) refreshAll() {
	if d.sel >= len(d.elements()) {
		d.sel = -1
	}
	d.ui.loadProps()
	d.ui.refreshChrome()
}

// selectElement selects element i of the side (-1: none).
func (d *Designer) selectElement(i int) {
	if i >= len(d.elements()) {
		i = -1
	}
	if i == d.sel {
		return
	}
	d.sel = i
	d.hist.lastKey = ""
	d.refreshAll()
}

// showProblem selects the element a problem is about.
func (d *Designer) showProblem(p badge.Problem) {
	if p.Side == badge.Back && d.tpl.Back != nil {
		d.switchSide(badge.Back)
	} else if p.Side == badge.Front {
		d.switchSide(badge.Front)
	}
	d.sel = -1
	d.selectElement(p.Element - 1)
	if p.Element == 0 && p.Key == "name" {
		d.ui.focus(d.ui.name)
	}
}

func (d *Designer) switchSide(name string) {
	if name == d.sideName || (name == badge.Back && d.tpl.Back == nil) {
		return
	}
	d.sideName, d.sel = name, -1
	d.hist.lastKey = ""
	d.ui.view.preview = nil
	d.refreshAll()
	d.render.Trigger()
}

func (d *Designer) setTwoSided(on bool) {
	if on == (d.tpl.Back != nil) {
		return
	}
	d.change("", false, func() {
		if on {
			d.tpl.Back = &badge.Side{Background: "#ffffff", Elements: []badge.Element{}}
			d.sideName, d.sel = badge.Back, -1
			return
		}
		d.tpl.Back = nil
		if d.sideName == badge.Back {
			d.sideName, d.sel = badge.Front, -1
		}
	})
}

func (d *Designer) setOrientation(o string) {
	if o == d.tpl.Orientation {
		return
	}
	d.change("", false, func() { d.tpl.Orientation = o })
	d.ui.view.preview = nil
	d.ui.view.Refresh()
}

// addElement puts a new element of typ in the middle of the side and
// selects it; an image asks for its file first.
func (d *Designer) addElement(typ string) {
	if typ == badge.TypeImage {
		d.useImage(d.addImage)
		return
	}
	cw, ch := cardSize(d.tpl)
	e := newElement(typ, cw, ch)
	d.insert(e)
}

func (d *Designer) insert(e badge.Element) {
	d.change("", false, func() {
		s := d.side()
		s.Elements = append(s.Elements, e)
		d.sel = len(s.Elements) - 1
	})
	d.ui.focus(d.ui.view)
}

// setElement replaces the selected element with e (from the panel).
func (d *Designer) setElement(key string, e badge.Element) {
	if d.sel < 0 {
		return
	}
	d.change(fmt.Sprintf("prop:%s:%d:%s", d.sideName, d.sel, key), true, func() {
		d.side().Elements[d.sel] = e
	})
	d.ui.view.Refresh()
}

// beginDrag records the undo step of a drag before it changes anything.
func (d *Designer) beginDrag() {
	d.hist.push(d.snap(), "")
	d.ui.view.stale = true
}

// dragTo moves element i while the mouse drags it.
func (d *Designer) dragTo(i int, e badge.Element) {
	els := d.elements()
	if i < 0 || i >= len(els) || els[i] == e {
		return
	}
	els[i] = e
	d.dirty = true
	d.ui.props.showBox(e)
	d.ui.view.Refresh()
	d.render.Trigger()
}

func (d *Designer) endDrag() {
	d.hist.lastKey = ""
	d.ui.refreshChrome()
	d.render.Trigger()
}

// nudge moves the selection by dx, dy mm.
func (d *Designer) nudge(dx, dy float64) {
	e, ok := d.selected()
	if !ok {
		return
	}
	e.X, e.Y = round2(e.X+dx), round2(e.Y+dy)
	d.change(fmt.Sprintf("nudge:%s:%d", d.sideName, d.sel), false, func() { d.side().Elements[d.sel] = e })
}

func (d *Designer) deleteSelected() {
	if _, ok := d.selected(); !ok {
		return
	}
	d.change("", false, func() {
		s := d.side()
		s.Elements = slices.Delete(s.Elements, d.sel, d.sel+1)
		d.sel = min(d.sel, len(s.Elements)-1)
	})
}

// duplicateSelected puts a copy 2 mm lower right, in front of the rest.
func (d *Designer) duplicateSelected() {
	e, ok := d.selected()
	if !ok {
		return
	}
	cw, ch := cardSize(d.tpl)
	e.X, e.Y = min(e.X+2, max(cw-e.W, 0)), min(e.Y+2, max(ch-e.H, 0))
	d.insert(e)
}

// moveZ moves the selection by one place in the z-order: +1 forward.
func (d *Designer) moveZ(by int) {
	j := d.sel + by
	if _, ok := d.selected(); !ok || j < 0 || j >= len(d.elements()) {
		return
	}
	d.change("", false, func() {
		els := d.side().Elements
		els[d.sel], els[j] = els[j], els[d.sel]
		d.sel = j
	})
}

func (d *Designer) undo() { d.restore(d.hist.undo(d.snap())) }
func (d *Designer) redo() { d.restore(d.hist.redo(d.snap())) }

func (d *Designer) restore(s snapshot, ok bool) {
	if !ok {
		return
	}
	d.tpl, d.sideName, d.sel = s.tpl, s.side, s.sel
	if d.sideName == badge.Back && d.tpl.Back == nil {
		d.sideName = badge.Front
	}
	clear(d.fieldErrs)
	d.changed(false)
}

// shortcut handles the designer's keys where the card has the focus.
func (d *Designer) shortcut(sc fyne.Shortcut) {
	if !d.admin {
		return
	}
	switch sc.ShortcutName() {
	case shortcutUndo.ShortcutName(), shortcutUndoCtrl.ShortcutName():
		d.undo()
	case shortcutRedo.ShortcutName(), shortcutRedoShift.ShortcutName(), shortcutRedoCtrl.ShortcutName():
		d.redo()
	}
}

func (d *Designer) typedKey(ev *fyne.KeyEvent) { widgets.ForwardKey(d.ui.view, ev) }

// setFill fills the preview with b (a cardholder's or the sample).
func (d *Designer) setFill(b badge.Badge) {
	d.fill = b
	d.render.Trigger()
}

func (d *Designer) scaleChanged() { d.render.Trigger() }

// renderResult is what a render job hands back.
type renderResult struct {
	img      *image.RGBA
	err      error
	problems []badge.Problem
	checkErr error
}

// startRender draws the side off the UI goroutine at the zoom's
// resolution and checks the template; a newer request wins.
func (d *Designer) startRender() {
	d.renderSeq++
	seq, t, side, fill := d.renderSeq, badgeview.Clone(d.tpl), d.sideName, d.fill
	scale := float64(d.ui.view.scale)
	if scale <= 0 {
		scale = float64(unitsPerMM100)
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(d.ui.view); c != nil {
		scale *= float64(c.Scale())
	}
	dpi := min(scale*25.4, maxPreviewDPI)
	d.ui.setRendering(true)
	widgets.Go(d.jobs, func() (renderResult, error) {
		var r renderResult
		if err := t.Check(); err != nil {
			var bad *badge.Error
			if errors.As(err, &bad) {
				r.problems = bad.Problems
			} else {
				r.checkErr = err
			}
		}
		r.img, r.err = badge.Render(t, side, fill, dpi)
		return r, nil
	}, func(r renderResult, _ error) {
		if seq != d.renderSeq {
			return
		}
		d.ui.setRendering(false)
		d.problems = r.problems
		if r.checkErr != nil {
			d.log.Debug("check template", zap.Error(r.checkErr))
		}
		v := d.ui.view
		v.stale = false
		d.renderErr = ""
		if r.err == nil && r.img != nil {
			v.preview = r.img
		} else {
			v.preview = nil
			d.log.Debug("render template", zap.Error(r.err))
			if len(r.problems) == 0 && r.err != nil {
				d.renderErr = lang.X("templates.render.error", "The preview cannot be drawn: {{.Reason}}",
					map[string]any{"Reason": renderReason(r.err)})
			}
		}
		v.Refresh()
		d.ui.showProblems()
	})
}

// submit saves when nothing is wrong: no input refuses what was typed and
// the engine finds no problem.
func (d *Designer) submit() {
	if !d.admin {
		return
	}
	d.general = ""
	if len(d.fieldErrs) > 0 {
		d.setGeneral(lang.L("Nothing was saved; correct the marked fields first."))
		return
	}
	if err := d.tpl.Check(); err != nil {
		d.ShowError(err)
		return
	}
	d.problems = nil
	d.ui.showProblems()
	if d.OnSave != nil {
		d.OnSave(badgeview.Clone(d.tpl))
	}
}

// Saved tells the designer its template is stored as it stands.
func (d *Designer) Saved() {
	d.dirty = false
	d.ui.refreshChrome()
}

// ShowError shows why the template was not saved: each problem at its
// input and in the list of problems, anything else on the general line.
func (d *Designer) ShowError(err error) {
	var (
		bad    *badge.Error
		exists *enroll.TemplateExistsError
	)
	switch {
	case errors.As(err, &bad):
		d.problems = bad.Problems
		d.setGeneral(lang.L("Nothing was saved; correct the problems listed below."))
	case errors.As(err, &exists):
		d.problems = append(slices.Clone(d.problems), badge.Problem{Key: "name", Msg: words.Explain(err)})
		d.setGeneral(words.Explain(err))
	default:
		d.setGeneral(words.Explain(err))
	}
	d.ui.showProblems()
}

func (d *Designer) setGeneral(text string) {
	d.general = text
	d.ui.showProblems()
}

// SetBusy disables saving while the station stores the template.
func (d *Designer) SetBusy(on bool) { widgets.SetEnabled(d.ui.save, !on && d.admin) }

// renderReason says why the engine could not draw the preview: where and
// what, without the heading a refused template gets.
func renderReason(err error) string {
	var bad *badge.Error
	if !errors.As(err, &bad) || len(bad.Problems) == 0 {
		return words.Explain(err)
	}
	lines := make([]string, len(bad.Problems))
	for i, p := range bad.Problems {
		lines[i] = words.BadgeProblemLine(p)
	}
	return strings.Join(lines, "; ")
}
