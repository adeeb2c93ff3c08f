#!/usr/bin/env bash
# Regenerates assets/icon.png (512x512) and assets/mark.png (144x144) with ImageMagick: an access card in
# blue with a chip, contactless waves and "CD". Drawn at 1024px, then scaled.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=$PWD/assets/icon.png
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

S=1024   # draw at 2x, scale down at the end
F=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
X0=72; Y0=232; X1=952; Y1=786; R=64   # ISO ID-1 card ratio, centred
convert -size ${S}x${S} gradient:'#4d93e3'-'#1f4f8c' -rotate -30 -gravity center -extent ${S}x${S} grad.png
convert -size ${S}x${S} xc:none -fill white -draw "roundrectangle $X0,$Y0 $X1,$Y1 $R,$R" mask.png
convert grad.png mask.png -alpha off -compose CopyOpacity -composite card.png
convert -size ${S}x${S} xc:none -fill 'rgba(8,24,48,0.38)' -draw "roundrectangle $((X0+8)),$((Y0+26)) $((X1-8)),$((Y1+26)) $R,$R" -blur 0x18 shadow.png
# thin light rim for definition on dark backgrounds
convert -size ${S}x${S} xc:none -fill none -stroke 'rgba(255,255,255,0.28)' -strokewidth 4 -draw "roundrectangle $((X0+2)),$((Y0+2)) $((X1-2)),$((Y1-2)) $((R-2)),$((R-2))" rim.png
# contactless waves: stroked circles around (cx,cy) cut to a +-42 degree wedge
# opening to the right, with round caps (stroking open paths is unreliable here)
cx=600; cy=440; W=28
pt() { awk -v r="$1" -v s="$2" -v cx=$cx -v cy=$cy 'BEGIN{a=s*42*3.14159265/180; printf "%.1f,%.1f", cx+r*cos(a), cy+r*sin(a)}'; }
waves=(); caps=()
for r in 80 145 210; do
  waves+=(-draw "circle $cx,$cy $((cx+r)),$cy")
  for s in -1 1; do
    p=$(pt $r $s); caps+=(-draw "circle $p ${p%,*},$(awk -v y="${p#*,}" -v w=$W 'BEGIN{print y+w/2}')")
  done
done
convert -size ${S}x${S} xc:none -fill none -stroke white -strokewidth $W "${waves[@]}" \
  \( -size ${S}x${S} xc:none -fill white -draw "polygon $cx,$cy $(pt 400 -1) $(pt 400 1)" \) \
  -compose DstIn -composite \
  -compose Over -fill white -stroke none "${caps[@]}" -draw "circle $((cx+14)),$cy $((cx+14+18)),$cy" waves.png
convert -size ${S}x${S} xc:none \
  -fill white -stroke none -draw "roundrectangle 168,368 368,512 28,28" \
  -fill none -stroke '#3270b8' -strokewidth 9 \
     -draw "line 268,368 268,404" -draw "line 268,476 268,512" \
     -draw "line 168,440 228,440" -draw "line 308,440 368,440" \
     -draw "roundrectangle 228,404 308,476 12,12" \
  -stroke none -fill 'rgba(255,255,255,0.92)' -font $F -pointsize 132 -annotate +160+720 'CD' \
  waves.png -composite motif.png
convert -size ${S}x${S} xc:none shadow.png -composite card.png -composite rim.png -composite motif.png -composite \
  -resize 512x512 -strip PNG32:"$out"
# The windows draw the icon at 72 and 28 points: a copy at 144 pixels is
# sharp at twice that scale and decodes to 81 KB instead of 1 MB.
convert "$out" -resize 144x144 -strip PNG32:"${out%/*}/mark.png"
echo "wrote $out and ${out%/*}/mark.png"
