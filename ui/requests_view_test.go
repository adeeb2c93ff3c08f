package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func testPhoto(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for x := range 64 {
		for y := range 64 {
			img.Set(x, y, color.RGBA{R: uint8(x * 4), G: 90, B: uint8(y * 4), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRequestsViewListsPending(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	people := addCardholders(t, st, admin, "Anna", "Bert", "Cor")
	withPhoto := people[0]
	withPhoto.Photo = testPhoto(t)
	if _, err := st.Cardholders.Update(context.Background(), admin, withPhoto); err != nil {
		t.Fatal(err)
	}
	fileRequest(t, st, admin, people[0], "Lost card")
	fileRequest(t, st, admin, people[1], "New employee")
	_, s := signedInDesk(t, st, path, admin)
	v := s.views[secRequests].(*requestsView)

	if v.rows.len() != 2 || v.heading.Text != "Card requests: 2 pending" {
		t.Fatalf("rows %d, heading %q", v.rows.len(), v.heading.Text)
	}
	// Render: rows ask for thumbnails, which load off the UI goroutine.
	s.win.Resize(fyne.NewSize(1240, 780))
	v.list.Refresh()
	s.d.run.wait()
	var texts []string
	var images []string
	for _, o := range test.LaidOutObjects(v.list) {
		switch o := o.(type) {
		case *widget.RichText:
			texts = append(texts, o.String())
		case *widget.Label:
			texts = append(texts, o.Text)
		case *canvas.Image:
			if o.MinSize().Width == thumbSize { // the e-mail flag is an image too
				images = append(images, o.Resource.Name())
			}
		}
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"Anna Tester", "Security", "Lost card", "Bert Tester", "admin", "After enrollment", "Pending"} {
		if !strings.Contains(all, want) {
			t.Errorf("row text lacks %q: %s", want, all)
		}
	}
	annaPhoto := fmt.Sprintf("thumb-%d.png", people[0].ID)
	if len(images) < 2 || images[0] != annaPhoto || images[1] != theme.AccountIcon().Name() {
		t.Errorf("thumbnails: %v (want Anna's photo, then the placeholder)", images)
	}

	// The answers are there, and off until a request is selected.
	var answers []string
	for _, o := range test.LaidOutObjects(v.box) {
		if b, ok := o.(*widget.Button); ok && b.Text != "" {
			answers = append(answers, b.Text)
			if !b.Disabled() {
				t.Errorf("%q is enabled with nothing selected", b.Text)
			}
		}
	}
	if got := strings.Join(answers, ","); got != "Connect card…,Modify…,Deny…,Close" {
		t.Errorf("answer buttons: %s", got)
	}
	if strings.Contains(textsOf(v.box), "Print") {
		t.Error("a Print button before printing exists")
	}

	// Status filter and search.
	v.status.SetSelectedIndex(2) // denied
	s.d.run.wait()
	if v.rows.len() != 0 || v.empty.Text != "No card requests." {
		t.Errorf("denied: %d rows, empty text %q", v.rows.len(), v.empty.Text)
	}
	v.status.SetSelectedIndex(3) // all
	s.d.run.wait()
	if v.rows.len() != 2 {
		t.Errorf("all: %d rows", v.rows.len())
	}
	v.search.SetText("bert")
	s.d.run.wait()
	if r, _ := v.rows.item(0); v.rows.len() != 1 || r.CardholderName != "Bert Tester" {
		t.Errorf("search bert: %d rows, first %q", v.rows.len(), r.CardholderName)
	}
	v.search.SetText("nobody-like-this")
	s.d.run.wait()
	if v.rows.len() != 0 || !v.empty.Visible() {
		t.Error("no empty-state text for a search without results")
	}
}

func TestCredentialsViewIsReadOnlyWithInfo(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	press(s, 3)
	v := s.views[secCredentials].(*credentialsView)
	if v.rows.len() != 0 || !v.empty.Visible() || v.empty.Text != "No credentials enrolled yet." {
		t.Errorf("empty credentials: rows %d, empty %q", v.rows.len(), v.empty.Text)
	}
	found := false
	for _, o := range test.LaidOutObjects(v.box) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "card formats") {
			found = true
		}
	}
	if !found {
		t.Error("no line saying enrolling comes with card formats")
	}
}

func TestLaterSectionsSayTheyAreNotAvailableYet(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	for _, id := range []sectionID{secOrders} {
		s.open(id)
		var texts []string
		for _, o := range test.LaidOutObjects(s.views[id].content()) {
			if l, ok := o.(*widget.Label); ok {
				texts = append(texts, l.Text)
			}
		}
		if all := strings.Join(texts, " "); !strings.Contains(all, "not available in this version yet") &&
			!strings.Contains(all, "later version") {
			t.Errorf("section %d does not say it is not available: %s", id, all)
		}
	}
}
