// Package templates holds the badge templates every station starts with,
// as template files (see badge). It embeds nothing but those files, so the
// storage layer can install them without the UI toolkit.
package templates

import (
	"embed"
	"io/fs"
	"slices"
)

// FS holds the default templates, one *.json template file each.
//
//go:embed *.json
var FS embed.FS

// Order lists the files in the order they are installed; the first becomes
// the station's default template.
var Order = []string{"employee.json", "visitor.json"}

// Files returns the template files in Order, then any other file by name.
func Files() ([]File, error) {
	names, err := fs.Glob(FS, "*.json")
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(names, func(a, b string) int {
		ia, ib := slices.Index(Order, a), slices.Index(Order, b)
		if ia < 0 {
			ia = len(Order)
		}
		if ib < 0 {
			ib = len(Order)
		}
		return ia - ib
	})
	out := make([]File, 0, len(names))
	for _, n := range names {
		data, err := fs.ReadFile(FS, n)
		if err != nil {
			return nil, err
		}
		out = append(out, File{Name: n, Data: data})
	}
	return out, nil
}

// File is one default template file.
type File struct {
	Name string
	Data []byte
}
