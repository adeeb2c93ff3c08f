package words

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
)

// explainBadge words the badge-template refusals: a template or template
// file with problems (every one, a line each) and the catalogue's.
func explainBadge(err error) (string, bool) {
	var (
		bad    *badge.Error
		exists *enroll.TemplateExistsError
		inUse  *enroll.TemplateInUseError
	)
	switch {
	case errors.As(err, &bad):
		return BadgeProblems(bad), true
	case errors.As(err, &exists):
		return lang.X("error.template.exists", "A badge template named {{.Name}} already exists. Choose another name.",
			map[string]any{"Name": exists.Name}), true
	case errors.As(err, &inUse):
		return lang.X("error.template.inuse", "The badge template {{.Name}} cannot be deleted: {{.N}} pending card requests use it. Give them another template first.",
			map[string]any{"Name": inUse.Name, "N": inUse.Requests}), true
	}
	return "", false
}

// BadgeProblems lists every problem of a template or template file, one
// a line, under a line that names the file when there is one.
func BadgeProblems(e *badge.Error) string {
	lines := make([]string, 0, len(e.Problems)+1)
	if e.File != "" {
		lines = append(lines, lang.X("error.template.file", "{{.File}} is not a badge template CardDesk can use:",
			map[string]any{"File": e.File}))
	} else {
		lines = append(lines, lang.L("The badge template is not valid:"))
	}
	for _, p := range e.Problems {
		lines = append(lines, "• "+BadgeProblemLine(p))
	}
	return strings.Join(lines, "\n")
}

// BadgeProblemLine is one problem with where it is: "front element 3: …".
func BadgeProblemLine(p badge.Problem) string {
	where := BadgeWhere(p)
	if where == "" {
		return BadgeProblem(p)
	}
	return lang.X("badge.problem.line", "{{.Where}}: {{.Problem}}",
		map[string]any{"Where": where, "Problem": BadgeProblem(p)})
}

// BadgeWhere names the part of a template a problem is about: "front
// element 3", "back", or "" for the template itself.
func BadgeWhere(p badge.Problem) string {
	side := BadgeSide(p.Side)
	switch {
	case p.Side == "":
		return ""
	case p.Element == 0:
		return side
	}
	return lang.X("badge.problem.element", "{{.Side}} element {{.N}}", map[string]any{"Side": side, "N": p.Element})
}

// BadgeSide names a side of the card in a sentence: "front", "back".
func BadgeSide(side string) string {
	switch side {
	case badge.Front:
		return lang.L("front")
	case badge.Back:
		return lang.L("back")
	}
	return side
}

// BadgeProblem is what is wrong, without where: for the designer, which
// shows it at the input it is about. The engine's message ids are
// translation keys; an id without one keeps the English.
func BadgeProblem(p badge.Problem) string {
	if p.ID == "" || strings.Contains(p.Msg, "{{") {
		return p.Msg
	}
	return lang.X(p.ID, p.Msg, p.Data)
}
