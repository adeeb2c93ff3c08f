package enroll_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
)

// badgeTemplate is a small valid one-sided template.
func badgeTemplate(name string) *badge.Template {
	return &badge.Template{
		Format: badge.FormatName, Version: badge.Version, Name: name,
		Size: badge.SizeCR80, Orientation: badge.Landscape,
		Front: badge.Side{Background: "#ffffff", Elements: []badge.Element{
			{Type: badge.TypePhoto, X: 4, Y: 6, W: 24, H: 32, Fit: "fill"},
			{Type: badge.TypeText, X: 32, Y: 8, W: 50, H: 7, Text: "{first_name} {last_name}", FontSize: 11, Bold: true, Align: "left", Color: "#000000", Shrink: true},
			{Type: badge.TypeRect, X: 0, Y: 48, W: 85.6, H: 5.98, Fill: "#0b5cad"},
		}},
	}
}

func templateFile(t *testing.T, tm *badge.Template) []byte {
	t.Helper()
	data, err := tm.JSON()
	if err != nil {
		t.Fatalf("JSON of template %q: %v", tm.Name, err)
	}
	return data
}

func (e *env) templateNames(t *testing.T) []string {
	t.Helper()
	var names []string
	for _, bt := range e.templates(t) {
		names = append(names, bt.Name)
	}
	return names
}

func TestNewStationHasDefaultTemplates(t *testing.T) {
	e := newEnv(t)
	if got := e.templateNames(t); !slices.Equal(got, []string{"Employee", "Visitor"}) {
		t.Fatalf("templates of a new station: %v", got)
	}
	def, err := e.st.Templates.Default(e.ctx, e.admin)
	if err != nil || def.Name != "Employee" || !def.IsDefault || def.Template == nil || def.Template.Orientation != badge.Landscape {
		t.Fatalf("Default = %+v, %v; want the landscape Employee template", def, err)
	}
	visitor := e.templateByName(t, "Visitor")
	if visitor.Template.Orientation != badge.Portrait || visitor.IsDefault {
		t.Fatalf("Visitor = %+v", visitor)
	}
	for _, bt := range []enroll.BadgeTemplate{def, visitor} {
		if err := bt.Template.Check(); err != nil {
			t.Errorf("shipped template %q: %v", bt.Name, err)
		}
	}
}

