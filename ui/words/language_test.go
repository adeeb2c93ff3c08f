package words

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"os"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/assets"
	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

// inLanguage loads the app's translations with the system language set to
// code ("en" or "nl") for the rest of the test, and back to English after.
func inLanguage(t *testing.T, code string) {
	t.Helper()
	load := func() {
		if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(load) // runs after the environment below is restored
	locale := map[string]string{"en": "en_US.UTF-8", "nl": "nl_NL.UTF-8"}[code]
	t.Setenv("LANGUAGE", code)
	t.Setenv("LC_ALL", locale)
	t.Setenv("LC_MESSAGES", locale)
	t.Setenv("LANG", locale)
	load()
}

// bilingual is one text in English and Dutch.
type bilingual struct{ en, nl string }

func (b bilingual) in(code string) string {
	if code == "nl" {
		return b.nl
	}
	return b.en
}

// eachLanguage runs check once in English and once in Dutch.
func eachLanguage(t *testing.T, check func(t *testing.T, code string)) {
	for _, code := range []string{"en", "nl"} {
		t.Run(code, func(t *testing.T) {
			inLanguage(t, code)
			check(t, code)
		})
	}
}

var errRefusedAt2525 = fmt.Errorf("sending to anna@example.org through 127.0.0.1:2525: dial failed: %w",
	&net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 2525},
		Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}})

