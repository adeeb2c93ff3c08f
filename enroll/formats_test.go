package enroll_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

// site40 is a valid custom layout: site code fixed to 7, facility, card,
// two parity checks and one unused bit.
func site40(id string) cardformat.Format {
	m := func(s string) []int {
		b, err := cardformat.ParseMask(s)
		if err != nil {
			panic(err)
		}
		return b
	}
	seven := uint64(7)
	return cardformat.Format{ID: id, Name: "Site 40 bits", Length: 40,
		Fields: []cardformat.Field{
			{Name: "site", Bits: m("1-4"), Fixed: &seven},
			{Name: "facility", Bits: m("5-16")},
			{Name: "card", Bits: m("17-37")},
		},
		Parity: []cardformat.ParityCheck{
			{Type: cardformat.Even, Position: 0, Mask: m("1-19")},
			{Type: cardformat.Odd, Position: 39, Mask: m("19-37")},
		},
		Unused: []int{38},
	}
}

func TestCustomFormatLifecycle(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t, "olga")

	if _, err := e.st.Formats.Create(e.ctx, op, site40("site40")); !isPermission(err) {
		t.Fatalf("operator creating a format: %v, want a permission error", err)
	}
	if _, err := e.st.Formats.Create(e.ctx, e.admin, site40("site40")); err != nil {
		t.Fatal(err)
	}
	var exists *enroll.FormatExistsError
	if _, err := e.st.Formats.Create(e.ctx, e.admin, site40("site40")); !errors.As(err, &exists) || exists.Builtin {
		t.Fatalf("second create: %v, want FormatExistsError", err)
	}
	if _, err := e.st.Formats.Create(e.ctx, e.admin, site40("h10301")); !errors.As(err, &exists) || !exists.Builtin {
		t.Fatalf("built-in id: %v, want FormatExistsError{Builtin}", err)
	}

	// Anyone can enroll with it, and the catalogue counts the use.
	c, err := e.st.Credentials.Enroll(e.ctx, op, enroll.NewCredential{Format: "site40", Fields: map[string]string{"facility": "100", "card": "12345"}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := e.st.Formats.Find(e.ctx, "site40")
	if err != nil {
		t.Fatal(err)
	}
	bits, err := f.ParseBits(c.Bits)
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.Decode(bits)
	if err != nil || !d.ParityOK || !d.FixedOK || d.Fields["site"].String() != "7" || c.Fields["card"] != "12345" {
		t.Fatalf("enrolled %+v decodes to %+v, %v", c, d, err)
	}
	list, err := e.st.Formats.List(e.ctx, op)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(list, func(fi enroll.FormatInfo) bool { return fi.Format.ID == "site40" })
	if i < 0 || list[i].Builtin || list[i].InUse != 1 || !list[0].Builtin {
		t.Fatalf("List = %+v", list)
	}

	// In use: the name may change, the layout and the existence may not.
	renamed := site40("site40")
	renamed.Name = "Head office 40 bits"
	if _, err := e.st.Formats.Update(e.ctx, e.admin, renamed); err != nil {
		t.Fatalf("rename while in use: %v", err)
	}
	moved := site40("site40")
	moved.Unused, moved.Fields[2].Bits = nil, append(moved.Fields[2].Bits, 38)
	var inUse *enroll.FormatInUseError
	if _, err := e.st.Formats.Update(e.ctx, e.admin, moved); !errors.As(err, &inUse) || inUse.Credentials != 1 || inUse.Delete {
		t.Fatalf("layout change while in use: %v", err)
	}
	err = e.st.Formats.Delete(e.ctx, e.admin, "site40")
	if !errors.As(err, &inUse) || inUse.Credentials != 1 || !inUse.Delete || !strings.Contains(err.Error(), "1 credential") {
		t.Fatalf("delete while in use: %v", err)
	}
	if err := e.st.Formats.Delete(e.ctx, e.admin, "h10301"); !errors.Is(err, enroll.ErrBuiltinFormat) {
		t.Fatalf("delete built-in: %v", err)
	}

	// Unused formats may change shape and go away.
	if _, err := e.st.Formats.Create(e.ctx, e.admin, site40("spare40")); err != nil {
		t.Fatal(err)
	}
	moved.ID = "spare40"
	if _, err := e.st.Formats.Update(e.ctx, e.admin, moved); err != nil {
		t.Fatalf("layout change of an unused format: %v", err)
	}
	if err := e.st.Formats.Delete(e.ctx, e.admin, "spare40"); err != nil {
		t.Fatal(err)
	}
	var unknown *cardformat.UnknownFormatError
	if _, err := e.st.Formats.Find(e.ctx, "spare40"); !errors.As(err, &unknown) || !slices.Contains(unknown.Known, "site40") {
		t.Fatalf("Find after delete: %v", err)
	}
	_, err = e.st.Credentials.Enroll(e.ctx, op, enroll.NewCredential{Format: "spare40", Fields: map[string]string{"card": "1"}})
	var ve *enroll.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.For("format"), "site40") {
		t.Fatalf("enroll with a deleted format: %v", err)
	}

	want := []string{"format.create", "format.update", "format.create", "format.update", "format.delete"}
	var got []string
	for _, a := range e.auditActions(t) {
		if strings.HasPrefix(a, "format.") {
			got = append(got, a)
		}
	}
	slices.Reverse(got)
	if !slices.Equal(got, want) {
		t.Errorf("audit = %v, want %v", got, want)
	}
}