// templates lists the station's templates as the administrator sees them.
func (e *env) templates(t *testing.T) []enroll.BadgeTemplate {
	t.Helper()
	all, err := e.st.Templates.List(e.ctx, e.admin)
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func (e *env) templateByName(t *testing.T, name string) enroll.BadgeTemplate {
	t.Helper()
	for _, bt := range e.templates(t) {
		if bt.Name == name {
			return bt
		}
	}
	t.Fatalf("no template %q", name)
	return enroll.BadgeTemplate{}
}

func TestTemplateLifecycle(t *testing.T) {
	e := newEnv(t)
	created, err := e.st.Templates.Create(e.ctx, e.admin, badgeTemplate("Contractor"))
	if err != nil || created.ID == 0 || created.Name != "Contractor" || created.IsDefault {
		t.Fatalf("Create = %+v, %v", created, err)
	}
	var exists *enroll.TemplateExistsError
	if _, err := e.st.Templates.Create(e.ctx, e.admin, badgeTemplate("contractor")); !errors.As(err, &exists) {
		t.Fatalf("Create of a taken name: %v, want a TemplateExistsError", err)
	}
	renamed, err := e.st.Templates.Update(e.ctx, e.admin, created.ID, badgeTemplate("Supplier"))
	if err != nil || renamed.ID != created.ID || renamed.Name != "Supplier" {
		t.Fatalf("Update = %+v, %v", renamed, err)
	}
	if _, err := e.st.Templates.Update(e.ctx, e.admin, created.ID, badgeTemplate("Visitor")); !errors.As(err, &exists) {
		t.Fatalf("Update to a taken name: %v, want a TemplateExistsError", err)
	}
	got, err := e.st.Templates.Get(e.ctx, e.admin, created.ID)
	if err != nil || got.Name != "Supplier" || got.Template.Name != "Supplier" || len(got.Template.Front.Elements) != 3 {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	data, err := e.st.Templates.Export(e.ctx, e.admin, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	back, err := badge.Parse("export.json", data)
	if err != nil || back.Name != "Supplier" {
		t.Fatalf("exported file parses as %+v, %v", back, err)
	}

	if err := e.st.Templates.SetDefault(e.ctx, e.admin, created.ID); err != nil {
		t.Fatal(err)
	}
	if def, err := e.st.Templates.Default(e.ctx, e.admin); err != nil || def.ID != created.ID {
		t.Fatalf("Default after SetDefault = %+v, %v", def, err)
	}
	// Deleting the default hands the role to the first template by name.
	if err := e.st.Templates.Delete(e.ctx, e.admin, created.ID); err != nil {
		t.Fatal(err)
	}
	if def, err := e.st.Templates.Default(e.ctx, e.admin); err != nil || def.Name != "Employee" {
		t.Fatalf("Default after deleting the default = %+v, %v", def, err)
	}
	var unknown *enroll.UnknownTemplateError
	for what, err := range map[string]error{
		"Get":        func() error { _, err := e.st.Templates.Get(e.ctx, e.admin, created.ID); return err }(),
		"Delete":     e.st.Templates.Delete(e.ctx, e.admin, created.ID),
		"SetDefault": e.st.Templates.SetDefault(e.ctx, e.admin, created.ID),
		"Update": func() error {
			_, err := e.st.Templates.Update(e.ctx, e.admin, created.ID, badgeTemplate("X"))
			return err
		}(),
	} {
		if !errors.As(err, &unknown) || !errors.Is(err, enroll.ErrNotFound) {
			t.Errorf("%s of a deleted template: %v, want an UnknownTemplateError", what, err)
		}
	}
	want := []string{"template.default", "template.delete", "template.default", "template.update", "template.create"}
	if got := e.auditActions(t)[:len(want)]; !slices.Equal(got, want) {
		t.Errorf("audit actions %v, want %v first", got, want)
	}
}

func TestTemplateWritesAreForAdministrators(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t, "olga")
	employee := e.templateByName(t, "Employee")
	file := templateFile(t, badgeTemplate("Olga's"))
	var perm *enroll.PermissionError
	for _, tc := range []struct {
		what    string
		call    func(a enroll.Actor) error
		allowed bool
	}{
		{"List", func(a enroll.Actor) error { _, err := e.st.Templates.List(e.ctx, a); return err }, true},
		{"Get", func(a enroll.Actor) error { _, err := e.st.Templates.Get(e.ctx, a, employee.ID); return err }, true},
		{"Default", func(a enroll.Actor) error { _, err := e.st.Templates.Default(e.ctx, a); return err }, true},
		{"Export", func(a enroll.Actor) error { _, err := e.st.Templates.Export(e.ctx, a, employee.ID); return err }, true},
		{"Create", func(a enroll.Actor) error {
			_, err := e.st.Templates.Create(e.ctx, a, badgeTemplate("New"))
			return err
		}, false},
		{"Update", func(a enroll.Actor) error {
			_, err := e.st.Templates.Update(e.ctx, a, employee.ID, badgeTemplate("Employee"))
			return err
		}, false},
		{"Import", func(a enroll.Actor) error {
			_, err := e.st.Templates.Import(e.ctx, a, "t.json", file, true)
			return err
		}, false},
		{"SetDefault", func(a enroll.Actor) error { return e.st.Templates.SetDefault(e.ctx, a, employee.ID) }, false},
		{"Delete", func(a enroll.Actor) error { return e.st.Templates.Delete(e.ctx, a, employee.ID) }, false},
	} {
		err := tc.call(op)
		if tc.allowed && err != nil {
			t.Errorf("%s by an operator: %v", tc.what, err)
		}
		if !tc.allowed && (!errors.As(err, &perm) || !strings.Contains(err.Error(), "administrators only")) {
			t.Errorf("%s by an operator: %v, want a PermissionError", tc.what, err)
		}
		if err := tc.call(enroll.Actor{}); !errors.As(err, &perm) {
			t.Errorf("%s without sign-in: %v, want a PermissionError", tc.what, err)
		}
	}
	if got := e.templateNames(t); !slices.Equal(got, []string{"Employee", "Visitor"}) {
		t.Fatalf("refused writes changed the templates: %v", got)
	}
}

func TestTemplateImport(t *testing.T) {
	e := newEnv(t)
	good := templateFile(t, badgeTemplate("Contractor"))
	bad := func(mutate func(*badge.Template)) []byte {
		tm := badgeTemplate("Broken")
		mutate(tm)
		data, err := json.Marshal(tm)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	for _, tc := range []struct {
		name string
		data []byte
		// want names something every problem list must mention
		element int
		side    string
	}{
		{"not JSON", []byte("{nope"), 0, ""},
		{"unknown element type", bad(func(tm *badge.Template) { tm.Front.Elements[1].Type = "hologram" }), 2, badge.Front},
		{"box outside the card", bad(func(tm *badge.Template) { tm.Front.Elements[2].X = 80 }), 3, badge.Front},
		{"unknown merge field", bad(func(tm *badge.Template) { tm.Front.Elements[1].Text = "{nickname}" }), 2, badge.Front},
		{"bad colour", bad(func(tm *badge.Template) { tm.Front.Elements[2].Fill = "blue" }), 3, badge.Front},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(e.auditActions(t))
			_, err := e.st.Templates.Import(e.ctx, e.admin, "broken.json", tc.data, true)
			var be *badge.Error
			if !errors.As(err, &be) || len(be.Problems) == 0 || be.File != "broken.json" {
				t.Fatalf("Import: %v, want a *badge.Error naming the file", err)
			}
			if tc.element != 0 && !slices.ContainsFunc(be.Problems, func(p badge.Problem) bool {
				return p.Element == tc.element && p.Side == tc.side
			}) {
				t.Errorf("problems %+v name no %s element %d", be.Problems, tc.side, tc.element)
			}
			if got := e.templateNames(t); !slices.Equal(got, []string{"Employee", "Visitor"}) {
				t.Errorf("a bad file stored something: %v", got)
			}
			if n := len(e.auditActions(t)); n != before {
				t.Errorf("a bad file was audited")
			}
		})
	}

	first, err := e.st.Templates.Import(e.ctx, e.admin, "contractor.json", good, false)
	if err != nil || first.Name != "Contractor" {
		t.Fatalf("Import = %+v, %v", first, err)
	}
	var exists *enroll.TemplateExistsError
	if _, err := e.st.Templates.Import(e.ctx, e.admin, "contractor.json", good, false); !errors.As(err, &exists) || exists.Name != "Contractor" {
		t.Fatalf("Import of a taken name without replace: %v", err)
	}
	changed := badgeTemplate("Contractor")
	changed.Front.Elements = changed.Front.Elements[:1]
	again, err := e.st.Templates.Import(e.ctx, e.admin, "contractor.json", templateFile(t, changed), true)
	if err != nil || again.ID != first.ID {
		t.Fatalf("Import with replace = %+v, %v; want template %d replaced", again, err, first.ID)
	}
	if got, _ := e.st.Templates.Get(e.ctx, e.admin, first.ID); len(got.Template.Front.Elements) != 1 {
		t.Fatalf("replaced template has %d elements, want 1", len(got.Template.Front.Elements))
	}
	if got := e.auditActions(t)[:2]; !slices.Equal(got, []string{"template.import", "template.import"}) {
		t.Errorf("audit actions %v", got)
	}
}

func TestDeleteTemplateInUse(t *testing.T) {
	e := newEnv(t)
	bt, err := e.st.Templates.Create(e.ctx, e.admin, badgeTemplate("Contractor"))
	if err != nil {
		t.Fatal(err)
	}
	holder := e.holder(t, "Kim", "Lee")
	var reqs []enroll.CardRequest
	for range 2 {
		r, err := e.st.Requests.Create(e.ctx, e.admin, enroll.NewRequest{CardholderID: holder.ID, TemplateID: bt.ID})
		if err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, r)
	}
	var inUse *enroll.TemplateInUseError
	err = e.st.Templates.Delete(e.ctx, e.admin, bt.ID)
	if !errors.As(err, &inUse) || inUse.Requests != 2 || !strings.Contains(err.Error(), "2 pending request") || !strings.Contains(err.Error(), "Contractor") {
		t.Fatalf("Delete of a template pending requests use: %v", err)
	}
	if _, err := e.st.Requests.Deny(e.ctx, e.admin, []int64{reqs[0].ID, reqs[1].ID}, "no"); err != nil {
		t.Fatal(err)
	}
	// Answered requests do not hold a template back; they lose the reference.
	if err := e.st.Templates.Delete(e.ctx, e.admin, bt.ID); err != nil {
		t.Fatalf("Delete once the requests are answered: %v", err)
	}
	for _, r := range reqs {
		if got, err := e.st.Requests.Get(e.ctx, e.admin, r.ID); err != nil || got.TemplateID != 0 {
			t.Errorf("request %d after its template went: %+v, %v", r.ID, got.TemplateID, err)
		}
	}
}

