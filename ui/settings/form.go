package settings

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// settingsForm edits station settings as a form built from the keys the
// station knows, each value checked by the station when saved. The Station
// tab and the Mail tab each show their own keys.
type settingsForm struct {
	h       screen.Host
	box     fyne.CanvasObject
	body    *fyne.Container
	fields  *widgets.FieldSet
	inputs  map[string]settingInput
	keys    []string
	include func(key string) bool
	// renamed is called after the station's name was saved.
	renamed func()
	save    *widget.Button
	undo    *widget.Button
	busy    bool
	// after holds rows shown in the input column right under a key's row
	// (the Card production tab's connection test); set before the first load.
	after map[string]fyne.CanvasObject
	// loaded, if set, is called with the settings each time they were read.
	loaded func(list []enroll.Setting)
}

type settingChange struct{ key, value string }

// newStationTab is every setting but the mail server's (see the Mail tab)
// and card production's (see the Card production tab), with the backups
// under them.
func newStationTab(h screen.Host, renamed func()) *settingsForm {
	backups := newBackupPanel(h)
	t := newSettingsForm(h, func(key string) bool { return !isMailKey(key) && !isProductionKey(key) }, backups.box, renamed)
	t.loaded = func([]enroll.Setting) { backups.reload() } // a saved backup.keep or backup.dir shows at once
	return t
}

func isMailKey(key string) bool { return strings.HasPrefix(key, "smtp.") }

// newSettingsForm shows the keys include accepts; extra goes under the form.
func newSettingsForm(h screen.Host, include func(string) bool, extra fyne.CanvasObject, renamed func()) *settingsForm {
	t := &settingsForm{h: h, fields: widgets.NewFieldSet(), inputs: map[string]settingInput{}, include: include, renamed: renamed}
	t.body = container.NewVBox()
	t.save = widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), t.saveChanges)
	t.save.Importance = widget.HighImportance
	t.undo = widget.NewButtonWithIcon(lang.L("Undo changes"), theme.ContentUndoIcon(), t.reload)
	buttons := container.NewHBox(layout.NewSpacer(), t.undo, t.save)
	content := fyne.CanvasObject(t.body)
	if extra != nil {
		content = container.NewVBox(t.body, extra)
	}
	t.box = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), buttons), nil, nil,
		container.NewVScroll(container.NewPadded(content)))
	return t
}

// reload shows the stored values, dropping unsaved edits.
func (t *settingsForm) reload() { t.load(nil) }

// load reads the settings; inputs named in keep hold on to what was typed.
func (t *settingsForm) load(keep map[string]bool) {
	jobs, st, actor := t.h.Jobs(), t.h.Station(), t.h.Actor()
	widgets.Go(jobs, func() ([]enroll.Setting, error) {
		return st.Settings.List(jobs.Context(), actor)
	}, func(list []enroll.Setting, err error) {
		if err != nil {
			t.h.FlashError(words.Explain(err))
			return
		}
		if len(t.keys) == 0 {
			t.build(list)
		}
		if keep == nil {
			t.fields.Clear()
		}
		for _, st := range list {
			if in, ok := t.inputs[st.Key]; ok && !keep[st.Key] {
				in.set(st)
			}
		}
		if t.loaded != nil {
			t.loaded(list)
		}
	})
}

// build lays out one form per group of keys, in the station's key order.
func (t *settingsForm) build(list []enroll.Setting) {
	var groups []string
	byGroup := map[string][]fyne.CanvasObject{}
	for _, st := range list {
		if !t.include(st.Key) {
			continue
		}
		in := newSettingInput(st, t.inForce(st.Key))
		t.inputs[st.Key] = in
		t.keys = append(t.keys, st.Key)
		if e, ok := in.(*textInput); ok {
			e.entry.OnSubmitted = func(string) { t.saveChanges() }
		}
		label, help := settingText(st)
		f := t.fields.Add(st.Key, label, in.object())
		obj := f.WithMessage()
		if help != "" {
			h := widgets.Hint(help)
			h.Wrapping = fyne.TextWrapWord
			obj = container.NewVBox(obj, h)
		}
		if tg, ok := in.(*toggleInput); ok {
			obj = container.NewVBox(obj, tg.note)
		}
		g := settingGroup(st.Key)
		if _, seen := byGroup[g]; !seen {
			groups = append(groups, g)
		}
		byGroup[g] = append(byGroup[g], f.Label, obj)
		if extra, ok := t.after[st.Key]; ok {
			byGroup[g] = append(byGroup[g], layout.NewSpacer(), extra)
		}
	}
	// One form for all groups keeps the inputs in one column; a group's
	// heading takes the label column of its own row.
	var objs []fyne.CanvasObject
	for _, g := range groups {
		objs = append(objs, widgets.Bold(g), layout.NewSpacer())
		objs = append(objs, byGroup[g]...)
	}
	t.body.Add(container.New(layout.NewFormLayout(), objs...))
	t.body.Add(t.fields.General)
}

