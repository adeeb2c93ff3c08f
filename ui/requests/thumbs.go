package requests

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// thumbSize is how large a cardholder photo is shown in lists.
const thumbSize = 40

// maxThumbs bounds the cache; past it, it starts over with the rows on screen.
const maxThumbs = 1000

// thumbs turns the thumbnail bytes that list rows carry into image resources,
// once per cardholder, so scrolling does not decode the same PNG again.
// All methods run on the UI goroutine.
type thumbs struct{ cache map[int64]fyne.Resource }

func newThumbs() *thumbs { return &thumbs{cache: map[int64]fyne.Resource{}} }

// image returns the cardholder's thumbnail, or the placeholder without a photo.
func (t *thumbs) image(id int64, png []byte) fyne.Resource {
	if len(png) == 0 {
		return theme.AccountIcon()
	}
	if res, ok := t.cache[id]; ok {
		return res
	}
	if len(t.cache) >= maxThumbs {
		t.cache = map[int64]fyne.Resource{}
	}
	res := fyne.NewStaticResource(fmt.Sprintf("thumb-%d.png", id), png)
	t.cache[id] = res
	return res
}

// forget drops the cache, e.g. after a refresh that may bring new photos.
func (t *thumbs) forget() { t.cache = map[int64]fyne.Resource{} }

// newThumbImage is the image cell of a list row.
func newThumbImage() *canvas.Image {
	img := canvas.NewImageFromResource(theme.AccountIcon())
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSquareSize(thumbSize))
	return img
}
