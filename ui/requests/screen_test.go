package requests

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

	"github.com/carddesk/carddesk/ui/internal/uitest"
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
	f := newFixture(t)
	people := uitest.AddCardholders(t, f.st, f.admin, "Anna", "Bert", "Cor")
	withPhoto := people[0]
	withPhoto.Photo = testPhoto(t)
	if _, err := f.st.Cardholders.Update(context.Background(), f.admin, withPhoto); err != nil {
		t.Fatal(err)
	}
	uitest.FileRequest(t, f.st, f.admin, people[0], "Lost card")
	uitest.FileRequest(t, f.st, f.admin, people[1], "New employee")
	f.open(t, nil)
	s := f.s

	if s.rows.Len() != 2 || s.heading.Text != "Card requests: 2 pending" {
		t.Fatalf("rows %d, heading %q", s.rows.Len(), s.heading.Text)
	}
	// Render: rows ask for thumbnails, which load off the UI goroutine.
	f.h.Win.Resize(fyne.NewSize(1240, 780))
	s.list.Refresh()
	f.wait()
	var texts []string
	var images []string
	for _, o := range test.LaidOutObjects(s.list) {
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
	for _, o := range test.LaidOutObjects(s.box) {
		if b, ok := o.(*widget.Button); ok && b.Text != "" {
			answers = append(answers, b.Text)
			if !b.Disabled() {
				t.Errorf("%q is enabled with nothing selected", b.Text)
			}
		}
	}
	if got := strings.Join(answers, ","); got != "Connect card…,Modify…,Deny…,Close,Print…" {
		t.Errorf("answer buttons: %s", got)
	}

	// Status filter and search.
	s.status.SetSelectedIndex(2) // denied
	f.wait()
	if s.rows.Len() != 0 || s.empty.Text != "No card requests." {
		t.Errorf("denied: %d rows, empty text %q", s.rows.Len(), s.empty.Text)
	}
	s.status.SetSelectedIndex(3) // all
	f.wait()
	if s.rows.Len() != 2 {
		t.Errorf("all: %d rows", s.rows.Len())
	}
	s.search.SetText("bert")
	f.wait()
	if r, _ := s.rows.Item(0); s.rows.Len() != 1 || r.CardholderName != "Bert Tester" {
		t.Errorf("search bert: %d rows, first %q", s.rows.Len(), r.CardholderName)
	}
	s.search.SetText("nobody-like-this")
	f.wait()
	if s.rows.Len() != 0 || !s.empty.Visible() {
		t.Error("no empty-state text for a search without results")
	}
}

// The shell's pending count shows in the heading, and reloads the list
// only while the screen is shown with pending (or all) requests.
func TestPendingCountReloadsTheShownList(t *testing.T) {
	f := newFixture(t, "Anna")
	h := uitest.NewHost(t, f.st, f.admin)
	s := New(h)
	f.h, f.s = h, s
	h.Show(s)
	if s.heading.Text != "Card requests" {
		t.Errorf("heading before the count is known: %q", s.heading.Text)
	}
	s.Shown()
	h.Wait()
	bert := uitest.AddCardholders(t, f.st, f.admin, "Bert")[0]
	uitest.FileRequest(t, f.st, f.admin, bert, "") // at another desk
	f.count(t)
	if s.heading.Text != "Card requests: 2 pending" || s.rows.Len() != 2 {
		t.Errorf("shown: heading %q, rows %d", s.heading.Text, s.rows.Len())
	}

	s.Hidden() // another section opened
	cor := uitest.AddCardholders(t, f.st, f.admin, "Cor")[0]
	uitest.FileRequest(t, f.st, f.admin, cor, "")
	f.count(t)
	if s.heading.Text != "Card requests: 3 pending" || s.rows.Len() != 2 {
		t.Errorf("hidden: heading %q, rows %d (a hidden list does not reload)", s.heading.Text, s.rows.Len())
	}
	s.Shown()
	h.Wait()
	if s.rows.Len() != 3 {
		t.Errorf("shown again: %d rows", s.rows.Len())
	}

	s.status.SetSelectedIndex(1) // completed: a new pending request is not in it
	h.Wait()
	loads := 0
	s.rows.OnLoad = func(bool) { loads++; s.loaded() }
	s.SetPending(4)
	h.Wait()
	if loads != 0 || s.heading.Text != "Card requests: 4 pending" {
		t.Errorf("completed list: %d reloads, heading %q", loads, s.heading.Text)
	}
	s.SetPending(-1)
	if s.heading.Text != "Card requests" {
		t.Errorf("unknown count: heading %q", s.heading.Text)
	}
}

func TestFocusSearch(t *testing.T) {
	f := newFixture(t, "Anna")
	f.open(t, nil)
	f.s.FocusSearch()
	if f.h.Win.Canvas().Focused() != f.s.search {
		t.Error("FocusSearch did not focus the search box")
	}
}