func TestRequestRefusesUnknownTemplate(t *testing.T) {
	e := newEnv(t)
	holder := e.holder(t, "Kim", "Lee")
	employee := e.templateByName(t, "Employee")
	var ve *enroll.ValidationError
	_, err := e.st.Requests.Create(e.ctx, e.admin, enroll.NewRequest{CardholderID: holder.ID, TemplateID: 999})
	if !errors.As(err, &ve) || !strings.Contains(ve.For("template"), "999") {
		t.Fatalf("Create naming template 999: %v", err)
	}
	r, err := e.st.Requests.Create(e.ctx, e.admin, enroll.NewRequest{CardholderID: holder.ID, TemplateID: employee.ID})
	if err != nil || r.TemplateID != employee.ID {
		t.Fatalf("Create with a template: %+v, %v", r, err)
	}
	if _, err := e.st.Requests.Modify(e.ctx, e.admin, r.ID, r.Version, enroll.RequestChange{TemplateID: 998}); !errors.As(err, &ve) || !strings.Contains(ve.For("template"), "998") {
		t.Fatalf("Modify to template 998: %v", err)
	}
	if got, _ := e.st.Requests.Get(e.ctx, e.admin, r.ID); got.TemplateID != employee.ID {
		t.Fatalf("a refused Modify changed the template to %d", got.TemplateID)
	}
}