func TestExplainSaysItInTheOperatorsLanguage(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bilingual // the whole text
	}{
		{"required field named", &enroll.ValidationError{Fields: []enroll.FieldError{
			{Field: "first_name", ID: enroll.MsgRequired, Message: "Required"},
			{Field: "last_name", ID: enroll.MsgRequired, Message: "Required"}}},
			bilingual{"First name is required; Last name is required", "Voornaam is verplicht; Achternaam is verplicht"}},
		{"external id taken by whom", &enroll.ValidationError{Fields: []enroll.FieldError{
			{Field: "external_id", ID: enroll.MsgExternalIDTakenBy, Data: enroll.Data{"Name": "Anna Bos", "ID": 7, "Value": "HR-1"}}}},
			bilingual{"Anna Bos (cardholder 7) already has the external ID HR-1", "Anna Bos (kaarthouder 7) heeft het personeelsnummer HR-1 al"}},
		{"activation date passed", &enroll.ValidationError{Fields: []enroll.FieldError{
			{Field: "activation", ID: enroll.MsgDatePast, Data: enroll.Data{"Date": "2020-01-01"}}}},
			bilingual{"The activation date 2020-01-01 has passed; choose today or later", "De activeringsdatum 2020-01-01 is al voorbij; kies vandaag of later"}},
		{"card field out of range, typed at a reader's settings", &enroll.ValidationError{Fields: []enroll.FieldError{
			{Field: "field.facility", ID: enroll.MsgValueRange, Data: enroll.Data{"Value": "300", "Min": "0", "Max": "255"}}}},
			bilingual{"Facility code: 300 is out of range 0–255", "Faciliteitscode: 300 valt buiten het bereik 0–255"}},
		{"card value out of range", &cardformat.RangeError{Field: "facility", Value: "300", Min: cardformat.ValueOf(0), Max: cardformat.ValueOf(255)},
			bilingual{"Facility code: 300 is out of range 0–255", "Faciliteitscode: 300 valt buiten het bereik 0–255"}},
		{"card number not a number", &cardformat.ValueSyntaxError{Field: "card", Text: "12a"},
			bilingual{"Card number: 12a is not a whole number", "Kaartnummer: 12a is geen geheel getal"}},
		{"a field the format does not have", &cardformat.UnknownFieldError{Format: "h10301", Field: "site", Allowed: []string{"facility", "card"}},
			bilingual{"This format has no field site; its fields are: Facility code, Card number", "Dit formaat heeft geen veld site; de velden zijn: Faciliteitscode, Kaartnummer"}},
		{"a custom format's field keeps its name", &cardformat.RangeError{Field: "site", Value: "9", Min: cardformat.ValueOf(0), Max: cardformat.ValueOf(7)},
			bilingual{"site: 9 is out of range 0–7", "site: 9 valt buiten het bereik 0–7"}},
		{"state change with status names", &enroll.TransitionError{Machine: "card request", From: "completed", To: "pending"},
			bilingual{"This cannot change from Completed to Pending.", "Dit kan niet van Afgerond naar Openstaand gaan."}},
		{"mail server refuses the connection", errRefusedAt2525,
			bilingual{"No mail server answers at 127.0.0.1:2525. Check the host and port in Settings > Mail.",
				"Op 127.0.0.1:2525 antwoordt geen mailserver. Controleer de host en poort in Instellingen > Mail."}},
		{"refused, known only from the text", errors.New("dial failed: dial tcp 10.0.0.9:25: connect: connection refused"),
			bilingual{"No mail server answers at 10.0.0.9:25. Check the host and port in Settings > Mail.",
				"Op 10.0.0.9:25 antwoordt geen mailserver. Controleer de host en poort in Instellingen > Mail."}},
		{"mail server name unknown", &net.DNSError{Err: "no such host", Name: "smtp.example.invalid", IsNotFound: true},
			bilingual{"The mail server smtp.example.invalid is not known on the network. Check the host in Settings > Mail.",
				"De mailserver smtp.example.invalid is niet bekend op het netwerk. Controleer de host in Instellingen > Mail."}},
		{"mail server too slow", &net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(10, 0, 0, 9), Port: 587}, Err: os.ErrDeadlineExceeded},
			bilingual{"The mail server at 10.0.0.9:587 did not answer in time. Check the host and port in Settings > Mail, and that the network lets the station through.",
				"De mailserver op 10.0.0.9:587 antwoordde niet op tijd. Controleer de host en poort in Instellingen > Mail, en of het netwerk het station doorlaat."}},
		{"the database's own deadline stays the database's", context.DeadlineExceeded,
			bilingual{"The database did not answer in time. Try again.", "De database reageerde niet op tijd. Probeer het opnieuw."}},
		{"wrong mail password", fmt.Errorf("send failed: SMTP AUTH failed: %w", &textproto.Error{Code: 535, Msg: "5.7.8 Authentication credentials invalid"}),
			bilingual{"The mail server refused the user name or password. Check them in Settings > Mail.",
				"De mailserver weigerde de gebruikersnaam of het wachtwoord. Controleer ze in Instellingen > Mail."}},
		{"no STARTTLS", errors.New(`dial failed: STARTTLS mode set to: "TLSMandatory", but target host does not support STARTTLS`),
			bilingual{"The mail server does not offer STARTTLS, so nothing was sent unencrypted. In Settings > Mail choose TLS (usually port 465), or ask the mail administrator.",
				"De mailserver biedt geen STARTTLS, dus er is niets onversleuteld verzonden. Kies in Instellingen > Mail TLS (meestal poort 465), of vraag het de mailbeheerder."}},
		{"TLS on a plain port", fmt.Errorf("dial failed: %w", tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}),
			bilingual{"The mail server does not speak TLS on this port. In Settings > Mail choose STARTTLS (usually port 587), or TLS with port 465.",
				"De mailserver spreekt op deze poort geen TLS. Kies in Instellingen > Mail STARTTLS (meestal poort 587), of TLS met poort 465."}},
		{"untrusted certificate", fmt.Errorf("dial failed: %w", x509.UnknownAuthorityError{}),
			bilingual{"The mail server's certificate is not signed by an authority this computer trusts. Ask the mail administrator, or install the authority's certificate on this computer.",
				"Het certificaat van de mailserver is niet ondertekend door een instantie die deze computer vertrouwt. Vraag het de mailbeheerder, of installeer het certificaat van die instantie op deze computer."}},
		{"certificate for another name", x509.HostnameError{Certificate: &x509.Certificate{}, Host: "mail.example.org"},
			bilingual{"The mail server's certificate is not for the name mail.example.org. Use the host name on its certificate in Settings > Mail.",
				"Het certificaat van de mailserver is niet voor de naam mail.example.org. Gebruik in Instellingen > Mail de hostnaam die op het certificaat staat."}},
		{"a card that read as a built-in format", &enroll.BadReadError{Format: "csn32", Reason: "x"},
			bilingual{"The card did not read as CSN 32-bit (x). Present it again, or check the reader's card format.",
				"De kaart is niet te lezen als CSN 32-bits (x). Bied hem opnieuw aan, of controleer het kaartformaat van de lezer."}},
		{"a read with a bad parity", &enroll.BadReadError{Format: "h10301", ID: enroll.MsgReadParity, Reason: "the parity check failed"},
			bilingual{"The card did not read as Standard 26-bit (H10301) (the parity check failed). Present it again, or check the reader's card format.",
				"De kaart is niet te lezen als Standaard 26-bits (H10301) (de pariteitscontrole klopt niet). Bied hem opnieuw aan, of controleer het kaartformaat van de lezer."}},
		{"a read of the wrong length", &enroll.BadReadError{Format: "h10301", Cause: &cardformat.LengthError{Format: "h10301", Want: 26, Got: 24}, Reason: "h10301 takes 26 bits, got 24"},
			bilingual{"The card did not read as Standard 26-bit (H10301) (24 bits; this format has 26). Present it again, or check the reader's card format.",
				"De kaart is niet te lezen als Standaard 26-bits (H10301) (24 bits; dit formaat heeft er 26). Bied hem opnieuw aan, of controleer het kaartformaat van de lezer."}},
	}
	eachLanguage(t, func(t *testing.T, code string) {
		for _, tc := range cases {
			if got, want := ExplainMail(tc.err), tc.want.in(code); got != want {
				t.Errorf("%s:\n got %q\nwant %q", tc.name, got, want)
			}
		}
	})
}

