package demo

import (
	"bytes"
	"image/png"
	"os"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

func TestAvatarIsAValidPhoto(t *testing.T) {
	p, err := newAvatarPainter()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Sanne de Vries", "Ayşe Öztürk", "Jack O'Brien"} {
		photo, err := p.paint(name, "SV")
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(photo))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() != avatarW || b.Dy() != avatarH {
			t.Errorf("%s: %v, want %dx%d", name, b, avatarW, avatarH)
		}
		if _, err := enroll.MakeThumbnail(photo); err != nil {
			t.Errorf("%s: enroll refuses the photo: %v", name, err)
		}
		if dir := os.Getenv("CARDDESK_AVATAR_DIR"); dir != "" { // to look at them by hand
			_ = os.WriteFile(dir+"/"+name+".png", photo, 0o600)
		}
	}
}