// inForce tells what the running station uses for a reader option; nil
// for keys that take effect at once.
func (t *settingsForm) inForce(key string) func() force {
	r := t.h.Readers()
	if r == nil || r.Hub == nil {
		return nil
	}
	switch key {
	case "readers.simulated.enabled":
		return func() force {
			f := r.Hub.InForce()
			if f.Demo && f.Simulated {
				return force{on: true, fixed: lang.L("Always on in the demo.")}
			}
			return force{on: f.Simulated}
		}
	case "readers.ccid.enabled":
		return func() force {
			f := r.Hub.InForce()
			if f.NoDirectUSB {
				return force{fixed: words.NoDirectUSB()}
			}
			return force{on: f.CCID}
		}
	}
	return nil
}

func (t *settingsForm) changes() []settingChange {
	var out []settingChange
	for _, key := range t.keys {
		if v, ok := t.inputs[key].edited(); ok {
			out = append(out, settingChange{key, v})
		}
	}
	return out
}

// saveChanges stores every edited value, all or none; each refused value
// keeps its text and gets its message.
func (t *settingsForm) saveChanges() { t.saveThen(nil) }

// saveThen saves, then calls then (if not nil) with whether everything was saved.
func (t *settingsForm) saveThen(then func(ok bool)) {
	if t.busy {
		return
	}
	t.fields.Clear()
	changes := t.changes()
	if len(changes) == 0 {
		if then != nil {
			then(true)
			return
		}
		t.h.Flash(lang.L("No changes to save"))
		return
	}
	t.setBusy(true)
	jobs, st, actor := t.h.Jobs(), t.h.Station(), t.h.Actor()
	widgets.Go(jobs, func() (map[string]error, error) {
		kvs := make([]enroll.KeyValue, len(changes))
		for i, c := range changes {
			kvs[i] = enroll.KeyValue{Key: c.key, Value: c.value}
		}
		return failedKeys(changes, st.Settings.SetMany(jobs.Context(), actor, kvs)), nil
	}, func(failed map[string]error, _ error) {
		t.setBusy(false)
		t.saved(changes, failed)
		if then != nil {
			then(len(failed) == 0)
		}
	})
}

// failedKeys spreads the one error of an all-or-none save over the keys it
// names; an error that names none (permission, database) marks every key.
func failedKeys(changes []settingChange, err error) map[string]error {
	failed := map[string]error{}
	if err == nil {
		return failed
	}
	var invalid *enroll.ValidationError
	if errors.As(err, &invalid) {
		for _, c := range changes {
			if invalid.For(c.key) != "" {
				failed[c.key] = err
			}
		}
		if len(failed) > 0 {
			return failed
		}
	}
	for _, c := range changes {
		failed[c.key] = err
	}
	return failed
}

func (t *settingsForm) saved(changes []settingChange, failed map[string]error) {
	keep := map[string]bool{}
	renamed := false
	for _, c := range changes {
		err, bad := failed[c.key]
		if !bad {
			renamed = renamed || (len(failed) == 0 && c.key == "station.name")
			continue
		}
		keep[c.key] = true
		var invalid *enroll.ValidationError
		if errors.As(err, &invalid) && invalid.For(c.key) != "" {
			t.fields.Set(c.key, invalid.LocalizedFor(c.key, lang.X))
		} else {
			t.fields.Set(c.key, words.Explain(err))
		}
	}
	if len(failed) > 0 {
		t.h.FlashError(lang.L("Nothing was saved; correct the marked fields"))
		for _, c := range changes { // keep every edit: none of them was stored
			keep[c.key] = true
		}
	} else {
		t.h.Flash(savedText(len(changes)))
	}
	if renamed && t.renamed != nil {
		t.renamed()
	}
	t.load(keep)
}

// savedText says how many settings were saved, in words that fit the count.
func savedText(n int) string {
	if n == 1 {
		return lang.L("Setting saved")
	}
	return lang.X("settings.saved", "{{.N}} settings saved", map[string]any{"N": n})
}

func (t *settingsForm) setBusy(on bool) {
	t.busy = on
	widgets.SetEnabled(t.save, !on)
	widgets.SetEnabled(t.undo, !on)
}