func TestFieldMessagesAtTheirField(t *testing.T) {
	cases := []struct {
		f    enroll.FieldError
		want bilingual
	}{
		{enroll.FieldError{Field: "last_name", ID: enroll.MsgRequired, Message: "Required"}, bilingual{"Required", "Verplicht"}},
		{enroll.FieldError{Field: "facility", ID: enroll.MsgValueNumber, Data: enroll.Data{"Text": "x1"}},
			bilingual{`"x1" is not a whole number`, `"x1" is geen geheel getal`}},
		{enroll.FieldError{Field: "card", ID: enroll.MsgValueMissing, Data: enroll.Data{"Min": "0", "Max": "65535"}},
			bilingual{"Required: a number from 0 to 65535", "Verplicht: een getal van 0 tot 65535"}},
	}
	eachLanguage(t, func(t *testing.T, code string) {
		for _, tc := range cases {
			if got := tc.f.Localize(lang.X); got != tc.want.in(code) {
				t.Errorf("%s %s: got %q, want %q", tc.f.Field, tc.f.ID, got, tc.want.in(code))
			}
		}
	})
}

func TestFormatAndFieldNames(t *testing.T) {
	site := cardformat.Format{ID: "site40", Name: "Site 40 bits"}
	h10301, _ := cardformat.Lookup("h10301")
	cases := []struct {
		name string
		got  func() string
		want bilingual
	}{
		{"csn32", func() string { return FormatName("csn32") }, bilingual{"CSN 32-bit", "CSN 32-bits"}},
		{"h10301", func() string { return FormatName("h10301") }, bilingual{"Standard 26-bit (H10301)", "Standaard 26-bits (H10301)"}},
		{"h10304", func() string { return FormatName("h10304") }, bilingual{"HID 37-bit with facility code (H10304)", "HID 37-bits met faciliteitscode (H10304)"}},
		{"a custom id stays", func() string { return FormatName("site40") }, bilingual{"site40", "site40"}},
		{"custom title", func() string { return FormatTitle(site) }, bilingual{"Site 40 bits (site40)", "Site 40 bits (site40)"}},
		{"built-in title", func() string { return FormatTitle(h10301) }, bilingual{"Standard 26-bit (H10301)", "Standaard 26-bits (H10301)"}},
		{"custom name", func() string { return FormatDisplayName(site) }, bilingual{"Site 40 bits", "Site 40 bits"}},
		{"facility", func() string { return CardField("facility") }, bilingual{"Facility code", "Faciliteitscode"}},
		{"card", func() string { return CardField("card") }, bilingual{"Card number", "Kaartnummer"}},
		{"csn", func() string { return CardField("csn") }, bilingual{"Serial number", "Serienummer"}},
		{"custom field", func() string { return CardField("site") }, bilingual{"site", "site"}},
		{"form field", func() string { return FieldName("external_id") }, bilingual{"External ID", "Personeelsnummer"}},
		{"reader setting field", func() string { return FieldName("field.card") }, bilingual{"Card number", "Kaartnummer"}},
		{"setting", func() string { return FieldName("smtp.host") }, bilingual{"Mail server", "Mailserver"}},
		{"number", func() string { return CredentialNumber(map[string]string{"card": "3456", "facility": "12"}) },
			bilingual{"Facility code 12 · Card number 3456", "Faciliteitscode 12 · Kaartnummer 3456"}},
		{"label", func() string {
			return CredentialLabel(enroll.Credential{Format: "h10301", Fields: map[string]string{"card": "3456", "facility": "12"}})
		}, bilingual{"Standard 26-bit (H10301) · Facility code 12 · Card number 3456", "Standaard 26-bits (H10301) · Faciliteitscode 12 · Kaartnummer 3456"}},
		{"serial number label", func() string {
			return CredentialLabel(enroll.Credential{Format: "csn32", Fields: map[string]string{"csn": "04a1b2c3"}})
		}, bilingual{"CSN 32-bit · 04A1B2C3", "CSN 32-bits · 04A1B2C3"}},
	}
	eachLanguage(t, func(t *testing.T, code string) {
		for _, tc := range cases {
			if got := tc.got(); got != tc.want.in(code) {
				t.Errorf("%s: got %q, want %q", tc.name, got, tc.want.in(code))
			}
		}
	})
}

