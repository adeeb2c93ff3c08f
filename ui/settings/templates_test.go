package settings

import (
	"strings"
	"testing"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/words"
)

// The Badge templates tab lists the station's templates when it opens.
func TestBadgeTemplatesTabListsTheTemplates(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	tpl := &badge.Template{Format: badge.FormatName, Version: badge.Version, Name: "Contractors",
		Size: badge.SizeCR80, Orientation: badge.Portrait, Front: badge.Side{Elements: []badge.Element{
			{Type: badge.TypeText, X: 2, Y: 2, W: 40, H: 8, Text: "{full_name}", FontSize: 10, Color: "#000000"}}}}
	if _, err := st.Templates.Create(t.Context(), admin, tpl); err != nil {
		t.Fatal(err)
	}
	h, s, _ := openSettings(t, st, admin, tabTemplates)
	if got := s.tabs.Selected().Text; got != "Badge templates" {
		t.Fatalf("tab %d is %q", tabTemplates, got)
	}
	found := false
	for _, bt := range s.templates.Templates() {
		found = found || bt.Name == "Contractors"
	}
	if !found {
		t.Errorf("the tab lists %v", s.templates.Templates())
	}
	if !strings.Contains(uitest.Texts(h.Win.Content()), "Contractors") {
		t.Error("the list does not show the template")
	}
}

func TestExplainBadgeTemplateErrors(t *testing.T) {
	bad := &badge.Error{File: "staff.json", Problems: []badge.Problem{
		{Side: badge.Front, Element: 3, Key: "x", Msg: "the box reaches outside the card"},
		{Key: "name", Msg: "the name is empty"},
	}}
	for _, c := range []struct {
		err  error
		want []string
	}{
		{bad, []string{"staff.json", "• front element 3: the box reaches outside the card", "• the name is empty"}},
		{&enroll.TemplateExistsError{Name: "Staff"}, []string{"named Staff already exists"}},
		{&enroll.TemplateInUseError{Name: "Staff", Requests: 2}, []string{"Staff cannot be deleted: 2 pending"}},
	} {
		got := words.Explain(c.err)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%T says %q; want %q", c.err, got, w)
			}
		}
	}
}
