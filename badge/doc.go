// Package badge is the printed face of a card: the template model of
// ../shared/spec/badges.md, its validation, the merge of a cardholder's
// values, and the one layout engine with two outputs, PDF for printing and
// a raster image for previews (and printers that want bitmaps). It knows
// nothing of Fyne, SQL or printers.
//
// Layout rules the template file leaves open:
//
//   - Text is Noto Sans (assets/fonts, the same files for both outputs),
//     10 pt when font_size is 0, in lines 1.25 times the font size high,
//     centred vertically in the box. Words wrap on spaces within the box's
//     width; "\n" breaks a line. With shrink the size steps down by 0.25 pt
//     (to 5 pt) until the lines fit; what still does not fit ends in "…",
//     and everything is clipped to the box. Characters the font lacks print
//     as "?".
//   - Barcodes fill their box with the quiet zone inside it (Code 128 and
//     Code 39: 10 modules each side; QR: 4; PDF417: 2; Data Matrix: 1).
//     Linear codes use the box's full height (at least 4 mm) and a module of
//     at least 0.19 mm; QR and Data Matrix take the largest square module
//     that fits, at least 0.25 mm (PDF417: 0.19 mm). color is the code's
//     colour (default #000000), fill an optional background.
//   - Shapes are outlined 0.25 mm wide inside their box; radius rounds a
//     rect's corners. A photo fits "fill" unless the template says
//     "contain"; an image fits "contain" unless it says "fill".
//   - Black (#000000) text and codes are pure black: vectors in the PDF,
//     pixels that are black or untouched in raster images.
package badge
