package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

func formatCmds() []*command {
	return []*command{formatsListCmd(), formatsEncodeCmd(), formatsDecodeCmd(),
		formatsImportCmd(), formatsExportCmd(), formatsDeleteCmd()}
}

// stationFormatsNote is the detail shared by the commands that need no sign-in.
const stationFormatsNote = "Needs no --operator. Custom formats come from the station database when it exists;\n" +
	"without one only the built-in formats are known and no database file is created."

func formatsListCmd() *command {
	return &command{
		name:     "formats list",
		synopsis: "[--json]",
		summary:  "list the card formats: built-in ones, then the station's custom ones",
		detail:   stationFormatsNote,
		access:   stationIfAny,
		run: func(ctx context.Context, c *call) error {
			infos, err := formatCatalog(ctx, c)
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), jsonList(infos, formatJSONOf))
			}
			t := newTable(c.stdout(), "ID", "NAME", "BITS", "KIND", "SOURCE", "FIELDS (BIT POSITIONS)")
			for _, fi := range infos {
				f := fi.Format
				source := "custom"
				if fi.Builtin {
					source = "built-in"
				}
				t.row(f.ID, f.Name, strconv.Itoa(f.Length), string(f.Kind), source, fieldSummary(f))
			}
			return t.flush()
		},
	}
}

// fieldSummary reads like "facility 1-8, card 9-24"; a fixed field shows
// its value, e.g. "site 1-4 (=5)".
func fieldSummary(f cardformat.Format) string {
	parts := make([]string, len(f.Fields))
	for i, fd := range f.Fields {
		parts[i] = fd.Name + " " + cardformat.FormatMask(fd.Bits)
		if fd.Fixed != nil {
			parts[i] += fmt.Sprintf(" (=%d)", *fd.Fixed)
		}
	}
	return strings.Join(parts, ", ")
}

func formatsEncodeCmd() *command {
	return &command{
		name:     "formats encode",
		synopsis: "FORMAT NAME=VALUE... [--json]",
		summary:  "turn field values into the bits a card carries",
		detail: "Values are decimal, except csn which is hex (e.g. csn=04a1b2c3). Fixed fields may be left out.\n" +
			"The hex output is the bit string read as one binary number, without prefix or padding.\n" +
			stationFormatsNote,
		access:    stationIfAny,
		minArgs:   1,
		maxArgs:   -1,
		checkArgs: func(args []string) error { _, err := fieldArgs(args[1:]); return err },
		run: func(ctx context.Context, c *call) error {
			values, _ := fieldArgs(c.args[1:])
			f, err := findFormat(ctx, c, c.args[0])
			if err != nil {
				return err
			}
			b, err := f.Encode(values)
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSONLine(c.stdout(), encodeJSON{Format: f.ID, Length: b.Len(), Bits: b.String(), Hex: b.Hex()})
			}
			return writePairs(c.stdout(),
				"format", f.ID+" ("+f.Name+")",
				"length", strconv.Itoa(b.Len())+" bits",
				"bits", b.String(),
				"hex", b.Hex())
		},
	}
}

// encodeJSON is the object formats encode prints.
type encodeJSON struct {
	Format string `json:"format"`
	Length int    `json:"length"`
	Bits   string `json:"bits"`
	Hex    string `json:"hex"`
}