func TestCustomFormatRejected(t *testing.T) {
	e := newEnv(t)
	overlap := site40("bad40")
	overlap.Fields[1].Bits = append(overlap.Fields[1].Bits, 20)
	csn := site40("csnish")
	csn.Kind = cardformat.KindCSN
	for name, f := range map[string]cardformat.Format{"overlap": overlap, "csn kind": csn} {
		var de *cardformat.DefinitionError
		if _, err := e.st.Formats.Create(e.ctx, e.admin, f); !errors.As(err, &de) {
			t.Errorf("%s: %v, want a DefinitionError", name, err)
		}
	}
	list, err := e.st.Formats.Catalog(e.ctx)
	if err != nil || len(list) != len(cardformat.Builtin()) {
		t.Fatalf("catalogue after refusals: %d formats, %v", len(list), err)
	}
}

func TestFormatImportExport(t *testing.T) {
	from, to := newEnv(t), newEnv(t)
	if _, err := from.st.Formats.Create(from.ctx, from.admin, site40("site40")); err != nil {
		t.Fatal(err)
	}
	file, err := from.st.Formats.Export(from.ctx, from.admin, "site40")
	if err != nil {
		t.Fatal(err)
	}
	fi, err := to.st.Formats.Import(to.ctx, to.admin, file, false)
	if err != nil || fi.Format.ID != "site40" {
		t.Fatalf("import: %+v, %v", fi, err)
	}
	again, err := to.st.Formats.Export(to.ctx, to.admin, "site40")
	if err != nil || !bytes.Equal(again, file) {
		t.Fatalf("export after import differs:\n%s\n%s (%v)", file, again, err)
	}

	var exists *enroll.FormatExistsError
	if _, err := to.st.Formats.Import(to.ctx, to.admin, file, false); !errors.As(err, &exists) {
		t.Fatalf("second import without replace: %v", err)
	}
	renamed := bytes.Replace(file, []byte("Site 40 bits"), []byte("Renamed"), 1)
	if fi, err := to.st.Formats.Import(to.ctx, to.admin, renamed, true); err != nil || fi.Format.Name != "Renamed" {
		t.Fatalf("import with replace: %+v, %v", fi, err)
	}

	var fe *cardformat.FileError
	if _, err := to.st.Formats.Import(to.ctx, to.admin, []byte("id,name\n"), false); !errors.As(err, &fe) {
		t.Fatalf("import of a CSV: %v", err)
	}
	op := to.operator(t, "otto")
	if _, err := to.st.Formats.Import(to.ctx, op, file, true); !isPermission(err) {
		t.Fatalf("operator import: %v", err)
	}
	if b, err := to.st.Formats.Export(to.ctx, op, "h10301"); err != nil || !bytes.Contains(b, []byte(`"h10301"`)) {
		t.Fatalf("operator export of a built-in: %s, %v", b, err)
	}
}

func isPermission(err error) bool {
	var pe *enroll.PermissionError
	return errors.As(err, &pe)
}