func TestReaderServiceSaysItOnce(t *testing.T) {
	pcsc := enroll.ReaderInfo{Name: "Smart-card service (PC/SC)", Kind: enroll.ReaderPCSC, Status: "smart-card service not running", Service: true}
	ccid := enroll.ReaderInfo{Name: "USB card readers (CCID)", Kind: enroll.ReaderCCID, Status: "USB not available: libusb: access denied", Service: true}
	cases := []struct {
		name string
		got  func() string
		want bilingual
	}{
		{"PC/SC down", func() string { return ServiceStatus(pcsc) },
			bilingual{"The smart-card service (PC/SC) is not running.", "De smartcarddienst (PC/SC) draait niet."}},
		{"USB down", func() string { return ServiceStatus(ccid) },
			bilingual{"USB card readers (CCID) cannot be used: USB is not available (libusb: access denied).",
				"USB-kaartlezers (CCID) zijn niet te gebruiken: USB is niet beschikbaar (libusb: access denied)."}},
		{"service name", func() string { return ReaderName(pcsc) }, bilingual{"Smart-card service (PC/SC)", "Smartcarddienst (PC/SC)"}},
		{"a reader's own name", func() string { return ReaderName(enroll.ReaderInfo{Name: "ACS ACR122U 00 00"}) },
			bilingual{"ACS ACR122U 00 00", "ACS ACR122U 00 00"}},
		{"ready", func() string { return ReaderStatus("ready") }, bilingual{"ready", "gereed"}},
		{"USB status", func() string { return ReaderStatus(ccid.Status) },
			bilingual{"USB not available (libusb: access denied)", "USB niet beschikbaar (libusb: access denied)"}},
		{"unknown status", func() string { return ReaderStatus("warming up") }, bilingual{"warming up", "warming up"}},
	}
	eachLanguage(t, func(t *testing.T, code string) {
		for _, tc := range cases {
			if got := tc.got(); got != tc.want.in(code) {
				t.Errorf("%s: got %q, want %q", tc.name, got, tc.want.in(code))
			}
		}
		if got := ServiceStatus(pcsc); strings.Count(strings.ToLower(got), "smart") > 1 || strings.Count(strings.ToLower(got), "smartcard") > 1 {
			t.Errorf("the service is named twice: %q", got)
		}
	})
}