func formatsDecodeCmd() *command {
	var length int
	return &command{
		name:     "formats decode",
		synopsis: "FORMAT BITS [--length N] [--json]",
		summary:  "read the field values out of a card's bits and check its parity",
		detail: "BITS is a string of 0s and 1s, first transmitted bit first, or hex with a 0x prefix.\n" +
			"Bad parity is reported (parity_ok false) but still exits 0; a wrong length exits 1.\n" +
			stationFormatsNote,
		access:  stationIfAny,
		minArgs: 2,
		maxArgs: 2,
		setFlags: func(fs *flag.FlagSet) {
			fs.IntVar(&length, "length", 0, "bit length `N` of hex BITS (default: the format's length)")
		},
		check: func() error {
			if length < 0 || length > cardformat.MaxLength {
				return usageErrorf("--length %d: give a bit length from 1 to %d", length, cardformat.MaxLength)
			}
			return nil
		},
		run: func(ctx context.Context, c *call) error {
			f, err := findFormat(ctx, c, c.args[0])
			if err != nil {
				return err
			}
			text := strings.TrimSpace(c.args[1])
			n := length
			if n == 0 && isHexBits(text) {
				n = f.Length
			}
			b, err := cardformat.ParseBits(text, n)
			if err != nil {
				return err
			}
			d, err := f.Decode(b)
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSONLine(c.stdout(), decodeJSONOf(f, b, d))
			}
			return writeDecoded(c.stdout(), f, b, d)
		},
	}
}

func isHexBits(s string) bool { return strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") }

// decodeJSON is the object formats decode prints. The extra keys appear
// only when something is wrong, so a good read prints the contract's object
// exactly.
type decodeJSON struct {
	Format       string        `json:"format"`
	Length       int           `json:"length"`
	Fields       orderedFields `json:"fields"`
	ParityOK     bool          `json:"parity_ok"`
	FailedChecks []parityJSON  `json:"failed_checks,omitempty"`
	FixedOK      *bool         `json:"fixed_ok,omitempty"`
}

func decodeJSONOf(f cardformat.Format, b cardformat.Bits, d cardformat.Decoded) decodeJSON {
	out := decodeJSON{Format: f.ID, Length: b.Len(), Fields: decodedFields(f, d), ParityOK: d.ParityOK}
	for _, i := range d.FailedChecks {
		out.FailedChecks = append(out.FailedChecks, parityJSONOf(f.Parity[i]))
	}
	if !d.FixedOK {
		out.FixedOK = new(bool)
	}
	return out
}

// decodedFields lists the values in the format's field order.
func decodedFields(f cardformat.Format, d cardformat.Decoded) orderedFields {
	out := make(orderedFields, 0, len(f.Fields))
	for _, fd := range f.Fields {
		v := d.Fields[fd.Name]
		raw, _ := v.MarshalJSON()
		out = append(out, namedValue{name: fd.Name, text: v.String(), raw: raw})
	}
	return out
}

func writeDecoded(w io.Writer, f cardformat.Format, b cardformat.Bits, d cardformat.Decoded) error {
	pairs := []string{
		"format", f.ID + " (" + f.Name + ")",
		"bits", fmt.Sprintf("%s (%d bits, hex %s)", b.String(), b.Len(), b.Hex()),
	}
	for _, nv := range decodedFields(f, d) {
		pairs = append(pairs, nv.name, nv.text)
	}
	switch {
	case len(f.Parity) == 0:
		pairs = append(pairs, "parity", "none in this format")
	case d.ParityOK:
		pairs = append(pairs, "parity", "ok")
	default:
		failed := make([]string, len(d.FailedChecks))
		for i, ci := range d.FailedChecks {
			p := f.Parity[ci]
			failed[i] = fmt.Sprintf("check %d of %d (%s parity bit %d over %s)",
				ci+1, len(f.Parity), p.Type, p.Position, cardformat.FormatMask(p.Mask))
		}
		pairs = append(pairs, "parity", "FAILED: "+strings.Join(failed, "; "))
	}
	if !d.FixedOK {
		var wrong []string
		for _, fd := range f.Fields {
			if fd.Fixed != nil && !d.Fields[fd.Name].Equal(cardformat.ValueOf(*fd.Fixed)) {
				wrong = append(wrong, fmt.Sprintf("%s should be %d", fd.Name, *fd.Fixed))
			}
		}
		pairs = append(pairs, "fixed", "WRONG: "+strings.Join(wrong, "; "))
	}
	return writePairs(w, pairs...)
}

func formatsImportCmd() *command {
	var replace bool
	return &command{
		name:     "formats import",
		synopsis: "FILE [--replace]",
		summary:  "add a custom format from a format file and print its id (administrators only)",
		detail: "The file is what 'formats export' writes (see cardformat/FORMAT-FILE.md). FILE - reads standard input.\n" +
			"A custom format with the same id is replaced only with --replace, and its bit layout only\n" +
			"while no credential is enrolled with it.",
		access:  signedIn,
		minArgs: 1,
		maxArgs: 1,
		setFlags: func(fs *flag.FlagSet) {
			fs.BoolVar(&replace, "replace", false, "replace the custom format with the same id")
		},
		run: func(ctx context.Context, c *call) error {
			// One byte over the format-file limit is enough for cardformat to
			// refuse the file as too large.
			name, data, err := readInput(c.args[0], c.env.Stdin, 1<<20)
			if err != nil {
				return err
			}
			info, err := c.st.Formats.Import(ctx, c.actor, data, replace)
			if err != nil {
				return importFormatError(name, replace, err)
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), formatJSONOf(info))
			}
			_, err = fmt.Fprintln(c.stdout(), info.Format.ID)
			return err
		},
	}
}

