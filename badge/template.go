package badge

// FormatName and Version identify a template file.
const (
	FormatName = "carddesk-badge"
	Version    = 1
)

// Sizes and orientations a template may have.
const (
	SizeCR80  = "cr80"
	Landscape = "landscape"
	Portrait  = "portrait"
)

// Side names.
const (
	Front = "front"
	Back  = "back"
)

// Element types.
const (
	TypeText    = "text"
	TypePhoto   = "photo"
	TypeImage   = "image"
	TypeBarcode = "barcode"
	TypeRect    = "rect"
	TypeEllipse = "ellipse"
)

// Template is one badge design, as in the template file. Lengths are in
// millimetres from the top-left corner of the side as the operator looks
// at it.
type Template struct {
	Format      string `json:"format"`
	Version     int    `json:"version"`
	Name        string `json:"name"`
	Size        string `json:"size"`
	Orientation string `json:"orientation"`
	Front       Side   `json:"front"`
	Back        *Side  `json:"back,omitempty"` // nil: one-sided
}

// Side is the front or the back of a card: a background colour and the
// elements, first drawn first (the bottom of the z-order).
type Side struct {
	Background string    `json:"background,omitempty"`
	Elements   []Element `json:"elements"`
}

// Element is one thing drawn on a side. Which fields matter depends on
// Type; the others stay empty.
type Element struct {
	Type string  `json:"type"`
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	W    float64 `json:"w"`
	H    float64 `json:"h"`

	// text
	Text     string  `json:"text,omitempty"`
	FontSize float64 `json:"font_size,omitempty"` // points
	Bold     bool    `json:"bold,omitempty"`
	Italic   bool    `json:"italic,omitempty"`
	Align    string  `json:"align,omitempty"` // left | center | right
	Color    string  `json:"color,omitempty"`
	Shrink   bool    `json:"shrink,omitempty"`

	// photo and image
	Fit       string `json:"fit,omitempty"` // fill | contain
	PNGBase64 string `json:"png_base64,omitempty"`

	// barcode
	Symbology string `json:"symbology,omitempty"` // code128 | code39 | qr | pdf417 | datamatrix
	Value     string `json:"value,omitempty"`

	// rect and ellipse
	Fill   string  `json:"fill,omitempty"`
	Stroke string  `json:"stroke,omitempty"`
	Radius float64 `json:"radius,omitempty"`
}
