//go:build windows

package winprint

import (
	"errors"
	"fmt"
	"image"
	"unsafe"

	"github.com/carddesk/carddesk/badge"
	"golang.org/x/sys/windows"
)

var (
	winspool = windows.NewLazySystemDLL("winspool.drv")
	gdi32    = windows.NewLazySystemDLL("gdi32.dll")
	user32   = windows.NewLazySystemDLL("user32.dll")

	procEnumPrinters       = winspool.NewProc("EnumPrintersW")
	procGetDefaultPrinter  = winspool.NewProc("GetDefaultPrinterW")
	procOpenPrinter        = winspool.NewProc("OpenPrinterW")
	procClosePrinter       = winspool.NewProc("ClosePrinter")
	procDocumentProperties = winspool.NewProc("DocumentPropertiesW")

	procCreateDC          = gdi32.NewProc("CreateDCW")
	procDeleteDC          = gdi32.NewProc("DeleteDC")
	procGetDeviceCaps     = gdi32.NewProc("GetDeviceCaps")
	procStartDoc          = gdi32.NewProc("StartDocW")
	procEndDoc            = gdi32.NewProc("EndDoc")
	procAbortDoc          = gdi32.NewProc("AbortDoc")
	procStartPage         = gdi32.NewProc("StartPage")
	procEndPage           = gdi32.NewProc("EndPage")
	procStretchDIBits     = gdi32.NewProc("StretchDIBits")
	procSetStretchBltMode = gdi32.NewProc("SetStretchBltMode")
	procSetBrushOrgEx     = gdi32.NewProc("SetBrushOrgEx")
	procGetStockObject    = gdi32.NewProc("GetStockObject")
	procSelectObject      = gdi32.NewProc("SelectObject")
	procEllipse           = gdi32.NewProc("Ellipse")
	procSaveDC            = gdi32.NewProc("SaveDC")
	procRestoreDC         = gdi32.NewProc("RestoreDC")
	procIntersectClipRect = gdi32.NewProc("IntersectClipRect")

	procFillRect = user32.NewProc("FillRect")
)

// Win32 constants (wingdi.h, winspool.h).
const (
	printerEnumLocal       = 0x2
	printerEnumConnections = 0x4

	dmOrientation = 0x1
	dmPaperLength = 0x4
	dmPaperWidth  = 0x8
	dmCopies      = 0x100
	dmDuplex      = 0x1000
	dmCollate     = 0x8000

	dmOutBuffer = 2
	dmInBuffer  = 8
	idOK        = 1

	dmdupSimplex  = 1
	dmdupVertical = 2 // flip on the long edge
	dmcollateTrue = 1

	logPixelsX      = 88
	logPixelsY      = 90
	physicalWidth   = 110
	physicalHeight  = 111
	physicalOffsetX = 112
	physicalOffsetY = 113

	dibRGBColors = 0
	srcCopy      = 0x00CC0020
	srcAnd       = 0x008800C6
	blackOnWhite = 1
	halftone     = 4
	blackBrush   = 4
	nullPen      = 8
)

// printerInfo2 is PRINTER_INFO_2W.
type printerInfo2 struct {
	ServerName, PrinterName, ShareName, PortName, DriverName, Comment, Location *uint16
	DevMode                                                                     uintptr
	SepFile, PrintProcessor, Datatype, Parameters                               *uint16
	SecurityDescriptor                                                          uintptr
	Attributes, Priority, DefaultPriority, StartTime, UntilTime, Status, Jobs   uint32
	AveragePPM                                                                  uint32
}

// devMode is DEVMODEW (the printer half of its unions); the driver's
// private data follows it.
type devMode struct {
	DeviceName                                        [32]uint16
	SpecVersion, DriverVersion, Size, DriverExtra     uint16
	Fields                                            uint32
	Orientation, PaperSize, PaperLength, PaperWidth   int16
	Scale, Copies, DefaultSource, PrintQuality        int16
	Color, Duplex, YResolution, TTOption, Collate     int16
	FormName                                          [32]uint16
	LogPixels                                         uint16
	BitsPerPel, PelsWidth, PelsHeight                 uint32
	Nup, DisplayFrequency                             uint32
	ICMMethod, ICMIntent, MediaType, DitherType       uint32
	Reserved1, Reserved2, PanningWidth, PanningHeight uint32
}