// importFormatError names the file in what was wrong with it, one problem
// of the definition per line.
func importFormatError(file string, replace bool, err error) error {
	var (
		de *cardformat.DefinitionError
		fe *cardformat.FileError
		ve *cardformat.VersionError
		xe *enroll.FormatExistsError
	)
	switch {
	case errors.As(err, &de):
		lines := []string{fmt.Sprintf("%s: format %q is not valid:", file, de.Format)}
		for _, p := range de.Problems {
			lines = append(lines, "  "+p.String())
		}
		return &linesError{msg: strings.Join(lines, "\n"), err: err}
	case errors.As(err, &fe), errors.As(err, &ve):
		return fmt.Errorf("%s: %w", file, err)
	case errors.As(err, &xe) && !xe.Builtin && !replace:
		return fmt.Errorf("%w; add --replace to replace it", err)
	}
	return err
}

// linesError carries a message already laid out over several lines.
type linesError struct {
	msg string
	err error
}

func (e *linesError) Error() string { return e.msg }
func (e *linesError) Unwrap() error { return e.err }

func formatsExportCmd() *command {
	var out string
	return &command{
		name:     "formats export",
		synopsis: "ID [-o FILE]",
		summary:  "write a Wiegand format as a format file, for 'formats import' on another station",
		access:   signedIn,
		minArgs:  1,
		maxArgs:  1,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&out, "o", "", "write to `FILE` instead of standard output")
		},
		run: func(ctx context.Context, c *call) error {
			data, err := c.st.Formats.Export(ctx, c.actor, c.args[0])
			if err != nil {
				return err
			}
			return writeExport(c, out, data, "format", c.args[0])
		},
	}
}

func formatsDeleteCmd() *command {
	return &command{
		name:     "formats delete",
		synopsis: "ID",
		summary:  "delete a custom format no credential uses (administrators only)",
		access:   signedIn,
		minArgs:  1,
		maxArgs:  1,
		run: func(ctx context.Context, c *call) error {
			err := c.st.Formats.Delete(ctx, c.actor, c.args[0])
			if errors.Is(err, enroll.ErrNotFound) {
				return &notFound{what: "custom format", id: strconv.Quote(c.args[0])}
			}
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(c.stdout(), "deleted format %s\n", c.args[0])
			return err
		},
	}
}

// formatCatalog lists the station's formats, or only the built-ins when
// there is no station database.
func formatCatalog(ctx context.Context, c *call) ([]enroll.FormatInfo, error) {
	if c.st != nil {
		return c.st.Formats.Catalog(ctx)
	}
	builtin := cardformat.Builtin()
	out := make([]enroll.FormatInfo, len(builtin))
	for i, f := range builtin {
		out[i] = enroll.FormatInfo{Format: f, Builtin: true}
	}
	return out, nil
}

