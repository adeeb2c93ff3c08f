package enroll_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

// fieldError is the one field message of err, or fails the test.
func fieldError(t *testing.T, err error, field string) enroll.FieldError {
	t.Helper()
	var ve *enroll.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a ValidationError", err)
	}
	for _, f := range ve.Fields {
		if f.Field == field {
			return f
		}
	}
	t.Fatalf("err = %v, want a message for %s", err, field)
	return enroll.FieldError{}
}

// Every refusal the UI translates carries its message id and the data its
// template needs; the English text is the template filled in.
func TestFieldMessagesCarryIDAndData(t *testing.T) {
	e := newEnv(t)
	anna, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "Anna", LastName: "Bos", ExternalID: "HR-1"})
	if err != nil {
		t.Fatal(err)
	}
	kim, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "Kim", LastName: "Lee", ExternalID: "HR-2"})
	if err != nil {
		t.Fatal(err)
	}
	kimTakesHR1 := kim
	kimTakesHR1.ExternalID = "HR-1"
	yesterday := e.clock.Now().AddDate(0, 0, -1)

	tests := []struct {
		name  string
		do    func() error
		field string
		id    string
		data  enroll.Data // checked where given
		says  string      // the English message
	}{
		{"new cardholder with a taken external id",
			func() error {
				_, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "B", LastName: "C", ExternalID: "HR-1"})
				return err
			},
			"external_id", enroll.MsgExternalIDTakenBy, enroll.Data{"Name": "Anna Bos", "ID": anna.ID, "Value": "HR-1"},
			"Anna Bos (cardholder " + strconv.FormatInt(anna.ID, 10) + ") already has the external ID HR-1"},
		{"changed cardholder with a taken external id",
			func() error { _, err := e.st.Cardholders.Update(e.ctx, e.admin, kimTakesHR1); return err },
			"external_id", enroll.MsgExternalIDTakenBy, enroll.Data{"Name": "Anna Bos", "ID": anna.ID},
			"Anna Bos (cardholder " + strconv.FormatInt(anna.ID, 10) + ") already has the external ID HR-1"},
		{"missing last name",
			func() error {
				_, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "B"})
				return err
			},
			"last_name", enroll.MsgRequired, nil, "Required"},
		{"activation date in the past",
			func() error {
				_, err := e.st.Requests.Create(e.ctx, e.admin, enroll.NewRequest{CardholderID: anna.ID,
					Activation: enroll.Activation{Mode: enroll.ActivateOnDate, Date: yesterday}})
				return err
			},
			"activation", enroll.MsgDatePast, enroll.Data{"Date": "2026-11-01"},
			"The activation date 2026-11-01 has passed; choose today or later"},
		{"facility out of range",
			func() error {
				_, err := e.st.Credentials.Enroll(e.ctx, e.admin, enroll.NewCredential{Format: "h10301", Fields: map[string]string{"facility": "300", "card": "1"}})
				return err
			},
			"facility", enroll.MsgValueRange, enroll.Data{"Value": "300", "Min": "0", "Max": "255"}, "300 is out of range 0–255"},
		{"card number not a number",
			func() error {
				_, err := e.st.Credentials.Enroll(e.ctx, e.admin, enroll.NewCredential{Format: "h10301", Fields: map[string]string{"facility": "1", "card": "12a"}})
				return err
			},
			"card", enroll.MsgValueNumber, enroll.Data{"Text": "12a"}, `"12a" is not a whole number`},
		{"serial number not hex",
			func() error {
				_, err := e.st.Credentials.Enroll(e.ctx, e.admin, enroll.NewCredential{Format: "csn32", Fields: map[string]string{"csn": "zz"}})
				return err
			},
			"csn", enroll.MsgValueHex, enroll.Data{"Text": "zz"}, `"zz" is not a hexadecimal number (for example 04a1b2c3)`},
		{"card number missing",
			func() error {
				_, err := e.st.Credentials.Enroll(e.ctx, e.admin, enroll.NewCredential{Format: "h10301", Fields: map[string]string{"facility": "1"}})
				return err
			},
			"card", enroll.MsgValueMissing, enroll.Data{"Min": "0", "Max": "65535"}, "Required: a number from 0 to 65535"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := fieldError(t, tc.do(), tc.field)
			if f.ID != tc.id {
				t.Errorf("id = %q, want %q", f.ID, tc.id)
			}
			if f.Message != tc.says {
				t.Errorf("message = %q, want %q", f.Message, tc.says)
			}
			for k, want := range tc.data {
				if got := f.Data[k]; got != want {
					t.Errorf("data %s = %#v, want %#v", k, got, want)
				}
			}
		})
	}
}