func TestBadgeMergeValues(t *testing.T) {
	e := newEnv(t)
	photo := testPNG(t, 64, 80)
	anna, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "Anna", LastName: "Dąbrowska",
		Email: "anna@example.org", Department: "Finance", ExternalID: "HR-9", Photo: photo, PhotoCropX: 0.25, PhotoCropY: 0.4})
	if err != nil {
		t.Fatal(err)
	}
	bob := e.holder(t, "Bob", "Smit")
	today := e.clock.Now().Local().Format("2006-01-02")

	// Without a card, the card values are empty.
	b, err := e.st.Badges.ForCardholder(e.ctx, e.admin, bob.ID)
	if err != nil {
		t.Fatal(err)
	}
	if b.Values["card_number"] != "" || b.Values["full_name"] != "Bob Smit" || b.Photo != nil || b.CropX != 0.5 || b.CropY != 0.5 {
		t.Fatalf("badge of a cardholder without card or photo: %+v", b)
	}

	r := e.request(t, anna.ID, enroll.Activation{Mode: enroll.ActivateEnrollment})
	if _, err := e.st.Requests.ConnectManual(e.ctx, e.admin, r.ID, "h10301", h10301(345)); err != nil {
		t.Fatal(err)
	}
	b, err = e.st.Badges.ForCardholder(e.ctx, e.admin, anna.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := badge.Values{
		"first_name": "Anna", "last_name": "Dąbrowska", "full_name": "Anna Dąbrowska", "department": "Finance",
		"email": "anna@example.org", "external_id": "HR-9", "cardholder_id": fmt.Sprint(anna.ID),
		"card_number": "345", "facility": "12", "format": "Standard 26 bits", "today": today,
	}
	for _, k := range badge.MergeFields {
		if k == "credential_hex" {
			continue
		}
		if b.Values[k] != want[k] {
			t.Errorf("%s = %q, want %q", k, b.Values[k], want[k])
		}
	}
	if h := b.Values["credential_hex"]; h == "" || strings.Trim(h, "0123456789abcdef") != "" {
		t.Errorf("credential_hex %q, want the bits in lower-case hex", h)
	}
	if !slices.Equal(b.Photo, photo) || b.CropX != 0.25 || b.CropY != 0.4 {
		t.Errorf("photo %d bytes, crop %v,%v", len(b.Photo), b.CropX, b.CropY)
	}

	// A request's badge: the station default, and the request's own card.
	bt, rb, err := e.st.Badges.ForRequest(e.ctx, e.admin, r.ID)
	if err != nil || bt.Name != "Employee" || rb.Values["card_number"] != "345" {
		t.Fatalf("ForRequest = %q, %+v, %v", bt.Name, rb.Values, err)
	}
	visitor := e.templateByName(t, "Visitor")
	csnReq, err := e.st.Requests.Create(e.ctx, e.admin, enroll.NewRequest{CardholderID: bob.ID, TemplateID: visitor.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.Requests.ConnectManual(e.ctx, e.admin, csnReq.ID, "csn32", map[string]string{"csn": "04a1b2c3"}); err != nil {
		t.Fatal(err)
	}
	bt, rb, err = e.st.Badges.ForRequest(e.ctx, e.admin, csnReq.ID)
	if err != nil || bt.ID != visitor.ID || rb.Values["card_number"] != "04a1b2c3" || rb.Values["facility"] != "" ||
		rb.Values["credential_hex"] != "4a1b2c3" && rb.Values["credential_hex"] != "04a1b2c3" {
		t.Fatalf("ForRequest with its own template and a CSN card = %q, %+v, %v", bt.Name, rb.Values, err)
	}
	if _, _, err := e.st.Badges.ForRequest(e.ctx, e.admin, 4242); !errors.Is(err, enroll.ErrNotFound) {
		t.Errorf("ForRequest of a missing request: %v", err)
	}
	if _, err := e.st.Badges.ForCardholder(e.ctx, e.admin, 4242); !errors.Is(err, enroll.ErrNotFound) {
		t.Errorf("ForCardholder of a missing cardholder: %v", err)
	}
	if _, err := e.st.Badges.ForCardholder(e.ctx, enroll.Actor{}, anna.ID); err == nil {
		t.Errorf("ForCardholder without sign-in worked")
	}
}

func TestPhotoCropIsChecked(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		x, y   float64
		wantX  float64
		wantY  float64
		refuse bool
	}{
		{0, 0, 0.5, 0.5, false},
		{0.2, 0.9, 0.2, 0.9, false},
		{1, 0, 1, 0, false},
		{1.5, 0.5, 0, 0, true},
		{0.5, -0.1, 0, 0, true},
	} {
		c, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "Crop", LastName: fmt.Sprint(tc.x, tc.y), PhotoCropX: tc.x, PhotoCropY: tc.y})
		var ve *enroll.ValidationError
		switch {
		case tc.refuse && (!errors.As(err, &ve) || ve.For("photo_crop") == ""):
			t.Errorf("crop %v,%v: %v, want refused", tc.x, tc.y, err)
		case !tc.refuse && err != nil:
			t.Errorf("crop %v,%v: %v", tc.x, tc.y, err)
		case !tc.refuse:
			got, err := e.st.Cardholders.Get(e.ctx, e.admin, c.ID)
			if err != nil || got.PhotoCropX != tc.wantX || got.PhotoCropY != tc.wantY {
				t.Errorf("crop %v,%v stored as %v,%v (%v)", tc.x, tc.y, got.PhotoCropX, got.PhotoCropY, err)
			}
		}
	}
}