// findFormat looks a format id up in the station, or among the built-ins
// when there is no station database; the error for an unknown id lists the
// ids that would work.
func findFormat(ctx context.Context, c *call, formatID string) (cardformat.Format, error) {
	if c.st != nil {
		return c.st.Formats.Find(ctx, formatID)
	}
	f, err := cardformat.Find(formatID)
	if err != nil && c.missingDB != "" {
		err = fmt.Errorf("%w (there is no database at %s, so custom formats are unknown; check --db)", err, c.missingDB)
	}
	return f, err
}

// fieldArgs reads NAME=VALUE arguments. A malformed one is a usage error;
// whether the names and values suit the format is for the format to say.
func fieldArgs(args []string) (map[string]string, error) {
	values := make(map[string]string, len(args))
	for _, a := range args {
		name, value, ok := strings.Cut(a, "=")
		name = strings.TrimSpace(name)
		switch {
		case !ok:
			return nil, usageErrorf("%q is not NAME=VALUE (e.g. facility=1 card=5)", a)
		case name == "":
			return nil, usageErrorf("%q has no field name before '='", a)
		}
		if _, dup := values[name]; dup {
			return nil, usageErrorf("field %q is given twice", name)
		}
		values[name] = value
	}
	return values, nil
}

// formatJSON is a catalogue entry. Field limits are JSON numbers, except
// for csn fields, whose values are hex strings.
type formatJSON struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	Kind      string            `json:"kind"`
	Length    int               `json:"length"`
	Builtin   bool              `json:"builtin"`
	Fields    []formatFieldJSON `json:"fields"`
	Parity    []parityJSON      `json:"parity"`
	Unused    string            `json:"unused,omitempty"`
	UpdatedAt *string           `json:"updated_at"`
}

type formatFieldJSON struct {
	Name  string           `json:"name"`
	Mask  string           `json:"mask"`
	Min   cardformat.Value `json:"min"`
	Max   cardformat.Value `json:"max"`
	Fixed *uint64          `json:"fixed,omitempty"`
}

type parityJSON struct {
	Type     string `json:"type"`
	Position int    `json:"position"`
	Mask     string `json:"mask"`
}

func formatJSONOf(fi enroll.FormatInfo) formatJSON {
	f := fi.Format
	out := formatJSON{
		ID: f.ID, Name: f.Name, Kind: string(f.Kind), Length: f.Length, Builtin: fi.Builtin,
		Fields: make([]formatFieldJSON, len(f.Fields)), Parity: make([]parityJSON, len(f.Parity)),
		Unused: cardformat.FormatMask(f.Unused), UpdatedAt: optStamp(fi.UpdatedAt),
	}
	for i, fd := range f.Fields {
		out.Fields[i] = formatFieldJSON{Name: fd.Name, Mask: cardformat.FormatMask(fd.Bits), Min: fd.Min(), Max: fd.Max(), Fixed: fd.Fixed}
	}
	for i, p := range f.Parity {
		out.Parity[i] = parityJSONOf(p)
	}
	return out
}

func parityJSONOf(p cardformat.ParityCheck) parityJSON {
	return parityJSON{Type: p.Type.String(), Position: p.Position, Mask: cardformat.FormatMask(p.Mask)}
}

// orderedFields is a JSON object of field values in the format's field
// order (a Go map would come out sorted by name).
type orderedFields []namedValue

type namedValue struct {
	name string
	text string          // for tables
	raw  json.RawMessage // a JSON number, or a string for hex (csn) values
}

func (o orderedFields) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, nv := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		key, err := json.Marshal(nv.name)
		if err != nil {
			return nil, err
		}
		buf.Write(key)
		buf.WriteByte(':')
		buf.Write(nv.raw)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// writeJSONLine writes one compact JSON object on one line: the shape
// scripts compare or pipe line by line.
func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

// writePairs prints "key  value" lines with the values aligned.
func writePairs(w io.Writer, kv ...string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(tw, "%s\t%s\n", kv[i], kv[i+1])
	}
	return tw.Flush()
}
