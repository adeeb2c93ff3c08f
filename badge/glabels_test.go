package badge

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestMain runs the tests, or with CARDDESK_BENCH_GLABELS set only the
// CardDesk half of `make bench-glabels`.
func TestMain(m *testing.M) {
	if dir := os.Getenv("CARDDESK_BENCH_GLABELS"); dir != "" {
		if err := glabelsComparison(dir); err != nil {
			fmt.Fprintln(os.Stderr, "bench-glabels:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// glabelsComparison is half of `make bench-glabels`
// (scripts/bench-glabels.sh): in the directory dir it
// writes 1,000 cardholders (cardholders.csv and a photo file each) and
// badge.glabels, the benchmark badge (photo, three text lines, a QR code
// of the card number) for glabels-3-batch on a CR80 template of its own;
// then it renders the same badges with CardDesk into carddesk.pdf, timed
// from reading the photo files to the written PDF, and prints the time.
// CARDDESK_BENCH_N sets the number of cardholders (default 1000).
func glabelsComparison(dir string) error {
	n := 1000
	if s := os.Getenv("CARDDESK_BENCH_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	badges := benchBadges(n)
	if err := os.MkdirAll(filepath.Join(dir, "photos"), 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "cardholders.csv"))
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"full_name", "department", "email", "card_number", "photo"})
	paths := make([]string, n)
	for i, b := range badges {
		paths[i] = filepath.Join(dir, "photos", b.Values["card_number"]+".jpg")
		if err := os.WriteFile(paths[i], b.Photo, 0o644); err != nil {
			return err
		}
		_ = w.Write([]string{b.Values["full_name"], b.Values["department"], b.Values["email"], b.Values["card_number"], paths[i]})
	}
	w.Flush()
	if err := f.Close(); err != nil || w.Error() != nil {
		return errors.Join(err, w.Error())
	}
	if err := os.WriteFile(filepath.Join(dir, "badge.glabels"), []byte(glabelsDocument), 0o644); err != nil {
		return err
	}

	tpl, err := Parse("bench.json", []byte(benchJSON))
	if err != nil {
		return err
	}
	start := time.Now()
	for i := range badges {
		photo, err := os.ReadFile(paths[i])
		if err != nil {
			return err
		}
		badges[i].Photo = photo
	}
	out, err := os.Create(filepath.Join(dir, "carddesk.pdf"))
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(out)
	if err := WritePDF(bw, tpl, badges); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Printf("carddesk-ms %d\n", took.Milliseconds())
	return nil
}

// glabelsDocument is the benchmark badge for gLabels 3: the same boxes as
// benchTemplate on a CR80 card, merged from cardholders.csv (the script
// passes it with -i).
const glabelsDocument = `<?xml version="1.0"?>
<Glabels-document xmlns="http://glabels.org/xmlns/3.0/">
  <Template brand="CardDesk" part="CR80" size="Other" width="85.6mm" height="53.98mm" _description="CR80 (ID-1) card, one per page">
    <Meta category="card"/>
    <Label-rectangle id="0" width="85.6mm" height="53.98mm" round="3.18mm" x_waste="0mm" y_waste="0mm">
      <Markup-margin size="0mm"/>
      <Layout nx="1" ny="1" x0="0mm" y0="0mm" dx="85.6mm" dy="53.98mm"/>
    </Label-rectangle>
  </Template>
  <Objects id="0" rotate="False">
    <Object-image x="4mm" y="6mm" w="24mm" h="32mm" field="photo" a0="1" a1="0" a2="0" a3="1" a4="0" a5="0"/>
    <Object-text x="32mm" y="8mm" w="50mm" h="7mm" justify="Left" valign="Top" auto_shrink="True" a0="1" a1="0" a2="0" a3="1" a4="0" a5="0">
      <Span font_family="Sans" font_size="11" font_weight="Bold" font_italic="False" color="0x000000ff" line_spacing="1"><Field name="full_name"/></Span>
    </Object-text>
    <Object-text x="32mm" y="16mm" w="50mm" h="5mm" justify="Left" valign="Top" auto_shrink="False" a0="1" a1="0" a2="0" a3="1" a4="0" a5="0">
      <Span font_family="Sans" font_size="8" font_weight="Regular" font_italic="False" color="0x000000ff" line_spacing="1"><Field name="department"/></Span>
    </Object-text>
    <Object-text x="32mm" y="22mm" w="28mm" h="5mm" justify="Left" valign="Top" auto_shrink="True" a0="1" a1="0" a2="0" a3="1" a4="0" a5="0">
      <Span font_family="Sans" font_size="7" font_weight="Regular" font_italic="False" color="0x000000ff" line_spacing="1"><Field name="email"/></Span>
    </Object-text>
    <Object-barcode x="62mm" y="30mm" w="20mm" h="20mm" backend="libqrencode" style="IEC18004" text="False" checksum="True" format="10" color="0x000000ff" field="card_number" a0="1" a1="0" a2="0" a3="1" a4="0" a5="0"/>
  </Objects>
  <Merge type="Text/Comma/Line1Keys" src="cardholders.csv"/>
</Glabels-document>
`