func TestTemplateAuditLeavesImagesOut(t *testing.T) {
	e := newEnv(t)
	logo := base64.StdEncoding.EncodeToString(testPNG(t, 40, 20))
	tm := badgeTemplate("  Padded  ")
	tm.Front.Elements = append(tm.Front.Elements, badge.Element{Type: badge.TypeImage, X: 2, Y: 40, W: 20, H: 5, PNGBase64: logo, Fit: "contain"})
	bt, err := e.st.Templates.Create(e.ctx, e.admin, tm)
	if err != nil {
		t.Fatal(err)
	}
	if bt.Name != "Padded" || bt.Template.Name != "Padded" || tm.Name != "  Padded  " {
		t.Errorf("name stored %q / %q; the caller's template now %q", bt.Name, bt.Template.Name, tm.Name)
	}
	got, err := e.st.Templates.Get(e.ctx, e.admin, bt.ID)
	if err != nil || got.Template.Front.Elements[3].PNGBase64 != logo {
		t.Fatalf("the stored template lost its image: %v", err)
	}
	evs, _, err := e.st.Audit.List(e.ctx, e.admin, enroll.AuditQuery{Action: "template."})
	if err != nil || len(evs) != 1 {
		t.Fatalf("template events %v, %v", evs, err)
	}
	if strings.Contains(evs[0].After, logo) || !strings.Contains(evs[0].After, "sha256") || !strings.Contains(evs[0].After, `"Padded"`) {
		t.Errorf("audit snapshot: %s", evs[0].After)
	}
}

func TestDefaultFollowsDeletesAndFirstTemplate(t *testing.T) {
	e := newEnv(t)
	steps := []struct {
		do   func() error
		want string // the default after the step; "" none
	}{
		{func() error { return e.st.Templates.Delete(e.ctx, e.admin, e.templateByName(t, "Employee").ID) }, "Visitor"},
		{func() error { return e.st.Templates.Delete(e.ctx, e.admin, e.templateByName(t, "Visitor").ID) }, ""},
		{func() error { _, err := e.st.Templates.Create(e.ctx, e.admin, badgeTemplate("Guest")); return err }, "Guest"},
		{func() error { _, err := e.st.Templates.Create(e.ctx, e.admin, badgeTemplate("Crew")); return err }, "Guest"},
	}
	for i, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		def, err := e.st.Templates.Default(e.ctx, e.admin)
		switch {
		case s.want == "" && !errors.Is(err, enroll.ErrNotFound):
			t.Errorf("step %d: Default = %+v, %v; want none", i, def.Name, err)
		case s.want != "" && (err != nil || def.Name != s.want):
			t.Errorf("step %d: Default = %q, %v; want %q", i, def.Name, err, s.want)
		}
	}
}
