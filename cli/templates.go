package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
)

func templateCmds() []*command {
	return []*command{templatesListCmd(), templatesImportCmd(), templatesExportCmd(), templatesDeleteCmd()}
}

// templateJSON is a badge template as the command line prints it.
type templateJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Size        string `json:"size"`
	Orientation string `json:"orientation"`
	Sides       int    `json:"sides"`
	Default     bool   `json:"default"`
	UpdatedAt   string `json:"updated_at"`
}

func templateJSONOf(bt enroll.BadgeTemplate) templateJSON {
	return templateJSON{ID: id(bt.ID), Name: bt.Name, Size: bt.Template.Size, Orientation: bt.Template.Orientation,
		Sides: len(bt.Template.Sides()), Default: bt.IsDefault, UpdatedAt: stamp(bt.UpdatedAt)}
}

func templatesListCmd() *command {
	return &command{
		name:     "templates list",
		synopsis: "[--json]",
		summary:  "list the badge templates, by name; * marks the default",
		detail: "The default template prints the badges of requests that name no template of their own.\n" +
			"With --json: id, name, size, orientation, sides (1 or 2), default, updated_at.",
		access: signedIn,
		run: func(ctx context.Context, c *call) error {
			all, err := c.st.Templates.List(ctx, c.actor)
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), jsonList(all, templateJSONOf))
			}
			t := newTable(c.stdout(), "ID", "NAME", "SIZE", "ORIENTATION", "SIDES", "DEFAULT", "UPDATED")
			for _, bt := range all {
				def := ""
				if bt.IsDefault {
					def = "*"
				}
				t.row(id(bt.ID), bt.Name, bt.Template.Size, bt.Template.Orientation,
					strconv.Itoa(len(bt.Template.Sides())), def, local(bt.UpdatedAt))
			}
			return t.flush()
		},
	}
}

// maxTemplateFile bounds what import reads: a template with a few embedded
// logos is well under it.
const maxTemplateFile = 8 << 20

func templatesImportCmd() *command {
	var replace bool
	return &command{
		name:     "templates import",
		synopsis: "FILE.json [--replace]",
		summary:  "add a badge template from a template file and print its id (administrators only)",
		detail: "The file is what 'templates export' and the badge designer write; its \"name\" names the\n" +
			"template. A template with the same name is replaced only with --replace. A bad file is\n" +
			"refused with every problem on its own line (FILE: front element N: reason) and nothing\n" +
			"is stored. FILE - reads standard input.",
		access:  signedIn,
		minArgs: 1,
		maxArgs: 1,
		setFlags: func(fs *flag.FlagSet) {
			fs.BoolVar(&replace, "replace", false, "replace the template with the same name")
		},
		run: func(ctx context.Context, c *call) error {
			name, data, err := readInput(c.args[0], c.env.Stdin, maxTemplateFile)
			if err != nil {
				return err
			}
			if len(data) > maxTemplateFile {
				return fmt.Errorf("%s: the file is larger than %d MB; nothing was imported", name, maxTemplateFile>>20)
			}
			bt, err := c.st.Templates.Import(ctx, c.actor, name, data, replace)
			var exists *enroll.TemplateExistsError
			if errors.As(err, &exists) && !replace {
				return fmt.Errorf("%s: %w; add --replace to replace it", name, err)
			}
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), templateJSONOf(bt))
			}
			_, err = fmt.Fprintln(c.stdout(), id(bt.ID))
			return err
		},
	}
}

func templatesExportCmd() *command {
	var out string
	return &command{
		name:     "templates export",
		synopsis: "ID [-o FILE.json]",
		summary:  "write a badge template as a template file, for 'templates import' on another station",
		access:   signedIn,
		minArgs:  1,
		maxArgs:  1,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&out, "o", "", "write to `FILE.json` instead of standard output")
		},
		run: func(ctx context.Context, c *call) error {
			return onTemplate(c.args[0], func(tid int64) error {
				data, err := c.st.Templates.Export(ctx, c.actor, tid)
				if err != nil {
					return err
				}
				return writeExport(c, out, data, "badge template", id(tid))
			})
		},
	}
}

func templatesDeleteCmd() *command {
	return &command{
		name:     "templates delete",
		synopsis: "ID",
		summary:  "delete a badge template no pending request uses (administrators only)",
		detail: "Answered requests that named the template keep no template. When the default goes, the\n" +
			"first remaining template by name becomes the default.",
		access:  signedIn,
		minArgs: 1,
		maxArgs: 1,
		run: func(ctx context.Context, c *call) error {
			return onTemplate(c.args[0], func(tid int64) error {
				bt, err := c.st.Templates.Get(ctx, c.actor, tid)
				if err != nil {
					return err
				}
				if err := c.st.Templates.Delete(ctx, c.actor, tid); err != nil {
					return err
				}
				_, err = fmt.Fprintf(c.stdout(), "deleted badge template %d (%s)\n", tid, bt.Name)
				return err
			})
		},
	}
}

// onTemplate runs do with the badge template id the operator typed; a
// template that does not exist is reported with the id as typed.
func onTemplate(typed string, do func(tid int64) error) error {
	tid, err := parseID("badge template", typed)
	if err != nil {
		return err
	}
	return templateErr(do(tid), typed)
}

// templateErr says a missing template the way the operator typed its id.
func templateErr(err error, typed string) error {
	var unknown *enroll.UnknownTemplateError
	if errors.As(err, &unknown) {
		return &notFound{what: "badge template", id: typed}
	}
	return err
}

// badgeProblems are a bad template file's problems, one
// "FILE: front element N: reason" per line, printed bare like the bad rows
// of a CSV import.
func badgeProblems(err error) []string {
	var be *badge.Error
	if !errors.As(err, &be) || be.File == "" {
		return nil
	}
	lines := make([]string, len(be.Problems))
	for i, p := range be.Problems {
		lines[i] = (&badge.Error{File: be.File, Problems: []badge.Problem{p}}).Error()
	}
	return lines
}
