// Package templates is the Badge templates tab of Settings: the station's
// badge templates in a list, and the designer that draws one: the card at
// its true aspect with zoom, elements added, moved and resized with the
// mouse or by typing millimetres, their z-order, properties, undo and redo,
// and a live preview filled with a chosen cardholder.
package templates