// docInfo is DOCINFOW.
type docInfo struct {
	Size     int32
	DocName  *uint16
	Output   *uint16
	Datatype *uint16
	Type     uint32
}

// bitmapInfoHeader is BITMAPINFOHEADER.
type bitmapInfoHeader struct {
	Size          uint32
	Width, Height int32
	Planes        uint16
	BitCount      uint16
	Compression   uint32
	SizeImage     uint32
	XPelsPerMeter int32
	YPelsPerMeter int32
	ClrUsed       uint32
	ClrImportant  uint32
}

// List lists the printers the user can print on, local and connected,
// with their status and which is the default.
func List() ([]Printer, error) {
	flags := uintptr(printerEnumLocal | printerEnumConnections)
	var need, n uint32
	r, _, err := procEnumPrinters.Call(flags, 0, 2, 0, 0, uintptr(unsafe.Pointer(&need)), uintptr(unsafe.Pointer(&n)))
	if r == 0 && !errors.Is(err, windows.ERROR_INSUFFICIENT_BUFFER) {
		return nil, fmt.Errorf("winprint: EnumPrinters: %w", err)
	}
	if need == 0 {
		return nil, nil
	}
	buf := make([]byte, need)
	r, _, err = procEnumPrinters.Call(flags, 0, 2, uintptr(unsafe.Pointer(&buf[0])), uintptr(need),
		uintptr(unsafe.Pointer(&need)), uintptr(unsafe.Pointer(&n)))
	if r == 0 {
		return nil, fmt.Errorf("winprint: EnumPrinters: %w", err)
	}
	def := defaultPrinter()
	infos := unsafe.Slice((*printerInfo2)(unsafe.Pointer(&buf[0])), n)
	ps := make([]Printer, 0, n)
	for i := range infos {
		in := &infos[i]
		p := Printer{
			Name:   windows.UTF16PtrToString(in.PrinterName),
			Driver: windows.UTF16PtrToString(in.DriverName),
			Port:   windows.UTF16PtrToString(in.PortName),
			Status: in.Status,
			States: states(in.Status, in.Attributes),
			Jobs:   int(in.Jobs),
		}
		p.Default = p.Name == def
		ps = append(ps, p)
	}
	return ps, nil
}

// defaultPrinter is the user's default printer, "" when there is none.
func defaultPrinter() string {
	var n uint32
	procGetDefaultPrinter.Call(0, uintptr(unsafe.Pointer(&n)))
	if n == 0 {
		return ""
	}
	buf := make([]uint16, n)
	if r, _, _ := procGetDefaultPrinter.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n))); r == 0 {
		return ""
	}
	return windows.UTF16ToString(buf)
}

// Print prints the badges with t on the named printer as one spooler
// document: the template's orientation, long-edge duplex for a two-sided
// template (unless the profile has no duplex), CR80 paper where the driver
// takes a custom size, and opts.Copies made by the driver. It returns the
// spooler's job id.
func Print(printer, document string, t *badge.Template, badges []badge.Badge, opts Options) (job int, err error) {
	if err := t.Check(); err != nil {
		return 0, err
	}
	if len(badges) == 0 {
		return 0, errors.New("winprint: no badges to print")
	}
	name, err := windows.UTF16PtrFromString(printer)
	if err != nil {
		return 0, err
	}
	orient, duplex, copies := jobSettings(t, opts)
	dm, err := jobDevMode(name, orient, duplex, copies)
	if err != nil {
		return 0, fmt.Errorf("winprint: %s: %w", printer, err)
	}
	hdc, _, err := procCreateDC.Call(0, uintptr(unsafe.Pointer(name)), 0, uintptr(unsafe.Pointer(&dm[0])))
	if hdc == 0 {
		return 0, fmt.Errorf("winprint: %s: CreateDC: %w", printer, err)
	}
	defer procDeleteDC.Call(hdc)

	caps := Caps{
		DPIX: deviceCaps(hdc, logPixelsX), DPIY: deviceCaps(hdc, logPixelsY),
		OffsetX: deviceCaps(hdc, physicalOffsetX), OffsetY: deviceCaps(hdc, physicalOffsetY),
		PhysicalW: deviceCaps(hdc, physicalWidth), PhysicalH: deviceCaps(hdc, physicalHeight),
	}
	plan, err := NewPlan(t, badges, opts, caps)
	if err != nil {
		return 0, err
	}

	title, err := windows.UTF16PtrFromString(document)
	if err != nil {
		return 0, err
	}
	di := docInfo{Size: int32(unsafe.Sizeof(docInfo{})), DocName: title}
	r, _, err := procStartDoc.Call(hdc, uintptr(unsafe.Pointer(&di)))
	if int32(r) <= 0 {
		return 0, fmt.Errorf("winprint: %s: StartDoc: %w", printer, err)
	}
	job = int(int32(r))
	for i := range plan.Pages {
		if err := drawPage(hdc, &plan.Pages[i]); err != nil {
			procAbortDoc.Call(hdc)
			return 0, fmt.Errorf("winprint: %s: page %d: %w", printer, i+1, err)
		}
	}
	if r, _, err := procEndDoc.Call(hdc); int32(r) <= 0 {
		return 0, fmt.Errorf("winprint: %s: EndDoc: %w", printer, err)
	}
	return job, nil
}

