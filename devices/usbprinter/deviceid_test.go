package usbprinter

import (
	"maps"
	"slices"
	"testing"
)

func TestDecodeDeviceID(t *testing.T) {
	const id = "MFG:Zebra;MDL:ZC300;" // 20 bytes, 22 with the length
	cases := []struct {
		name  string
		reply []byte
		want  string
		err   string
	}{
		{"big-endian length", answer("00 16", id), id, ""},
		{"little-endian length", answer("16 00", id), id, ""},
		{"length of the text alone", answer("00 14", id), id, ""},
		{"length beyond what arrived", answer("04 00", id), id, ""},
		{"length 0", answer("00 00", id), id, ""},
		{"length shorter than sent", answer("00 10", id+"junk"), "MFG:Zebra;MDL:", ""},
		{"NUL padding", answer("00 1A", id+"\x00\x00\x00\x00"), id, ""},
		{"NUL terminator, then garbage", answer("00 1D", id+"\x00\xff\xfeXY\x00"), id, ""},
		{"control characters", answer("00 18", "MFG:Zebra;\r\nMDL:ZC300;"), "MFG:Zebra;  MDL:ZC300;", ""},
		{"Latin-1", answer("00 17", "MFG:Caf\xe9;MDL:ZC300;"), "MFG:Café;MDL:ZC300;", ""},
		{"UTF-8 kept", answer("00 18", "MFG:Café;MDL:ZC300;"), "MFG:Café;MDL:ZC300;", ""},
		{"one byte", []byte{0x00}, "", "answer of 1 bytes, too short for the length"},
		{"nothing", nil, "", "answer of 0 bytes, too short for the length"},
		{"length only", []byte{0x00, 0x02}, "", "empty device ID"},
		{"blanks", answer("00 05", " \x00 "), "", "empty device ID"},
	}
	for _, c := range cases {
		got, err := decodeDeviceID(c.reply)
		if got != c.want || (err == nil) != (c.err == "") || err != nil && err.Error() != c.err {
			t.Errorf("%s: %q, %v; want %q, %q", c.name, got, err, c.want, c.err)
		}
	}
}

func TestParseDeviceID(t *testing.T) {
	cases := []struct {
		in   string
		want IEEE1284ID
	}{
		{zebraID, IEEE1284ID{Manufacturer: "Zebra Technologies", Model: "ZXP Series 7", CommandSet: "ZPL", Class: "PRINTER",
			Description: "Zebra ZXP Series 7 Card Printer"}},
		{evolisID, IEEE1284ID{Manufacturer: "Evolis", Model: "Primacy", CommandSet: "EVOLIS", Class: "PRINTER", Description: "Evolis Primacy"}},
		{fargoID, IEEE1284ID{Manufacturer: "HID Global", Model: "DTC1250e", CommandSet: "FARGO", Class: "PRINTER", Serial: "C1250E0042"}},
		// Trailing blanks in values, as a CUPS debug log shows a label
		// printer sending them.
		{"MFG:Zebra ;CMD:None;MDL:LP2844 ;", IEEE1284ID{Manufacturer: "Zebra", Model: "LP2844", CommandSet: "None"}},
		// Keys in any case and spacing, no final semicolon, the first
		// non-empty value of a repeated key, a colon in a value.
		{" mfg : Magicard ;;; Mdl:;MDL:Rio Pro 360; command  set:MAGICARD,PCL:5 ;Cls:PRINTER",
			IEEE1284ID{Manufacturer: "Magicard", Model: "Rio Pro 360", CommandSet: "MAGICARD,PCL:5", Class: "PRINTER"}},
		{"MANUFACTURER:Ultra Electronics;MODEL:Enduro;MFG:Magicard;SERN:123;SN:456", IEEE1284ID{Manufacturer: "Ultra Electronics", Model: "Enduro", Serial: "123"}},
		{"no fields at all", IEEE1284ID{}},
		{"", IEEE1284ID{}},
		{";;:;:x;MFG;", IEEE1284ID{}},
	}
	for _, c := range cases {
		got := ParseDeviceID(c.in)
		if idCore(got) != idCore(c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.in, idCore(got), idCore(c.want))
		}
		for k, v := range got.Fields {
			if k == "" || v == "" {
				t.Errorf("%q: field %q=%q", c.in, k, v)
			}
		}
	}
	id := ParseDeviceID(" mfg : Magicard ;;; Mdl:;MDL:Rio Pro 360; command  set:MAGICARD, PCL:5 ,;Cls:PRINTER;X-Vendor:1")
	if keys := slices.Sorted(maps.Keys(id.Fields)); !slices.Equal(keys, []string{"CLS", "COMMAND SET", "MDL", "MFG", "X-VENDOR"}) {
		t.Errorf("fields %q", keys)
	}
	if c := id.Commands(); !slices.Equal(c, []string{"MAGICARD", "PCL:5"}) {
		t.Errorf("commands %q", c)
	}
}

// idCore is the ID's fields but for the map, to compare.
func idCore(id IEEE1284ID) [6]string {
	return [6]string{id.Manufacturer, id.Model, id.CommandSet, id.Class, id.Description, id.Serial}
}
