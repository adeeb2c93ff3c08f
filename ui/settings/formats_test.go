package settings

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/words"
)

func TestExplainCardFormatErrors(t *testing.T) {
	_, defErr := cardformat.UnmarshalDefinition([]byte(`{"carddesk_format":1,"id":"x","name":"X","length":26,"fields":[{"name":"card","mask":"1-30"}]}`))
	_, fileErr := cardformat.UnmarshalDefinition([]byte(`not json`))
	_, verErr := cardformat.UnmarshalDefinition([]byte(`{"carddesk_format":7}`))
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"built-in id", &enroll.FormatExistsError{ID: "h10301", Builtin: true}, []string{"h10301 is the id of a built-in format"}},
		{"custom id taken", &enroll.FormatExistsError{ID: "acme"}, []string{"custom format with the id acme already exists"}},
		{"delete, one credential", &enroll.FormatInUseError{ID: "acme", Credentials: 1, Delete: true}, []string{"acme cannot be deleted: 1 credential is"}},
		{"delete, several", &enroll.FormatInUseError{ID: "acme", Credentials: 12, Delete: true}, []string{"acme cannot be deleted: 12 credentials are"}},
		{"layout change", &enroll.FormatInUseError{ID: "acme", Credentials: 3}, []string{"bit layout of format acme cannot change: 3 credentials", "Only its name"}},
		{"built-in change", enroll.ErrBuiltinFormat, []string{"Built-in formats cannot be changed"}},
		{"wrapped", errors.Join(errors.New("ctx"), enroll.ErrBuiltinFormat), []string{"Built-in formats"}},
		{"definition", defErr, []string{"The format x is not valid:", "\n• field \"card\" (mask 1-30): bits 26-30 are outside 0-25", "\n• unaccounted bits"}},
		{"definition without id", &cardformat.DefinitionError{Problems: []cardformat.Problem{{Item: "id", Msg: "is required"}}}, []string{"The format is not valid:\n• id: is required"}},
		{"not a format file", fileErr, []string{"not a card format file CardDesk can read: not valid JSON"}},
		{"newer version", verErr, []string{"version 7", "newer CardDesk", "reads version 1"}},
		{"bad version", &cardformat.VersionError{Got: 0}, []string{"version 0, which is not valid"}},
		{"unknown format", &cardformat.UnknownFormatError{ID: "zz"}, []string{"no card format zz"}},
		{"permission", &enroll.PermissionError{Permission: enroll.PermManageFormats}, []string{"Only administrators"}},
	}
	for _, tc := range tests {
		got := words.Explain(tc.err)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tc.name, got, w)
			}
		}
	}
}

func TestCardFormatsTabListsFormatsAndExplainsRefusals(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	ctx := context.Background()
	f, _ := cardformat.Lookup("h10301")
	f.ID, f.Name = "std26", "Site 26 bits"
	if _, err := st.Formats.Create(ctx, admin, f); err != nil {
		t.Fatal(err)
	}
	for _, card := range []string{"1", "2"} {
		if _, err := st.Credentials.Enroll(ctx, admin, enroll.NewCredential{Format: "std26",
			Fields: map[string]string{"facility": "1", "card": card}}); err != nil {
			t.Fatal(err)
		}
	}
	h, s, _ := openSettings(t, st, admin, tabFormats)
	if got := s.tabs.Items[3].Text; got != "Card formats" {
		t.Errorf("fourth tab is %q", got)
	}
	sc := s.formats
	if s.tabs.Items[3].Content != sc.Content() {
		t.Error("the Card formats tab does not show the formats screen")
	}
	h.Eventually("the formats to load", func() bool { return len(sc.Formats()) == len(cardformat.BuiltinIDs())+1 })
	if got := sc.Formats()[len(cardformat.BuiltinIDs())]; got.Format.ID != "std26" || got.InUse != 2 {
		t.Errorf("custom format listed as %s used by %d", got.Format.ID, got.InUse)
	}

	// The screen words refusals with words.Explain and shows its dialogs
	// on the shell's stack, so Escape closes them.
	msg := words.Explain(&enroll.FormatInUseError{ID: "std26", Credentials: 2, Delete: true})
	if msg != "Format std26 cannot be deleted: 2 credentials are enrolled with it." {
		t.Errorf("refusal worded %q", msg)
	}
	test.Tap(button(t, sc.Content(), "New format…"))
	h.Wait()
	if h.Dialogs.Len() != 1 {
		t.Fatalf("%d dialogs on the shell's stack after New format…", h.Dialogs.Len())
	}
	h.Dialogs.DismissTop()
	h.Wait()
	if h.Dialogs.Len() != 0 {
		t.Error("Escape did not close the format editor")
	}
}