// jobDevMode is the printer's default DEVMODE with the job's settings
// merged in by the driver (DocumentProperties).
func jobDevMode(name *uint16, orient Orientation, duplex bool, copies int) ([]byte, error) {
	var h windows.Handle
	if r, _, err := procOpenPrinter.Call(uintptr(unsafe.Pointer(name)), uintptr(unsafe.Pointer(&h)), 0); r == 0 {
		return nil, fmt.Errorf("OpenPrinter: %w", err)
	}
	defer procClosePrinter.Call(uintptr(h))
	n, _, err := procDocumentProperties.Call(0, uintptr(h), uintptr(unsafe.Pointer(name)), 0, 0, 0)
	if int32(n) < int32(unsafe.Sizeof(devMode{})) {
		return nil, fmt.Errorf("DocumentProperties: %w", err)
	}
	in := make([]byte, n)
	if r, _, err := procDocumentProperties.Call(0, uintptr(h), uintptr(unsafe.Pointer(name)),
		uintptr(unsafe.Pointer(&in[0])), 0, dmOutBuffer); r != idOK {
		return nil, fmt.Errorf("DocumentProperties: %w", err)
	}
	dm := (*devMode)(unsafe.Pointer(&in[0]))
	supported := dm.Fields
	dm.Fields |= dmOrientation | dmCopies | dmCollate | dmDuplex
	dm.Orientation = int16(orient)
	dm.Copies = int16(min(copies, 0x7fff))
	dm.Collate = dmcollateTrue
	dm.Duplex = dmdupSimplex
	if duplex {
		dm.Duplex = dmdupVertical
	}
	if supported&(dmPaperWidth|dmPaperLength) == dmPaperWidth|dmPaperLength {
		dm.Fields |= dmPaperWidth | dmPaperLength
		dm.PaperWidth, dm.PaperLength = CR80Width10, CR80Length10
	}
	out := make([]byte, n)
	if r, _, err := procDocumentProperties.Call(0, uintptr(h), uintptr(unsafe.Pointer(name)),
		uintptr(unsafe.Pointer(&out[0])), uintptr(unsafe.Pointer(&in[0])), dmInBuffer|dmOutBuffer); r != idOK {
		return nil, fmt.Errorf("DocumentProperties: %w", err)
	}
	return out, nil
}

func deviceCaps(hdc uintptr, index int) int {
	r, _, _ := procGetDeviceCaps.Call(hdc, uintptr(index))
	return int(int32(r))
}

