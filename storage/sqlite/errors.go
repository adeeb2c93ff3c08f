package sqlite

import "fmt"

// NotDatabaseError refuses a file that is not an SQLite database at all.
type NotDatabaseError struct{ Path string }

func (e *NotDatabaseError) Error() string {
	return fmt.Sprintf("%s is not a CardDesk database (not an SQLite file); it was left untouched", e.Path)
}

// ForeignDatabaseError refuses an SQLite database that belongs to another
// application, so CardDesk never adds its tables to someone else's file.
type ForeignDatabaseError struct {
	Path   string
	Reason string
}

func (e *ForeignDatabaseError) Error() string {
	return fmt.Sprintf("%s is not a CardDesk database (%s); it was left untouched", e.Path, e.Reason)
}

// CorruptError refuses a damaged or truncated database; writing to it could
// only make matters worse.
type CorruptError struct {
	Path   string
	Detail string
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("%s is damaged and cannot be used (%s); it was left untouched: "+
		"restore it from a backup", e.Path, e.Detail)
}

// SchemaTooNewError refuses a database written by a newer CardDesk; an older
// binary would misread columns it does not know.
type SchemaTooNewError struct {
	Path string
	Have int // schema version of the file
	Know int // newest schema version this CardDesk knows
}

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("%s has schema version %d but this CardDesk only knows up to version %d; "+
		"use a newer CardDesk to open it (the file was left untouched)", e.Path, e.Have, e.Know)
}
