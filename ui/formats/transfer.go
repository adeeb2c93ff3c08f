package formats

import (
	"errors"

	"fyne.io/fyne/v2/lang"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

// maxFileRead bounds what is read of a chosen file: cardformat refuses
// anything over 1 MiB anyway.
const maxFileRead = 1<<20 + 1

func (s *Screen) importFormat() {
	s.files.Import(func(name string, data []byte) func() { return s.runImport(name, data, false) })
}

// runImport stores the format in data (off the UI goroutine) and returns
// what to show. A custom format with the same id is replaced only after
// the operator says so.
func (s *Screen) runImport(name string, data []byte, replace bool) func() {
	fi, err := s.st.Formats.Import(s.jobs.Context(), s.actor, data, replace)
	return func() {
		var exists *enroll.FormatExistsError
		switch {
		case errors.As(err, &exists) && !exists.Builtin && !replace:
			s.askReplace(name, exists.ID, data)
		case err != nil:
			s.files.ImportFailed(name, err)
		default:
			s.log.Info("format imported", zap.String("file", name), zap.String("id", fi.Format.ID))
			s.h.Flash(lang.X("formats.imported", "Card format {{.ID}} imported from {{.File}}",
				map[string]any{"ID": fi.Format.ID, "File": name}))
			s.list.Keep(fi.Format.ID)
			s.reload()
		}
	}
}

func (s *Screen) askReplace(name, id string, data []byte) {
	msg := lang.X("formats.replace.confirm", "This station already has a custom format {{.ID}}. Replace it with the one in {{.File}}?",
		map[string]any{"ID": id, "File": name})
	s.ask.Confirm(lang.L("Replace the existing format?"), msg, lang.L("Replace"), func() {
		s.jobs.Run(func() func() { return s.runImport(name, data, true) })
	})
}

func (s *Screen) exportSelected() {
	if fi, ok := s.list.Current(); ok {
		s.export(fi.Format)
	}
}

// export offers f's format file to save.
func (s *Screen) export(f cardformat.Format) {
	fetch := func() ([]byte, error) { return s.st.Formats.Export(s.jobs.Context(), s.actor, f.ID) }
	s.files.Export(f.ID+".json", fetch, func(file, where string) {
		s.log.Info("format exported", zap.String("id", f.ID), zap.String("file", where))
		s.h.Flash(lang.X("formats.exported", "Card format {{.ID}} exported to {{.File}}", map[string]any{"ID": f.ID, "File": file}))
	})
}