// drawPage draws one page: the colour bitmap, then the black primitives.
func drawPage(hdc uintptr, pg *Page) error {
	if r, _, err := procStartPage.Call(hdc); int32(r) <= 0 {
		return fmt.Errorf("StartPage: %w", err)
	}
	procSetStretchBltMode.Call(hdc, halftone)
	procSetBrushOrgEx.Call(hdc, 0, 0, 0)
	if err := stretchRGB(hdc, pg.Color.Img, pg.Color.Dst); err != nil {
		return err
	}
	brush, _, _ := procGetStockObject.Call(blackBrush)
	pen, _, _ := procGetStockObject.Call(nullPen)
	procSetStretchBltMode.Call(hdc, blackOnWhite)
	for i := range pg.Black {
		p := &pg.Black[i]
		switch p.Kind {
		case PrimRect:
			rc := windows.Rect{Left: int32(p.Rect.Min.X), Top: int32(p.Rect.Min.Y), Right: int32(p.Rect.Max.X), Bottom: int32(p.Rect.Max.Y)}
			if r, _, err := procFillRect.Call(hdc, uintptr(unsafe.Pointer(&rc)), brush); r == 0 {
				return fmt.Errorf("FillRect: %w", err)
			}
		case PrimEllipse:
			procSaveDC.Call(hdc)
			procIntersectClipRect.Call(hdc, uintptr(p.Clip.Min.X), uintptr(p.Clip.Min.Y), uintptr(p.Clip.Max.X), uintptr(p.Clip.Max.Y))
			procSelectObject.Call(hdc, brush)
			procSelectObject.Call(hdc, pen)
			// With no pen, Ellipse leaves out the right and bottom edge.
			r, _, err := procEllipse.Call(hdc, uintptr(p.Rect.Min.X), uintptr(p.Rect.Min.Y), uintptr(p.Rect.Max.X+1), uintptr(p.Rect.Max.Y+1))
			procRestoreDC.Call(hdc, ^uintptr(0)) // -1: the state SaveDC kept
			if r == 0 {
				return fmt.Errorf("GDI Ellipse: %w", err)
			}
		case PrimMask:
			if err := stretchMask(hdc, p.Mask, p.Rect); err != nil {
				return err
			}
		}
	}
	if r, _, err := procEndPage.Call(hdc); int32(r) <= 0 {
		return fmt.Errorf("EndPage: %w", err)
	}
	return nil
}

// stretchRGB draws img as a 24-bit top-down DIB onto dst.
func stretchRGB(hdc uintptr, img *image.RGBA, dst image.Rectangle) error {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	stride := (w*3 + 3) &^ 3
	bits := make([]byte, stride*h)
	for y := 0; y < h; y++ {
		src := img.Pix[y*img.Stride:]
		row := bits[y*stride:]
		for x := 0; x < w; x++ {
			row[3*x], row[3*x+1], row[3*x+2] = src[4*x+2], src[4*x+1], src[4*x]
		}
	}
	bi := bitmapInfoHeader{Width: int32(w), Height: -int32(h), Planes: 1, BitCount: 24}
	bi.Size = uint32(unsafe.Sizeof(bi))
	return stretch(hdc, dst, w, h, bits, unsafe.Pointer(&bi), srcCopy)
}

// stretchMask draws a 1-bit mask onto dst with SRCAND: its ink black, the
// rest untouched (white AND anything is that thing).
func stretchMask(hdc uintptr, m *image.Alpha, dst image.Rectangle) error {
	w, h := m.Bounds().Dx(), m.Bounds().Dy()
	stride := ((w + 31) / 32) * 4
	bits := make([]byte, stride*h)
	for y := 0; y < h; y++ {
		row := bits[y*stride:]
		for x := 0; x < w; x++ {
			if m.Pix[y*m.Stride+x] == 0 { // no ink: palette entry 1, white
				row[x/8] |= 0x80 >> (x % 8)
			}
		}
	}
	bi := struct {
		hdr     bitmapInfoHeader
		palette [2][4]byte // RGBQUAD: black, white
	}{hdr: bitmapInfoHeader{Width: int32(w), Height: -int32(h), Planes: 1, BitCount: 1, ClrUsed: 2},
		palette: [2][4]byte{{0, 0, 0, 0}, {255, 255, 255, 0}}}
	bi.hdr.Size = uint32(unsafe.Sizeof(bi.hdr))
	return stretch(hdc, dst, w, h, bits, unsafe.Pointer(&bi), srcAnd)
}

func stretch(hdc uintptr, dst image.Rectangle, w, h int, bits []byte, bmi unsafe.Pointer, rop uintptr) error {
	r, _, err := procStretchDIBits.Call(hdc,
		uintptr(dst.Min.X), uintptr(dst.Min.Y), uintptr(dst.Dx()), uintptr(dst.Dy()),
		0, 0, uintptr(w), uintptr(h),
		uintptr(unsafe.Pointer(&bits[0])), uintptr(bmi), dibRGBColors, rop)
	if int32(r) <= 0 {
		return fmt.Errorf("StretchDIBits: %w", err)
	}
	return nil
}