func TestImportProblemsInTheOperatorsLanguage(t *testing.T) {
	cases := []struct {
		p    enroll.LineProblem
		want bilingual
	}{
		{enroll.LineProblem{File: "f.csv", Line: 2, Reason: "last_name: Required", Field: "last_name", ID: enroll.MsgRequired},
			bilingual{"f.csv:2: last_name: Required", "f.csv:2: last_name: Verplicht"}},
		{enroll.LineProblem{File: "f.csv", Line: 3, Reason: `external_id "E1" already belongs to Old Timer (cardholder 4)`,
			ID: enroll.MsgImportTakenBy, Data: enroll.Data{"Value": "E1", "Name": "Old Timer", "ID": 4}},
			bilingual{`f.csv:3: external_id "E1" already belongs to Old Timer (cardholder 4)`,
				`f.csv:3: personeelsnummer (external_id) "E1" is al van Old Timer (kaarthouder 4)`}},
		{enroll.LineProblem{File: "f.csv", Line: 1, Reason: "the file is empty"},
			bilingual{"f.csv:1: the file is empty", "f.csv:1: the file is empty"}},
	}
	eachLanguage(t, func(t *testing.T, code string) {
		for _, tc := range cases {
			if got := ImportProblem(tc.p); got != tc.want.in(code) {
				t.Errorf("got %q, want %q", got, tc.want.in(code))
			}
		}
	})
}

