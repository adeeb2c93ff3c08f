package formats

import (
	"errors"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/cardformat"
)

// testError words what cardformat says about typed values or pasted bits
// in the operator's language; the errors are typed, so each has its own
// sentence.
func testError(err error) string {
	var (
		rng    *cardformat.RangeError
		syntax *cardformat.ValueSyntaxError
		fixed  *cardformat.FixedFieldError
		length *cardformat.LengthError
		bits   *cardformat.BitsSyntaxError
		over   *cardformat.HexOverflowError
	)
	switch {
	case errors.As(err, &rng):
		return lang.X("formats.test.range", "{{.Field}}: {{.Value}} is out of range {{.Min}}–{{.Max}}",
			map[string]any{"Field": rng.Field, "Value": rng.Value, "Min": rng.Min.String(), "Max": rng.Max.String()})
	case errors.As(err, &syntax) && syntax.Hex:
		return lang.X("formats.test.nothex", "{{.Field}}: {{.Text}} is not a hexadecimal number (e.g. 04a1b2c3)",
			map[string]any{"Field": syntax.Field, "Text": syntax.Text})
	case errors.As(err, &syntax):
		return lang.X("formats.test.notnumber", "{{.Field}}: {{.Text}} is not a whole number",
			map[string]any{"Field": syntax.Field, "Text": syntax.Text})
	case errors.As(err, &fixed):
		return lang.X("formats.test.fixedto", "{{.Field}}: this format fixes it to {{.Fixed}}",
			map[string]any{"Field": fixed.Field, "Fixed": fixed.Fixed.String()})
	case errors.As(err, &length):
		return lang.X("formats.test.length", "{{.Got}} bits; this format has {{.Want}}",
			map[string]any{"Got": length.Got, "Want": length.Want})
	case errors.As(err, &bits):
		return bitsSyntax(bits)
	case errors.As(err, &over):
		return lang.X("formats.test.overflow", "{{.Hex}} needs {{.Need}} bits; this format has {{.Length}}",
			map[string]any{"Hex": over.Hex, "Need": over.Need, "Length": over.Length})
	}
	return err.Error()
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
