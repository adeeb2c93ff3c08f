package templates

import "github.com/carddesk/carddesk/badge"

// The properties panel names each input by the element property it edits;
// these tables are the one place that maps a name to a property.

// numberProps are an element's number properties.
var numberProps = map[string]func(e *badge.Element) *float64{
	"x":         func(e *badge.Element) *float64 { return &e.X },
	"y":         func(e *badge.Element) *float64 { return &e.Y },
	"w":         func(e *badge.Element) *float64 { return &e.W },
	"h":         func(e *badge.Element) *float64 { return &e.H },
	"font_size": func(e *badge.Element) *float64 { return &e.FontSize },
	"radius":    func(e *badge.Element) *float64 { return &e.Radius },
}

// textProps are an element's text properties: texts, colours, choices.
var textProps = map[string]func(e *badge.Element) *string{
	"text":      func(e *badge.Element) *string { return &e.Text },
	"value":     func(e *badge.Element) *string { return &e.Value },
	"color":     func(e *badge.Element) *string { return &e.Color },
	"fill":      func(e *badge.Element) *string { return &e.Fill },
	"stroke":    func(e *badge.Element) *string { return &e.Stroke },
	"align":     func(e *badge.Element) *string { return &e.Align },
	"symbology": func(e *badge.Element) *string { return &e.Symbology },
	"fit":       func(e *badge.Element) *string { return &e.Fit },
}

// setNumber sets the number property key ("x", "font_size") of e.
func setNumber(e *badge.Element, key string, n float64) {
	if prop, ok := numberProps[key]; ok {
		*prop(e) = n
	}
}

// setText sets the text property key ("text", "fill", "align") of e.
func setText(e *badge.Element, key, s string) {
	if prop, ok := textProps[key]; ok {
		*prop(e) = s
	}
}