// The messages of cardformat, badge and enroll are shown through lang.X
// with their id: en.json holds each package's English template, and nl.json
// a Dutch one with the same placeholders.
func TestMessagesTranslated(t *testing.T) {
	load := func(name string) map[string]string {
		b, err := assets.Translations.ReadFile("translations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return m
	}
	en, nl := load("en.json"), load("nl.json")
	names := func(s string) []string {
		out := regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`).FindAllString(s, -1)
		slices.Sort(out)
		return out
	}
	for pkg, messages := range map[string]map[string]string{
		"cardformat": cardformat.ProblemMessages,
		"badge":      badge.ProblemMessages,
		"enroll":     enroll.FieldMessages,
	} {
		for id, english := range messages {
			if en[id] != english {
				t.Errorf("en.json %s = %q, %s says %q", id, en[id], pkg, english)
			}
			if dutch, ok := nl[id]; !ok || dutch == english {
				t.Errorf("nl.json lacks a Dutch text for %s", id)
			} else if !slices.Equal(names(dutch), names(english)) {
				t.Errorf("nl.json %s uses %v, the English text %v", id, names(dutch), names(english))
			}
		}
	}
}

func TestDefinitionProblemsInTheOperatorsLanguage(t *testing.T) {
	bad := cardformat.Format{ID: "Bad ID", Name: "", Kind: cardformat.KindWiegand, Length: 26,
		Fields: []cardformat.Field{
			{Name: "facility", Bits: []int{1, 2, 3, 4, 5, 6, 7, 8}},
			{Name: "card", Bits: []int{8, 9, 10, 30}},
		}}
	var de *cardformat.DefinitionError
	if !errors.As(bad.Validate(), &de) {
		t.Fatalf("Validate() = %v, want a DefinitionError", bad.Validate())
	}
	want := map[string]bilingual{
		"id": {`id: "Bad ID": use 1–32 of a–z, 0–9, _ and -, starting with a letter or digit`,
			`id: "Bad ID": gebruik 1–32 tekens uit a–z, 0–9, _ en -, beginnend met een letter of cijfer`},
		"name":    {"name: is required", "naam: is verplicht"},
		"outside": {`field "card" (mask 8-10,30): bit 30 is outside 0-25`, `veld "card" (masker 8-10,30): bit 30 valt buiten 0-25`},
		"taken": {`field "card" (mask 8-10,30): bit 8 is already used by field "facility"`,
			`veld "card" (masker 8-10,30): bit 8 wordt al gebruikt door veld "facility"`},
	}
	eachLanguage(t, func(t *testing.T, code string) {
		var got []string
		for _, p := range de.Problems {
			got = append(got, DefinitionProblem(p))
		}
		all := strings.Join(got, "\n")
		for what, w := range want {
			if !slices.Contains(got, w.in(code)) {
				t.Errorf("%s: no %q in\n%s", what, w.in(code), all)
			}
		}
	})
}

func TestMaskProblemsInTheOperatorsLanguage(t *testing.T) {
	cases := []struct {
		mask string
		want bilingual
	}{
		{"9-1", bilingual{"range 9-1 runs backwards; write 1-9 or list the bits one by one", "bereik 9-1 loopt achteruit; schrijf 1-9 of noem de bits een voor een"}},
		{"1,x", bilingual{`"x" is not a bit position (0, 1, 2, ...)`, `"x" is geen bitpositie (0, 1, 2, ...)`}},
		{"1-3,2", bilingual{"bit 2 appears more than once", "bit 2 komt meer dan eens voor"}},
	}
	eachLanguage(t, func(t *testing.T, code string) {
		for _, tc := range cases {
			_, err := cardformat.ParseMask(tc.mask)
			var me *cardformat.MaskError
			if !errors.As(err, &me) {
				t.Fatalf("ParseMask(%q) = %v, want a MaskError", tc.mask, err)
			}
			if got := MaskProblem(me); got != tc.want.in(code) {
				t.Errorf("%q: got %q, want %q", tc.mask, got, tc.want.in(code))
			}
		}
	})
}

// Trouble with another server (the print spooler, the shared database) is
// not put down to the mail server.
func TestExplainOtherServers(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bilingual
	}{
		{"print spooler down", errors.New(`Post "http://127.0.0.1:631/printers": dial tcp 127.0.0.1:631: connect: connection refused`),
			bilingual{"Nothing answers at 127.0.0.1:631: the service there is not running, or the address is wrong.",
				"Er antwoordt niets op 127.0.0.1:631: de dienst daar draait niet, of het adres klopt niet."}},
		{"database too slow", &net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(10, 0, 0, 9), Port: 5432}, Err: os.ErrDeadlineExceeded},
			bilingual{"10.0.0.9:5432 did not answer in time. Check the network connection.",
				"10.0.0.9:5432 antwoordde niet op tijd. Controleer de netwerkverbinding."}},
		{"database host unknown", &net.DNSError{Err: "no such host", Name: "db.example.invalid", IsNotFound: true},
			bilingual{"The server db.example.invalid is not known on the network.", "De server db.example.invalid is niet bekend op het netwerk."}},
	}
	eachLanguage(t, func(t *testing.T, code string) {
		for _, tc := range cases {
			if got, want := Explain(tc.err), tc.want.in(code); got != want {
				t.Errorf("%s:\n got %q\nwant %q", tc.name, got, want)
			}
		}
	})
}
