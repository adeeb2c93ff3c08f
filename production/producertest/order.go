package producertest

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"unicode/utf8"
)

// Card kinds an order may name.
const (
	KindPersonal  = "personal"
	KindTemporary = "temporary"
)

// errInvalidOrder marks every reason a PUT body is refused with 400.
var errInvalidOrder = errors.New("invalid order")

// order is a PUT body as the producer understood it. Two PUTs of one
// card_id are the same order when their orders are equal, so whitespace or
// key order in the JSON do not turn a retry into a conflict.
type order struct {
	Kind      string            `json:"kind"`
	OrderID   string            `json:"order_id"`
	LayoutID  string            `json:"layout_id"`
	Fields    map[string]string `json:"fields"`
	Photo     string            `json:"photo_jpeg_base64"`
	Station   string            `json:"station"`
	OrderedBy string            `json:"ordered_by"`
}

func (o order) equal(p order) bool {
	return o.Kind == p.Kind && o.OrderID == p.OrderID && o.LayoutID == p.LayoutID &&
		maps.Equal(o.Fields, p.Fields) && o.Photo == p.Photo &&
		o.Station == p.Station && o.OrderedBy == p.OrderedBy
}

// parseOrder decodes and checks a PUT body against the layouts. Keys the
// protocol does not name are ignored, and so are fields the layout does not
// print: a client may send every cardholder field it has.
func parseOrder(body []byte, layouts map[string]Layout) (order, error) {
	var o order
	if err := json.Unmarshal(body, &o); err != nil {
		return order{}, fmt.Errorf("%w: body is not the expected JSON object: %w", errInvalidOrder, err)
	}
	if o.Fields == nil {
		o.Fields = map[string]string{}
	}
	if err := o.check(layouts); err != nil {
		return order{}, fmt.Errorf("%w: %w", errInvalidOrder, err)
	}
	return o, nil
}

func (o order) check(layouts map[string]Layout) error {
	if o.Kind != KindPersonal && o.Kind != KindTemporary {
		return fmt.Errorf("kind %q is neither %q nor %q", o.Kind, KindPersonal, KindTemporary)
	}
	if strings.TrimSpace(o.OrderID) == "" {
		return errors.New("order_id is missing")
	}
	if strings.TrimSpace(o.LayoutID) == "" {
		return errors.New("layout_id is missing")
	}
	layout, ok := layouts[o.LayoutID]
	if !ok {
		return fmt.Errorf("layout_id %q is not a layout of this producer", o.LayoutID)
	}
	if o.Photo != "" {
		if _, err := base64.StdEncoding.DecodeString(o.Photo); err != nil {
			return fmt.Errorf("photo_jpeg_base64 is not standard base64: %w", err)
		}
	}
	if o.Kind == KindTemporary {
		return o.checkTemporary()
	}
	return o.checkPersonal(layout)
}

func (o order) checkTemporary() error {
	if len(o.Fields) > 0 {
		return errors.New("a temporary card takes no fields")
	}
	if o.Photo != "" {
		return errors.New("a temporary card takes no photo")
	}
	return nil
}

func (o order) checkPersonal(layout Layout) error {
	if _, ok := o.Fields[PhotoField]; ok {
		return fmt.Errorf("the photo goes in photo_jpeg_base64, not in fields")
	}
	for _, f := range layout.Fields {
		if err := o.checkField(layout.ID, f); err != nil {
			return err
		}
	}
	return nil
}

func (o order) checkField(layoutID string, f Field) error {
	value := o.Fields[f.Name]
	if f.Name == PhotoField {
		value = o.Photo
	}
	if f.Required && strings.TrimSpace(value) == "" {
		return fmt.Errorf("field %q is required by layout %q", f.Name, layoutID)
	}
	if f.Name != PhotoField && f.MaxLength > 0 {
		if n := utf8.RuneCountInString(value); n > f.MaxLength {
			return fmt.Errorf("field %q has %d characters; layout %q allows %d", f.Name, n, layoutID, f.MaxLength)
		}
	}
	return nil
}