// A read that does not decode says why with a message id, or with the
// cardformat error that is the reason, so the UI can translate either.
func TestBadReadsSayWhyInTranslatableTerms(t *testing.T) {
	e := newEnv(t)
	for _, c := range []enroll.ReaderConfig{
		{Name: "number", Kind: enroll.ReaderKeyboard, Meaning: enroll.WedgeNumber, Format: "h10301", Fields: map[string]string{"facility": "1"}},
		{Name: "csn", Kind: enroll.ReaderKeyboard, Meaning: enroll.WedgeCSN},
		{Name: "uid32", Kind: enroll.ReaderPCSC, Format: "csn32"},
	} {
		if err := e.st.Devices.Configure(e.ctx, e.admin, c); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		read  enroll.CardRead
		id    string // "" = the reason is a cardformat error
		data  enroll.Data
		cause func(error) bool
	}{
		{"7-byte uid at a csn32 reader", enroll.CardRead{Reader: "uid32", UID: []byte{4, 1, 2, 3, 4, 5, 6}},
			enroll.MsgReadUIDLength, enroll.Data{"Bytes": 7, "Bits": 56, "Length": 32}, nil},
		{"typed odd csn", enroll.CardRead{Reader: "csn", Typed: "4A1B2C3"}, enroll.MsgReadNotHex, enroll.Data{"Text": "4A1B2C3"}, nil},
		{"unset keyboard reader", enroll.CardRead{Reader: "other", Typed: "1234"}, enroll.MsgReadNoSettings, enroll.Data{"Reader": "other"}, nil},
		{"typed number too big", enroll.CardRead{Reader: "number", Typed: "70000"}, "", nil,
			func(err error) bool { var r *cardformat.RangeError; return errors.As(err, &r) && r.Field == "card" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.st.Devices.Decode(e.ctx, tc.read)
			var bad *enroll.BadReadError
			if !errors.As(err, &bad) {
				t.Fatalf("err = %v, want a BadReadError", err)
			}
			if bad.ID != tc.id {
				t.Errorf("id = %q, want %q", bad.ID, tc.id)
			}
			for k, want := range tc.data {
				if got := bad.Data[k]; got != want {
					t.Errorf("data %s = %#v, want %#v", k, got, want)
				}
			}
			if tc.cause != nil && !tc.cause(bad.Cause) {
				t.Errorf("cause = %#v", bad.Cause)
			}
			if bad.Reason == "" || strings.Contains(bad.Reason, "{{") {
				t.Errorf("English reason %q", bad.Reason)
			}
			echo := func(key, fallback string, data ...any) string { return key }
			if tc.id != "" && bad.LocalizedReason(echo) != tc.id {
				t.Errorf("LocalizedReason does not ask for %s", tc.id)
			}
		})
	}
}

// The bad rows of an import carry message ids too; a taken external id
// names who has it.
func TestImportProblemsCarryIDAndData(t *testing.T) {
	e := newEnv(t)
	old, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "Old", LastName: "Timer", ExternalID: "E1"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		csv   string
		field string
		id    string
		data  enroll.Data
		says  string // the whole English line
	}{
		{"missing last name", "external_id,first_name,last_name\nE3,Ann,\n", "last_name", enroll.MsgRequired, nil,
			"f.csv:2: last_name: Required"},
		{"too few fields", "external_id,first_name,last_name\nE3,Ann\n", "", enroll.MsgImportFieldCount, enroll.Data{"Got": 2, "Want": 3},
			"f.csv:2: has 2 fields, the header has 3"},
		{"an id twice in the file", "external_id,first_name,last_name\nE3,Ann,Bos\nE3,Bea,Bos\n", "", enroll.MsgImportDuplicate, enroll.Data{"Value": "E3", "Line": 2},
			`f.csv:3: external_id "E3" is also on line 2`},
		{"an id someone has", "external_id,first_name,last_name\nE2,Good,Row\nE1,Taken,Id\n", "", enroll.MsgImportTakenBy,
			enroll.Data{"Value": "E1", "Name": "Old Timer", "ID": old.ID},
			`f.csv:3: external_id "E1" already belongs to Old Timer (cardholder ` + strconv.FormatInt(old.ID, 10) + `)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.st.Cardholders.Import(e.ctx, e.admin, "f.csv", strings.NewReader(tc.csv))
			var ie *enroll.ImportError
			if !errors.As(err, &ie) || len(ie.Problems) != 1 {
				t.Fatalf("err = %v, want one bad row", err)
			}
			p := ie.Problems[0]
			if p.Field != tc.field || p.ID != tc.id || p.String() != tc.says {
				t.Errorf("problem %+v\nwant field %q id %q saying %q", p, tc.field, tc.id, tc.says)
			}
			for k, want := range tc.data {
				if got := p.Data[k]; got != want {
					t.Errorf("data %s = %#v, want %#v", k, got, want)
				}
			}
		})
	}
}
