package words

import (
	"errors"
	"maps"
	"regexp"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

// explainFormat words the card-format refusals: the catalogue's, and what
// cardformat says about a definition or a format file.
func explainFormat(err error) (string, bool) {
	var (
		exists     *enroll.FormatExistsError
		inUse      *enroll.FormatInUseError
		definition *cardformat.DefinitionError
		file       *cardformat.FileError
		version    *cardformat.VersionError
		unknown    *cardformat.UnknownFormatError
	)
	switch {
	case errors.As(err, &exists) && exists.Builtin:
		return lang.X("error.format.builtinid", "{{.ID}} is the id of a built-in format. Choose another id.",
			map[string]any{"ID": exists.ID}), true
	case errors.As(err, &exists):
		return lang.X("error.format.exists", "A custom format with the id {{.ID}} already exists.",
			map[string]any{"ID": exists.ID}), true
	case errors.As(err, &inUse):
		return formatInUse(inUse), true
	case errors.Is(err, enroll.ErrBuiltinFormat):
		return lang.L("Built-in formats cannot be changed or deleted. Duplicate one to make a custom format."), true
	case errors.As(err, &definition):
		return definitionProblems(definition), true
	case errors.As(err, &version) && version.Got > cardformat.DefinitionVersion:
		return lang.X("error.format.newer", "This format file (version {{.Got}}) was written by a newer CardDesk; this station reads version {{.Want}}.",
			map[string]any{"Got": version.Got, "Want": cardformat.DefinitionVersion}), true
	case errors.As(err, &version):
		return lang.X("error.format.version", "This format file has version {{.Got}}, which is not valid; this station reads version {{.Want}}.",
			map[string]any{"Got": version.Got, "Want": cardformat.DefinitionVersion}), true
	case errors.As(err, &file):
		return lang.X("error.format.file", "This is not a card format file CardDesk can read: {{.Reason}}",
			map[string]any{"Reason": strings.TrimPrefix(file.Error(), "format file: ")}), true
	case errors.As(err, &unknown):
		return lang.X("error.format.unknown", "There is no card format {{.ID}}.", map[string]any{"ID": unknown.ID}), true
	}
	return "", false
}

// formatInUse says why a format in use cannot go or change, with the count.
func formatInUse(e *enroll.FormatInUseError) string {
	data := map[string]any{"ID": e.ID, "N": e.Credentials}
	switch {
	case e.Delete && e.Credentials == 1:
		return lang.X("error.format.inuse.delete.one", "Format {{.ID}} cannot be deleted: 1 credential is enrolled with it.", data)
	case e.Delete:
		return lang.X("error.format.inuse.delete", "Format {{.ID}} cannot be deleted: {{.N}} credentials are enrolled with it.", data)
	case e.Credentials == 1:
		return lang.X("error.format.inuse.change.one", "The bit layout of format {{.ID}} cannot change: 1 credential is enrolled with it. Only its name can change.", data)
	}
	return lang.X("error.format.inuse.change", "The bit layout of format {{.ID}} cannot change: {{.N}} credentials are enrolled with it. Only its name can change.", data)
}

// definitionProblems lists every problem of a format definition, one a line.
func definitionProblems(e *cardformat.DefinitionError) string {
	lines := make([]string, 0, len(e.Problems)+1)
	if e.Format == "" {
		lines = append(lines, lang.L("The format is not valid:"))
	} else {
		lines = append(lines, lang.X("error.format.invalid", "The format {{.ID}} is not valid:", map[string]any{"ID": e.Format}))
	}
	for _, p := range e.Problems {
		lines = append(lines, "• "+DefinitionProblem(p))
	}
	return strings.Join(lines, "\n")
}

// DefinitionProblem is one problem of a format definition with the part it
// is about, "field card (mask 1-8): bit 3 is listed more than once", in the
// operator's language where cardformat gave it a message id.
func DefinitionProblem(p cardformat.Problem) string {
	if p.ID == "" {
		return p.String()
	}
	data := map[string]any{"Item": ProblemItem(p.Item), "Mask": p.Mask, "Problem": ProblemMessage(p)}
	if p.Mask != "" {
		return lang.X("format.problem.masked", "{{.Item}} (mask {{.Mask}}): {{.Problem}}", data)
	}
	return lang.X("format.problem", "{{.Item}}: {{.Problem}}", data)
}

// ProblemMessage is what is wrong with one part of a format definition,
// without the part's name: for the editor, which shows it at that part.
func ProblemMessage(p cardformat.Problem) string {
	if p.ID == "" {
		return p.Msg
	}
	data := p.Data
	if holder, ok := data["Holder"].(string); ok {
		data = maps.Clone(data)
		data["Holder"] = ProblemItem(holder)
	}
	return lang.X(p.ID, p.Msg, data)
}

var (
	fieldItemRE  = regexp.MustCompile(`^field "(.*)"$`)
	fieldNumRE   = regexp.MustCompile(`^field #(\d+)$`)
	parityItemRE = regexp.MustCompile(`^parity check #(\d+) \(bit (-?\d+)\)$`)
)

// ProblemItem names the part of a format definition a problem is about;
// field names stay as their administrator wrote them.
func ProblemItem(item string) string {
	switch item {
	case "id":
		return lang.X("format.item.id", "id")
	case "name":
		return lang.X("format.item.name", "name")
	case "length":
		return lang.X("format.item.length", "length")
	case "kind":
		return lang.X("format.item.kind", "kind")
	case "fields":
		return lang.X("format.item.fields", "fields")
	case "parity":
		return lang.X("format.item.parity", "parity")
	case "unused bits":
		return lang.X("format.item.unused", "unused bits")
	case "unaccounted bits":
		return lang.X("format.item.unaccounted", "unaccounted bits")
	}
	if m := fieldItemRE.FindStringSubmatch(item); m != nil {
		return lang.X("format.item.field", `field "{{.Name}}"`, map[string]any{"Name": m[1]})
	}
	if m := fieldNumRE.FindStringSubmatch(item); m != nil {
		return lang.X("formats.field.n", "field #{{.N}}", map[string]any{"N": m[1]})
	}
	if m := parityItemRE.FindStringSubmatch(item); m != nil {
		return lang.X("format.item.paritycheck", "parity check #{{.N}} (bit {{.Bit}})", map[string]any{"N": m[1], "Bit": m[2]})
	}
	return item
}

// CardValue words what cardformat says about a typed field value or
// pasted bits, naming the field and what it accepts; ok is false for
// other errors.
func CardValue(err error) (string, bool) {
	var (
		rng     *cardformat.RangeError
		syntax  *cardformat.ValueSyntaxError
		missing *cardformat.MissingFieldError
		fixed   *cardformat.FixedFieldError
		length  *cardformat.LengthError
		bits    *cardformat.BitsSyntaxError
		over    *cardformat.HexOverflowError
		uid     *cardformat.UIDLengthError
		unknown *cardformat.UnknownFieldError
	)
	switch {
	case errors.As(err, &unknown):
		names := make([]string, len(unknown.Allowed))
		for i, n := range unknown.Allowed {
			names[i] = CardField(n)
		}
		return lang.X("field.unknown", "This format has no field {{.Field}}; its fields are: {{.Allowed}}",
			map[string]any{"Field": CardField(unknown.Field), "Allowed": strings.Join(names, ", ")}), true
	case errors.Is(err, cardformat.ErrLengthRequired):
		return lang.L("Hex bits need the format's bit length, because leading zero bits are not written."), true
	case errors.As(err, &rng):
		return lang.X("field.range", "{{.Field}}: {{.Value}} is out of range {{.Min}}–{{.Max}}",
			map[string]any{"Field": CardField(rng.Field), "Value": rng.Value, "Min": rng.Min.String(), "Max": rng.Max.String()}), true
	case errors.As(err, &syntax) && syntax.Hex:
		return lang.X("field.hex", "{{.Field}}: {{.Text}} is not a hexadecimal number (for example 04a1b2c3)",
			map[string]any{"Field": CardField(syntax.Field), "Text": syntax.Text}), true
	case errors.As(err, &syntax):
		return lang.X("field.number", "{{.Field}}: {{.Text}} is not a whole number",
			map[string]any{"Field": CardField(syntax.Field), "Text": syntax.Text}), true
	case errors.As(err, &missing):
		return lang.X("field.missing", "{{.Field}}: needed, from {{.Min}} to {{.Max}}",
			map[string]any{"Field": CardField(missing.Field), "Min": missing.Min.String(), "Max": missing.Max.String()}), true
	case errors.As(err, &fixed):
		return lang.X("field.fixed", "{{.Field}}: fixed to {{.Fixed}} in this format",
			map[string]any{"Field": CardField(fixed.Field), "Fixed": fixed.Fixed.String()}), true
	case errors.As(err, &length):
		return lang.X("formats.test.length", "{{.Got}} bits; this format has {{.Want}}",
			map[string]any{"Got": length.Got, "Want": length.Want}), true
	case errors.As(err, &bits):
		return bitsSyntax(bits), true
	case errors.As(err, &over):
		return lang.X("formats.test.overflow", "{{.Hex}} needs {{.Need}} bits; this format has {{.Length}}",
			map[string]any{"Hex": over.Hex, "Need": over.Need, "Length": over.Length}), true
	case errors.As(err, &uid):
		return lang.X("error.uidlength", "A {{.N}}-byte serial number fits no card serial number format (4, 7 or 10 bytes).",
			map[string]any{"N": uid.Got}), true
	}
	return "", false
}

func bitsSyntax(e *cardformat.BitsSyntaxError) string {
	data := map[string]any{"Char": string(e.Char), "Pos": e.Pos}
	switch {
	case e.Char == 0 && e.Hex:
		return lang.L("No hex digits after 0x.")
	case e.Char == 0:
		return lang.L("Paste 0s and 1s, or hex digits.")
	case e.Hex:
		return lang.X("formats.test.badhex", "{{.Char}} at position {{.Pos}} is not a hex digit", data)
	}
	return lang.X("formats.test.badbit", "{{.Char}} at position {{.Pos}} is not 0 or 1", data)
}

// FormatName names a card format by its id: the built-in formats by a
// name in the operator's language ("CSN 32-bit"); an administrator's own
// formats keep their id (FormatTitle has their name).
func FormatName(id string) string {
	switch id {
	case "h10301":
		return lang.L("Standard 26-bit (H10301)")
	case "h10306":
		return lang.L("HID 34-bit (H10306)")
	case "h10302":
		return lang.L("HID 37-bit (H10302)")
	case "h10304":
		return lang.L("HID 37-bit with facility code (H10304)")
	case "c1k35":
		return lang.L("HID Corporate 1000 35-bit")
	case "c1k48":
		return lang.L("HID Corporate 1000 48-bit")
	case "csn32":
		return lang.L("CSN 32-bit")
	case "csn56":
		return lang.L("CSN 56-bit")
	case "csn80":
		return lang.L("CSN 80-bit")
	}
	return id
}

// FormatTitle names a format in lists and pickers: a built-in one as
// FormatName, a custom one by the name its administrator gave it and its id.
func FormatTitle(f cardformat.Format) string {
	if _, builtin := cardformat.Lookup(f.ID); builtin {
		return FormatName(f.ID)
	}
	if name := strings.TrimSpace(f.Name); name != "" && name != f.ID {
		return name + " (" + f.ID + ")"
	}
	return f.ID
}

// FormatTitleIn names the format id as FormatTitle does with the formats
// known, or by its id alone (FormatName) while they are loading.
func FormatTitleIn(id string, formats map[string]cardformat.Format) string {
	if f, ok := formats[id]; ok {
		return FormatTitle(f)
	}
	return FormatName(id)
}

// FormatDisplayName is a format's name alone: a built-in one's in the
// operator's language, a custom one's as its administrator wrote it.
func FormatDisplayName(f cardformat.Format) string {
	if _, builtin := cardformat.Lookup(f.ID); builtin {
		return FormatName(f.ID)
	}
	return f.Name
}

// MaskProblem says why mask text cannot be read, in the operator's
// language where cardformat gave the reason a message id.
func MaskProblem(e *cardformat.MaskError) string {
	if e.ID == "" {
		return e.Msg
	}
	return lang.X(e.ID, e.Msg, e.Data)
}
